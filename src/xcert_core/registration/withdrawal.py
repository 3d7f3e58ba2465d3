"""Withdrawing a registration (撤销报考) after it may already have seats: one transaction for everything.

:func:`withdraw_registration` marks the registration 已撤销, returns its quota to the pilot application it came
from and, when the plan is already scheduled, frees the candidate's seats (nobody else moves) with a
:class:`~xcert_core.model.SeatChange` audit record. Either all of that happens or none of it.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from xcert_core.model import Registration, SeatAssignment, SeatChange
from xcert_core.ports.storage import Storage
from xcert_core.registration.service import RegistrationService
from xcert_core.scheduling import changes
from xcert_core.scheduling.stored import change_plan


@frozen
class Withdrawal:
    """The withdrawn registration, and the seat-change record when seats were freed."""

    registration: Registration
    seat_change: SeatChange | None = None


def withdraw_registration(storage: Storage, plan_code: str, id_number: str, *, actor: str, at: dt.datetime,
                          reason: str = "") -> Withdrawal:
    """Withdraw the candidate's registration for the plan (``NotFoundError`` when there is none); see the
    module docstring. Withdrawing an already withdrawn registration changes nothing."""
    with storage.transaction() as tx:
        before = tx.get(Registration, (plan_code, id_number))
        withdrawn = RegistrationService(tx).withdraw(plan_code, id_number)
        if before.status is withdrawn.status or not tx.list(SeatAssignment, plan_code=plan_code, id_number=id_number):
            return Withdrawal(withdrawn)
        outcome = change_plan(tx, plan_code, lambda seats: changes.withdraw(
            seats, id_number=id_number, actor=actor, at=at, reason=reason or "撤销报考"))
        return Withdrawal(withdrawn, outcome.record)
