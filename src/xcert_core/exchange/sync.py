"""Applying a platform export to the workspace: candidate states through the state machine, seats as stored
assignments.

:func:`plan_sync` works out everything a :class:`~xcert_core.ports.platform.PlatformExport` would change
and every problem, storing nothing; :func:`apply_sync` writes a plan without errors in one transaction. So a
sync is all-or-nothing, like every import.

Candidate states. The platform is where verification happens, so a state it shows is applied by the legal
events that lead there from the workspace's state (:func:`sync_events`, a shortest path over
:data:`~xcert_core.verification.machine.TRANSITIONS` using only the events the platform causes: 提交认证,
比对成功/失败, 未给出结果, 人工确认/退回), each appended to the candidate's 认证记录 with the actor ``X平台``.
A state no such path reaches is not forced: it is an error (``sync-transition-illegal``), except 无照片 on the
platform for a candidate with a photo in the workspace, which only means the photo zip is not uploaded yet
(a warning; nothing changes). A candidate already in the platform's state is left alone.

The candidate list's rows are checked too: a candidate listed twice, or under another name than the stored
one (spacing and the kind of middle dot aside), is an error; the reader reports empty cells and unknown state
labels per row (:attr:`~xcert_core.ports.platform.PlatformExport.issues`).

Seats. Each 排考明细 row becomes a :class:`~xcert_core.model.SeatAssignment` of origin ``platform`` (plan, session
and site resolved against the workspace: by code or name, and from the room when the site column is absent); a
row equal to the stored assignment changes nothing, a different one replaces it. Stored seats of the sessions
the file covers that the file lacks are kept and reported. A row is refused (an error, so nothing is stored)
when its room is not one of the plan's rooms at its site, its seat is beyond the room's 考位数, its candidate has
no active registration for the plan or the registration does not take the session's subject, or its seat is
taken by a seat the sync keeps; and a candidate has one ticket number in every session of a plan, no other
candidate's, counting both the rows and the stored seats the file does not replace.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence

import attrs
from attrs import frozen

from xcert_core.exchange.issue_types import (
    SYNC_CANDIDATE_DUPLICATE,
    SYNC_CANDIDATE_UNKNOWN,
    SYNC_CELL_MISSING,
    SYNC_DUPLICATE,
    SYNC_NAME_MISMATCH,
    SYNC_NOT_REGISTERED,
    SYNC_PHOTO_NOT_UPLOADED,
    SYNC_PLAN_UNKNOWN,
    SYNC_ROOM_UNKNOWN,
    SYNC_SEAT_CANDIDATE_UNKNOWN,
    SYNC_SEAT_CONFLICT,
    SYNC_SEAT_INVALID,
    SYNC_SEAT_MISSING,
    SYNC_SEAT_OUT_OF_RANGE,
    SYNC_SESSION_UNKNOWN,
    SYNC_SITE_UNKNOWN,
    SYNC_SUBJECT_NOT_TAKEN,
    SYNC_TICKET_INCONSISTENT,
    SYNC_TICKET_TAKEN,
    SYNC_TRANSITION_ILLEGAL,
)
from xcert_core.issues import Issue
from xcert_core.labels import RegistrationStatus, SeatOrigin, Severity
from xcert_core.labels import VerificationEvent as Ev
from xcert_core.labels import VerificationState as St
from xcert_core.model import (
    Candidate,
    ExamPlan,
    ExamRoom,
    ExamSession,
    Registration,
    SeatAssignment,
    SeatChange,
    SeatMove,
    VerificationRecord,
)
from xcert_core.ports.platform import AssignmentRow, ExportKind, PlatformExport, PlatformState
from xcert_core.ports.storage import Storage
from xcert_core.privacy import mask_id_number
from xcert_core.registration.rules import subjects_for
from xcert_core.scheduling.plan_file import subject_code_of
from xcert_core.scheduling.rooms_sheet import positive_whole
from xcert_core.verification.machine import TRANSITIONS, apply

PLATFORM_ACTOR = "X平台"
SYNC_ACTION = "platform-sync"
"""The :class:`~xcert_core.model.SeatChange` action of seats taken from the platform's 排考明细."""
PLATFORM_EVENTS = frozenset({Ev.SUBMITTED, Ev.MATCHED, Ev.MISMATCHED, Ev.NO_VERDICT, Ev.CONFIRMED, Ev.REJECTED})
"""The events the platform causes; edits (photo, identity) happen in the workspace and are never synced."""


