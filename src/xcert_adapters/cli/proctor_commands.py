"""``xcert proctors``: proctors (监考人员) of the workspace — import the proctor template, list, write the blank
template.

An import is all-or-nothing: checked first and, only when there is no error, every proctor is written in one
transaction (a proctor with the same school and teacher number is replaced). A proctor whose 所属院校 is
empty, or names the workspace's school, belongs to the workspace's school code.
"""

from __future__ import annotations

from pathlib import Path

import click

from xcert_adapters.app import staff_and_rooms
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.import_report import REPORT_HELP, echo_import
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, SHEET_HELP, check_report_path, echo_json
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.privacy import mask_phone
from xcert_core.scheduling.proctors_sheet import (
    proctor_template,
)


@click.group("proctors")
def proctors() -> None:
    """监考人员：导入监考人员表、查看、生成模板 / proctors: import, list, template."""


@proctors.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sheet", help=SHEET_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def import_proctors(file: Path, sheet: str | None, report_path: Path | None, as_json: bool) -> None:
    """导入监考人员表（全部正确才导入）/ import a filled proctor template, all or nothing.

    退出码 / exit: 0 已导入（可有警告）· 1 有错误，未导入 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    outcome = staff_and_rooms.import_proctors(current_workspace(), file, sheet=sheet, report_path=report_path,
                                              actor=login_name())
    echo_import(outcome, str(file), "名监考人员", as_json, report_path)


@proctors.command("list")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def list_proctors(as_json: bool) -> None:
    """列出已导入的监考人员（手机号码已打码）/ list stored proctors (mobile numbers masked)."""
    stored = staff_and_rooms.list_proctors(current_workspace())
    if as_json:
        echo_json({"proctors": [{"school": p.school_code, "teacher_number": p.teacher_number, "name": p.name,
                                 "phone": mask_phone(p.phone), "region": p.region, "role": p.role.label,
                                 "unavailable_sessions": sorted(p.unavailable_sessions)} for p in stored]})
        return
    if not stored:
        click.echo("没有监考人员。用 xcert proctors import 监考.xlsx 导入。")
        return
    click.echo(f"共 {len(stored)} 名监考人员：")
    for p in stored:
        away = f"，不可监考场次：{'、'.join(sorted(p.unavailable_sessions))}" if p.unavailable_sessions else ""
        click.echo(f"  {p.teacher_number} {p.name}（{p.role.label}，{p.school_code}）{mask_phone(p.phone)}{away}")


@proctors.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def template(out: Path, force: bool) -> None:
    """生成空白“监考人员导入模板” / write the blank proctor template."""
    write_template(proctor_template(), out, force)


@proctors.command("remove")
@click.argument("teacher_number", metavar="教师编号")
@click.option("--reason", required=True, help="删除原因，记入操作记录 / why (kept in the audit log).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def remove(teacher_number: str, reason: str, as_json: bool) -> None:
    """删除一名监考人员（已安排监考的先重新分配）/ remove a proctor (reassign first when assigned).

    退出码 / exit: 0 已删除 · 2 没有该监考人员、已安排监考或用法错误.
    """
    proctor = staff_and_rooms.remove_proctor(current_workspace(), teacher_number, actor=login_name(),
                                             reason=reason)
    if as_json:
        echo_json({"removed": {"teacher_number": proctor.teacher_number, "name": proctor.name}})
    else:
        click.echo(f"已删除监考人员 {proctor.name}（{proctor.teacher_number}）。")


from xcert_adapters.cli.record_edit_commands import proctors_edit  # noqa: E402 - the group above takes them
from xcert_adapters.cli.record_export_commands import proctors_export  # noqa: E402

proctors.add_command(proctors_edit)
proctors.add_command(proctors_export)
