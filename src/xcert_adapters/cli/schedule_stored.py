"""``xcert schedule --plan CODE`` in a workspace, the changes after publication (``xcert schedule add``,
``withdraw``, ``move``, ``swap``, ``close-room``) and the plan report (``xcert schedule report``).

The use cases are :mod:`xcert_adapters.app.scheduling`; this module reads options, prints and exits: 0 done,
1 issues (nothing stored: a shortfall of seats or proctors, or a change refused), 2 unusable input (no such plan,
room or seat; a plan already scheduled without ``--redo``; a change on a plan not scheduled). ID numbers are
shown masked, in ``--json`` too; the ticket number identifies a candidate's seats within a plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from xcert_adapters.app import scheduling
from xcert_adapters.app.scheduling import ChangeRun
from xcert_adapters.cli.output import JSON_HELP, PLAN_HELP, echo_issues, echo_json, issue_json
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.model import ProctorAssignment, SeatAssignment, SeatChange, SeatMove
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.allocation import Fill
from xcert_core.scheduling.report import inspector_lines, report_lines, summary_json


def _seat_json(a: SeatAssignment) -> dict[str, Any]:
    return {"id_number": mask_id_number(a.id_number), "ticket_no": a.ticket_number, "session": a.session_code,
            "site": a.site_code, "room": a.room_name, "seat": a.seat}


def _staff_json(a: ProctorAssignment, names: Mapping[str, str]) -> dict[str, Any]:
    return {"session": a.session_code, "site": a.site_code, "room": a.room_name, "role": a.role.label,
            "teacher_number": a.teacher_number, "name": names.get(a.teacher_number, ""), "school": a.school_code}


def run_stored(plan_code: str, *, seed: int | None, fill: Fill, reserve: int, per_room: int | None,
               inspectors: int | None, redo: bool, replace_platform: bool, report_path: Path | None,
               actor: str | None, as_json: bool) -> None:
    """``xcert schedule --plan CODE``: schedule the stored plan and store it when there is no error."""
    run = scheduling.schedule_in_workspace(current_workspace(), plan_code, seed=seed, fill=fill, reserve=reserve,
                                           per_room=per_room, inspectors=inspectors, redo=redo,
                                           replace_platform=replace_platform, actor=actor or login_name(),
                                           report_path=report_path)
    outcome, report, names = run.outcome, run.report, run.names
    seats = outcome.seat_assignments
    staff = list(outcome.proctors.assignments)
    summaries = run.summaries
    seated = len({a.id_number for a in seats})
    if as_json:
        echo_json({"plan": plan_code, "seed": run.seed, "stored": outcome.stored, "replaced": outcome.replaced,
                   "candidates": seated, "adjacencies": outcome.allocation.adjacencies,
                   "assignments": [_seat_json(a) for a in seats],
                   "proctors": [_staff_json(a, names) for a in staff],
                   "rooms": [summary_json(s, names) for s in summaries],
                   "report": str(run.report_file) if run.report_file is not None else None,
                   "issues": [issue_json(i) for i in report]})
        raise SystemExit(report.exit_code)
    click.echo(f"考试计划 {plan_code}（{outcome.plan.name}），随机种子 {run.seed}：安排 {seated} 名考生、"
               f"{len(seats)} 个考位，{len(staff)} 个监考/巡考安排；同班相邻 {outcome.allocation.adjacencies} 处。")
    if outcome.stored:
        replaced = f"（替换了原有的 {outcome.replaced} 个考位）" if outcome.replaced else ""
        click.echo(f"排考结果已保存{replaced}。")
        click.echo("\n".join(report_lines(summaries, inspector_lines(staff, names), names)))
        if run.report_file is not None:
            click.echo(f"排考汇总已写入：{run.report_file}")
    else:
        click.echo("有问题，未保存任何排考结果；请按下面的提示补充考场或监考人员后重新运行"
                   "（不安排监考可加 --per-room 0 --inspectors 0）：")
    echo_issues(report)
    raise SystemExit(report.exit_code)


@click.command("proctors")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--per-room", type=click.IntRange(min=0),
              help="每个考场的监考人数（默认 xcert.toml）/ proctors per room.")
@click.option("--inspectors", type=click.IntRange(min=0),
              help="每个考核站点的巡考人数（默认 xcert.toml）/ inspectors per site.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def proctors_command(plan_code: str, per_room: int | None, inspectors: int | None, as_json: bool) -> None:
    """只安排监考、巡考，不动考位（平台排考同步后用）/ assign proctors to the stored seating, moving nobody.

    考位和准考证号保持不变（平台排考的结果照样打印）；已有的监考安排被替换。
    退出码 / exit: 0 已保存 · 1 监考人员不足（未保存）· 2 没有该计划或尚未排考.
    """
    run = scheduling.staff_in_workspace(current_workspace(), plan_code, per_room=per_room, inspectors=inspectors)
    outcome, report, names = run.outcome, run.report, run.names
    staff = list(outcome.proctors.assignments)
    if as_json:
        echo_json({"plan": plan_code, "stored": outcome.stored,
                   "proctors": [_staff_json(a, names) for a in staff],
                   "rooms": [summary_json(s, names) for s in run.summaries],
                   "issues": [issue_json(i) for i in report]})
        raise SystemExit(report.exit_code)
    click.echo(f"考试计划 {plan_code}（{outcome.plan.name}）：{len(outcome.seats)} 个考位不变，"
               f"{len(staff)} 个监考/巡考安排。")
    if outcome.stored:
        click.echo("监考安排已保存。")
        click.echo("\n".join(report_lines(run.summaries, inspector_lines(staff, names), names)))
    else:
        click.echo("监考人员不足，未保存；请补充监考人员（xcert proctors import）后重新运行：")
    echo_issues(report)
    raise SystemExit(report.exit_code)


# --- the plan report ---------------------------------------------------------------------------------------


@click.command("report")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="写出 .xlsx / write an .xlsx file.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def report_command(plan_code: str, out: Path | None, as_json: bool) -> None:
    """已保存排考的汇总：每个考场的考位、监考和准考证号范围 / the stored plan's report."""
    if out is not None and out.suffix.lower() != ".xlsx":
        raise click.UsageError("--out 的文件名应以 .xlsx 结尾 / --out must name an .xlsx file")
    done = scheduling.plan_report(current_workspace(), plan_code, out)
    names, staff = done.names, list(done.staff)
    if as_json:
        echo_json({"plan": plan_code, "rooms": [summary_json(s, names) for s in done.summaries],
                   "inspectors": [_staff_json(a, names) for a in staff if a.room_name is None],
                   "report": str(out) if out is not None else None})
        return
    click.echo(f"考试计划 {plan_code}（{done.plan.name}）：{len({a.id_number for a in done.seats})} 名考生、"
               f"{len(done.seats)} 个考位")
    click.echo("\n".join(report_lines(list(done.summaries), inspector_lines(staff, names), names)))
    if out is not None:
        click.echo(f"排考汇总已写入：{out}")


