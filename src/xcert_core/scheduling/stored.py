"""Scheduling over stored data: rooms and proctors into the workspace, a plan's seats and proctors computed and
stored in one transaction, and changes after publication applied to the stored plan with an audit record.

Pure over the :class:`~xcert_core.ports.storage.Storage` port (no file formats here):

* :func:`room_import_issues` / :func:`store_rooms` — rooms belong to a stored exam plan and a stored exam site;
  an import is checked first and written in one transaction only when it has no error (rooms already stored
  under the same plan, site and name are replaced, never shrunk below a seat that has a candidate).
* :func:`store_proctors` — proctors are replaced by (school, teacher number), in one transaction.
* :func:`schedule_plan` — the plan's active registrations, its rooms (in key order: site, then room name) and
  every stored proctor go through :func:`~xcert_core.scheduling.allocation.allocate` and
  :func:`~xcert_core.scheduling.proctoring.assign_proctors`. When that gives no error (enough seats per site
  and session, enough proctors, no overlapping sessions), the seat and proctor assignments are stored in ONE
  transaction with a ``schedule`` (or ``redo``) :class:`~xcert_core.model.SeatChange`; otherwise nothing is
  written. Same stored data and seed give the same stored plan. A plan that already has seats is refused
  unless ``redo`` (which replaces them); seats that came from the platform's 排考 only with
  ``replace_platform`` as well.
* :func:`staff_plan` — 监考 and 巡考 for the stored seating (the platform's after a sync), moving nobody.
* :func:`change_plan` — one change of :mod:`xcert_core.scheduling.changes` on the stored seats: only the seats
  that differ are written, with a :class:`~xcert_core.model.SeatChange` record numbered after the plan's last,
  in one transaction. Closing a room also removes the room and its 监考 assignments from the plan.

Proctors booked by another plan in an overlapping session are treated as unavailable, so one person is never
in two places at once across plans.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

import attrs
from attrs import frozen

from xcert_core.errors import XcertError
from xcert_core.issues import Issue, has_error
from xcert_core.labels import ProctorRole, RegistrationStatus, ReviewStatus, SeatOrigin, SiteStatus
from xcert_core.model import (
    Candidate,
    Entity,
    ExamPlan,
    ExamRoom,
    ExamSession,
    ExamSite,
    Proctor,
    ProctorAssignment,
    Registration,
    SeatAssignment,
    SeatChange,
    SeatMove,
)
from xcert_core.model.candidates import class_key_of
from xcert_core.ports.storage import Storage
from xcert_core.scheduling.allocation import (
    AllocationOptions,
    AllocationResult,
    Placement,
    allocate,
    class_key,
    sessions_of,
)
from xcert_core.scheduling.capacity import rooms_after, seat_shortfalls
from xcert_core.scheduling.changes import AuditEntry, ChangeResult
from xcert_core.scheduling.issue_types import (
    PLATFORM_REPLACED,
    ROOM_PLAN_UNKNOWN,
    ROOM_SEATS_IN_USE,
    ROOM_SEATS_SHORT,
    ROOM_SITE_NOT_READY,
    ROOM_SITE_UNKNOWN,
    ROOM_UNWATCHED,
    SESSION_UNKNOWN,
)
from xcert_core.scheduling.proctoring import ProctorPlan, assign_proctors


class PlanNotFoundError(XcertError):
    """The command names an exam plan the workspace does not have (exit 2)."""


class AlreadyScheduledError(XcertError):
    """The plan already has stored seats and ``redo`` was not asked for (exit 2)."""


class PlatformSeatingError(XcertError):
    """``redo`` would replace seats that came from the platform's 排考 and the caller did not say
    ``replace_platform`` (exit 2)."""


class NotScheduledError(XcertError):
    """A change after publication on a plan without stored seats (exit 2)."""


def get_plan(storage: Storage, plan_code: str) -> ExamPlan:
    """The stored plan, or :class:`PlanNotFoundError` with a Chinese message."""
    plan = storage.find(ExamPlan, (plan_code,))
    if plan is None:
        known = "、".join(p.code for p in storage.list(ExamPlan)) or "无"
        raise PlanNotFoundError(f"工作区中没有考试计划“{plan_code}”（已有：{known}）/ no exam plan {plan_code!r}")
    return plan


# --- rooms and proctors ------------------------------------------------------------------------------------


def room_import_issues(storage: Storage, rooms: Sequence[ExamRoom], plan_code: str,
                       rows: Sequence[int | None] | None = None) -> list[Issue]:
    """What stops ``rooms`` (read for ``plan_code``) from being stored: an unknown plan, an unknown site
    (errors), a site not approved, disabled or not covering the plan's certificate (a warning), and a stored,
    already seated room whose seats would shrink below an occupied seat. And what the rooms leave short: a
    site of theirs and a session whose seats, once the rooms are stored, are fewer than its registrants (a warning,
    ``room-seats-short``: registrations may still change; scheduling makes it an error). ``rows`` gives each
    room's sheet row."""
    plan = storage.find(ExamPlan, (plan_code,))
    issues: list[Issue] = []
    if plan is None:
        issues.append(ROOM_PLAN_UNKNOWN.at(plan=plan_code))
    sites: dict[str, ExamSite | None] = {}
    seated: dict[tuple[str, str], int] = {}
    if plan is not None:
        for a in storage.list(SeatAssignment, plan_code=plan_code):
            where = (a.site_code, a.room_name)
            seated[where] = max(seated.get(where, 0), a.seat)
    warned: set[str] = set()
    for index, room in enumerate(rooms):
        row = rows[index] if rows is not None else None
        if room.site_code not in sites:
            sites[room.site_code] = storage.find(ExamSite, (room.site_code,))
        site = sites[room.site_code]
        if site is None:
            issues.append(ROOM_SITE_UNKNOWN.at(row=row, column="考核站点编号", site=room.site_code))
        elif room.site_code not in warned and (why := _site_not_ready(site, plan)):
            warned.add(room.site_code)
            issues.append(ROOM_SITE_NOT_READY.at(row=row, column="考核站点编号", site=room.site_code, why=why))
        highest = seated.get((room.site_code, room.name), 0)
        if highest > room.seats:
            issues.append(ROOM_SEATS_IN_USE.at(row=row, column="考位数", name=room.name, seat=highest,
                                               seats=room.seats))
    if plan is not None and rooms:
        after = rooms_after(storage.list(ExamRoom, plan_code=plan_code), rooms)
        issues += [ROOM_SEATS_SHORT.at(plan=s.plan_code, site=s.site_code, session=s.session_code,
                                       registrants=s.registrants, seats=s.seats, missing=s.missing)
                   for s in seat_shortfalls(plan, storage.list(Registration, plan_code=plan_code), after)
                   if s.site_code in {room.site_code for room in rooms}]
    return issues


