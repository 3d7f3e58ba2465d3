"""Step 9 in a workspace as use cases: schedule a stored plan (排考), the plan report (排考汇总), and the changes
after publication — seat a late registrant, free a candidate's seats, move, swap, close a room — each moving
nobody else.

The work is done by :mod:`xcert_core.scheduling.stored`; these functions supply the workspace's settings and
the school's ``[rules]`` (which decide what is stored, not only the exit code) and return the outcome with its
report. Unknown plans, rooms and sessions raise :class:`~xcert_core.errors.XcertError` subclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from attrs import frozen

from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.reports import build_report
from xcert_adapters.workspace import Workspace
from xcert_core.issues import Issue, IssueReport
from xcert_core.model import ExamPlan, ExamRoom, Proctor, ProctorAssignment, SeatAssignment
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.numbering import TicketScheme
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling import changes
from xcert_core.scheduling.allocation import AllocationOptions, Fill
from xcert_core.scheduling.by_site import SiteSeating, finish_plan, plan_sites, seat_site
from xcert_core.scheduling.changes import ChangeResult
from xcert_core.scheduling.issue_types import CHANGE_REFUSED
from xcert_core.scheduling.report import RoomSummary, inspector_lines, report_sheets, room_summaries
from xcert_core.scheduling.stored import (
    ChangeOutcome,
    PlatformSeatingError,
    ScheduleOutcome,
    StaffOutcome,
    active_registration,
    change_plan,
    get_plan,
    plan_classes,
    platform_seated,
    registration_sessions,
    schedule_plan,
    scheduled_seats,
    staff_plan,
)


@frozen
class ScheduleRun:
    """:func:`schedule_in_workspace`'s outcome: the core's outcome, the report under the school's rules, the seed
    used, the proctors' names and the plan report file written (``None``: not asked for, or nothing stored)."""

    outcome: ScheduleOutcome
    report: IssueReport
    seed: int
    names: Mapping[str, str]
    report_file: Path | None

    @property
    def summaries(self) -> list[RoomSummary]:
        outcome = self.outcome
        return room_summaries(outcome.seat_assignments, outcome.rooms, list(outcome.proctors.assignments))


@frozen
class PlanReport:
    """A stored plan's report: per session and room the seats, the occupied ones, the proctors and the ticket
    range; the inspectors; the proctors' names."""

    plan: ExamPlan
    seats: tuple[SeatAssignment, ...]
    staff: tuple[ProctorAssignment, ...]
    summaries: tuple[RoomSummary, ...]
    names: Mapping[str, str]


@frozen
class ChangeRun:
    """A change after publication: the core's outcome (its audit record is ``None`` when refused) and the report."""

    outcome: ChangeOutcome
    report: IssueReport


def write_plan_report(out: Path, plugins: XcertPlugins, seats: Sequence[SeatAssignment], rooms: Sequence[ExamRoom],
                      staff: Sequence[ProctorAssignment], names: Mapping[str, str], title: str) -> None:
    """The plan report (排考汇总 and 巡考安排 sheets) as an .xlsx file."""
    writer = plugins.workbook_writer()
    writer.write(report_sheets(room_summaries(seats, rooms, staff), inspector_lines(staff, names), names, title), out)


def _report(workspace: Workspace, issues: Sequence[Issue]) -> IssueReport:
    return build_report(workspace.plugins, issues, workspace.config.rules, by_row=False)


def ticket_scheme(workspace: Workspace) -> TicketScheme:
    """The 准考证号 scheme ``xcert.toml`` names (``[schedule] ticket_scheme``, a registered ticket-scheme
    plug-in; ``default`` is xcert's own)."""
    return workspace.plugins.ticket_scheme(workspace.config.ticket_scheme)


def proctor_names(workspace: Workspace) -> dict[str, str]:
    """Teacher number -> name of the stored proctors."""
    return {p.teacher_number: p.name for p in workspace.storage.list(Proctor)}