# --- changes after publication -----------------------------------------------------------------------------


def _move_text(move: SeatMove) -> str:
    before = f"{move.before_room} {move.before_seat} 号" if move.before_room else "无考位"
    after = f"{move.after_room} {move.after_seat} 号" if move.after_room else "无考位"
    return f"  {mask_id_number(move.id_number)} 场次 {move.session_code}：{before} → {after}"


def _move_json(move: SeatMove) -> dict[str, Any]:
    return {"id_number": mask_id_number(move.id_number), "session": move.session_code,
            "before": {"room": move.before_room, "seat": move.before_seat} if move.before_room else None,
            "after": {"room": move.after_room, "seat": move.after_seat} if move.after_room else None}


def _print_change(plan_code: str, action: str, run: ChangeRun, as_json: bool) -> None:
    report, outcome = run.report, run.outcome
    record: SeatChange | None = outcome.record
    if as_json:
        echo_json({"plan": plan_code, "action": action, "stored": record is not None,
                   "seq": record.seq if record else None,
                   "moves": [_move_json(m) for m in record.moves] if record else [],
                   "released_proctors": [a.teacher_number for a in outcome.released_proctors],
                   "issues": [issue_json(i) for i in report]})
        raise SystemExit(report.exit_code)
    if record is None:
        click.echo("未作任何调整：")
    else:
        click.echo(f"已调整并保存（排考调整记录第 {record.seq} 条，{record.action}）：")
        for move in record.moves:
            click.echo(_move_text(move))
        if outcome.released_proctors:
            click.echo("该考场的监考人员已释放：" + "、".join(a.teacher_number for a in outcome.released_proctors))
    echo_issues(report)
    raise SystemExit(report.exit_code)


