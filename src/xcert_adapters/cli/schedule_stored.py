"""``xcert schedule --plan CODE`` in a workspace, the changes after publication (``xcert schedule add``,
``withdraw``, ``move``, ``swap``, ``close-room``) and the plan report (``xcert schedule report``).

The work is done by :mod:`xcert_core.scheduling.stored`; this module reads options, prints and exits:
0 done, 1 issues (nothing stored: a shortfall of seats or proctors, or a change refused), 2 unusable input
(no such plan, room or seat; a plan already scheduled without ``--redo``; a change on a plan not scheduled).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from xcert_adapters.app.reports import build_report
from xcert_adapters.cli.output import echo_issues, echo_json, issue_json
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError
from xcert_core.issues import Issue, IssueReport
from xcert_core.model import ExamRoom, Proctor, ProctorAssignment, SeatAssignment, SeatChange, SeatMove
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.workbooks import WorkbookWriter
from xcert_core.privacy import mask_id_number
from xcert_core.registry import AdapterKind
from xcert_core.scheduling import changes
from xcert_core.scheduling.allocation import AllocationOptions, Fill
from xcert_core.scheduling.changes import ChangeResult
from xcert_core.scheduling.issue_types import CHANGE_REFUSED
from xcert_core.scheduling.report import (
    inspector_lines,
    report_lines,
    report_sheets,
    room_summaries,
    summary_json,
)
from xcert_core.scheduling.stored import (
    ChangeOutcome,
    active_registration,
    change_plan,
    get_plan,
    plan_classes,
    registration_sessions,
    schedule_plan,
    scheduled_seats,
)


def write_plan_report(out: Path, plugins: XcertPlugins, seats: Sequence[SeatAssignment], rooms: Sequence[ExamRoom],
                      staff: Sequence[ProctorAssignment], names: Mapping[str, str], title: str) -> None:
    """``--report``: the plan report (排考汇总 and 巡考安排 sheets) as an .xlsx file."""
    writer: WorkbookWriter = plugins.create(AdapterKind.WORKBOOK_WRITER, "openpyxl")
    writer.write(report_sheets(room_summaries(seats, rooms, staff), inspector_lines(staff, names), names, title), out)


def _report(workspace: Workspace, issues: Sequence[Issue]) -> IssueReport:
    return build_report(workspace.plugins, issues, workspace.config.rules, by_row=False)


def _names(workspace: Workspace) -> dict[str, str]:
    return {p.teacher_number: p.name for p in workspace.storage.list(Proctor)}


def _seat_json(a: SeatAssignment) -> dict[str, Any]:
    return {"id_number": a.id_number, "ticket_no": a.ticket_number, "session": a.session_code, "site": a.site_code,
            "room": a.room_name, "seat": a.seat}


def _staff_json(a: ProctorAssignment, names: Mapping[str, str]) -> dict[str, Any]:
    return {"session": a.session_code, "site": a.site_code, "room": a.room_name, "role": a.role.label,
            "teacher_number": a.teacher_number, "name": names.get(a.teacher_number, ""), "school": a.school_code}


def run_stored(plan_code: str, *, seed: int | None, fill: Fill, reserve: int, per_room: int | None,
               inspectors: int | None, redo: bool, report_path: Path | None, actor: str | None,
               as_json: bool) -> None:
    """``xcert schedule --plan CODE``: schedule the stored plan and store it when there is no error."""
    workspace = current_workspace()
    config = workspace.config
    seed = config.seed if seed is None else seed
    outcome = schedule_plan(workspace.storage, plan_code, seed=seed,
                            options=AllocationOptions(fill=fill, reserve=reserve),
                            per_room=config.proctors_per_room if per_room is None else per_room,
                            inspectors_per_site=config.inspectors_per_site if inspectors is None else inspectors,
                            redo=redo, actor=actor or login_name(),
                            refuse=lambda issues: _report(workspace, issues).has_errors)
    report = _report(workspace, outcome.issues)
    seats = outcome.seat_assignments
    staff = list(outcome.proctors.assignments)
    names = _names(workspace)
    summaries = room_summaries(seats, outcome.rooms, staff)
    if report_path is not None and outcome.stored:
        write_plan_report(report_path, workspace.plugins, seats, outcome.rooms, staff, names,
                          f"排考汇总：{outcome.plan.name}（{plan_code}）")
    seated = len({a.id_number for a in seats})
    if as_json:
        echo_json({"plan": plan_code, "seed": seed, "stored": outcome.stored, "replaced": outcome.replaced,
                   "candidates": seated, "adjacencies": outcome.allocation.adjacencies,
                   "assignments": [_seat_json(a) for a in seats],
                   "proctors": [_staff_json(a, names) for a in staff],
                   "rooms": [summary_json(s, names) for s in summaries],
                   "report": str(report_path) if report_path is not None and outcome.stored else None,
                   "issues": [issue_json(i) for i in report]})
        raise SystemExit(report.exit_code)
    click.echo(f"考试计划 {plan_code}（{outcome.plan.name}），随机种子 {seed}：安排 {seated} 名考生、"
               f"{len(seats)} 个考位，{len(staff)} 个监考/巡考安排；同班相邻 {outcome.allocation.adjacencies} 处。")
    if outcome.stored:
        replaced = f"（替换了原有的 {outcome.replaced} 个考位）" if outcome.replaced else ""
        click.echo(f"排考结果已保存{replaced}。")
        click.echo("\n".join(report_lines(summaries, inspector_lines(staff, names), names)))
        if report_path is not None:
            click.echo(f"排考汇总已写入：{report_path}")
    else:
        click.echo("有问题，未保存任何排考结果；请按下面的提示补充考场或监考人员后重新运行"
                   "（不安排监考可加 --per-room 0 --inspectors 0）：")
    echo_issues(report)
    raise SystemExit(report.exit_code)


# --- the plan report ---------------------------------------------------------------------------------------


@click.command("report")
@click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="写出 .xlsx / write an .xlsx file.")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
def report_command(plan_code: str, out: Path | None, as_json: bool) -> None:
    """已保存排考的汇总：每个考场的考位、监考和准考证号范围 / the stored plan's report."""
    if out is not None and out.suffix.lower() != ".xlsx":
        raise click.UsageError("--out 的文件名应以 .xlsx 结尾 / --out must name an .xlsx file")
    workspace = current_workspace()
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    seats = scheduled_seats(storage, plan_code)
    rooms = storage.list(ExamRoom, plan_code=plan_code)
    staff = storage.list(ProctorAssignment, plan_code=plan_code)
    names = _names(workspace)
    summaries = room_summaries(seats, rooms, staff)
    if out is not None:
        write_plan_report(out, workspace.plugins, seats, rooms, staff, names, f"排考汇总：{plan.name}（{plan_code}）")
    if as_json:
        echo_json({"plan": plan_code, "rooms": [summary_json(s, names) for s in summaries],
                   "inspectors": [_staff_json(a, names) for a in staff if a.room_name is None],
                   "report": str(out) if out is not None else None})
        return
    click.echo(f"考试计划 {plan_code}（{plan.name}）：{len({a.id_number for a in seats})} 名考生、{len(seats)} 个考位")
    click.echo("\n".join(report_lines(summaries, inspector_lines(staff, names), names)))
    if out is not None:
        click.echo(f"排考汇总已写入：{out}")


