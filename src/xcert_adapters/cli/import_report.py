"""The ending every all-or-nothing workspace import shares: the report under the workspace's rule settings,
storing only when it has no error, and the same output as the ``check`` commands plus what was stored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import click

from xcert_adapters.cli.output import echo_json, issue_json
from xcert_adapters.cli.students import issues_summary
from xcert_adapters.workspace import Workspace
from xcert_core.issues import Issue, IssueCollector, IssueReport


def workspace_report(workspace: Workspace, issues: Sequence[Issue], file: str | None = None, *,
                     by_row: bool = True) -> IssueReport:
    """``issues`` as a report of ``file``, with the workspace's ``[rules]`` severities applied (codes turned off
    dropped), in row order (``by_row``) or in the order found."""
    collector = IssueCollector(workspace.plugins.catalogue, workspace.config.rules.settings)
    collector.extend(issues)
    found = collector.report().issues
    return IssueReport(tuple(sorted(found, key=lambda i: i.row or 0)) if by_row else found, file=file)


def finish_import(report: IssueReport, file: Path, rows: int, unit: str, as_json: bool,
                  store: Callable[[], tuple[int, int]]) -> None:
    """Call ``store`` (returning how many were added and replaced) only when ``report`` has no error, print
    the outcome, and exit with the report's code. ``unit`` counts rows in Chinese (``个考场``, ``名监考人员``)."""
    added, replaced = store() if not report.has_errors else (0, 0)
    if as_json:
        echo_json({"file": str(file), "rows": rows, "stored": not report.has_errors, "added": added,
                   "replaced": replaced, "issues": [issue_json(i) for i in report]})
    else:
        click.echo(issues_summary(file, rows, unit, report))
        what = unit.lstrip("个名")
        if report.has_errors:
            click.echo(f"\n有错误，未导入任何{what}；请改正后重新导入。")
        else:
            click.echo(f"\n已导入：新增 {added} {unit}，更新 {replaced} {unit[0]}。")
    raise SystemExit(report.exit_code)
