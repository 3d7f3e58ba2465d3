"""``xcert rooms``: exam rooms (考场) of a stored exam plan — import the room template, add one, list, write the
blank template.

Rooms belong to a stored exam plan (``--plan``) and a stored exam site; an import is all-or-nothing: the
sheet is checked (the template's rules and the workspace's plan and sites) and, only when there is no error,
every room is written in one transaction (a room with the same plan, site and name is replaced).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xcert_adapters.app import staff_and_rooms
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.import_report import REPORT_HELP, echo_import
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, PLAN_HELP, SHEET_HELP, check_report_path, echo_json
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.model import ExamClientCheck, ExamRoom
from xcert_core.scheduling import client_sheet
from xcert_core.scheduling.rooms_sheet import (
    room_template,
)


@click.group("rooms")
def rooms() -> None:
    """考场：导入考场表、逐个添加、查看、考试客户端、生成模板 / exam rooms: import, add, list, exam client,
    template."""


@rooms.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan the rooms are for.")
@click.option("--sheet", help=SHEET_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def import_rooms(file: Path, plan_code: str, sheet: str | None, report_path: Path | None, as_json: bool) -> None:
    """导入考场表（全部正确才导入）/ import a filled room template, all or nothing.

    退出码 / exit: 0 已导入（可有警告）· 1 有错误，未导入 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    outcome = staff_and_rooms.import_rooms(current_workspace(), file, plan_code, sheet=sheet, report_path=report_path,
                                           actor=login_name())
    echo_import(outcome, str(file), "个考场", as_json, report_path)


@rooms.command("add")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--site", "site_code", required=True, help="考核站点编号 / the exam site's code.")
@click.option("--name", required=True, help="考场名称（真实教室，如 信息楼301）/ room name.")
@click.option("--seats", required=True, help="考位数 / number of seats.")
@click.option("--rows", "rows_", help="行数 / rows of the layout.")
@click.option("--columns", help="列数 / columns of the layout.")
@click.option("--type", "room_type", default="普通考场", show_default=True, help="考场类型 / room type.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def add(plan_code: str, site_code: str, name: str, seats: str, rows_: str | None, columns: str | None,
        room_type: str, as_json: bool) -> None:
    """添加（或更新）一个考场，按考场表的规则检查 / add or update one room, checked like the room sheet.

    \b
    xcert rooms add --plan P1 --site 18 --name 信息楼301 --seats 30 --rows 5 --columns 6
    """
    outcome = staff_and_rooms.add_room(current_workspace(), plan_code, site_code, name, seats, rows=rows_,
                                       columns=columns, room_type=room_type)
    echo_import(outcome, staff_and_rooms.COMMAND_LINE, "个考场", as_json)


def room_json(room: ExamRoom, check: ExamClientCheck | None = None) -> dict[str, Any]:
    layout = room.layout
    return {"plan": room.plan_code, "site": room.site_code, "name": room.name, "type": room.room_type,
            "seats": room.seats, "rows": layout.rows if layout else None,
            "columns": layout.columns if layout else None,
            "exam_client": {"installed": check.installed, "tested": check.tested,
                            "checked_on": check.checked_on.isoformat() if check.checked_on else None,
                            "checked_by": check.checked_by, "note": check.note} if check else None}


def client_text(check: ExamClientCheck | None) -> str:
    """The 考试客户端 column of the room list."""
    if check is None:
        return "未登记"
    when = f"（{check.checked_on.isoformat()}）" if check.checked_on else ""
    return check.label + when