# --- changes after publication -----------------------------------------------------------------------------


def _move_text(move: SeatMove) -> str:
    before = f"{move.before_room} {move.before_seat} 号" if move.before_room else "无考位"
    after = f"{move.after_room} {move.after_seat} 号" if move.after_room else "无考位"
    return f"  {mask_id_number(move.id_number)} 场次 {move.session_code}：{before} → {after}"


def _move_json(move: SeatMove) -> dict[str, Any]:
    return {"id_number": move.id_number, "session": move.session_code,
            "before": {"room": move.before_room, "seat": move.before_seat} if move.before_room else None,
            "after": {"room": move.after_room, "seat": move.after_seat} if move.after_room else None}


def _print_change(workspace: Workspace, plan_code: str, action: str, outcome: ChangeOutcome,
                  as_json: bool) -> None:
    report = _report(workspace, outcome.issues)
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


def _refused(why: str, why_en: str) -> ChangeResult:
    return ChangeResult((), None, (CHANGE_REFUSED.at(why=why, why_en=why_en),))


def _change(plan_code: str, action: str, make: Callable[[Workspace], Callable[[list[SeatAssignment]], ChangeResult]],
            as_json: bool, close: ExamRoom | None = None) -> None:
    workspace = current_workspace()
    outcome = change_plan(workspace.storage, plan_code, make(workspace), close_room=close)
    _print_change(workspace, plan_code, action, outcome, as_json)


def _room(workspace: Workspace, plan_code: str, site: str, name: str) -> ExamRoom:
    room = workspace.storage.find(ExamRoom, (plan_code, site, name))
    if room is None:
        raise XcertError(f"考试计划“{plan_code}”在考核站点“{site}”没有考场“{name}”（xcert rooms list --plan "
                         f"{plan_code} 查看）/ no such room")
    return room


