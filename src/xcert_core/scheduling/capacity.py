"""考位数 ≥ 报考人数: whether a plan's rooms hold its registrants, per site and session.

The seed's rule for 考场 is that a site's seats are at least its registrants. A candidate sits one seat per
session, so the rule is judged per plan, site and session: the active registrations taking the session at the
site against the seats of the plan's rooms at that site. Used when rooms are added or imported (a warning:
registrations may still change), by the readiness checklist, and — as an error — by allocation itself
(``sched-seat-shortfall``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from attrs import frozen

from xcert_core.labels import RegistrationStatus
from xcert_core.model import ExamPlan, ExamRoom, Registration
from xcert_core.scheduling.allocation import sessions_of


@frozen
class Shortfall:
    """One site and session of a plan with fewer seats than registrants."""

    plan_code: str
    site_code: str
    session_code: str
    registrants: int
    seats: int

    @property
    def missing(self) -> int:
        return self.registrants - self.seats


def seat_shortfalls(plan: ExamPlan, registrations: Iterable[Registration],
                    rooms: Iterable[ExamRoom]) -> list[Shortfall]:
    """Every site and session of ``plan`` whose rooms (of the plan) have fewer seats than the active
    registrations taking that session there, in site and session order."""
    seats: Counter[str] = Counter()
    for room in rooms:
        if room.plan_code == plan.code:
            seats[room.site_code] += room.seats
    need: Counter[tuple[str, str]] = Counter()
    for registration in registrations:
        if registration.plan_code == plan.code and registration.status is RegistrationStatus.ACTIVE:
            for session in sessions_of(registration, plan):
                need[(registration.site_code, session.code)] += 1
    return [Shortfall(plan.code, site, session, count, seats[site])
            for (site, session), count in sorted(need.items()) if count > seats[site]]


def rooms_after(stored: Sequence[ExamRoom], incoming: Sequence[ExamRoom]) -> list[ExamRoom]:
    """The rooms a plan will have once ``incoming`` is stored: those with the same key replace stored ones."""
    replaced = {room.key: room for room in incoming}
    return [*(room for room in stored if room.key not in replaced), *replaced.values()]
