"""Changes after publication: each touches only the candidates it names and returns an audit entry.

Every function takes the published :class:`SeatAssignment` list and returns a :class:`ChangeResult` whose
``assignments`` equal the input except for the named candidates. A change that cannot be made returns the
input unchanged with a ``sched-change-refused`` issue; closing a room that cannot be fully re-seated reports
``sched-seat-shortfall`` and leaves the candidates who found no seat unseated (listed in the audit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence

import attrs
from attrs import frozen

from xcert_core.issues import Issue
from xcert_core.model import ExamRoom, SeatAssignment
from xcert_core.ports.numbering import TicketContext, TicketScheme
from xcert_core.scheduling.allocation import DEFAULT_COLUMNS, room_shape
from xcert_core.scheduling.issue_types import CHANGE_REFUSED, SEAT_SHORTFALL
from xcert_core.scheduling.numbering import DefaultTicketScheme

Where = tuple[str, int]
"""``(room name, seat)``."""


@frozen
class AuditMove:
    """One candidate's seat change in one session: ``before``/``after`` is None when not seated."""

    id_number: str
    session_code: str
    before: Where | None
    after: Where | None


@frozen
class AuditEntry:
    """Who changed what, when and why, as plain data."""

    action: str
    actor: str
    at: dt.datetime
    plan_code: str
    moves: tuple[AuditMove, ...]
    reason: str = ""


@frozen
class ChangeResult:
    assignments: tuple[SeatAssignment, ...]
    audit: AuditEntry | None
    issues: tuple[Issue, ...] = ()


def _refuse(assignments: Sequence[SeatAssignment], why: str, why_en: str) -> ChangeResult:
    return ChangeResult(tuple(assignments), None, (CHANGE_REFUSED.at(why=why, why_en=why_en),))


def _entry(action: str, actor: str, at: dt.datetime, plan_code: str, moves: list[AuditMove],
           reason: str) -> AuditEntry:
    return AuditEntry(action, actor, at, plan_code, tuple(moves), reason)


def _free_seats(assignments: Sequence[SeatAssignment], rooms: Sequence[ExamRoom], session_code: str, site: str,
                skip_room: str | None = None) -> list[tuple[ExamRoom, int]]:
    taken = {(a.room_name, a.seat) for a in assignments if a.session_code == session_code and a.site_code == site}
    return [(room, seat) for room in rooms if room.site_code == site and room.name != skip_room
            for seat in range(1, room.seats + 1) if (room.name, seat) not in taken]


def _best_seat(free: list[tuple[ExamRoom, int]], klass: Hashable | None, session_code: str,
               assignments: Sequence[SeatAssignment], class_of: Mapping[str, Hashable], columns: int,
               ) -> tuple[ExamRoom, int] | None:
    """The first free seat (rooms in order, seats ascending) with the fewest same-class neighbours."""
    if not free:
        return None
    if klass is None:
        return free[0]
    occupant = {(a.room_name, a.seat): a.id_number for a in assignments if a.session_code == session_code}
    best: tuple[int, int] | None = None
    for index, (room, seat) in enumerate(free):
        shape = room_shape(room.seats, room.layout, columns, 0)
        same = sum(1 for n in shape.neighbours[seat]
                   if (who := occupant.get((room.name, n))) is not None and class_of.get(who) == klass)
        if best is None or same < best[0]:
            best = (same, index)
            if same == 0:
                break
    assert best is not None
    return free[best[1]]


def add_late(assignments: Sequence[SeatAssignment], *, plan_code: str, year: int, id_number: str, site_code: str,
             session_codes: Sequence[str], rooms: Sequence[ExamRoom], class_of: Mapping[str, Hashable],
             actor: str, at: dt.datetime, reason: str = "", scheme: TicketScheme | None = None,
             columns: int = DEFAULT_COLUMNS) -> ChangeResult:
    """Seat a late registrant in every session it sits, in a free seat of its site (reserved seats included),
    preferring seats with no classmate beside, in front or behind; give it a new, unused ticket number.
    ``class_of`` maps ID numbers to class keys (seated candidates and the newcomer)."""
    if any(a.id_number == id_number for a in assignments):
        return _refuse(assignments, "该考生已安排考位", "the candidate is already seated")
    rooms = [room for room in rooms if room.plan_code == plan_code]
    picks: list[tuple[str, ExamRoom, int]] = []
    for session_code in session_codes:
        free = _free_seats(assignments, rooms, session_code, site_code)
        pick = _best_seat(free, class_of.get(id_number), session_code, assignments, class_of, columns)
        if pick is None:
            registrants = 1 + sum(1 for a in assignments if a.session_code == session_code
                                  and a.site_code == site_code)
            issue = SEAT_SHORTFALL.at(site=site_code, session=session_code, registrants=registrants,
                                      seats=registrants - 1, missing=1)
            return ChangeResult(tuple(assignments), None, (issue,))
        picks.append((session_code, *pick))
    used = {a.ticket_number for a in assignments}
    sequence = len({a.id_number for a in assignments}) + 1
    scheme = scheme or DefaultTicketScheme()
    first_room = picks[0][1] if picks else None
    room_index = 1 + [r.name for r in rooms if r.site_code == site_code].index(first_room.name) if first_room else 1
    seat = picks[0][2] if picks else 1
    while (ticket := scheme.ticket_number(TicketContext(plan_code, year, site_code, room_index, seat,
                                                         sequence))) in used:
        sequence += 1
    added = [SeatAssignment(plan_code, session_code, id_number, site_code, room.name, seat_no, ticket)
             for session_code, room, seat_no in picks]
    moves = [AuditMove(id_number, session_code, None, (room.name, seat_no)) for session_code, room, seat_no in picks]
    return ChangeResult((*assignments, *added), _entry("add-late", actor, at, plan_code, moves, reason))


