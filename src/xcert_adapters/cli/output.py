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
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import attrs
import click

from xcert_core import serialization
from xcert_core.issues import Issue, IssueReport
from xcert_core.labels import Severity
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


JSON_HELP = "以 JSON 输出到标准输出 / print one JSON object."
"""The help of every command's ``--json`` option."""
SHEET_HELP = "工作表名称（默认第一个可见的工作表）/ sheet name (default: the first visible one)."
"""The help of a template import's ``--sheet`` option."""
FORCE_HELP = "覆盖已有文件 / overwrite an existing file."
"""The help of a ``--force`` option that lets a command overwrite the file it writes."""
PLAN_HELP = "考试计划编号 / the exam plan."
"""The ``--plan`` option's help where nothing more needs saying about the plan."""


def echo_json(payload: Any) -> None:
    """Print ``payload`` as one line of JSON (Chinese kept readable).

    ``color=True`` only tells click not to look for terminal colour codes to strip when the output is no
    terminal: JSON has none (:func:`json.dumps` writes every control character, ESC included, as ``\\u001b``),
    and the search cost 0.07 s on the 8 MB answer of a roster with 47,000 issues."""
    click.echo(json.dumps(payload, ensure_ascii=False, default=str), color=True)


ROWS_SHOWN = 8
"""How many row numbers one line of a summary lists before "等"."""


def issue_lines(items: Iterable[T], *, more: str = "逐条见 --json", issue_of: Callable[[T], Issue] | None = None,
                after: Callable[[Sequence[T]], str] | None = None) -> list[str]:
    """The one console rendering of issues, used by every command: errors first, then warnings; within each,
    codes by how often they occur; each differently worded problem of a code on its own line with its count,
    what ``after`` adds (default: its rows, or its file) and its own suggestion; after :data:`VARIANTS_SHOWN`
    wordings of one code, how many more there are and where to see them (``more``). ``items`` are issues, or
    anything ``issue_of`` takes an issue from (a photo finding)."""
    def issue(item: T) -> Issue:
        return issue_of(item) if issue_of is not None else item  # type: ignore[return-value]

    groups: dict[tuple[Severity, str], list[T]] = defaultdict(list)
    for item in items:
        groups[(issue(item).severity, issue(item).code)].append(item)
    lines: list[str] = []
    for severity in (Severity.ERROR, Severity.WARNING):
        codes = [(code, found) for (s, code), found in groups.items() if s is severity]
        if not codes:
            continue
        lines.append(f"\n{severity.label}：")
        for code, found in sorted(codes, key=lambda item: -len(item[1])):
            variants, rest = by_wording(found, lambda i: (issue(i).message, issue(i).suggestion))
            for same in variants:
                first = issue(same[0])
                extra = after(same) if after is not None else _where([issue(i) for i in same])
                lines.append(f"  · {first.message}（{code}）× {len(same)}{extra}")
                if first.suggestion:
                    lines.append(f"      建议：{first.suggestion}")
            if rest:
                lines.append(f"  · …… 另有 {rest} 处（{code}），{more}")
    return lines


def _where(same: Sequence[Issue]) -> str:
    rows = sorted({i.row for i in same if i.row is not None})
    if rows:
        more = " 等" if len(rows) > ROWS_SHOWN else ""
        return "：第 " + "、".join(map(str, rows[:ROWS_SHOWN])) + more + " 行"
    files = sorted({i.file for i in same if i.file})
    return f"：{'、'.join(files)}" if files else ""


CLEAN_FOR_PLATFORM = "没有发现问题，可以导入平台。"


def issues_summary(path: Path, count: int, unit: str, report: IssueReport, clean: str = CLEAN_FOR_PLATFORM) -> str:
    """The readable Chinese summary of a checked file: totals, then :func:`issue_lines` (a file-level issue is
    placed at ``整个文件``). ``unit`` names what was counted (``名学生``, ``条报考``); ``clean`` is said when there
    is no issue (a file that goes to the platform, by default)."""
    lines = [f"{path.name}：共 {count} {unit}，发现 {len(report.errors)} 个错误、{len(report.warnings)} 个警告"]
    if not len(report):
        lines.append(clean)
        return "\n".join(lines)
    placed = [i if i.row is not None or i.file else attrs.evolve(i, file="整个文件") for i in report]
    lines += issue_lines(placed, more="逐条见 --report 标注报告或 --json")
    return "\n".join(lines)


def echo_issues(issues: Iterable[Issue]) -> None:
    """Print :func:`issue_lines` of ``issues`` (nothing when there are none)."""
    for line in issue_lines(issues):
        click.echo(line)


def check_report_path(report_path: Path | None, source: Path) -> None:
    """Refuse a ``--report`` that is not an .xlsx file or that would overwrite the file being checked."""
    if report_path is None:
        return
    if report_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--report 的文件名应以 .xlsx 结尾 / --report must name an .xlsx file")
    if report_path.resolve() == source.resolve():
        raise click.UsageError("--report 不能与被检查的文件相同，否则会覆盖原文件 / --report would overwrite the "
                               "file being checked")