def sync_events(start: St, target: St) -> tuple[Ev, ...] | None:
    """The shortest sequence of :data:`PLATFORM_EVENTS` taking ``start`` to ``target`` (``()`` when equal), or
    ``None`` when there is none. Ties are broken by the events' declaration order, so the path is stable."""
    order = list(Ev)
    paths: dict[St, tuple[Ev, ...]] = {start: ()}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        if state is target:
            return paths[state]
        for (source, event), following in sorted(TRANSITIONS.items(), key=lambda item: order.index(item[0][1])):
            if source is state and event in PLATFORM_EVENTS and following not in paths:
                paths[following] = (*paths[state], event)
                queue.append(following)
    return None


@frozen
class CandidateChange:
    """A candidate moved to the platform's state: as stored (with its revision), after, and the records."""

    before: Candidate
    revision: int
    after: Candidate
    records: tuple[VerificationRecord, ...]


@frozen
class SeatUpdate:
    """A seat as the platform has it, and the stored assignment it replaces (``None``: new)."""

    new: SeatAssignment
    old: SeatAssignment | None

    @property
    def moved(self) -> bool:
        """False when only the origin changes: xcert's seat is confirmed by the platform as it was."""
        return self.old is None or attrs.evolve(self.old, origin=self.new.origin) != self.new


@frozen
class SyncPlan:
    """Everything a sync would change, the rows that change nothing, and the issues (errors: store nothing).

    ``seats`` includes seats the platform confirms exactly as xcert had them (only their origin changes); they
    are counted in ``unchanged`` as well, and :attr:`moved` leaves them out."""

    file: str
    kind: ExportKind
    candidates: tuple[CandidateChange, ...] = ()
    seats: tuple[SeatUpdate, ...] = ()
    unchanged: int = 0
    issues: tuple[Issue, ...] = ()
    at: dt.datetime | None = None
    actor: str = PLATFORM_ACTOR

    @property
    def has_errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)

    @property
    def moved(self) -> tuple[SeatUpdate, ...]:
        """The seats that are new or differ in more than their origin."""
        return tuple(seat for seat in self.seats if seat.moved)


def plan_sync(storage: Storage, export: PlatformExport, school_code: str, *, at: dt.datetime,
              actor: str = PLATFORM_ACTOR) -> SyncPlan:
    """What applying ``export`` to ``school_code``'s workspace would do (see the module docstring)."""
    if export.kind is ExportKind.CANDIDATE_STATES:
        changes, unchanged, issues = _plan_states(storage, export.states, school_code, at, actor)
        return SyncPlan(export.file, export.kind, candidates=tuple(changes), unchanged=unchanged,
                        issues=tuple(_in_file([*export.issues, *issues], export.file)), at=at, actor=actor)
    seats, unchanged, issues = _plan_seats(storage, export.assignments)
    return SyncPlan(export.file, export.kind, seats=tuple(seats), unchanged=unchanged,
                    issues=tuple(_in_file([*export.issues, *issues], export.file)), at=at, actor=actor)


def apply_sync(storage: Storage, plan: SyncPlan) -> None:
    """Write ``plan`` in one transaction. A plan with errors is refused (``ValueError``): nothing is stored.

    Candidates are replaced under the revision they were planned from, so a concurrent change makes the
    whole sync fail (``ConcurrencyError``) rather than be overwritten. Replaced seats are deleted before any
    new one is added, so seats can be swapped; each plan whose seats change gets a
    :class:`~xcert_core.model.SeatChange` record (action ``platform-sync``) listing the moves, numbered after
    the plan's last record.
    """
    if plan.has_errors:
        raise ValueError("a sync plan with errors must not be applied")
    with storage.transaction() as tx:
        for change in plan.candidates:
            tx.replace(change.after, change.revision)
            for record in change.records:
                tx.add(record)
        for seat in plan.seats:
            if seat.old is not None:
                tx.delete(SeatAssignment, seat.old.key)
        for seat in plan.seats:
            tx.add(seat.new)
        moves: dict[str, list[SeatMove]] = {}
        for seat in plan.seats:
            if not seat.moved:
                continue
            old, new = seat.old, seat.new
            moves.setdefault(new.plan_code, []).append(SeatMove(
                new.id_number, new.session_code, old.room_name if old else None, old.seat if old else None,
                new.room_name, new.seat))
        for plan_code, moved in sorted(moves.items()):
            seq = max((c.seq for c in tx.list(SeatChange, plan_code=plan_code)), default=0) + 1
            tx.add(SeatChange(plan_code, seq, SYNC_ACTION, plan.actor, plan.at or dt.datetime.now(dt.UTC),
                              tuple(moved), f"平台排考明细 {plan.file}"))


