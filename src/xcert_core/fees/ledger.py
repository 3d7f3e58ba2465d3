"""The fee ledger of one plan: each registration (active or withdrawn) with its :class:`~xcert_core.labels.
FeeState`, and what the school is owed or owes.

Contracts (held by property tests):

- every registration is in exactly one state, so paid + unpaid + refunded = registrations, whatever the payments;
- a payment of a person who is not registered in the plan is not counted (the import refuses it);
- an active registration that is unpaid is *owed* (欠费); a withdrawn one that is paid and not yet refunded is
  *refund due* (应退费); a withdrawn unpaid one owes nothing;
- money adds up: collected − refunded = net, and expected = the plan's fee × active registrations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from attrs import frozen

from xcert_core.labels import FeeState, RegistrationStatus
from xcert_core.model import ExamPlan, FeePayment, Registration


@frozen
class FeeLine:
    """One registration's fee: its state and its payment record (``None``: nothing recorded, 未缴费)."""

    registration: Registration
    state: FeeState
    payment: FeePayment | None

    @property
    def active(self) -> bool:
        return self.registration.status is RegistrationStatus.ACTIVE

    @property
    def owed(self) -> bool:
        """欠费: still registered and not paid."""
        return self.active and self.state is FeeState.UNPAID

    @property
    def refund_due(self) -> bool:
        """应退费: withdrawn after paying, not refunded yet."""
        return not self.active and self.state is FeeState.PAID


@frozen
class FeeSummary:
    """The counts and sums (in 分) of a plan's ledger."""

    registrations: int
    paid: int
    unpaid: int
    refunded: int
    owed: int
    refund_due: int
    expected_fen: int
    collected_fen: int
    refunded_fen: int

    @property
    def net_fen(self) -> int:
        return self.collected_fen - self.refunded_fen



def fee_lines(registrations: Iterable[Registration], payments: Iterable[FeePayment]) -> list[FeeLine]:
    """A line per registration, in the order given; a registration's payment is the one with its plan and ID
    number."""
    by_key = {(p.plan_code, p.id_number): p for p in payments}
    lines = []
    for registration in registrations:
        payment = by_key.get((registration.plan_code, registration.id_number))
        lines.append(FeeLine(registration, payment.state if payment is not None else FeeState.UNPAID, payment))
    return lines


def summarise(plan: ExamPlan, lines: Sequence[FeeLine]) -> FeeSummary:
    """The counts and sums of ``lines`` (a plan's ledger)."""
    def count(state: FeeState) -> int:
        return sum(line.state is state for line in lines)

    active = sum(line.active for line in lines)
    return FeeSummary(
        registrations=len(lines), paid=count(FeeState.PAID), unpaid=count(FeeState.UNPAID),
        refunded=count(FeeState.REFUNDED), owed=sum(line.owed for line in lines),
        refund_due=sum(line.refund_due for line in lines), expected_fen=(plan.fee_fen or 0) * active,
        collected_fen=sum(line.payment.paid_fen for line in lines if line.payment is not None),
        refunded_fen=sum(line.payment.refunded_fen for line in lines if line.payment is not None))


def yuan(fen: int) -> str:
    """``18050`` -> ``"180.50"``: an amount in 分 as 元 with two decimals."""
    return f"{Decimal(fen) / 100:.2f}"


def fen_of(text: str) -> int | None:
    """An amount in 元 as a person writes it (``180``, ``180.5``, ``¥180.00``, ``1,800``) in 分; ``None`` when it
    is not an amount (negative, more than two decimals, not a number)."""
    cleaned = text.strip().lstrip("¥￥").replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        value = Decimal(cleaned)
        if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
            return None
    except ArithmeticError:  # not a number; or too many digits to be had to the 分 (1e30)
        return None
    return int(value * 100)


def refund(payment: FeePayment, amount_fen: int | None, on: dt.date) -> FeePayment:
    """``payment`` refunded by ``amount_fen`` (default: all that was paid) on ``on``. ValueError unless it is
    paid and the amount is within what was paid."""
    if payment.state is not FeeState.PAID:
        raise ValueError(f"only a paid fee is refunded, not a {payment.state.value} one")
    amount = payment.paid_fen if amount_fen is None else amount_fen
    if not 0 <= amount <= payment.paid_fen:
        raise ValueError(f"a refund of {amount} fen is not within the {payment.paid_fen} paid")
    return FeePayment(payment.plan_code, payment.id_number, FeeState.REFUNDED, payment.paid_fen, payment.paid_on,
                      payment.receipt, amount, on)