def schedule_in_workspace(workspace: Workspace, plan_code: str, *, seed: int | None = None,
                          fill: Fill = Fill.IN_ORDER, reserve: int = 0, per_room: int | None = None,
                          inspectors: int | None = None, redo: bool = False, replace_platform: bool = False,
                          actor: str = "xcert", report_path: Path | None = None) -> ScheduleRun:
    """Seat the stored plan's registrants, number their tickets, assign proctors and inspectors, and store it all
    when the report (under the school's ``[rules]``) has no error. ``seed``, ``per_room`` and ``inspectors``
    default to ``xcert.toml``'s, and so does cross-invigilation (``[schedule] cross_invigilation``); a plan
    already scheduled needs ``redo``
    (:class:`~xcert_core.scheduling.stored.AlreadyScheduledError`), and seats from the platform's 排考 are
    replaced only with ``replace_platform`` too (:class:`~xcert_core.scheduling.stored.PlatformSeatingError`).
    ``report_path``: write the plan report when stored."""
    config = workspace.config
    seed = config.seed if seed is None else seed
    options = AllocationOptions(fill=fill, reserve=reserve, ticket_scheme=ticket_scheme(workspace))
    outcome = schedule_plan(workspace.storage, plan_code, seed=seed, options=options,
                            per_room=config.proctors_per_room if per_room is None else per_room,
                            inspectors_per_site=config.inspectors_per_site if inspectors is None else inspectors,
                            redo=redo, replace_platform=replace_platform, actor=actor,
                            refuse=lambda issues: _report(workspace, issues).has_errors,
                            cross=config.cross_invigilation)
    names = proctor_names(workspace)
    written = None
    if report_path is not None and outcome.stored:
        write_plan_report(report_path, workspace.plugins, outcome.seat_assignments, outcome.rooms,
                          list(outcome.proctors.assignments), names, f"排考汇总：{outcome.plan.name}（{plan_code}）")
        written = report_path
    return ScheduleRun(outcome, _report(workspace, outcome.issues), seed, names, written)


@frozen
class StaffRun:
    """:func:`staff_in_workspace`'s outcome: the core's outcome, the report under the school's rules and the
    proctors' names."""

    outcome: StaffOutcome
    report: IssueReport
    names: Mapping[str, str]

    @property
    def summaries(self) -> list[RoomSummary]:
        outcome = self.outcome
        return room_summaries(list(outcome.seats), outcome.rooms, list(outcome.proctors.assignments))


def staff_in_workspace(workspace: Workspace, plan_code: str, *, per_room: int | None = None,
                       inspectors: int | None = None) -> StaffRun:
    """Assign 监考 and 巡考 to the plan's stored seating (the platform's, after ``sync platform``) without moving
    anyone, and store them when the report (under the school's ``[rules]``) has no error. ``per_room`` and
    ``inspectors`` default to ``xcert.toml``'s."""
    config = workspace.config
    outcome = staff_plan(workspace.storage, plan_code,
                         per_room=config.proctors_per_room if per_room is None else per_room,
                         inspectors_per_site=config.inspectors_per_site if inspectors is None else inspectors,
                         refuse=lambda issues: _report(workspace, issues).has_errors,
                         cross=config.cross_invigilation)
    return StaffRun(outcome, _report(workspace, outcome.issues), proctor_names(workspace))


