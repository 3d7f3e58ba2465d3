"""The plan report (排考汇总) as plain data: per session and room the occupied and free seats, the proctors and
the ticket-number range."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from xcert_core.labels import ProctorRole
from xcert_core.model import ExamRoom, ProctorAssignment, SeatAssignment


@frozen
class RoomSummary:
    session_code: str
    site_code: str
    room_name: str
    seats: int
    occupied: int
    free: int
    proctors: tuple[str, ...]
    """Teacher numbers of the room's 监考."""
    first_ticket: str
    last_ticket: str


def room_summaries(assignments: Sequence[SeatAssignment], rooms: Sequence[ExamRoom],
                   proctors: Sequence[ProctorAssignment] = ()) -> list[RoomSummary]:
    """One summary per session and room that is used in the session (has candidates or proctors), ordered by
    session, site and the rooms' given order."""
    order = {(room.site_code, room.name): i for i, room in enumerate(rooms)}
    size = {(room.site_code, room.name): room.seats for room in rooms}
    seated: dict[tuple[str, str, str], list[SeatAssignment]] = {}
    for a in assignments:
        seated.setdefault((a.session_code, a.site_code, a.room_name), []).append(a)
    staff: dict[tuple[str, str, str], list[str]] = {}
    for p in proctors:
        if p.role is ProctorRole.PROCTOR and p.room_name is not None:
            staff.setdefault((p.session_code, p.site_code, p.room_name), []).append(p.teacher_number)
    keys = sorted(set(seated) | set(staff), key=lambda k: (k[0], k[1], order.get((k[1], k[2]), len(order)), k[2]))
    summaries = []
    for key in keys:
        people = seated.get(key, [])
        tickets = sorted(a.ticket_number for a in people)
        seats = size.get((key[1], key[2]), len(people))
        summaries.append(RoomSummary(key[0], key[1], key[2], seats, len(people), max(0, seats - len(people)),
                                     tuple(sorted(staff.get(key, []))), tickets[0] if tickets else "",
                                     tickets[-1] if tickets else ""))
    return summaries