def _in_file(issues: list[Issue], file: str) -> list[Issue]:
    return [issue if issue.file else attrs.evolve(issue, file=file) for issue in issues]


def _plan_states(storage: Storage, states: Sequence[PlatformState], school_code: str, at: dt.datetime,
                 actor: str) -> tuple[list[CandidateChange], int, list[Issue]]:
    issues: list[Issue] = []
    seen: dict[str, PlatformState] = {}
    for state in states:
        number = state.id_number.strip().upper()
        first = seen.setdefault(number, state)
        if first is not state:
            differs = first.state is not state.state
            issues.append(SYNC_CANDIDATE_DUPLICATE.at(
                row=state.row, column="证件号码", masked=mask_id_number(number), first=first.row,
                detail=f"（状态“{state.state.label}”与“{first.state.label}”不同）" if differs else "",
                detail_en=f" ({state.state.value} there {first.state.value})" if differs else ""))
    ours = {c.id_number.upper(): c for c in storage.list(Candidate, school_code=school_code)}
    changes: list[CandidateChange] = []
    unchanged = 0
    for number, platform in seen.items():
        candidate = ours.get(number)
        masked = mask_id_number(number)
        if candidate is None:
            issues.append(SYNC_CANDIDATE_UNKNOWN.at(row=platform.row, column="证件号码", masked=masked))
            continue
        if platform.name is not None and not same_name(platform.name, candidate.name):
            issues.append(SYNC_NAME_MISMATCH.at(row=platform.row, column="学生姓名", masked=masked,
                                                theirs=platform.name, ours=candidate.name))
            continue
        target = platform.state
        if candidate.state is target:
            unchanged += 1
            continue
        if target is St.NO_PHOTO and candidate.photo is not None:
            issues.append(SYNC_PHOTO_NOT_UPLOADED.at(row=platform.row, column="证件号码", name=candidate.name,
                                                     masked=masked, ours=candidate.state.label,
                                                     ours_en=candidate.state.value))
            unchanged += 1
            continue
        events = sync_events(candidate.state, target)
        if events is None:
            issues.append(SYNC_TRANSITION_ILLEGAL.at(row=platform.row, column="证件号码", name=candidate.name,
                                                     masked=masked, ours=candidate.state.label,
                                                     theirs=target.label, ours_en=candidate.state.value,
                                                     theirs_en=target.value))
            continue
        stored, revision = storage.get_with_revision(Candidate, candidate.key)
        current, records = stored, []
        for event in events:
            current, record = apply(current, event, seq=current.verification_seq + 1, actor=actor, at=at,
                                    reason=f"平台显示“{target.label}”")
            current = attrs.evolve(current, verification_seq=record.seq)
            records.append(record)
        changes.append(CandidateChange(stored, revision, current, tuple(records)))
    return changes, unchanged, issues


_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", ".": "·", "‧": "·", "∙": "·"})


def same_name(theirs: str, ours: str) -> bool:
    """Whether two spellings of a name are the same person's name: whitespace and the kind of middle dot
    (库尔班·热合曼 / 库尔班•热合曼) do not count."""
    def canonical(name: str) -> str:
        return "".join(name.split()).translate(_DOTS)
    return canonical(theirs) == canonical(ours)