def plan_report(workspace: Workspace, plan_code: str, out: Path | None = None) -> PlanReport:
    """The stored plan's report (and, with ``out``, the same as an .xlsx file)."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    seats = scheduled_seats(storage, plan_code)
    rooms = storage.list(ExamRoom, plan_code=plan_code)
    staff = storage.list(ProctorAssignment, plan_code=plan_code)
    names = proctor_names(workspace)
    if out is not None:
        write_plan_report(out, workspace.plugins, seats, rooms, staff, names, f"排考汇总：{plan.name}（{plan_code}）")
    return PlanReport(plan, tuple(seats), tuple(staff), tuple(room_summaries(seats, rooms, staff)), names)


def plan_overview(workspace: Workspace) -> list[tuple[ExamPlan, PlanReport | None]]:
    """Every stored plan with its report, ``None`` for a plan not scheduled yet."""
    storage = workspace.storage
    return [(plan, plan_report(workspace, plan.code) if storage.list(SeatAssignment, plan_code=plan.code) else None)
            for plan in storage.list(ExamPlan)]


def _refused(why: str, why_en: str) -> ChangeResult:
    return ChangeResult((), None, (CHANGE_REFUSED.at(why=why, why_en=why_en),))


def _change(workspace: Workspace, plan_code: str, change: Callable[[list[SeatAssignment]], ChangeResult],
            close: ExamRoom | None = None) -> ChangeRun:
    outcome = change_plan(workspace.storage, plan_code, change, close_room=close)
    return ChangeRun(outcome, _report(workspace, outcome.issues))


def _room(workspace: Workspace, plan_code: str, site: str, name: str) -> ExamRoom:
    room = workspace.storage.find(ExamRoom, (plan_code, site, name))
    if room is None:
        raise RequestError(f"考试计划“{plan_code}”在考核站点“{site}”没有考场“{name}”（xcert rooms list --plan "
                           f"{plan_code} 查看）/ no such room")
    return room


def _session_of(seats: Sequence[SeatAssignment], id_number: str, session: str | None) -> str:
    """The session named, else the candidate's only one; :class:`RequestError` when it has several."""
    if session is not None:
        return session
    own = sorted({a.session_code for a in seats if a.id_number == id_number})
    if len(own) > 1:
        raise RequestError(f"该考生有多个场次（{'、'.join(own)}），请用 --session 指定 / pass --session")
    return own[0] if own else "-"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def seat_late_registrant(workspace: Workspace, plan_code: str, id_number: str, *, actor: str,
                         reason: str = "") -> ChangeRun:
    """补排: seat a candidate registered after publication in free seats of its site (nobody else moves)."""
    id_number = id_number.strip().upper()
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    registration = active_registration(storage, plan, id_number)
    if registration is None:
        return _change(workspace, plan_code, lambda _: _refused(
            f"考生 {mask_id_number(id_number)} 在该考试计划中没有有效的报考",
            "the candidate has no active registration in the plan"))
    rooms = storage.list(ExamRoom, plan_code=plan_code)
    classes = plan_classes(storage, plan)
    scheme = ticket_scheme(workspace)
    return _change(workspace, plan_code, lambda seats: changes.add_late(
        seats, plan_code=plan_code, year=plan.year, id_number=id_number, site_code=registration.site_code,
        session_codes=registration_sessions(registration, plan), rooms=rooms, class_of=classes,
        actor=actor, at=_now(), reason=reason, scheme=scheme))


def free_seats(workspace: Workspace, plan_code: str, id_number: str, *, actor: str, reason: str = "") -> ChangeRun:
    """取消考位: free a candidate's seats in the plan (nobody else moves)."""
    id_number = id_number.strip().upper()
    return _change(workspace, plan_code, lambda seats: changes.withdraw(
        seats, id_number=id_number, actor=actor, at=_now(), reason=reason))


def move_seat(workspace: Workspace, plan_code: str, id_number: str, room_name: str, seat: int, *,
              session: str | None = None, actor: str, reason: str = "") -> ChangeRun:
    """调座: move a candidate to a free seat of a room at the same site (``session`` may be left out when the
    candidate sits only one)."""
    id_number = id_number.strip().upper()
    seats = scheduled_seats(workspace.storage, plan_code)
    session_code = _session_of(seats, id_number, session)
    current = next((a for a in seats if a.id_number == id_number and a.session_code == session_code), None)
    if current is None:
        return _change(workspace, plan_code,
                       lambda _: _refused("该考生在该场次没有考位", "the candidate has no seat in the session"))
    room = _room(workspace, plan_code, current.site_code, room_name)
    return _change(workspace, plan_code, lambda seats: changes.move(
        seats, id_number=id_number, session_code=session_code, room=room, seat=seat, actor=actor, at=_now(),
        reason=reason))


def swap_seats(workspace: Workspace, plan_code: str, first: str, second: str, *, session: str | None = None,
               actor: str, reason: str = "") -> ChangeRun:
    """互换: two candidates swap seats in a session."""
    first, second = first.strip().upper(), second.strip().upper()
    session_code = _session_of(scheduled_seats(workspace.storage, plan_code), first, session)
    return _change(workspace, plan_code, lambda seats: changes.swap(
        seats, first=first, second=second, session_code=session_code, actor=actor, at=_now(), reason=reason))