def _site_not_ready(site: ExamSite, plan: ExamPlan | None) -> str:
    if site.review_status is not ReviewStatus.APPROVED:
        return f"的审核状态是“{site.review_status.label}”"
    if site.site_status is not SiteStatus.ENABLED:
        return f"已{site.site_status.label.removeprefix('已')}"
    if plan is not None and plan.certificate_code not in site.certificate_codes:
        return f"不含证书“{plan.certificate_code}”"
    return ""


@frozen
class StoreCounts:
    """What an all-or-nothing import wrote: new entities, changed ones, and ones already stored as they are
    (left untouched, so a re-import of the same sheet says 未变 rather than 更新)."""

    added: int
    replaced: int
    unchanged: int = 0


def store_entities(storage: Storage, entities: Sequence[Entity]) -> StoreCounts:
    """Write ``entities`` in one transaction, counting the new, the changed and the unchanged (left as they
    are)."""
    added = replaced = unchanged = 0
    with storage.transaction() as tx:
        for entity in entities:
            stored = tx.find(type(entity), entity.key)
            if stored == entity:
                unchanged += 1
                continue
            if stored is None:
                added += 1
            else:
                replaced += 1
            tx.put(entity)
    return StoreCounts(added, replaced, unchanged)


def store_rooms(storage: Storage, rooms: Sequence[ExamRoom]) -> StoreCounts:
    """Write ``rooms`` (checked by :func:`room_import_issues`) in one transaction."""
    return store_entities(storage, rooms)


def store_proctors(storage: Storage, proctors: Sequence[Proctor]) -> StoreCounts:
    """Write ``proctors`` in one transaction (replacing those with the same school and teacher number)."""
    return store_entities(storage, proctors)


# --- scheduling --------------------------------------------------------------------------------------------


