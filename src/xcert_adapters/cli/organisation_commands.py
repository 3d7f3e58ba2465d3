"""``xcert org``: the 培训评价组织's workspace — import several schools' registrations (xcert's own 跨校报考明细
template; the platform's export is not in the operating guide). Scheduling with cross-invigilation and
publishing per school are ``xcert schedule`` and ``xcert publish``."""

from __future__ import annotations

from pathlib import Path

import click

from xcert_adapters.app.organisation import import_organisation_registrations
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.import_report import REPORT_HELP, echo_import
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, PLAN_HELP, SHEET_HELP, check_report_path
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.organisation.registration_sheet import registration_template


@click.group("org")
def org() -> None:
    """培训评价组织：导入各校报考明细（跨校）/ the evaluation organisation's side."""


@org.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def template(out: Path, force: bool) -> None:
    """生成 xcert 自己的“跨校报考明细导入模板” / write xcert's own cross-school registration template."""
    write_template(registration_template(), out, force, "跨校报考明细模板")


@org.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--sheet", help=SHEET_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def import_registrations(file: Path, plan_code: str, sheet: str | None, report_path: Path | None,
                         as_json: bool) -> None:
    """导入各校的报考明细（学校、考核站点、考生、报考；全部正确才导入）/ import several schools' registrations.

    \b
    xcert org import 跨校报考明细.xlsx --plan P1
    退出码 / exit: 0 已导入 · 1 有错误，未导入 · 2 文件无法使用或不是培训评价组织的工作区.
    """
    check_report_path(report_path, file)
    outcome = import_organisation_registrations(current_workspace(), file, plan_code, sheet=sheet,
                                                report_path=report_path, actor=login_name())
    echo_import(outcome, str(file), "条记录", as_json, report_path, clean="没有发现问题。")
