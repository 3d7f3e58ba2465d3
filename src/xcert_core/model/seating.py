"""Seat assignments (排考明细): who sits where, with which admission ticket number (准考证号)."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty, positive


@frozen
class SeatAssignment(Keyed):
    """One candidate's seat in one session: room, seat number (from 1) and ticket number.

    Storage keeps (plan, session, room, seat) and (plan, ticket number per candidate) unique.
    """

    plan_code: str = field(validator=non_empty)
    session_code: str = field(validator=non_empty)
    id_number: str = field(validator=non_empty)
    site_code: str = field(validator=non_empty)
    room_name: str = field(validator=non_empty)
    seat: int = field(validator=positive)
    ticket_number: str = field(validator=non_empty)

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "session_code", "id_number")
    unique_fields: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("plan_code", "session_code", "site_code", "room_name", "seat"),  # never two candidates in one seat
        ("plan_code", "session_code", "ticket_number"),  # a ticket number names one candidate
    )

    @property
    def seat_key(self) -> tuple[str, str, str, str, int]:
        return (self.plan_code, self.session_code, self.site_code, self.room_name, self.seat)
