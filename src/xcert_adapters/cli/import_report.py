"""How every all-or-nothing sheet import ends on the command line: the same output as the ``check`` commands plus
what was stored, and the report's exit code."""

from __future__ import annotations

from pathlib import Path

import click

from xcert_adapters.app.staff_and_rooms import SheetImport
from xcert_adapters.cli.output import CLEAN_FOR_PLATFORM, echo_json, issue_json, issues_summary

REPORT_HELP = "同时写出标红批注的错误报告 .xlsx / also write the marked-up error report (.xlsx)."


def echo_import(outcome: SheetImport, label: str, unit: str, as_json: bool, report_path: Path | None = None,
                clean: str = CLEAN_FOR_PLATFORM) -> None:
    """Print ``outcome`` (``label``: the file as the user named it) and exit with its code. ``unit`` counts rows
    in Chinese (``个考场``, ``名监考人员``); ``report_path``: where the marked-up report was written; ``clean``:
    what is said of a file without any issue."""
    report = outcome.report
    stored = outcome.stored
    added, replaced, unchanged = (stored.added, stored.replaced, stored.unchanged) if stored else (0, 0, 0)
    if as_json:
        echo_json({"file": label, "rows": outcome.rows, "stored": stored is not None, "added": added,
                   "replaced": replaced, "unchanged": unchanged, "issues": [issue_json(i) for i in report]})
    else:
        click.echo(issues_summary(Path(label), outcome.rows, unit, report, clean))
        what = unit.lstrip("个名条本")
        if stored is None:
            click.echo(f"\n有错误，未导入任何{what}；请改正后重新导入。")
        else:
            click.echo(f"\n已导入：新增 {added} {unit}，更新 {replaced} {unit[0]}，未变 {unchanged} {unit[0]}。")
    if report_path is not None:
        click.echo(f"错误报告已写入：{report_path}（问题单元格已标红/标黄并加批注）", err=as_json)
    raise SystemExit(report.exit_code)