_plan_option = click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
_reason_option = click.option("--reason", default="", help="调整原因（记入排考调整记录）/ why (kept in the audit).")
_actor_option = click.option("--actor", help="操作人（默认当前用户）/ who makes the change.")
_json_option = click.option("--json", "as_json", is_flag=True, help=JSON_HELP)


@click.command("add")
@_plan_option
@click.argument("id_number")
@_reason_option
@_actor_option
@_json_option
def add_command(plan_code: str, id_number: str, reason: str, actor: str | None, as_json: bool) -> None:
    """补排：给已报考的考生安排空余考位（其他考生不动）/ seat a late registrant in free seats."""
    run = scheduling.seat_late_registrant(current_workspace(), plan_code, id_number, actor=actor or login_name(),
                                          reason=reason)
    _print_change(plan_code, "add-late", run, as_json)


@click.command("withdraw")
@_plan_option
@click.argument("id_number")
@_reason_option
@_actor_option
@_json_option
def withdraw_command(plan_code: str, id_number: str, reason: str, actor: str | None, as_json: bool) -> None:
    """取消考位：考生的考位空出，其他考生不动 / free a candidate's seats (nobody else moves)."""
    run = scheduling.free_seats(current_workspace(), plan_code, id_number, actor=actor or login_name(), reason=reason)
    _print_change(plan_code, "withdraw", run, as_json)


@click.command("move")
@_plan_option
@click.argument("id_number")
@click.option("--room", "room_name", required=True, help="目标考场名称 / the target room.")
@click.option("--seat", required=True, type=click.IntRange(min=1), help="目标座位号 / the target seat.")
@click.option("--session", help="场次（考生只有一个场次时可省略）/ the session (optional when only one).")
@_reason_option
@_actor_option
@_json_option
def move_command(plan_code: str, id_number: str, room_name: str, seat: int, session: str | None, reason: str,
                 actor: str | None, as_json: bool) -> None:
    """调座：把考生移到同一考核站点的空余考位 / move a candidate to a free seat at its site."""
    run = scheduling.move_seat(current_workspace(), plan_code, id_number, room_name, seat, session=session,
                               actor=actor or login_name(), reason=reason)
    _print_change(plan_code, "move", run, as_json)


@click.command("swap")
@_plan_option
@click.argument("first")
@click.argument("second")
@click.option("--session", help="场次（考生只有一个场次时可省略）/ the session (optional when only one).")
@_reason_option
@_actor_option
@_json_option
def swap_command(plan_code: str, first: str, second: str, session: str | None, reason: str, actor: str | None,
                 as_json: bool) -> None:
    """互换：两名考生交换考位 / swap two candidates' seats."""
    run = scheduling.swap_seats(current_workspace(), plan_code, first, second, session=session,
                                actor=actor or login_name(), reason=reason)
    _print_change(plan_code, "swap", run, as_json)


@click.command("close-room")
@_plan_option
@click.option("--site", "site_code", required=True, help="考核站点编号 / the exam site.")
@click.option("--room", "room_name", required=True, help="要关闭的考场名称 / the room to close.")
@_reason_option
@_actor_option
@_json_option
def close_room_command(plan_code: str, site_code: str, room_name: str, reason: str, actor: str | None,
                       as_json: bool) -> None:
    """关闭考场：只把该考场的考生改排到同站点其他考场的空余考位 / close a room, re-seating only its candidates.

    座位不够时不作任何调整（先用 xcert rooms add 增加考场）/ when seats are short nothing changes.
    """
    run = scheduling.close_room(current_workspace(), plan_code, site_code, room_name, actor=actor or login_name(),
                                reason=reason)
    _print_change(plan_code, "close-room", run, as_json)


CHANGE_COMMANDS = (add_command, withdraw_command, move_command, swap_command, close_room_command, report_command)
"""The subcommands of ``xcert schedule`` defined here."""