def class_keys_of(storage: Storage, registrations: Iterable[Registration]) -> dict[str, Hashable]:
    """ID number -> the candidate's default class (program code and enrolment year) from the stored roster."""
    keys: dict[str, Hashable] = {}
    by_school: dict[str, set[str]] = {}
    for registration in registrations:
        by_school.setdefault(registration.school_code, set()).add(registration.id_number)
    for school, numbers in by_school.items():  # three fields of each candidate, not the whole record
        for id_number, program, year in storage.values(Candidate, ("id_number", "program_code", "enrolment_year"),
                                                        school_code=school):
            if id_number in numbers and (key := class_key_of(program, year)) is not None:
                keys[id_number] = key
    return keys


def busy_elsewhere(storage: Storage, plan: ExamPlan, proctors: Sequence[Proctor]) -> list[Proctor]:
    """``proctors`` with the plan's sessions that overlap their bookings in other plans added to their
    unavailable sessions."""
    plans = {p.code: p for p in storage.list(ExamPlan) if p.code != plan.code}
    booked: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for code in plans:
        for a in storage.list(ProctorAssignment, plan_code=code):
            booked.setdefault((a.school_code, a.teacher_number), []).append((code, a.session_code))
    if not booked:
        return list(proctors)
    result = []
    for person in proctors:
        taken = booked.get((person.school_code, person.teacher_number), [])
        other_sessions = [s for code, session_code in taken for s in plans[code].sessions if s.code == session_code]
        clash = {s.code for s in plan.sessions if any(s.overlaps(o) for o in other_sessions)}
        result.append(attrs.evolve(person, unavailable_sessions=person.unavailable_sessions | clash)
                      if clash else person)
    return result


@frozen
class ScheduleOutcome:
    """What :func:`schedule_plan` computed, its issues, and whether it was stored."""

    plan: ExamPlan
    rooms: tuple[ExamRoom, ...]
    allocation: AllocationResult
    proctors: ProctorPlan
    issues: tuple[Issue, ...]
    stored: bool
    seat_assignments: tuple[SeatAssignment, ...] = ()
    """The allocation's placements as model objects, built once (20,000 of them take a tenth of a second)."""
    replaced: int = 0
    """How many seat assignments a ``redo`` replaced."""


def seating_options(options: AllocationOptions | None, cross: bool) -> AllocationOptions:
    """``options`` (default: the allocator's defaults) as seating for ``cross`` (交叉监考) needs them: each
    school's candidates seated together, so that rooms hold one school and proctors of the others can watch."""
    options = options or AllocationOptions()
    return attrs.evolve(options, by_school=True) if cross else options


def next_change_seq(storage: Storage, plan_code: str) -> int:
    """The number of the plan's next :class:`~xcert_core.model.SeatChange` record."""
    return max((c.seq for c in storage.list(SeatChange, plan_code=plan_code)), default=0) + 1


def schedule_plan(storage: Storage, plan_code: str, *, seed: int, options: AllocationOptions | None = None,
                  per_room: int = 2, inspectors_per_site: int = 1, redo: bool = False,
                  replace_platform: bool = False, actor: str = "", at: dt.datetime | None = None,
                  refuse: Callable[[Sequence[Issue]], bool] = has_error, cross: bool = False) -> ScheduleOutcome:
    """Allocate and assign proctors (with ``cross``: 交叉监考, nobody watching their own school's candidates) for a
    stored plan; store the result unless ``refuse`` judges its issues
    (default: any catalogued error; the CLI applies the school's severity settings) — see the module docstring.
    :class:`AlreadyScheduledError` when the plan has seats and ``redo`` is false;
    :class:`PlatformSeatingError` when some of them came from the platform and ``replace_platform`` is false
    (with it, a ``sched-platform-seating-replaced`` warning says how many ticket numbers and seats change)."""
    plan = get_plan(storage, plan_code)
    existing = storage.list(SeatAssignment, plan_code=plan_code)
    if existing and not redo:
        platform = " --replace-platform-seating" if platform_seated(existing) else ""
        raise AlreadyScheduledError(
            f"考试计划“{plan_code}”已排考（{len(existing)} 个考位{'，来自平台排考' if platform else ''}）：调整个别考生"
            f"请用 xcert schedule add/withdraw/move/swap/close-room；只安排监考请用 xcert schedule proctors --plan "
            f"{plan_code}；全部重排请加 --redo{platform} / plan {plan_code!r} is already scheduled; pass --redo "
            "to replace it")
    if platform_seated(existing) and not replace_platform:
        raise PlatformSeatingError(
            f"考试计划“{plan_code}”的 {len(platform_seated(existing))} 个考位来自平台排考，是打印准考证的依据，"
            f"xcert 不会用自己的试排替换它们。安排监考请用 xcert schedule proctors --plan {plan_code}；确实要替换"
            f"（准考证号会改变）请加 --replace-platform-seating / plan {plan_code!r} has the platform's seating; "
            "pass --replace-platform-seating to replace it")
    registrations = storage.list(Registration, plan_code=plan_code)
    rooms = storage.list(ExamRoom, plan_code=plan_code)
    allocation = allocate_for(storage, plan, registrations, rooms, seed, seating_options(options, cross))
    places = Places.of(allocation.placements, {r.id_number: r.school_code for r in registrations})
    proctor_plan, unknown = _staff(storage, plan, places, per_room, inspectors_per_site, cross)
    issues = (*allocation.issues, *proctor_plan.issues, *unknown)
    seats = tuple(allocation.seat_assignments())
    if platform_seated(existing):
        issues = (*issues, _replaced(plan_code, existing, seats))
    outcome = ScheduleOutcome(plan, tuple(rooms), allocation, proctor_plan, issues, stored=False,
                              seat_assignments=seats)
    if refuse(issues):
        return outcome
    with storage.transaction() as tx:
        replace_changed(tx, SeatAssignment, existing, seats)
        replace_changed(tx, ProctorAssignment, tx.list(ProctorAssignment, plan_code=plan_code),
                        proctor_plan.assignments)
        tx.add(SeatChange(plan_code, next_change_seq(tx, plan_code), "redo" if existing else "schedule", actor,
                          at or dt.datetime.now(dt.UTC), (), f"seed={seed}"))
    return attrs.evolve(outcome, stored=True, replaced=len(existing))


