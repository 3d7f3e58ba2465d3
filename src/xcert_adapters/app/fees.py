"""缴费管理 as use cases: import a plan's payment records (all or nothing, kept in the import history), the
plan's fee ledger (every registration paid, unpaid or refunded; who owes, who is owed a refund), the workbook for
the finance office, and recording the refund of a withdrawn registration.

The fee, who pays it and its deadline are the plan's (``fee``, ``fee_payer``, ``fee_due`` in the plan file).
Lists mask ID numbers, as every list xcert writes; names, classes and receipt numbers identify the payer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import FEES
from xcert_adapters.app.results import class_of
from xcert_adapters.app.staff_and_rooms import CheckedSheet, ImportSource, SheetImport, import_sheet
from xcert_adapters.workspace import Workspace
from xcert_core.fees.ledger import FeeLine, FeeSummary, fee_lines, refund, summarise, yuan
from xcert_core.fees.payment_sheet import ANCHORS, PAYMENT_COLUMNS, read_payment_sheet
from xcert_core.model import Candidate, ExamPlan, FeePayment, Registration
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.stored import get_plan, store_entities


def import_payments(workspace: Workspace, file: Path, plan_code: str, *, sheet: str | None = None,
                    report_path: Path | None = None, actor: str = "", channel: str = audit.COMMAND_LINE,
                    name: str | None = None) -> SheetImport:
    """Check the payment sheet ``file`` of the stored plan ``plan_code`` (its registrations, withdrawn ones
    included) and store its payments, all or nothing (a candidate's earlier record is replaced);
    ``report_path``: also write the marked-up error report there."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    registrations = {r.id_number: r for r in storage.list(Registration, plan_code=plan_code)}

    def check(data: SheetData) -> CheckedSheet:
        return CheckedSheet(*read_payment_sheet(data, file.name, plan, registrations))

    return import_sheet(workspace, ImportSource(file, sheet, report_path, actor, channel, name), FEES,
                        PAYMENT_COLUMNS, ANCHORS, check)


@frozen
class LedgerRow:
    """One registration's fee line with what a list shows of the candidate."""

    line: FeeLine
    name: str
    class_label: str


@frozen
class PlanFees:
    """A plan's fee ledger: a row per registration (class, then ID number order) and its summary."""

    plan: ExamPlan
    rows: tuple[LedgerRow, ...]
    summary: FeeSummary


def plan_fees(workspace: Workspace, plan_code: str) -> PlanFees:
    """The stored plan's fee ledger as the stored payments say it now."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    registrations = storage.list(Registration, plan_code=plan_code)
    lines = fee_lines(registrations, storage.list(FeePayment, plan_code=plan_code))
    people = {(c.school_code, c.id_number): c for school in sorted({r.school_code for r in registrations})
              for c in storage.list(Candidate, school_code=school)}
    rows = []
    for line in lines:
        registration = line.registration
        candidate = people.get((registration.school_code, registration.id_number))
        rows.append(LedgerRow(line, candidate.name if candidate else "", class_of(registration, candidate)))
    rows.sort(key=lambda row: (row.class_label, row.line.registration.id_number))
    return PlanFees(plan, tuple(rows), summarise(plan, lines))


def fee_summary(workspace: Workspace, plan_code: str) -> FeeSummary:
    """The counts and sums of the stored plan's fee ledger."""
    return plan_fees(workspace, plan_code).summary


def select_rows(fees: PlanFees, *, unpaid: bool = False, refund_due: bool = False) -> list[LedgerRow]:
    """The ledger's rows: all, or only the owed (``unpaid``) and/or those due a refund."""
    if not unpaid and not refund_due:
        return list(fees.rows)
    return [row for row in fees.rows if (unpaid and row.line.owed) or (refund_due and row.line.refund_due)]


def ledger_row_json(row: LedgerRow) -> dict[str, Any]:
    """One row as ``xcert fees list --json`` and the API give it (the ID number masked)."""
    line, payment = row.line, row.line.payment
    return {"id_number": mask_id_number(line.registration.id_number), "name": row.name, "class": row.class_label,
            "registration": line.registration.status.value, "state": line.state.value,
            "state_label": line.state.label, "owed": line.owed, "refund_due": line.refund_due,
            "paid": yuan(payment.paid_fen) if payment else None,
            "paid_on": payment.paid_on.isoformat() if payment and payment.paid_on else None,
            "receipt": payment.receipt if payment else "",
            "refunded": yuan(payment.refunded_fen) if payment and payment.refunded_fen else None,
            "refunded_on": payment.refunded_on.isoformat() if payment and payment.refunded_on else None}


def summary_json(fees: PlanFees) -> dict[str, Any]:
    summary, plan = fees.summary, fees.plan
    return {"plan": plan.code, "fee": yuan(plan.fee_fen) if plan.fee_fen is not None else None,
            "payer": plan.fee_payer.value, "payer_label": plan.fee_payer.label,
            "due": plan.fee_deadline.isoformat() if plan.fee_deadline else None,
            "registrations": summary.registrations, "paid": summary.paid, "unpaid": summary.unpaid,
            "refunded": summary.refunded, "owed": summary.owed, "refund_due": summary.refund_due,
            "expected": yuan(summary.expected_fen), "collected": yuan(summary.collected_fen),
            "refunded_amount": yuan(summary.refunded_fen), "net": yuan(summary.net_fen)}


LEDGER_HEADER = ("班级", "姓名", "证件号码", "报考状态", "缴费状态", "缴费金额（元）", "缴费日期", "票据号",
                 "退费金额（元）", "退费日期")


def _ledger_sheet(name: str, rows: Sequence[LedgerRow]) -> SheetModel:
    lines: list[tuple[Any, ...]] = [LEDGER_HEADER]
    for row in rows:
        line, payment = row.line, row.line.payment
        lines.append((row.class_label, row.name, mask_id_number(line.registration.id_number),
                      line.registration.status.label, line.state.label,
                      yuan(payment.paid_fen) if payment and payment.paid_fen else "",
                      payment.paid_on.isoformat() if payment and payment.paid_on else "",
                      payment.receipt if payment else "",
                      yuan(payment.refunded_fen) if payment and payment.refunded_fen else "",
                      payment.refunded_on.isoformat() if payment and payment.refunded_on else ""))
    return SheetModel(name=name, rows=tuple(lines), header_row=1, text_columns=(3, 8),
                      column_widths=(16, 10, 22, 10, 10, 14, 12, 18, 14, 12))


def finance_sheets(fees: PlanFees) -> list[SheetModel]:
    """The workbook for the finance office (财务对账): 汇总 (the fee, who pays, the deadline, counts and sums),
    欠费名单 (registered, unpaid), 应退费名单 (withdrawn after paying) and 缴费明细 (every registration)."""
    plan, summary = fees.plan, fees.summary
    facts: tuple[tuple[Any, ...], ...] = (
        ("项目", "内容"),
        ("考试计划", f"{plan.code} {plan.name}"),
        ("考试费（元/人次）", yuan(plan.fee_fen) if plan.fee_fen is not None else "未设置"),
        ("缴费方", plan.fee_payer.label),
        ("缴费截止", plan.fee_deadline.isoformat() if plan.fee_deadline else "未设置"),
        ("报考人次（含已撤销）", summary.registrations),
        ("已缴费", summary.paid), ("未缴费", summary.unpaid), ("已退费", summary.refunded),
        ("欠费（仍报考、未缴费）", summary.owed), ("应退费（已撤销、已缴费）", summary.refund_due),
        ("应收（元）", yuan(summary.expected_fen)), ("已收（元）", yuan(summary.collected_fen)),
        ("已退（元）", yuan(summary.refunded_fen)), ("净收（元）", yuan(summary.net_fen)),
    )
    return [SheetModel(name="汇总", rows=facts, header_row=1, column_widths=(26, 40)),
            _ledger_sheet("欠费名单", select_rows(fees, unpaid=True)),
            _ledger_sheet("应退费名单", select_rows(fees, refund_due=True)),
            _ledger_sheet("缴费明细", fees.rows)]


def write_finance_workbook(workspace: Workspace, plan_code: str, out: Path) -> PlanFees:
    """Write :func:`finance_sheets` of the stored plan to ``out`` (privately); returns the ledger."""
    fees = plan_fees(workspace, plan_code)
    workspace.plugins.workbook_writer().write(finance_sheets(fees), out)
    return fees


def record_refunds(workspace: Workspace, plan_code: str, id_numbers: Sequence[str], on: dt.date, *,
                   amount_fen: int | None = None, actor: str = "", channel: str = audit.COMMAND_LINE
                   ) -> list[FeePayment]:
    """Record the refund of each of ``id_numbers`` (withdrawn registrations that paid: 应退费), all or none:
    ``amount_fen`` each (default: all that was paid) on ``on``. :class:`RequestError` naming every ID number
    (masked) that is not due a refund."""
    fees = plan_fees(workspace, plan_code)
    by_number = {row.line.registration.id_number: row.line for row in fees.rows}
    wrong = [mask_id_number(n) for n in id_numbers if n not in by_number or not by_number[n].refund_due]
    if wrong or not id_numbers:
        raise RequestError(f"以下考生不是“已撤销且已缴费”的报考，不能记录退费：{'、'.join(wrong) or '（未指定）'}"
                           f"（xcert fees list --plan {plan_code} --refund-due 列出应退费的考生）/ not due a refund")
    refunded = []
    for number in dict.fromkeys(id_numbers):
        payment = by_number[number].payment
        assert payment is not None  # a refund is due only for a paid fee
        if amount_fen is not None and amount_fen > payment.paid_fen:
            raise RequestError(f"退费金额 {yuan(amount_fen)} 元大于 {mask_id_number(number)} 缴纳的 "
                               f"{yuan(payment.paid_fen)} 元 / refund exceeds the amount paid")
        refunded.append(refund(payment, amount_fen, on))
    store_entities(workspace.storage, refunded)
    audit.record(workspace, actor, channel, "fees.refund", target=plan_code,
                 detail=f"记录退费 {len(refunded)} 人次（{on.isoformat()}）")
    return refunded