@frozen
class _Resolver:
    plans: dict[str, ExamPlan]
    rooms: dict[tuple[str, str], list[ExamRoom]]
    """(plan code, room name) -> the rooms of that name (one per site)."""
    registrations: dict[tuple[str, str], Registration]
    """(plan code, upper-case ID number) -> the candidate's registration (active or withdrawn)."""

    def plan(self, row: AssignmentRow) -> ExamPlan | Issue:
        if row.plan is None:
            if len(self.plans) == 1:
                return next(iter(self.plans.values()))
            return SYNC_PLAN_UNKNOWN.at(row=row.row, column="考试计划", value="（空）",
                                        detail=f"：工作区有 {len(self.plans)} 个考试计划，无法确定是哪一个",
                                        detail_en=f": the workspace has {len(self.plans)} plans")
        for plan in self.plans.values():
            if row.plan in (plan.code, plan.name):
                return plan
        return SYNC_PLAN_UNKNOWN.at(row=row.row, column="考试计划", value=row.plan, detail="", detail_en="")

    def session(self, plan: ExamPlan, row: AssignmentRow) -> ExamSession | Issue:
        if row.session_code is not None:
            found = next((s for s in plan.sessions if s.code == row.session_code), None)
            if found is not None:
                return found
            return SYNC_SESSION_UNKNOWN.at(row=row.row, column="场次", plan=plan.code,
                                           what=f"场次“{row.session_code}”", what_en=f"session {row.session_code!r}",
                                           detail="")
        candidates = plan.sessions
        what, what_en = "该行", "the row"
        if row.subject is not None:
            code = subject_code_of(plan, row.subject)
            candidates = plan.sessions_of(code) if code is not None else ()
            what, what_en = f"考试科目“{row.subject}”", f"subject {row.subject!r}"
        if len(candidates) == 1:
            return candidates[0]
        detail = f"（有 {len(candidates)} 个场次，无法确定是哪一个）" if candidates else ""
        return SYNC_SESSION_UNKNOWN.at(row=row.row, column="考试科目" if row.subject else "场次", plan=plan.code,
                                       what=what, what_en=what_en, detail=detail)

    def room(self, plan: ExamPlan, row: AssignmentRow, room_name: str) -> ExamRoom | Issue:
        """The stored room the row names: by name among the plan's rooms, at the row's site when it has one."""
        rooms = self.rooms.get((plan.code, room_name), [])
        if row.site_code is not None:
            found = next((room for room in rooms if room.site_code == row.site_code), None)
            if found is not None:
                return found
            return SYNC_ROOM_UNKNOWN.at(row=row.row, column="考场名称", plan=plan.code, site=row.site_code,
                                        room=room_name)
        if len(rooms) == 1:
            return rooms[0]
        detail = (f"在多个考核站点都有（{'、'.join(r.site_code for r in rooms)}），无法确定是哪一个" if rooms
                  else f"不是考试计划“{plan.code}”的考场")
        return SYNC_SITE_UNKNOWN.at(row=row.row, column="考场名称", room=room_name, detail=detail,
                                    detail_en="not a room of the plan" if not rooms else "at several sites")

    def registration(self, plan: ExamPlan, session: ExamSession, row: AssignmentRow,
                     id_number: str) -> Issue | None:
        """Why the candidate may not sit ``session``: no registration, a withdrawn one, or one that does not
        take the session's subject (``None``: they may)."""
        masked = mask_id_number(id_number)
        registration = self.registrations.get((plan.code, id_number))
        if registration is None or registration.status is not RegistrationStatus.ACTIVE:
            withdrawn = registration is not None
            return SYNC_NOT_REGISTERED.at(
                row=row.row, column="证件号码", masked=masked, plan=plan.code,
                detail="的报考已撤销" if withdrawn else "没有报考该考试计划",
                detail_en="has withdrawn their registration" if withdrawn else "is not registered")
        taken = subjects_for(plan, registration) or tuple(subject.code for subject in plan.subjects)
        if session.subject_code in taken:
            return None
        subject = next((s.name for s in plan.subjects if s.code == session.subject_code), session.subject_code)
        return SYNC_SUBJECT_NOT_TAKEN.at(row=row.row, column="考试科目" if row.subject else "场次", masked=masked,
                                         subject=subject, session=session.code)