def platform_seated(seats: Sequence[SeatAssignment]) -> list[SeatAssignment]:
    """The seats among ``seats`` that came from the platform's 排考."""
    return [seat for seat in seats if seat.origin is SeatOrigin.PLATFORM]


def _replaced(plan_code: str, old: Sequence[SeatAssignment], new: Sequence[SeatAssignment]) -> Issue:
    before_ticket = {a.id_number: a.ticket_number for a in old}
    after_ticket = {a.id_number: a.ticket_number for a in new}
    changed = sum(1 for number, ticket in before_ticket.items() if after_ticket.get(number) != ticket)
    before = {a.key: (a.site_code, a.room_name, a.seat) for a in old}
    moved = sum(1 for a in new if before.get(a.key) != (a.site_code, a.room_name, a.seat))
    moved += sum(1 for key in before if key not in {a.key for a in new})
    return PLATFORM_REPLACED.at(plan=plan_code, changed=changed, moved=moved)


@frozen
class Places:
    """The rooms in use per session, and the schools of the candidates seated in each room (``(session, site,
    room)``) and at each site (``(session, site, None)``), which cross-invigilation keeps proctors away from."""

    in_use: Mapping[str, tuple[tuple[str, str], ...]]
    schools: Mapping[tuple[str, str, str | None], frozenset[str]]

    @classmethod
    def of(cls, seats: Iterable[Placement | SeatAssignment], school_of: Mapping[str, str]) -> Places:
        """The places of ``seats`` (placements or stored seats); ``school_of`` maps an ID number to its
        registration's school."""
        in_use: dict[str, set[tuple[str, str]]] = {}
        schools: dict[tuple[str, str, str | None], set[str]] = {}
        for seat in seats:
            in_use.setdefault(seat.session_code, set()).add((seat.site_code, seat.room_name))
            school = school_of.get(seat.id_number)
            if school is not None:
                schools.setdefault((seat.session_code, seat.site_code, seat.room_name), set()).add(school)
                schools.setdefault((seat.session_code, seat.site_code, None), set()).add(school)
        return cls({code: tuple(sorted(rooms)) for code, rooms in in_use.items()},
                   {key: frozenset(found) for key, found in schools.items()})

    def schools_in(self, session_code: str, site_code: str, room_name: str | None) -> frozenset[str]:
        return self.schools.get((session_code, site_code, room_name), frozenset())


def _staff(storage: Storage, plan: ExamPlan, places: Places, per_room: int, inspectors_per_site: int,
           cross: bool = False) -> tuple[ProctorPlan, list[Issue]]:
    """Proctors and inspectors for the rooms in use per session (``cross``: never of a school seated there), and
    the warnings about proctors' unknown unavailable sessions."""
    people = busy_elsewhere(storage, plan, storage.list(Proctor))
    proctor_plan = assign_proctors(plan.code, plan.sessions, places.in_use, people, per_room=per_room,
                                   inspectors_per_site=inspectors_per_site,
                                   schools_in=places.schools_in if cross else None)
    sessions = {session.code for stored_plan in storage.list(ExamPlan) for session in stored_plan.sessions}
    unknown = [SESSION_UNKNOWN.at(teacher=p.teacher_number, name=p.name, session=code)
               for p in people for code in sorted(p.unavailable_sessions) if code not in sessions]
    return proctor_plan, unknown


