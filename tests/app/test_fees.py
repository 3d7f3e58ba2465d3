"""缴费管理 through the application layer and from the command line: a real payment sheet (.xlsx) imported all
or nothing into a real workspace, every rule of the sheet, the ledger (owed, refund due), the finance workbook,
refunds of withdrawn registrations, the import history, and the flag in ``xcert status``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from openpyxl import Workbook, load_workbook

from cli_run import xcert
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.fees import import_payments, plan_fees, record_refunds, write_finance_workbook
from xcert_adapters.app.import_history import FEES, import_history
from xcert_adapters.app.status import workspace_status
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import CertificateLevel, FeeState, Gender, IdType, RegistrationStatus, ReviewStatus
from xcert_core.model import Candidate, ExamPlan, FeePayment, PilotApplication, Registration
from xcert_core.privacy import mask_id_number

SCHOOL = "4133010001"
CERT = "1550001066020254"
HEADER = ("姓名", "证件号码", "缴费状态", "缴费金额（元）", "缴费日期", "票据号", "退费金额（元）", "退费日期")


def ident(n: int) -> str:
    return f"1401052004030100{n:02d}"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """Plan P1 (180 元, due 2026-05-20) with candidates 1-6 registered; 6 withdrawn."""
    root = tmp_path / "ws"
    with create_workspace(root, WorkspaceConfig(school_code=SCHOOL, school_name="示范学院", year=2026)) as workspace, \
            workspace.storage.transaction() as tx:
        tx.put(ExamPlan("P1", "计划P1", 2026, "ORG", CERT, CertificateLevel.INTERMEDIATE,
                        registration_closes=dt.date(2026, 5, 15), fee_fen=18000, fee_due=dt.date(2026, 5, 20)))
        for n in range(1, 7):
            tx.put(Candidate(SCHOOL, f"考生{n}", f"Kao Sheng{n}", Gender.MALE, IdType.RESIDENT_ID, ident(n),
                             "13800000000", enrolment_year=2024, program_code="510201"))
            status = RegistrationStatus.WITHDRAWN if n == 6 else RegistrationStatus.ACTIVE
            tx.put(Registration("P1", ident(n), SCHOOL, CERT, "Z1", status=status, quota_batch="1"))
        tx.put(PilotApplication(SCHOOL, CERT, 2026, "1", ReviewStatus.APPROVED, 10, 10, 5))
    return root


def sheet(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    workbook = Workbook()
    book = workbook.active
    book.append(("缴费记录",))
    book.append(HEADER)
    for row in rows:
        book.append(row)
    workbook.save(path)
    return path


def test_payments_are_imported_and_the_ledger_reconciles(ws: Path, tmp_path: Path) -> None:
    file = sheet(tmp_path / "缴费.xlsx", [("考生1", ident(1), "已缴费", 180, "2026-05-01", "R001", None, None),
                                          ("考生2", ident(2), "已缴费", None, None, None, None, None),
                                          ("考生3", ident(3), "未缴费", None, None, None, None, None),
                                          ("考生6", ident(6), "已缴费", "180.00", "2026-05-02", "R006", None, None)])
    with Workspace.open(ws, env={}) as workspace:
        outcome = import_payments(workspace, file, "P1", actor="王老师")
        assert outcome.stored is not None and outcome.stored.added == 4 and not outcome.report.issues
        stored = workspace.storage.get(FeePayment, ("P1", ident(2)))
        assert (stored.state, stored.paid_fen) == (FeeState.PAID, 18000)  # no amount: the plan's fee
        fees = plan_fees(workspace, "P1")
        summary = fees.summary
        assert (summary.registrations, summary.paid, summary.unpaid, summary.refunded) == (6, 3, 3, 0)
        assert (summary.owed, summary.refund_due) == (3, 1)  # 3, 4 and 5 owe; 6 withdrew after paying
        assert (summary.expected_fen, summary.collected_fen) == (5 * 18000, 3 * 18000)
        assert import_history(workspace, kind=FEES)[0].actor == "王老师"

        with pytest.raises(RequestError, match="不能记录退费") as refused:
            record_refunds(workspace, "P1", [ident(1)], dt.date(2026, 6, 1))  # still registered
        assert mask_id_number(ident(1)) in str(refused.value) and ident(1) not in str(refused.value)
        with pytest.raises(RequestError, match="大于"):
            record_refunds(workspace, "P1", [ident(6)], dt.date(2026, 6, 1), amount_fen=18001)
        [refunded] = record_refunds(workspace, "P1", [ident(6)], dt.date(2026, 6, 1), amount_fen=15000)
        assert (refunded.state, refunded.refunded_fen, refunded.receipt) == (FeeState.REFUNDED, 15000, "R006")
        after = plan_fees(workspace, "P1").summary
        assert (after.refunded, after.refund_due, after.net_fen) == (1, 0, 3 * 18000 - 15000)

        out = write_finance_workbook(workspace, "P1", tmp_path / "财务.xlsx")
    assert out.summary.owed == 3
    book = load_workbook(tmp_path / "财务.xlsx")
    assert book.sheetnames == ["汇总", "欠费名单", "应退费名单", "缴费明细"]
    facts = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True)}
    assert facts["考试费（元/人次）"] == "180.00" and facts["缴费方"] == "考生" and facts["已退（元）"] == "150.00"
    owed = [row[2] for row in book["欠费名单"].iter_rows(min_row=2, values_only=True)]
    assert owed == [mask_id_number(ident(n)) for n in (3, 4, 5)]
    assert book["应退费名单"].max_row == 1 and book["缴费明细"].max_row == 7
    text = " ".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row)
    assert not [n for n in range(1, 7) if ident(n) in text]  # masked everywhere


def test_every_rule_of_the_payment_sheet(ws: Path, tmp_path: Path) -> None:
    file = sheet(tmp_path / "缴费.xlsx", [
        ("考生1", ident(1), "交了", 180, None, None, None, None),             # fee-state-unknown
        ("考生2", ident(2), "已缴费", "一百八", None, None, None, None),      # fee-amount-invalid
        ("考生3", ident(3), "已缴费", 180, "五月一日", None, None, None),     # fee-date-invalid
        ("某人", ident(9), "已缴费", 180, None, None, None, None),            # fee-not-registered
        ("考生4", ident(4), "已缴费", 180, None, None, None, None),
        ("考生4", ident(4), "已缴费", 180, None, None, None, None),            # fee-duplicate
        ("考生6", ident(6), "已退费", 180, None, None, 200, None),            # fee-refund-too-large
        ("考生5", None, "已缴费", 180, None, None, None, None),               # fee-cell-missing
    ])
    with Workspace.open(ws, env={}) as workspace:
        outcome = import_payments(workspace, file, "P1", report_path=tmp_path / "报告.xlsx")
        assert outcome.stored is None and not workspace.storage.list(FeePayment)
    found = {(issue.code, issue.row) for issue in outcome.report.issues}
    assert found == {("fee-state-unknown", 3), ("fee-amount-invalid", 4), ("fee-date-invalid", 5),
                     ("fee-not-registered", 6), ("fee-duplicate", 8), ("fee-refund-too-large", 9),
                     ("fee-cell-missing", 10)}
    assert ident(9) not in " ".join(issue.message for issue in outcome.report.issues)
    assert load_workbook(tmp_path / "报告.xlsx").sheetnames[-1] == "问题汇总"


def test_warnings_store_and_an_empty_sheet_stores_nothing(ws: Path, tmp_path: Path) -> None:
    file = sheet(tmp_path / "缴费.xlsx", [("考生1", ident(1), "已缴费", 150, None, None, None, None),
                                          ("考生2", ident(2), "已退费", 180, None, None, None, None)])
    empty = sheet(tmp_path / "空.xlsx", [])
    with Workspace.open(ws, env={}) as workspace:
        outcome = import_payments(workspace, file, "P1")
        assert [i.code for i in outcome.report.issues] == ["fee-amount-differs", "fee-refund-active"]
        assert outcome.stored is not None and outcome.stored.added == 2
        assert workspace.storage.get(FeePayment, ("P1", ident(2))).refunded_fen == 18000  # all of it back
        nothing = import_payments(workspace, empty, "P1")
        assert [i.code for i in nothing.report.issues] == ["fee-no-data"] and nothing.stored is None


def test_status_flags_unpaid_registrations_before_and_after_the_deadline(ws: Path) -> None:
    with Workspace.open(ws, env={}) as workspace:
        def step6(today: dt.date) -> str:
            from xcert_core.readiness import readiness  # noqa: PLC0415
            items = readiness(workspace.storage, SCHOOL, 2026, today=today).items
            item = next(i for i in items if i.step == 6)
            assert item.ok is True  # a fee never blocks exam day
            return item.detail + " / " + item.next_step

        assert "P1 5 人次未缴费，缴费截止 05-20" in step6(dt.date(2026, 5, 20))
        assert "已过缴费截止 05-20" in step6(dt.date(2026, 5, 21))
        assert "xcert fees list --plan P1 --unpaid" in workspace_status(workspace).items[5].next_step
        workspace.storage.put(attrs.evolve(workspace.storage.get(ExamPlan, ("P1",)), fee_fen=None))
        assert "未缴费" not in step6(dt.date(2026, 5, 1))  # no fee, nothing owed


def test_the_fees_commands(ws: Path, tmp_path: Path) -> None:
    template = tmp_path / "模板.xlsx"
    assert xcert("fees", "template", template).returncode == 0
    assert xcert("fees", "template", template).returncode != 0  # not overwritten without --force
    assert xcert("fees", "template", template, "--force").returncode == 0
    file = sheet(tmp_path / "缴费.xlsx", [(f"考生{n}", ident(n), "已缴费", 180, "2026-05-01", f"R{n}", None, None)
                                          for n in (1, 2, 6)])
    imported = xcert("--workspace", ws, "fees", "import", file, "--plan", "P1", "--json")
    assert imported.returncode == 0 and json.loads(imported.stdout)["stored"] is True
    bad = sheet(tmp_path / "坏.xlsx", [("考生1", ident(1), "交了", 180, None, None, None, None)])
    report = tmp_path / "缴费-错误报告.xlsx"
    refused = xcert("--workspace", ws, "fees", "import", bad, "--plan", "P1", "--sheet", "Sheet", "--report", report)
    assert refused.returncode == 1 and "fee-state-unknown" in refused.stdout
    assert load_workbook(report).sheetnames[-1] == "问题汇总"
    assert xcert("--workspace", ws, "fees", "import", bad, "--plan", "P1", "--sheet", "没有").returncode == 2
    unpaid = xcert("--workspace", ws, "fees", "list", "--plan", "P1", "--unpaid")
    assert unpaid.returncode == 1 and "欠费 3" in unpaid.stdout and mask_id_number(ident(3)) in unpaid.stdout
    assert ident(3) not in unpaid.stdout
    due = json.loads(xcert("--workspace", ws, "fees", "list", "--plan", "P1", "--refund-due", "--json").stdout)
    assert [r["id_number"] for r in due["rows"]] == [mask_id_number(ident(6))] and due["summary"]["paid"] == 3
    assert xcert("--workspace", ws, "fees", "refund", ident(6), "--plan", "P1", "--amount", "abc").returncode == 2
    refunded = xcert("--workspace", ws, "fees", "refund", ident(6), "--plan", "P1", "--amount", "100",
                     "--on", "2026-06-01")
    assert refunded.returncode == 0 and "共 100.00 元" in refunded.stdout
    assert xcert("--workspace", ws, "fees", "refund", ident(6), "--plan", "P1").returncode != 0  # done already
    listed = xcert("--workspace", ws, "fees", "list", "--plan", "P1")
    assert listed.returncode == 0 and "已退费 1" in listed.stdout and "180.00 元/人次（考生缴费）" in listed.stdout
    withdrawn = xcert("--workspace", ws, "registrations", "withdraw", ident(1), "--plan", "P1")
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert "已缴费 180.00 元，应退费" in withdrawn.stdout and "xcert fees refund --plan P1" in withdrawn.stdout
    finance = xcert("--workspace", ws, "fees", "finance", "--plan", "P1", "--out", tmp_path / "财务.xlsx")
    assert finance.returncode == 0 and load_workbook(tmp_path / "财务.xlsx").sheetnames[0] == "汇总"