def withdraw(assignments: Sequence[SeatAssignment], *, id_number: str, actor: str, at: dt.datetime,
             reason: str = "") -> ChangeResult:
    """Free every seat of one candidate; the seat stays free (nobody moves up)."""
    gone = [a for a in assignments if a.id_number == id_number]
    if not gone:
        return _refuse(assignments, "该考生没有考位", "the candidate has no seat")
    moves = [AuditMove(id_number, a.session_code, (a.room_name, a.seat), None) for a in gone]
    kept = tuple(a for a in assignments if a.id_number != id_number)
    return ChangeResult(kept, _entry("withdraw", actor, at, gone[0].plan_code, moves, reason))


def move(assignments: Sequence[SeatAssignment], *, id_number: str, session_code: str, room: ExamRoom, seat: int,
         actor: str, at: dt.datetime, reason: str = "") -> ChangeResult:
    """Move one candidate, in one session, to a given free seat of a room at the same site."""
    index = next((i for i, a in enumerate(assignments)
                  if a.id_number == id_number and a.session_code == session_code), None)
    if index is None:
        return _refuse(assignments, "该考生在该场次没有考位", "the candidate has no seat in the session")
    current = assignments[index]
    if room.site_code != current.site_code:
        return _refuse(assignments, "目标考场不在该考生的考核站点", "the target room is not at the candidate's site")
    if not 1 <= seat <= room.seats:
        return _refuse(assignments, f"考场“{room.name}”只有 {room.seats} 个考位，没有第 {seat} 号",
                       f"room {room.name} has seats 1 to {room.seats}")
    if any(a.session_code == session_code and a.site_code == room.site_code and a.room_name == room.name
           and a.seat == seat for a in assignments):
        return _refuse(assignments, "目标考位已有考生", "the target seat is taken")
    moved = attrs.evolve(current, room_name=room.name, seat=seat)
    result = (*assignments[:index], moved, *assignments[index + 1:])
    audit = _entry("move", actor, at, current.plan_code,
                   [AuditMove(id_number, session_code, (current.room_name, current.seat), (room.name, seat))], reason)
    return ChangeResult(result, audit)


def swap(assignments: Sequence[SeatAssignment], *, first: str, second: str, session_code: str, actor: str,
         at: dt.datetime, reason: str = "") -> ChangeResult:
    """Swap the seats of two candidates at the same site in one session."""
    found = {a.id_number: i for i, a in enumerate(assignments)
             if a.session_code == session_code and a.id_number in (first, second)}
    if first == second:
        return _refuse(assignments, "请给出两名不同的考生", "swap needs two different candidates")
    if len(found) != 2:
        return _refuse(assignments, "两名考生须在同一场次都有考位", "both candidates need a seat in the session")
    a, b = assignments[found[first]], assignments[found[second]]
    if a.site_code != b.site_code:
        return _refuse(assignments, "两名考生不在同一考核站点", "the candidates are at different sites")
    result = list(assignments)
    result[found[first]] = attrs.evolve(a, room_name=b.room_name, seat=b.seat)
    result[found[second]] = attrs.evolve(b, room_name=a.room_name, seat=a.seat)
    moves = [AuditMove(first, session_code, (a.room_name, a.seat), (b.room_name, b.seat)),
             AuditMove(second, session_code, (b.room_name, b.seat), (a.room_name, a.seat))]
    return ChangeResult(tuple(result), _entry("swap", actor, at, a.plan_code, moves, reason))


def close_room(assignments: Sequence[SeatAssignment], *, room: ExamRoom, rooms: Sequence[ExamRoom],
               class_of: Mapping[str, Hashable], actor: str, at: dt.datetime, reason: str = "",
               columns: int = DEFAULT_COLUMNS) -> ChangeResult:
    """Close a room: re-seat only its candidates into free seats of the site's other rooms (classmates apart
    where possible). Those who find no seat are left unseated and reported as a shortfall."""
    others = [r for r in rooms if r.plan_code == room.plan_code and r.site_code == room.site_code
              and r.name != room.name]
    result = list(assignments)
    moves: list[AuditMove] = []
    issues: list[Issue] = []
    displaced = [i for i, a in enumerate(assignments) if a.site_code == room.site_code and a.room_name == room.name]
    by_session: dict[str, list[int]] = {}
    for i in displaced:
        by_session.setdefault(assignments[i].session_code, []).append(i)
    dropped: set[int] = set()
    for session_code, indices in by_session.items():
        missing = 0
        for i in indices:
            current = result[i]
            free = _free_seats([a for j, a in enumerate(result) if j not in dropped], others, session_code,
                               room.site_code, skip_room=room.name)
            pick = _best_seat(free, class_of.get(current.id_number), session_code,
                              [a for j, a in enumerate(result) if j not in dropped and a.room_name != room.name],
                              class_of, columns)
            if pick is None:
                dropped.add(i)
                missing += 1
                moves.append(AuditMove(current.id_number, session_code, (current.room_name, current.seat), None))
                continue
            new_room, seat = pick
            result[i] = attrs.evolve(current, room_name=new_room.name, seat=seat)
            moves.append(AuditMove(current.id_number, session_code, (current.room_name, current.seat),
                                   (new_room.name, seat)))
        if missing:
            total = sum(1 for a in assignments if a.session_code == session_code and a.site_code == room.site_code)
            issues.append(SEAT_SHORTFALL.at(site=room.site_code, session=session_code, registrants=total,
                                            seats=total - missing, missing=missing))
    kept = tuple(a for j, a in enumerate(result) if j not in dropped)
    return ChangeResult(kept, _entry("close-room", actor, at, room.plan_code, moves, reason), tuple(issues))