@frozen
class StaffOutcome:
    """What :func:`staff_plan` computed for the stored seating, its issues, and whether it was stored."""

    plan: ExamPlan
    rooms: tuple[ExamRoom, ...]
    seats: tuple[SeatAssignment, ...]
    proctors: ProctorPlan
    issues: tuple[Issue, ...]
    stored: bool


def staff_plan(storage: Storage, plan_code: str, *, per_room: int = 2, inspectors_per_site: int = 1,
               refuse: Callable[[Sequence[Issue]], bool] = has_error, cross: bool = False) -> StaffOutcome:
    """Assign 监考 and 巡考 to the rooms the plan's stored seats use (the platform's seating after a sync, or
    xcert's), moving nobody: the plan's proctor assignments are replaced in one transaction unless ``refuse``
    judges the issues (a shortfall). :class:`NotScheduledError` when the plan has no seats."""
    plan = get_plan(storage, plan_code)
    seats = scheduled_seats(storage, plan_code)
    school_of = dict(storage.values(Registration, ("id_number", "school_code"), plan_code=plan_code))
    proctor_plan, unknown = _staff(storage, plan, Places.of(seats, school_of), per_room, inspectors_per_site, cross)
    issues = (*proctor_plan.issues, *unknown)
    outcome = StaffOutcome(plan, tuple(storage.list(ExamRoom, plan_code=plan_code)), tuple(seats), proctor_plan,
                           issues, stored=False)
    if refuse(issues):
        return outcome
    with storage.transaction() as tx:
        replace_changed(tx, ProctorAssignment, tx.list(ProctorAssignment, plan_code=plan_code),
                        proctor_plan.assignments)
    return attrs.evolve(outcome, stored=True)


def replace_changed(tx: Storage, entity_type: type[Entity], old: Sequence[Entity], new: Sequence[Entity]) -> None:
    """Make the stored ``old`` entities ``new``, writing only what differs (a redo with the same data and seed
    writes nothing). Unchanged rows cannot clash with new ones: the new set has no two in one seat. Each entity's
    key is worked out once (a reseeded plan of 200,000 seats compares 400,000 entities)."""
    new_keys = [entity.key for entity in new]
    kept = dict(zip(new_keys, new, strict=True))
    before = {entity.key: entity for entity in old}  # stored entities: one per key
    tx.delete_all(entity_type, [key for key, entity in before.items() if kept.get(key) != entity])
    tx.add_all([entity for key, entity in zip(new_keys, new, strict=True) if before.get(key) != entity])


def allocate_for(storage: Storage, plan: ExamPlan, registrations: Sequence[Registration],
                 rooms: Sequence[ExamRoom], seed: int, options: AllocationOptions) -> AllocationResult:
    """:func:`~xcert_core.scheduling.allocation.allocate` with the classes from the stored roster."""
    return allocate(registrations, rooms, plan, seed, options, class_keys=class_keys_of(storage, registrations))


# --- changes after publication -----------------------------------------------------------------------------


@frozen
class ChangeOutcome:
    """What a change did: the audit record (``None`` when refused), issues, and the seats written."""

    record: SeatChange | None
    issues: tuple[Issue, ...]
    written: int = 0
    removed: int = 0
    released_proctors: tuple[ProctorAssignment, ...] = ()


def scheduled_seats(storage: Storage, plan_code: str) -> list[SeatAssignment]:
    """The plan's stored seats; :class:`NotScheduledError` when it has none."""
    seats = storage.list(SeatAssignment, plan_code=plan_code)
    if not seats:
        raise NotScheduledError(f"考试计划“{plan_code}”还没有排考，请先运行 xcert schedule --plan {plan_code} / "
                                f"plan {plan_code!r} is not scheduled yet")
    return seats