def _assignment(row: AssignmentRow, resolver: _Resolver) -> SeatAssignment | list[Issue]:
    issues: list[Issue] = []
    for value, header, header_en in ((row.ticket_number, "准考证号", "Ticket number"),
                                     (row.id_number, "证件号码", "ID number"),
                                     (row.room_name, "考场名称", "Room name"), (row.seat, "座位号", "Seat number")):
        if value is None:
            issues.append(SYNC_CELL_MISSING.at(row=row.row, column=header, header=header, header_en=header_en))
    seat = positive_whole(row.seat) if row.seat is not None else None
    if row.seat is not None and seat is None:
        issues.append(SYNC_SEAT_INVALID.at(row=row.row, column="座位号", value=row.seat))
    plan = resolver.plan(row)
    if isinstance(plan, Issue):
        return [*issues, plan]
    session = resolver.session(plan, row)
    if isinstance(session, Issue):
        issues.append(session)
    room = resolver.room(plan, row, row.room_name) if row.room_name is not None else None
    if isinstance(room, Issue):
        issues.append(room)
    elif room is not None and seat is not None and seat > room.seats:
        issues.append(SYNC_SEAT_OUT_OF_RANGE.at(row=row.row, column="座位号", room=room.name, seats=room.seats,
                                                seat=seat))
    id_number = row.id_number.strip().upper() if row.id_number is not None else None
    if id_number is not None and not isinstance(session, Issue):
        refused = resolver.registration(plan, session, row, id_number)
        if refused is not None:
            issues.append(refused)
    if issues or isinstance(session, Issue) or not isinstance(room, ExamRoom):
        return issues
    assert id_number is not None and row.ticket_number is not None and seat is not None
    return SeatAssignment(plan.code, session.code, id_number, room.site_code, room.name, seat, row.ticket_number,
                          SeatOrigin.PLATFORM)


def _wanted(rows: Sequence[AssignmentRow], resolver: _Resolver) -> tuple[list[tuple[int, SeatAssignment]],
                                                                        list[Issue]]:
    """The assignments the rows describe, with their row numbers; rows with a problem or repeating an earlier
    row's candidate, seat or ticket give issues instead."""
    issues: list[Issue] = []
    wanted: list[tuple[int, SeatAssignment]] = []
    firsts: dict[object, int] = {}
    for row in rows:
        made = _assignment(row, resolver)
        if isinstance(made, list):
            issues += made
            continue
        ticket = (made.plan_code, made.session_code, made.ticket_number)
        duplicate = False
        for key, what, what_en, column in ((("id", *made.key), f"证件号码 {mask_id_number(made.id_number)}",
                                            "The candidate", "证件号码"),
                                           (("seat", *made.seat_key), f"{made.room_name} 第 {made.seat} 座",
                                            "The seat", "座位号"),
                                           (("ticket", *ticket), f"准考证号 {made.ticket_number}", "The ticket",
                                            "准考证号")):
            first = firsts.setdefault(key, row.row)
            if first != row.row:
                issues.append(SYNC_DUPLICATE.at(row=row.row, column=column, what=what, what_en=what_en, first=first))
                duplicate = True
        if not duplicate:
            wanted.append((row.row, made))
    return wanted, issues


def _ticket_issues(wanted: Sequence[tuple[int, SeatAssignment]], kept: Sequence[SeatAssignment],
                   replaced: dict[tuple[str, ...], SeatAssignment]) -> list[Issue]:
    """A candidate has one ticket number per plan, and it is no other candidate's: each row is checked
    against the stored seats the sync keeps and the other rows. Rows keeping the ticket stored for their
    seat are taken first, so the row reported is the one that changed it."""
    issues: list[Issue] = []
    def changed(item: tuple[int, SeatAssignment]) -> bool:
        old = replaced.get(item[1].key)
        return old is None or old.ticket_number != item[1].ticket_number
    wanted = sorted(wanted, key=lambda item: (changed(item), item[0]))
    ticket_of: dict[tuple[str, str], tuple[str, str, str]] = {}  # (plan, ID) -> ticket, where, where_en
    holder_of: dict[tuple[str, str], tuple[str, str, str]] = {}  # (plan, ticket) -> ID, where, where_en
    for seat in sorted(kept, key=lambda a: a.key):
        where = (f"工作区中场次“{seat.session_code}”", f"in session {seat.session_code!r} in the workspace")
        ticket_of.setdefault((seat.plan_code, seat.id_number.upper()), (seat.ticket_number, *where))
        holder_of.setdefault((seat.plan_code, seat.ticket_number), (seat.id_number.upper(), *where))
    for row_number, seat in wanted:
        person, ticket = (seat.plan_code, seat.id_number), (seat.plan_code, seat.ticket_number)
        where = (f"第{row_number}行", f"on row {row_number}")
        other, *other_where = ticket_of.setdefault(person, (seat.ticket_number, *where))
        if other != seat.ticket_number:
            issues.append(SYNC_TICKET_INCONSISTENT.at(
                row=row_number, column="准考证号", masked=mask_id_number(seat.id_number), ticket=seat.ticket_number,
                other=other, where=other_where[0], where_en=other_where[1]))
        holder, *holder_where = holder_of.setdefault(ticket, (seat.id_number, *where))
        if holder != seat.id_number:
            issues.append(SYNC_TICKET_TAKEN.at(row=row_number, column="准考证号", ticket=seat.ticket_number,
                                               plan=seat.plan_code, masked=mask_id_number(holder),
                                               where=holder_where[0], where_en=holder_where[1]))
    return issues


