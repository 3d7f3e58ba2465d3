"""How commands print: one JSON object for scripts (``--json``), Chinese lines for people.

Every ``--json`` payload carries its issues as :func:`issue_json` dicts, the same shape in every command.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from xcert_core.issues import Issue


def issue_json(issue: Issue) -> dict[str, Any]:
    """One issue as scripts see it: file, row, column, code, severity, message, suggestion."""
    return {"file": issue.file, "row": issue.row, "column": issue.column, "code": issue.code,
            "severity": issue.severity.value, "message": issue.message, "suggestion": issue.suggestion}


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