def school_seats(storage: Storage, plan_code: str, school_code: str) -> list[SeatAssignment]:
    """The plan's seats of the candidates ``school_code`` registered for it, in key order, read by their ID
    numbers (:meth:`~xcert_core.ports.storage.Storage.list_in`) rather than by reading every seat of the plan:
    a school's package of a 2,000,000-seat plan needs about 200. Empty when the school has no seat."""
    theirs = {number for (number,) in storage.values(Registration, ("id_number",), plan_code=plan_code,
                                                      school_code=school_code)}
    return storage.list_in(SeatAssignment, "id_number", theirs, plan_code=plan_code)


def plan_classes(storage: Storage, plan: ExamPlan) -> dict[str, Hashable]:
    """ID number -> class key (the 班级 label, else program and enrolment year) of the plan's registrations."""
    registrations = storage.list(Registration, plan_code=plan.code)
    keys = class_keys_of(storage, registrations)
    return {r.id_number: key for r in registrations if (key := class_key(r, keys)) is not None}


def active_registration(storage: Storage, plan: ExamPlan, id_number: str) -> Registration | None:
    registration = storage.find(Registration, (plan.code, id_number))
    if registration is None or registration.status is not RegistrationStatus.ACTIVE:
        return None
    return registration


def registration_sessions(registration: Registration, plan: ExamPlan) -> list[str]:
    """The session codes a registration sits (overlapping ones dropped, as allocation does)."""
    kept: list[str] = []
    taken: list[ExamSession] = []
    for session in sessions_of(registration, plan):
        if not any(session.overlaps(other) for other in taken):
            taken.append(session)
            kept.append(session.code)
    return kept


def _moves(entry: AuditEntry) -> tuple[SeatMove, ...]:
    return tuple(SeatMove(m.id_number, m.session_code, *(m.before or (None, None)), *(m.after or (None, None)))
                 for m in entry.moves)


def change_plan(storage: Storage, plan_code: str, change: Callable[[list[SeatAssignment]], ChangeResult], *,
                close_room: ExamRoom | None = None) -> ChangeOutcome:
    """Apply ``change`` to the plan's stored seats and store what differs, with the audit record, in one
    transaction (nothing when the change is refused). ``close_room`` also removes that room and its 监考."""
    seats = scheduled_seats(storage, plan_code)
    result = change(seats)
    if result.audit is None:
        return ChangeOutcome(None, result.issues)
    before = {a.key: a for a in seats}
    after = {a.key: a for a in result.assignments}
    gone = [key for key in before if key not in after]
    written = [a for key, a in after.items() if before.get(key) != a]
    entry = result.audit
    released: list[ProctorAssignment] = []
    with storage.transaction() as tx:
        for key in gone:
            tx.delete(SeatAssignment, key)
        for a in written:  # moved seats first leave theirs, so swaps never meet the one-seat constraint
            if a.key in before:
                tx.delete(SeatAssignment, a.key)
        tx.add_all(written)
        if close_room is not None:
            released = [p for p in tx.list(ProctorAssignment, plan_code=plan_code)
                        if p.role is ProctorRole.PROCTOR and p.site_code == close_room.site_code
                        and p.room_name == close_room.name]
            for staff in released:
                tx.delete(ProctorAssignment, staff.key)
            tx.delete(ExamRoom, close_room.key)
        record = SeatChange(plan_code, next_change_seq(tx, plan_code), entry.action, entry.actor, entry.at,
                            _moves(entry), entry.reason)
        tx.add(record)
        unwatched = unwatched_rooms(tx.list(SeatAssignment, plan_code=plan_code),
                                    tx.list(ProctorAssignment, plan_code=plan_code))
    return ChangeOutcome(record, (*result.issues, *unwatched), len(written), len(gone), tuple(released))


def unwatched_rooms(seats: Sequence[SeatAssignment], staff: Sequence[ProctorAssignment]) -> list[Issue]:
    """A ``sched-room-unwatched`` warning for every room and session with candidates and no 监考 (a change
    after publication may move someone into a room that had nobody); none for a plan scheduled without any."""
    watched = {(a.session_code, a.site_code, a.room_name) for a in staff if a.role is ProctorRole.PROCTOR}
    if not watched:  # the plan was scheduled without proctors (--per-room 0): nothing to warn about
        return []
    seated = Counter((s.session_code, s.site_code, s.room_name) for s in seats)
    return [ROOM_UNWATCHED.at(room=room, session=session, count=count)
            for (session, site, room), count in sorted(seated.items()) if (session, site, room) not in watched]


def proctor_names(proctors: Iterable[Proctor]) -> Mapping[tuple[str, str], str]:
    return {(p.school_code, p.teacher_number): p.name for p in proctors}