@rooms.command("list")
@click.option("--plan", "plan_code", help="只列出该考试计划的考场 / only this plan's rooms.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def list_rooms(plan_code: str | None, as_json: bool) -> None:
    """列出已导入的考场（按计划、站点、考场名称）/ list stored rooms."""
    workspace = current_workspace()
    stored = staff_and_rooms.list_rooms(workspace, plan_code)
    checks = staff_and_rooms.client_checks(workspace, plan_code)
    if as_json:
        echo_json({"rooms": [room_json(r, checks.get(r.key)) for r in stored],
                   "seats": sum(r.seats for r in stored)})
        return
    if not stored:
        click.echo("没有考场。用 xcert rooms import 考场.xlsx --plan 计划编号 导入。")
        return
    click.echo(f"共 {len(stored)} 个考场，{sum(r.seats for r in stored)} 个考位：")
    for room in stored:
        layout = f"，{room.layout.rows} 行 × {room.layout.columns} 列" if room.layout else ""
        click.echo(f"  {room.plan_code}  站点 {room.site_code}  {room.name}（{room.room_type}）：{room.seats} 个考位"
                   f"{layout}；考试客户端：{client_text(checks.get(room.key))}")


@rooms.command("client-template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def client_template(out: Path, force: bool) -> None:
    """生成 xcert 自己的“考试客户端就绪表”（各考场的安装与测试）/ write xcert's own exam-client readiness sheet."""
    write_template(client_sheet.client_template(), out, force, "考试客户端就绪表")


@rooms.command("client-import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--sheet", help=SHEET_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def client_import(file: Path, plan_code: str, sheet: str | None, report_path: Path | None, as_json: bool) -> None:
    """导入各考场考试客户端的安装与测试情况（如各校汇总给培训评价组织的就绪表；全部正确才导入）/ import the
    exam client's readiness per room.

    \b
    xcert rooms client-import 考试客户端就绪表.xlsx --plan P1
    退出码 / exit: 0 已导入 · 1 有错误，未导入 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    outcome = staff_and_rooms.import_exam_client(current_workspace(), file, plan_code, sheet=sheet,
                                                 report_path=report_path, actor=login_name())
    echo_import(outcome, str(file), "个考场", as_json, report_path, clean="没有发现问题。")


@rooms.command("client")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--site", "site_code", help="只登记该考核站点的考场 / only this site's rooms.")
@click.option("--room", "room_name", help="只登记该考场（默认：计划的全部考场）/ only this room (default: all).")
@click.option("--installed/--not-installed", default=True, show_default=True,
              help="考试客户端已安装 / the exam client is installed.")
@click.option("--tested/--not-tested", default=True, show_default=True,
              help="已在该考场测试通过 / tested in the room.")
@click.option("--note", default="", help="备注（如：3 号机更换后重测）/ a note.")
@click.option("--actor", help="登记人（默认当前用户）/ who checked.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def client(plan_code: str, site_code: str | None, room_name: str | None, installed: bool, tested: bool, note: str,
           actor: str | None, as_json: bool) -> None:
    """登记考试客户端的安装与测试（考试当天准备）/ record the exam client's installation and test per room.

    \b
    xcert rooms client --plan P1 --room 信息楼301              已安装并测试通过
    xcert rooms client --plan P1 --room 信息楼302 --not-tested   已安装，尚未测试
    xcert rooms client --plan P1                               计划的全部考场

    平台操作手册第 11 步：培训评价组织联系院校安装考试客户端；xcert status 在每个在用考场都安装并测试后才显示就绪。
    """
    checks = staff_and_rooms.record_exam_client(current_workspace(), plan_code, site_code=site_code,
                                                room_name=room_name, installed=installed, tested=tested,
                                                actor=actor or login_name(), note=note)
    if as_json:
        echo_json({"plan": plan_code, "rooms": [{"site": c.site_code, "name": c.room_name, "installed": c.installed,
                                                  "tested": c.tested, "ready": c.ready} for c in checks]})
        return
    for check in checks:
        click.echo(f"  站点 {check.site_code}  {check.room_name}：考试客户端{check.label}")
    click.echo(f"已登记 {len(checks)} 个考场。")


@rooms.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def template(out: Path, force: bool) -> None:
    """生成空白“考场导入模板” / write the blank room template."""
    write_template(room_template(), out, force)



@rooms.command("remove")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--site", "site_code", required=True, help="考核站点编号 / the exam site's code.")
@click.option("--name", required=True, help="考场名称 / the room's name.")
@click.option("--reason", required=True, help="删除原因，记入操作记录 / why (kept in the audit log).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def remove(plan_code: str, site_code: str, name: str, reason: str, as_json: bool) -> None:
    """删除一个考场（已排考的先关闭考场）/ remove a room (close it first when candidates are seated).

    退出码 / exit: 0 已删除 · 2 没有该考场、考场已排考或用法错误.
    """
    room = staff_and_rooms.remove_room(current_workspace(), plan_code, site_code, name, actor=login_name(),
                                       reason=reason)
    if as_json:
        echo_json({"removed": {"plan": room.plan_code, "site": room.site_code, "name": room.name}})
    else:
        click.echo(f"已删除考场 {room.name}（考试计划 {room.plan_code}，站点 {room.site_code}，{room.seats} 个考位）。")


from xcert_adapters.cli.record_edit_commands import rooms_edit  # noqa: E402 - the group above takes them
from xcert_adapters.cli.record_export_commands import rooms_export  # noqa: E402

rooms.add_command(rooms_edit)
rooms.add_command(rooms_export)