def close_room(workspace: Workspace, plan_code: str, site_code: str, room_name: str, *, actor: str,
               reason: str = "") -> ChangeRun:
    """关闭考场: re-seat only the room's candidates in free seats of the site's other rooms; when they do not all
    fit, nothing changes (add a room first)."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    room = _room(workspace, plan_code, site_code, room_name)
    rooms = storage.list(ExamRoom, plan_code=plan_code)
    classes = plan_classes(storage, plan)

    def change(seats: list[SeatAssignment]) -> ChangeResult:
        result = changes.close_room(seats, room=room, rooms=rooms, class_of=classes, actor=actor, at=_now(),
                                    reason=reason)
        if result.issues:  # not everyone fits: change nothing rather than leave candidates without a seat
            return ChangeResult(tuple(seats), None, result.issues)
        return result

    return _change(workspace, plan_code, change, close=room)


# --- site by site (the organisation's 排考 as jobs, #20) -------------------------------------------------------


def seat_site_in_workspace(workspace: Workspace, plan_code: str, site_code: str, *,
                           seed: int | None = None) -> SiteSeating:
    """Seat one site of the stored plan (:func:`~xcert_core.scheduling.by_site.seat_site`) with the workspace's
    seed, ticket scheme and cross-invigilation."""
    config = workspace.config
    options = AllocationOptions(ticket_scheme=ticket_scheme(workspace))
    return seat_site(workspace.storage, plan_code, site_code, seed=config.seed if seed is None else seed,
                     options=options, cross=config.cross_invigilation)


def finish_in_workspace(workspace: Workspace, plan_code: str, *, per_room: int | None = None,
                        inspectors: int | None = None, actor: str = "xcert") -> StaffRun:
    """Number the plan's tickets over every seated site and assign its proctors
    (:func:`~xcert_core.scheduling.by_site.finish_plan`), under the school's ``[rules]``."""
    config = workspace.config
    outcome = finish_plan(workspace.storage, plan_code, scheme=ticket_scheme(workspace),
                          per_room=config.proctors_per_room if per_room is None else per_room,
                          inspectors_per_site=config.inspectors_per_site if inspectors is None else inspectors,
                          cross=config.cross_invigilation, actor=actor,
                          refuse=lambda issues: _report(workspace, issues).has_errors)
    return StaffRun(outcome, _report(workspace, outcome.issues), proctor_names(workspace))


def schedule_by_site(workspace: Workspace, plan_code: str, *, seed: int | None = None, per_room: int | None = None,
                     inspectors: int | None = None, actor: str = "xcert") -> tuple[list[SiteSeating], StaffRun | None]:
    """Seat the plan site by site in this process, then finish it (what the queued jobs do on several machines);
    the plan is not finished when a site could not be seated. Seats from the platform's 排考 are never replaced
    (:class:`~xcert_core.scheduling.stored.PlatformSeatingError`)."""
    storage = workspace.storage
    if platform_seated(storage.list(SeatAssignment, plan_code=plan_code)):
        raise PlatformSeatingError(f"考试计划“{plan_code}”的考位来自平台排考，不按站点重排 / plan {plan_code!r} has "
                                   "the platform's seating")
    seatings = [seat_site_in_workspace(workspace, plan_code, site, seed=seed)
                for site in plan_sites(storage, plan_code)]
    if not all(s.stored for s in seatings):
        return seatings, None
    return seatings, finish_in_workspace(workspace, plan_code, per_room=per_room, inspectors=inspectors, actor=actor)


def queue_by_site(workspace: Workspace, plan_code: str, *, seed: int | None = None, per_room: int | None = None,
                  inspectors: int | None = None, actor: str = "xcert") -> tuple[str, list[int], int]:
    """Put the plan's site-by-site scheduling in the workspace's job queue: a ``seat_site`` job per site and the
    ``finish_plan`` job of their batch (:mod:`xcert_adapters.jobs.queue`); returns the batch and the job ids."""
    from xcert_adapters.jobs.queue import defer_schedule  # noqa: PLC0415 - only with a queue

    get_plan(workspace.storage, plan_code)
    return defer_schedule(workspace.storage_url, workspace.root, plan_code, plan_sites(workspace.storage, plan_code),
                          seed=workspace.config.seed if seed is None else seed, per_room=per_room,
                          inspectors=inspectors, actor=actor)
