r"""How commands print: one JSON object for scripts (``--json``), Chinese lines for people.

Every ``--json`` payload carries its issues as :func:`issue_json` dicts, the same shape in every command.

Everything a command prints passes :class:`VisibleStream` (installed on stdout and stderr by
:func:`~xcert_adapters.cli.app.main`): a school's text — a cell, a zip entry name, a file name — can hold
terminal escapes (``\x1b[2J`` clears the screen and could hide the real errors behind a fake "没有发现问题"), so
control characters are shown (:func:`xcert_core.text_safety.visible`), never obeyed. A ``--json`` line reads back
the same values: JSON escapes C0 controls itself, and the rest is shown as ``\uXXXX``. Progress bars draw on
:func:`progress_console`, the unfiltered stream, with the school's text escaped first.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from xcert_core import serialization
from xcert_core.issues import Issue
from xcert_core.text_safety import visible

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


class VisibleStream:
    """A text stream passing everything to ``stream`` with control characters made visible; every other
    attribute (``isatty``, ``encoding``, ``flush`` …) is the wrapped stream's."""

    def __init__(self, stream: IO[str]) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        return self.unfiltered.write(visible(text) if isinstance(text, str) else text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


def install_visible_streams() -> None:
    """Wrap ``sys.stdout`` and ``sys.stderr`` in :class:`VisibleStream` (once)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, VisibleStream):
            setattr(sys, name, VisibleStream(stream))


def progress_console() -> Console:
    """A rich console on the real stderr (its own cursor codes must reach the terminal); put the school's text in
    a description only through :func:`progress_text`."""
    from rich.console import Console  # noqa: PLC0415 - only on a terminal

    stream = sys.stderr
    return Console(file=getattr(stream, "unfiltered", stream), stderr=True)


def progress_text(text: str) -> str:
    """``text`` safe for a rich progress description: control characters visible, rich markup escaped."""
    from rich.markup import escape  # noqa: PLC0415

    return escape(visible(text))


def issue_json(issue: Issue) -> dict[str, Any]:
    """One issue as scripts see it (:func:`xcert_core.serialization.issue_json`: file, row, column, code,
    severity, message, suggestion) — the one shape of every command."""
    return serialization.issue_json(issue)


VARIANTS_SHOWN = 10
"""How many differently-worded problems of one code a console summary spells out before pointing to the report."""


def by_wording(items: Sequence[T], wording: Callable[[T], tuple[str, str | None]]) -> tuple[list[list[T]], int]:
    """``items`` of one code grouped by their wording (message and suggestion), in order of first appearance: the
    first :data:`VARIANTS_SHOWN` groups and how many items the rest hold. A summary shows each group's own message
    and suggestion, so a row's own fix is never hidden behind another row's ("应为 Qiu Li" vs "应为 Zeng Fan")."""
    groups: dict[tuple[str, str | None], list[T]] = {}
    for item in items:
        groups.setdefault(wording(item), []).append(item)
    shown = list(groups.values())[:VARIANTS_SHOWN]
    return shown, len(items) - sum(map(len, shown))


def echo_json(payload: dict[str, Any]) -> None:
    """Print ``payload`` as one line of JSON (Chinese kept readable)."""
    click.echo(json.dumps(payload, ensure_ascii=False, default=str))


def echo_issues(issues: Iterable[Issue]) -> None:
    """One line per issue: ``[code] location：message`` and the suggestion under it."""
    for issue in issues:
        where = f"{issue.location}：" if issue.file or issue.row else ""
        click.echo(f"  [{issue.code}] {where}{issue.message}", err=False)
        if issue.suggestion:
            click.echo(f"      建议：{issue.suggestion}")


def check_report_path(report_path: Path | None, source: Path) -> None:
    """Refuse a ``--report`` that is not an .xlsx file or that would overwrite the file being checked."""
    if report_path is None:
        return
    if report_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--report 的文件名应以 .xlsx 结尾 / --report must name an .xlsx file")
    if report_path.resolve() == source.resolve():
        raise click.UsageError("--report 不能与被检查的文件相同，否则会覆盖原文件 / --report would overwrite the "
                               "file being checked")
