"""Scheduling a plan one site at a time (#20 item 4): what lets the 培训评价组织's 排考 run as jobs on several
machines. :func:`seat_site` seats one site's registrants in that site's rooms and stores those seats (nothing of
another site changes); :func:`finish_plan`, once every site is seated, numbers the tickets over the whole plan and
assigns the proctors and inspectors (one person is never in two places at once, so proctors are assigned for
the plan, not per site).

Contracts:

- :func:`seat_site` is idempotent: the same stored data and seed store the same seats, so a retried job writes
  the same rows; each site's seating follows the rules of :func:`~xcert_core.scheduling.allocation.allocate`
  (one seat per candidate per session, classmates apart, schools together with cross-invigilation); a site
  whose seats are short stores nothing and reports ``sched-seat-shortfall``.
- :func:`number_tickets` gives every seated candidate of the plan one ticket number from the plan's scheme, in
  the order :func:`~xcert_core.scheduling.allocation.allocate` numbers them (by first sitting: session, site,
  room, seat; then ID number), so numbers are unique in the plan and a room's tickets form a contiguous range.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence

import attrs
from attrs import frozen

from xcert_core.issues import Issue, has_error
from xcert_core.labels import RegistrationStatus
from xcert_core.model import ExamPlan, ExamRoom, Registration, SeatAssignment, SeatChange
from xcert_core.ports.numbering import TicketContext, TicketScheme
from xcert_core.ports.storage import Storage
from xcert_core.scheduling.allocation import AllocationOptions
from xcert_core.scheduling.numbering import DefaultTicketScheme
from xcert_core.scheduling.stored import (
    StaffOutcome,
    allocate_for,
    get_plan,
    next_change_seq,
    replace_changed,
    seating_options,
    staff_plan,
)


def plan_sites(storage: Storage, plan_code: str) -> list[str]:
    """The sites with active registrations in the plan, in code order: one seating job each."""
    return sorted({r.site_code for r in storage.list(Registration, plan_code=plan_code)
                   if r.status is RegistrationStatus.ACTIVE})


@frozen
class SiteSeating:
    """What :func:`seat_site` did: the seats of the site (stored unless ``issues`` hold an error)."""

    site_code: str
    seats: tuple[SeatAssignment, ...]
    issues: tuple[Issue, ...]
    stored: bool


def seat_site(storage: Storage, plan_code: str, site_code: str, *, seed: int,
              options: AllocationOptions | None = None, cross: bool = False) -> SiteSeating:
    """Seat the site's active registrants in the site's rooms and replace the site's stored seats (see the module
    contract); ``cross``: schools seated together, for cross-invigilation."""
    plan = get_plan(storage, plan_code)
    registrations = [r for r in storage.list(Registration, plan_code=plan_code, site_code=site_code)
                     if r.status is RegistrationStatus.ACTIVE]
    rooms = storage.list(ExamRoom, plan_code=plan_code, site_code=site_code)
    allocation = allocate_for(storage, plan, registrations, rooms, seed, seating_options(options, cross))
    seats = tuple(allocation.seat_assignments())
    if has_error(allocation.issues):
        return SiteSeating(site_code, seats, allocation.issues, stored=False)
    with storage.transaction() as tx:
        existing = tx.list(SeatAssignment, plan_code=plan_code, site_code=site_code)
        replace_changed(tx, SeatAssignment, existing, seats)
    return SiteSeating(site_code, seats, allocation.issues, stored=True)


def number_tickets(plan: ExamPlan, seats: Sequence[SeatAssignment], rooms: Sequence[ExamRoom],
                   scheme: TicketScheme | None = None) -> list[SeatAssignment]:
    """``seats`` with every candidate's ticket number from ``scheme`` over the whole plan (module contract)."""
    scheme = scheme or DefaultTicketScheme()
    rank = {s.code: n for n, s in enumerate(sorted(plan.sessions, key=lambda s: (s.starts_at, s.code)))}
    index: dict[tuple[str, str], int] = {}
    per_site: Counter[str] = Counter()
    for room in rooms:  # a room's position at its site, rooms in the given (key) order, as allocate counts them
        if (room.site_code, room.name) not in index:
            per_site[room.site_code] += 1
            index[(room.site_code, room.name)] = per_site[room.site_code]
    first: dict[str, tuple[int, str, int, int]] = {}
    for seat in seats:
        where = (rank.get(seat.session_code, len(rank)), seat.site_code, index.get((seat.site_code, seat.room_name), 0),
                 seat.seat)
        if seat.id_number not in first or where < first[seat.id_number]:
            first[seat.id_number] = where
    tickets = {}
    for sequence, number in enumerate(sorted(first, key=lambda n: (first[n], n)), start=1):
        _, site, room_index, seat_no = first[number]
        tickets[number] = scheme.ticket_number(TicketContext(plan.code, plan.year, site, room_index, seat_no,
                                                             sequence))
    return [attrs.evolve(seat, ticket_number=tickets[seat.id_number]) for seat in seats]


def finish_plan(storage: Storage, plan_code: str, *, scheme: TicketScheme | None = None, per_room: int = 2,
                inspectors_per_site: int = 1, cross: bool = False, actor: str = "", at: dt.datetime | None = None,
                refuse: Callable[[Sequence[Issue]], bool] = has_error) -> StaffOutcome:
    """Number the tickets of every stored seat of the plan, assign the proctors and inspectors, and record a
    ``schedule`` change; the tickets are written in one transaction, the proctors as :func:`~xcert_core.
    scheduling.stored.staff_plan` writes them (not when ``refuse`` judges their issues)."""
    plan = get_plan(storage, plan_code)
    with storage.transaction() as tx:
        seats = tx.list(SeatAssignment, plan_code=plan_code)
        numbered = number_tickets(plan, seats, tx.list(ExamRoom, plan_code=plan_code), scheme)
        replace_changed(tx, SeatAssignment, seats, numbered)
    outcome = staff_plan(storage, plan_code, per_room=per_room, inspectors_per_site=inspectors_per_site,
                         refuse=refuse, cross=cross)
    with storage.transaction() as tx:
        tx.add(SeatChange(plan_code, next_change_seq(tx, plan_code), "schedule", actor,
                          at or dt.datetime.now(dt.UTC), (), "by site"))
    return outcome