def _session_of(seats: Sequence[SeatAssignment], id_number: str, session: str | None) -> str:
    """The session named, else the candidate's only one; a usage error when it has several."""
    if session is not None:
        return session
    own = sorted({a.session_code for a in seats if a.id_number == id_number})
    if len(own) > 1:
        raise click.UsageError(f"该考生有多个场次（{'、'.join(own)}），请用 --session 指定 / pass --session")
    return own[0] if own else "-"


_plan_option = click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan.")
_reason_option = click.option("--reason", default="", help="调整原因（记入排考调整记录）/ why (kept in the audit).")
_actor_option = click.option("--actor", help="操作人（默认当前用户）/ who makes the change.")
_json_option = click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@click.command("add")
@_plan_option
@click.argument("id_number")
@_reason_option
@_actor_option
@_json_option
def add_command(plan_code: str, id_number: str, reason: str, actor: str | None, as_json: bool) -> None:
    """补排：给已报考的考生安排空余考位（其他考生不动）/ seat a late registrant in free seats."""
    id_number = id_number.strip().upper()

    def make(workspace: Workspace) -> Callable[[list[SeatAssignment]], ChangeResult]:
        storage = workspace.storage
        plan = get_plan(storage, plan_code)
        registration = active_registration(storage, plan, id_number)
        if registration is None:
            return lambda _: _refused(f"考生 {mask_id_number(id_number)} 在该考试计划中没有有效的报考",
                                      "the candidate has no active registration in the plan")
        rooms = storage.list(ExamRoom, plan_code=plan_code)
        classes = plan_classes(storage, plan)
        return lambda seats: changes.add_late(
            seats, plan_code=plan_code, year=plan.year, id_number=id_number, site_code=registration.site_code,
            session_codes=registration_sessions(registration, plan), rooms=rooms, class_of=classes,
            actor=actor or login_name(), at=_now(), reason=reason)

    _change(plan_code, "add-late", make, as_json)


@click.command("withdraw")
@_plan_option
@click.argument("id_number")
@_reason_option
@_actor_option
@_json_option
def withdraw_command(plan_code: str, id_number: str, reason: str, actor: str | None, as_json: bool) -> None:
    """取消考位：考生的考位空出，其他考生不动 / free a candidate's seats (nobody else moves)."""
    id_number = id_number.strip().upper()
    _change(plan_code, "withdraw", lambda _: lambda seats: changes.withdraw(
        seats, id_number=id_number, actor=actor or login_name(), at=_now(), reason=reason), as_json)


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
    id_number = id_number.strip().upper()

    def make(workspace: Workspace) -> Callable[[list[SeatAssignment]], ChangeResult]:
        seats = scheduled_seats(workspace.storage, plan_code)
        session_code = _session_of(seats, id_number, session)
        current = next((a for a in seats if a.id_number == id_number and a.session_code == session_code), None)
        if current is None:
            return lambda _: _refused("该考生在该场次没有考位", "the candidate has no seat in the session")
        room = _room(workspace, plan_code, current.site_code, room_name)
        return lambda seats: changes.move(seats, id_number=id_number, session_code=session_code, room=room,
                                          seat=seat, actor=actor or login_name(), at=_now(), reason=reason)

    _change(plan_code, "move", make, as_json)


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
    first, second = first.strip().upper(), second.strip().upper()

    def make(workspace: Workspace) -> Callable[[list[SeatAssignment]], ChangeResult]:
        session_code = _session_of(scheduled_seats(workspace.storage, plan_code), first, session)
        return lambda seats: changes.swap(seats, first=first, second=second, session_code=session_code,
                                          actor=actor or login_name(), at=_now(), reason=reason)

    _change(plan_code, "swap", make, as_json)


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
    workspace = current_workspace()
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    room = _room(workspace, plan_code, site_code, room_name)
    rooms = storage.list(ExamRoom, plan_code=plan_code)
    classes = plan_classes(storage, plan)

    def change(seats: list[SeatAssignment]) -> ChangeResult:
        result = changes.close_room(seats, room=room, rooms=rooms, class_of=classes, actor=actor or login_name(),
                                    at=_now(), reason=reason)
        if result.issues:  # not everyone fits: change nothing rather than leave candidates without a seat
            return ChangeResult(tuple(seats), None, result.issues)
        return result

    outcome = change_plan(storage, plan_code, change, close_room=room)
    _print_change(workspace, plan_code, "close-room", outcome, as_json)


CHANGE_COMMANDS = (add_command, withdraw_command, move_command, swap_command, close_room_command, report_command)
"""The subcommands of ``xcert schedule`` defined here."""
