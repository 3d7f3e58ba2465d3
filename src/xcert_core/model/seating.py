"""Seat assignments (排考明细): who sits where, with which admission ticket number (准考证号), and the log of
changes to them (排考调整记录)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import SeatOrigin
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty, positive


@frozen
class SeatAssignment(Keyed):
    """One candidate's seat in one session: room, seat number (from 1) and ticket number.

    ``origin`` says who decided it: xcert's scheduler (provisional ticket numbers) or the platform's 排考
    (synced; ``xcert schedule --redo`` does not replace it without ``--replace-platform-seating``).
    Storage keeps (plan, session, room, seat) and (plan, ticket number per candidate) unique.
    """

    plan_code: str = field(validator=non_empty)
    session_code: str = field(validator=non_empty)
    id_number: str = field(validator=non_empty)
    site_code: str = field(validator=non_empty)
    room_name: str = field(validator=non_empty)
    seat: int = field(validator=positive)
    ticket_number: str = field(validator=non_empty)
    origin: SeatOrigin = SeatOrigin.XCERT

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "session_code", "id_number")
    unique_fields: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("plan_code", "session_code", "site_code", "room_name", "seat"),  # never two candidates in one seat
        ("plan_code", "session_code", "ticket_number"),  # a ticket number names one candidate
    )

    @property
    def seat_key(self) -> tuple[str, str, str, str, int]:
        return (self.plan_code, self.session_code, self.site_code, self.room_name, self.seat)


@frozen
class SeatMove:
    """One candidate's seat before and after a change in one session (``None``: not seated then)."""

    id_number: str = field(validator=non_empty)
    session_code: str = field(validator=non_empty)
    before_room: str | None = None
    before_seat: int | None = None
    after_room: str | None = None
    after_seat: int | None = None


@frozen
class SeatChange(Keyed):
    """排考调整记录: one change after publication (or one whole scheduling run), append-only.

    ``action`` is ``schedule``, ``redo``, ``add-late``, ``withdraw``, ``move``, ``swap`` or ``close-room``;
    ``moves`` lists every candidate whose seat changed. ``seq`` numbers a plan's records from 1; storage
    refuses a second record with the same ``seq`` (``DuplicateKeyError``), so two writers cannot both append
    "the next" one.
    """

    plan_code: str = field(validator=non_empty)
    seq: int = field(validator=positive)
    action: str = field(validator=non_empty)
    actor: str
    at: dt.datetime
    moves: tuple[SeatMove, ...] = ()
    reason: str = ""

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "seq")
