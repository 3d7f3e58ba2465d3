"""Exam fees (缴费管理): what one registration has paid, and what was refunded to it.

The fee itself is the plan's (:attr:`~xcert_core.model.ExamPlan.fee_fen`: one plan is one certificate at one
level); amounts are whole 分 (fen, 0.01 元), never floats.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import FeeState
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty, non_negative


@frozen
class FeePayment(Keyed):
    """缴费记录 of one registration (plan and candidate): its :class:`FeeState`, the amount paid and when (with the
    receipt number, 票据号), and for a refund the amount returned and when. A registration without a record is
    未缴费. A refund never exceeds what was paid, and only a paid fee is refunded."""

    plan_code: str = field(validator=non_empty)
    id_number: str = field(validator=non_empty)
    state: FeeState = FeeState.PAID
    paid_fen: int = field(default=0, validator=non_negative)
    paid_on: dt.date | None = None
    receipt: str = ""
    refunded_fen: int = field(default=0, validator=non_negative)
    refunded_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.refunded_fen > self.paid_fen:
            raise ValueError(f"a refund ({self.refunded_fen} fen) is never more than was paid ({self.paid_fen})")
        if self.state is not FeeState.REFUNDED and (self.refunded_fen or self.refunded_on is not None):
            raise ValueError(f"a {self.state.value} fee has no refund")

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "id_number")
