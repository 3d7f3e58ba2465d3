"""The payment sheet (缴费记录): what each registration of a plan paid and what was refunded, read into
:class:`~xcert_core.model.FeePayment` values.

The platform's 缴费管理 export is not in the seed: xcert reads its own layout (``xcert fees template``, its notes
say so), one row per candidate, as a finance office or the platform lists payments::

    姓名 *证件号码 *缴费状态 缴费金额（元） 缴费日期 票据号 退费金额（元） 退费日期

缴费状态 is 已缴费, 已退费 or 未缴费 (a row 未缴费 clears an earlier record). A paid row without an amount paid
the plan's fee; a refunded row without a refund amount got all of it back. The rules: the candidate is
registered in the plan (``fee-not-registered``; a withdrawn registration counts: its refund is recorded here),
one row per candidate (``fee-duplicate``), amounts and dates readable, a refund within what was paid, and as
warnings an amount that differs from the plan's fee and a refund for a registration still active. A row with
an error gives no payment; the import stores nothing while any row has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from xcert_core.fees.issue_types import (
    FEE_AMOUNT_DIFFERS,
    FEE_AMOUNT_INVALID,
    FEE_CELL_MISSING,
    FEE_DATE_INVALID,
    FEE_DUPLICATE,
    FEE_NO_DATA,
    FEE_NOT_REGISTERED,
    FEE_REFUND_ACTIVE,
    FEE_REFUND_TOO_LARGE,
    FEE_STATE_UNKNOWN,
)
from xcert_core.fees.ledger import fen_of, yuan
from xcert_core.issues import Issue
from xcert_core.labels import FeeState, RegistrationStatus
from xcert_core.model import ExamPlan, FeePayment, Registration
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.roster.columns import XCERT_OWN_TEMPLATE, RosterColumn
from xcert_core.scheduling.plan_sheets import parse_date
from xcert_core.scheduling.rooms_sheet import blank_template, empty_required_cells, sheet_rows, whitespace_rows

PAYMENT_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "姓名", required=False, width=12),
    RosterColumn("id_number", "证件号码", width=22),
    RosterColumn("state", "缴费状态", width=12),
    RosterColumn("paid", "缴费金额（元）", required=False, numeric_ok=True, width=14),
    RosterColumn("paid_on", "缴费日期", required=False, numeric_ok=True, width=14),
    RosterColumn("receipt", "票据号", required=False, numeric_ok=True, width=18),
    RosterColumn("refunded", "退费金额（元）", required=False, numeric_ok=True, width=14),
    RosterColumn("refunded_on", "退费日期", required=False, numeric_ok=True, width=14),
)
ANCHORS = frozenset({"证件号码", "缴费状态"})


def _amount(values: Mapping[str, str | None], key: str, header: str, row: int,
            issues: list[Issue]) -> int | bool | None:
    """The amount in 分 of a cell, ``None`` when empty, ``False`` (after an issue) when unreadable."""
    text = values.get(key)
    if text is None:
        return None
    fen = fen_of(text)
    if fen is None:
        issues.append(FEE_AMOUNT_INVALID.at(row=row, column=header, header=header, value=text))
        return False
    return fen


def _date(values: Mapping[str, str | None], key: str, header: str, row: int,
          issues: list[Issue]) -> dt.date | bool | None:
    text = values.get(key)
    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        issues.append(FEE_DATE_INVALID.at(row=row, column=header, header=header, value=text))
        return False
    return day


def read_payment_sheet(sheet: SheetData, file: str, plan: ExamPlan,
                       registrations: Mapping[str, Registration]) -> tuple[list[FeePayment], list[Issue]]:
    """(payments, issues) of a filled payment sheet for ``plan``: ``registrations`` are the plan's registrations
    by ID number, withdrawn ones included. Raises :class:`~xcert_core.errors.UnreadableFileError` without a
    header row."""
    rows, issues = sheet_rows(sheet, file, PAYMENT_COLUMNS, ANCHORS, "缴费表", personal=frozenset({"id_number"}),
                              space_allowed=frozenset({"name"}), command="xcert fees template")
    if not rows:
        issues.append(FEE_NO_DATA.at())
    spaced = whitespace_rows(issues)
    payments: list[FeePayment] = []
    seen: dict[str, int] = {}
    for data in rows:
        row, values = data.row, data.values
        found = len(issues)
        issues += empty_required_cells(data, PAYMENT_COLUMNS, FEE_CELL_MISSING)
        state = None
        if values.get("state") is not None:
            try:
                state = FeeState.from_label(values["state"] or "")
            except ValueError:
                issues.append(FEE_STATE_UNKNOWN.at(row=row, column="缴费状态", value=values["state"]))
        paid = _amount(values, "paid", "缴费金额（元）", row, issues)
        refunded = _amount(values, "refunded", "退费金额（元）", row, issues)
        paid_on = _date(values, "paid_on", "缴费日期", row, issues)
        refunded_on = _date(values, "refunded_on", "退费日期", row, issues)
        id_number = values.get("id_number")
        registration = registrations.get(id_number) if id_number is not None else None
        if id_number is not None:
            masked = mask_id_number(id_number)
            first = seen.setdefault(id_number, row)
            if registration is None:
                issues.append(FEE_NOT_REGISTERED.at(row=row, column="证件号码", masked=masked, plan=plan.code))
            elif first != row:
                issues.append(FEE_DUPLICATE.at(row=row, column="证件号码", masked=masked, first=first))
        if len(issues) > found or row in spaced or state is None or registration is None:
            continue
        assert id_number is not None and not isinstance(paid, bool) and not isinstance(refunded, bool)
        assert not isinstance(paid_on, bool) and not isinstance(refunded_on, bool)
        payment = _payment(plan, registration, state, paid, refunded, paid_on, refunded_on,
                           values.get("receipt") or "", row, issues)
        if payment is not None:
            payments.append(payment)
    return payments, issues


def _payment(plan: ExamPlan, registration: Registration, state: FeeState, paid: int | None, refunded: int | None,
             paid_on: dt.date | None, refunded_on: dt.date | None, receipt: str, row: int,
             issues: list[Issue]) -> FeePayment | None:
    """The payment of one clean row (amounts defaulted from the plan's fee), or ``None`` after an issue."""
    if state is FeeState.UNPAID:
        return FeePayment(plan.code, registration.id_number, FeeState.UNPAID)
    amount = paid if paid is not None else plan.fee_fen
    if amount is None:
        issues.append(FEE_CELL_MISSING.at(row=row, column="缴费金额（元）", header="缴费金额（元）"))
        return None
    if plan.fee_fen is not None and amount != plan.fee_fen:
        issues.append(FEE_AMOUNT_DIFFERS.at(row=row, column="缴费金额（元）", paid=yuan(amount), plan=plan.code,
                                            fee=yuan(plan.fee_fen)))
    if state is FeeState.PAID:
        return FeePayment(plan.code, registration.id_number, FeeState.PAID, amount, paid_on, receipt)
    back = refunded if refunded is not None else amount
    if back > amount:
        issues.append(FEE_REFUND_TOO_LARGE.at(row=row, column="退费金额（元）", refund=yuan(back), paid=yuan(amount)))
        return None
    if registration.status is RegistrationStatus.ACTIVE:
        issues.append(FEE_REFUND_ACTIVE.at(row=row, column="缴费状态", masked=mask_id_number(registration.id_number),
                                           plan=plan.code))
    return FeePayment(plan.code, registration.id_number, FeeState.REFUNDED, amount, paid_on, receipt, back,
                      refunded_on)


PAYMENT_NOTES = ("注意说明" + XCERT_OWN_TEMPLATE +
                 "\n1、每名考生一行：证件号码与缴费状态（已缴费、已退费、未缴费）。\n"
                 "2、缴费金额不填时按考试计划的考试费计；已退费不填退费金额时视为全额退费。\n"
                 "3、撤销报考的考生在这里记录退费。")


def payment_template() -> SheetModel:
    """The blank payment sheet (缴费记录导入模板), xcert's own."""
    return blank_template("缴费记录导入模板", PAYMENT_NOTES, PAYMENT_COLUMNS, ("id_number", "receipt"),
                          choices=(("state", FeeState.labels()),),
                          marks=(("name", "示例：张三（可不填，便于核对）"),
                                 ("id_number", "与学生名单中的证件号码一致"),
                                 ("state", "已缴费 / 已退费 / 未缴费"),
                                 ("paid", "示例：180（不填按考试费）"),
                                 ("paid_on", "示例：2026-05-10"),
                                 ("receipt", "财务票据号（可不填）"),
                                 ("refunded", "已退费时填写（不填视为全额）"),
                                 ("refunded_on", "示例：2026-06-01")))
