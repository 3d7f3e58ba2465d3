"""``xcert rooms|proctors|sites|plans edit``: one record changed, checked as its import checks it, with a reason in
the audit log (编辑); :mod:`xcert_adapters.app.record_edits` does the work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from xcert_adapters.cli.output import JSON_HELP, PLAN_HELP, echo_json, issue_json, issues_summary
from xcert_adapters.cli.workspace_option import current_workspace, login_name

if TYPE_CHECKING:  # the use cases bring the student records and their photos: imported by the command that runs
    from xcert_adapters.app.record_edits import RecordEdit

_REASON = click.option("--reason", required=True, help="修改原因，记入操作记录 / why (kept in the audit log).")
_ACTOR = click.option("--actor", help="操作人（默认当前用户）/ who edits (default: the login name).")
_JSON = click.option("--json", "as_json", is_flag=True, help=JSON_HELP)


def _render(edit: RecordEdit, what: str, as_json: bool) -> None:
    if as_json:
        echo_json({"stored": edit.stored, "changes": dict(edit.changes),
                   "issues": [issue_json(issue) for issue in edit.report]})
    elif not edit.stored:
        click.echo(issues_summary(Path("修改后的信息"), 1, what, edit.report))
        click.echo("\n有错误，未保存；请改正后重新运行。")
    elif not edit.changes:
        click.echo("内容与原来相同，没有改动。")
    else:
        click.echo("已修改：" + "；".join(f"{key} → {value}" for key, value in edit.changes))
    raise SystemExit(0 if edit.stored else 1)


@click.command("edit")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--site", "site_code", required=True, help="考核站点编号 / the exam site.")
@click.option("--name", required=True, help="考场名称 / the room.")
@click.option("--seats", help="考位数 / seats.")
@click.option("--rows", help="行数 / rows of the layout.")
@click.option("--columns", help="列数 / columns of the layout.")
@click.option("--type", "room_type", help="考场类型 / room type.")
@_REASON
@_ACTOR
@_JSON
def rooms_edit(plan_code: str, site_code: str, name: str, seats: str | None, rows: str | None, columns: str | None,
               room_type: str | None, reason: str, actor: str | None, as_json: bool) -> None:
    """修改一个考场的考位数、排列或类型（按考场表的规则检查）/ edit one room.

    \b
    xcert rooms edit --plan 2026-06-DMI-M --site S001 --name 信息楼301 --seats 40 --reason 加了桌椅

    已排考的考场，考位数不能少于已占用的最大座位号。退出码 / exit: 0 已修改 · 1 有错误，未保存 · 2 考场不存在.
    """
    from xcert_adapters.app import record_edits  # noqa: PLC0415

    _render(record_edits.edit_room(current_workspace(), plan_code, site_code, name, seats=seats, rows=rows,
                                   columns=columns, room_type=room_type, actor=actor or login_name(), reason=reason),
            "个考场", as_json)


@click.command("edit")
@click.argument("teacher_number", metavar="教师编号")
@click.option("--name", help="教师姓名 / the name.")
@click.option("--phone", help="手机号码 / the mobile number.")
@click.option("--region", help="所在区域 / region.")
@click.option("--role", help="监考类型：监考 或 巡考 / proctor or inspector.")
@click.option("--unavailable", help="不可监考场次，多个用分号隔开 / sessions the proctor cannot take.")
@_REASON
@_ACTOR
@_JSON
def proctors_edit(teacher_number: str, name: str | None, phone: str | None, region: str | None, role: str | None,
                  unavailable: str | None, reason: str, actor: str | None, as_json: bool) -> None:
    """修改一名监考人员的信息（按监考人员表的规则检查）/ edit one proctor.

    \b
    xcert proctors edit T001 --phone 13912345678 --reason 换了手机号
    xcert proctors edit T001 --unavailable "T1;P1" --reason 当天出差

    改了不可监考场次后，运行 xcert schedule proctors --plan … 重新分配（只调整受影响的人）。
    """
    changes = {key: value for key, value in (("name", name), ("phone", phone), ("region", region), ("role", role),
                                             ("unavailable", unavailable)) if value is not None}
    from xcert_adapters.app import record_edits  # noqa: PLC0415

    _render(record_edits.edit_proctor(current_workspace(), teacher_number, changes, actor=actor or login_name(),
                                      reason=reason), "名监考人员", as_json)


@click.command("edit")
@click.argument("code", metavar="站点编号")
@click.option("--name", help="站点名称 / the name.")
@click.option("--address", help="考点地址（印在准考证上）/ the address printed on tickets.")
@click.option("--certificate", "certificates", multiple=True,
              help="站点覆盖的证书编号（可多次；给出时替换原来的）/ the certificates (replace the old ones).")
@_REASON
@_ACTOR
@_JSON
def sites_edit(code: str, name: str | None, address: str | None, certificates: tuple[str, ...], reason: str,
               actor: str | None, as_json: bool) -> None:
    """修改考核站点的名称、地址或证书（审核状态不变）/ edit an exam site.

    \b
    xcert sites edit S001 --address "示范市学院路 1 号信息楼" --reason 补填地址
    """
    from xcert_adapters.app import record_edits  # noqa: PLC0415

    _render(record_edits.edit_site(current_workspace(), code, name=name, address=address,
                                   certificates=certificates or None, actor=actor or login_name(), reason=reason),
            "个站点", as_json)


@click.command("edit")
@click.argument("code", metavar="计划编号")
@click.option("--name", help="计划名称 / the name.")
@click.option("--opens", help="报考开始日期，如 2026-04-01（空字符串清除）/ registration opens.")
@click.option("--closes", help="报考截止日期，如 2026-05-15（空字符串清除）/ registration closes.")
@_REASON
@_ACTOR
@_JSON
def plans_edit(code: str, name: str | None, opens: str | None, closes: str | None, reason: str, actor: str | None,
               as_json: bool) -> None:
    """修改考试计划的名称或报考时间（已有报考也可以改）/ edit a plan's name or registration window.

    \b
    xcert plans edit 2026-06-DMI-M --closes 2026-05-20 --reason 平台延长报名

    科目和场次用考试计划表修改（xcert plans export / plans import）；有报考的计划不能改科目和场次。
    """
    from xcert_adapters.app import record_edits  # noqa: PLC0415

    _render(record_edits.edit_plan(current_workspace(), code, name=name, opens=opens, closes=closes,
                                   actor=actor or login_name(), reason=reason), "个计划", as_json)