def _plan_seats(storage: Storage,
                rows: Sequence[AssignmentRow]) -> tuple[list[SeatUpdate], int, list[Issue]]:
    plans = {plan.code: plan for plan in storage.list(ExamPlan)}
    rooms: dict[tuple[str, str], list[ExamRoom]] = {}
    for room in storage.list(ExamRoom):
        rooms.setdefault((room.plan_code, room.name), []).append(room)
    registrations = {(r.plan_code, r.id_number.strip().upper()): r for r in storage.list(Registration)}
    wanted, issues = _wanted(rows, _Resolver(plans, rooms, registrations))
    # every stored seat of the plans the file speaks for; the rows replace a candidate's seat in a session,
    # every other stored seat stays as it is
    listed = {a.key for _, a in wanted}
    kept: list[SeatAssignment] = []
    stored: dict[tuple[str, ...], SeatAssignment] = {}
    for plan_code in sorted({a.plan_code for _, a in wanted}):
        for assignment in storage.list(SeatAssignment, plan_code=plan_code):
            if assignment.key in listed:
                stored[assignment.key] = assignment
            else:
                kept.append(assignment)
    issues += _ticket_issues(wanted, kept, stored)
    covered = {(a.plan_code, a.session_code) for _, a in wanted}
    taken_seats = {a.seat_key: a for a in kept}
    changes: list[SeatUpdate] = []
    unchanged = 0
    known_people: dict[str, bool] = {}
    for row_number, assignment in wanted:
        holder = taken_seats.get(assignment.seat_key)
        if holder is not None:
            issues.append(SYNC_SEAT_CONFLICT.at(row=row_number, column="座位号",
                                                what=f"{assignment.room_name} 第 {assignment.seat} 座",
                                                what_en="The seat", masked=mask_id_number(holder.id_number)))
            continue
        if assignment.id_number not in known_people:
            known_people[assignment.id_number] = bool(storage.candidates_by_id_number(assignment.id_number))
        if not known_people[assignment.id_number]:
            issues.append(SYNC_SEAT_CANDIDATE_UNKNOWN.at(row=row_number, column="证件号码",
                                                         masked=mask_id_number(assignment.id_number)))
        old = stored.get(assignment.key)
        if old == assignment:
            unchanged += 1
        else:
            update = SeatUpdate(assignment, old)
            changes.append(update)
            unchanged += not update.moved  # confirmed as it was: stored with the platform's origin, not a move
    # seats the file does not speak for, in the sessions it covers: kept and reported, except those of a
    # candidate whose rows could not be read (those rows are reported already)
    read = {row_number for row_number, _ in wanted}
    unread = {row.id_number.strip().upper() for row in rows if row.id_number is not None and row.row not in read}
    missing = [a for a in kept if (a.plan_code, a.session_code) in covered and a.id_number.upper() not in unread]
    issues += [SYNC_SEAT_MISSING.at(masked=mask_id_number(a.id_number), session=a.session_code, room=a.room_name,
                                    seat=a.seat) for a in sorted(missing, key=lambda a: a.key)]
    return changes, unchanged, issues
