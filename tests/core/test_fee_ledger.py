"""The fee ledger and the amounts: every registration is in exactly one fee state, so the counts reconcile
(paid + unpaid + refunded = registrations) whatever the payments; owed and refund-due follow the registration's
status; money adds up; amounts in 元 turn into 分 exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xcert_core.fees.ledger import fee_lines, fen_of, refund, summarise, yuan
from xcert_core.labels import CertificateLevel, FeeState, RegistrationStatus
from xcert_core.model import ExamPlan, FeePayment, Registration

PLAN = ExamPlan("P1", "计划", 2026, "ORG", "1550001066020254", CertificateLevel.INTERMEDIATE, fee_fen=18000)


def _registration(n: int, withdrawn: bool) -> Registration:
    return Registration("P1", f"ID{n:04d}", "S", PLAN.certificate_code, "Z1",
                        status=RegistrationStatus.WITHDRAWN if withdrawn else RegistrationStatus.ACTIVE)


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[Registration], list[FeePayment]]:
    count = draw(st.integers(0, 30))
    registrations = [_registration(n, draw(st.booleans())) for n in range(count)]
    payments = []
    for n in draw(st.sets(st.integers(0, count + 5), max_size=count + 5)):  # some payers are not registered
        state = draw(st.sampled_from(FeeState))
        paid = 0 if state is FeeState.UNPAID else draw(st.integers(0, 50_000))
        back = draw(st.integers(0, paid)) if state is FeeState.REFUNDED else 0
        payments.append(FeePayment("P1", f"ID{n:04d}", state, paid, refunded_fen=back))
    return registrations, payments


@given(ledgers())
def test_fees_reconcile_whatever_the_payments(ledger: tuple[list[Registration], list[FeePayment]]) -> None:
    registrations, payments = ledger
    lines = fee_lines(registrations, payments)
    summary = summarise(PLAN, lines)
    assert [line.registration for line in lines] == registrations  # one line per registration, in order
    assert summary.paid + summary.unpaid + summary.refunded == summary.registrations == len(registrations)
    registered = {r.id_number for r in registrations}
    counted = [p for p in payments if p.id_number in registered]
    assert summary.collected_fen == sum(p.paid_fen for p in counted)
    assert summary.refunded_fen == sum(p.refunded_fen for p in counted)
    assert summary.net_fen == summary.collected_fen - summary.refunded_fen >= 0
    active = [r for r in registrations if r.status is RegistrationStatus.ACTIVE]
    assert summary.expected_fen == 18000 * len(active)
    paid = {p.id_number for p in counted if p.state is FeeState.PAID}
    unpaid = registered - {p.id_number for p in counted if p.state is not FeeState.UNPAID}
    assert summary.owed == sum(r.id_number in unpaid for r in active)
    assert summary.refund_due == sum(r.id_number in paid for r in registrations if r not in active)


@given(st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False))
def test_an_amount_in_yuan_is_exact_in_fen(amount: Decimal) -> None:
    fen = fen_of(f"{amount}")
    assert fen == int(amount * 100) and Decimal(yuan(fen)) == amount
    assert fen_of(f"¥{amount}") == fen_of(f"{amount}元") == fen


@pytest.mark.parametrize("text", ["-1", "180.005", "abc", "", "nan", "inf", "1e400x", "1e30", "9" * 29])
def test_what_is_not_an_amount(text: str) -> None:
    assert fen_of(text) is None


@given(st.text())
def test_any_cell_text_is_an_amount_or_none_never_an_error(text: str) -> None:
    """A payment sheet's cell may hold anything; 1e30 once raised decimal.InvalidOperation (too many digits to
    quantize to the 分) instead of being refused as not an amount."""
    fen = fen_of(text)
    assert fen is None or (isinstance(fen, int) and fen >= 0)


def test_separators_and_currency_signs() -> None:
    assert fen_of("1,800.50") == 180050 and fen_of("￥180") == 18000 and fen_of(" 180 元 ") == 18000


def test_a_refund_is_of_a_paid_fee_and_within_it() -> None:
    paid = FeePayment("P1", "ID1", FeeState.PAID, 18000, dt.date(2026, 5, 1), "R1")
    whole = refund(paid, None, dt.date(2026, 6, 1))
    assert (whole.state, whole.refunded_fen, whole.refunded_on, whole.receipt) == (
        FeeState.REFUNDED, 18000, dt.date(2026, 6, 1), "R1")
    assert refund(paid, 5000, dt.date(2026, 6, 1)).refunded_fen == 5000
    with pytest.raises(ValueError, match="within"):
        refund(paid, 18001, dt.date(2026, 6, 1))
    with pytest.raises(ValueError, match="only a paid fee"):
        refund(whole, None, dt.date(2026, 6, 2))
    with pytest.raises(ValueError, match="never more"):
        FeePayment("P1", "ID1", FeeState.REFUNDED, 100, refunded_fen=101)
    with pytest.raises(ValueError, match="no refund"):
        FeePayment("P1", "ID1", FeeState.PAID, 100, refunded_fen=10)
