"""After the exam through the application layer (what ``xcert scores import`` / ``xcert results`` call): a real
score export (.xlsx) imported all or nothing into a real workspace, the header mapping of ``xcert.toml``, the
results derived from what is stored (a resit carrying its passes), and the results workbook per class."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import SCORES, import_history
from xcert_adapters.app.results import (
    awards_of,
    hand_out,
    import_awards,
    import_scores,
    results_of,
    results_payload,
    write_results_workbook,
)
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import CertificateLevel, Gender, IdType, RegistrationMode, RegistrationStatus, SubjectKind
from xcert_core.model import (
    Candidate,
    CertificateAward,
    ExamPlan,
    ExamSession,
    Registration,
    SeatAssignment,
    Subject,
    SubjectScore,
)
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.stored import PlanNotFoundError

SCHOOL = "4133010001"
CERT = "1550001066020254"
SUBJECTS = (Subject("T", "理论考试", SubjectKind.THEORY), Subject("P", "实操考试", SubjectKind.PRACTICAL, pass_mark=70))
HEADER = ("姓名", "证件号码", "准考证号", "考试科目", "成绩", "是否缺考", "是否违纪", "成绩状态")


def ident(n: int) -> str:
    return f"1401052004030100{n:02d}"


def the_plan(code: str, resit_of: str | None = None) -> ExamPlan:
    sessions = (ExamSession(f"{code}-1", "T", dt.date(2026, 6, 13), dt.time(9), dt.time(10)),
                ExamSession(f"{code}-2", "P", dt.date(2026, 6, 13), dt.time(14), dt.time(16)))
    return ExamPlan(code, f"计划{code}", 2026, "ORG", CERT, CertificateLevel.INTERMEDIATE, SUBJECTS, sessions,
                    resit_of=resit_of)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """Plan P1 with candidates 1-6 registered (6 withdrawn) and seated except 5; program classes by year."""
    root = tmp_path / "ws"
    with create_workspace(root, WorkspaceConfig(school_code=SCHOOL, school_name="示范学院", year=2026)) as workspace, \
            workspace.storage.transaction() as tx:
        tx.put(the_plan("P1"))
        for n in range(1, 7):
            tx.put(Candidate(SCHOOL, f"考生{n}", f"Kao Sheng{n}", Gender.MALE, IdType.RESIDENT_ID, ident(n),
                             "13800000000", enrolment_year=2023 + n % 2, program_code="510201"))
            status = RegistrationStatus.WITHDRAWN if n == 6 else RegistrationStatus.ACTIVE
            tx.put(Registration("P1", ident(n), SCHOOL, CERT, "Z1", status=status))
            if n != 5:
                for session in ("P1-1", "P1-2"):
                    tx.put(SeatAssignment("P1", session, ident(n), "Z1", "信息楼301", n, f"2606130{n:03d}"))
    return root


def export(path: Path, rows: list[tuple[Any, ...]], header: tuple[str, ...] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(("科目成绩导出",))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_clean_export_is_stored_and_the_results_follow(ws: Path, tmp_path: Path) -> None:
    file = export(tmp_path / "成绩.xlsx", [
        ("考生1", ident(1), None, "理论考试", 88, "否", "否", "已发布"),
        ("考生1", ident(1), None, "实操考试", 70, None, None, None),
        ("考生2", ident(2), None, "理论考试", 95, None, None, None),
        ("考生2", ident(2), None, "实操考试", 69.5, None, None, None),
        ("考生3", ident(3), None, "理论考试", None, "是", None, None),
        ("考生3", ident(3), None, "实操考试", None, "是", None, None),
        ("考生4", ident(4), None, "理论考试", 60, None, None, None)])
    with Workspace.open(ws, env={}) as workspace:
        outcome = import_scores(workspace, file, "P1", actor="教务处")
        assert outcome.exit_code == 0 and outcome.stored is not None and outcome.stored.added == 7
        assert outcome.rows == 7
        assert workspace.storage.get(SubjectScore, ("P1", ident(1), "T")) == SubjectScore("P1", ident(1), "T", 88.0,
                                                                                         status="已发布")
        (record,) = import_history(workspace, kind=SCORES)
        assert record.stored and record.actor == "教务处"
        payload = results_payload(results_of(workspace, "P1"))
    by_person = {r["name"]: r for r in payload["results"]}
    assert set(by_person) == {"考生1", "考生2", "考生3", "考生4", "考生5"}  # every active registration, 6 withdrew
    assert by_person["考生1"]["result"] == "passed"
    assert by_person["考生2"]["result"] == "failed" and by_person["考生2"]["failing"] == ["实操考试"]  # pass mark 70
    assert by_person["考生3"]["result_label"] == "缺考"
    assert by_person["考生4"]["result"] == "pending" and by_person["考生5"]["result"] == "pending"
    assert payload["counts"] == {"passed": 1, "failed": 1, "absent": 1, "pending": 2}
    assert by_person["考生1"]["id_number"] == mask_id_number(ident(1))
    assert ident(1) not in str(payload)


def test_an_export_with_an_error_stores_nothing(ws: Path, tmp_path: Path) -> None:
    file = export(tmp_path / "成绩.xlsx", [("考生1", ident(1), None, "理论考试", 88, None, None, None),
                                         ("考生5", ident(5), None, "理论考试", 70, None, None, None),  # never seated
                                         ("考生6", ident(6), None, "理论考试", 70, None, None, None)])  # withdrew
    with Workspace.open(ws, env={}) as workspace:
        outcome = import_scores(workspace, file, "P1", report_path=tmp_path / "报告.xlsx")
        assert outcome.exit_code == 1 and outcome.stored is None
        assert [(i.code, i.row) for i in outcome.report] == [("score-not-seated", 4), ("score-not-registered", 5)]
        assert workspace.storage.list(SubjectScore) == []
        assert import_history(workspace, kind=SCORES)[0].stored is False
    marked = load_workbook(tmp_path / "报告.xlsx")
    assert any(cell.comment is not None for row in marked.active.iter_rows() for cell in row)
    with Workspace.open(ws, env={}) as workspace, pytest.raises(PlanNotFoundError):
        import_scores(workspace, file, "NOPE")


def test_the_platform_s_own_headers_through_xcert_toml(ws: Path, tmp_path: Path) -> None:
    config = ws / "xcert.toml"
    config.write_text(config.read_text("utf-8") + '\n[scores.columns]\nid_number = "身份证号"\nscore = "考核成绩"\n',
                      "utf-8")
    renamed = ("姓名", "身份证号", "准考证号", "考试科目", "考核成绩", "是否缺考", "是否违纪", "成绩状态")
    file = export(tmp_path / "平台导出.xlsx", [("考生1", ident(1), None, "T", 61, None, None, None)], renamed)
    with Workspace.open(ws, env={}) as workspace:
        assert import_scores(workspace, file, "P1").exit_code == 0
        assert workspace.storage.get(SubjectScore, ("P1", ident(1), "T")).score == 61.0


def test_a_resit_carries_what_the_first_plan_passed(ws: Path) -> None:
    with Workspace.open(ws, env={}) as workspace:
        with workspace.storage.transaction() as tx:
            tx.put(SubjectScore("P1", ident(2), "T", 95.0))
            tx.put(SubjectScore("P1", ident(2), "P", 50.0))
            tx.put(the_plan("P2", resit_of="P1"))
            tx.put(Registration("P2", ident(2), SCHOOL, CERT, "Z1", mode=RegistrationMode.BY_SUBJECT,
                                subject_codes=("P",)))
            tx.put(SubjectScore("P2", ident(2), "P", 75.0))
        (row,) = results_of(workspace, "P2").rows
    assert row.result.outcome.label == "通过"
    assert [(s.subject_code, s.carried_from) for s in row.result.subjects] == [("T", "P1"), ("P", None)]


def test_the_results_workbook_has_a_sheet_per_class(ws: Path, tmp_path: Path) -> None:
    with Workspace.open(ws, env={}) as workspace:
        workspace.storage.put(SubjectScore("P1", ident(1), "T", 88.0))
        out = write_results_workbook(workspace, results_of(workspace, "P1"), tmp_path / "考证结果.xlsx")
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["510201 2023级", "510201 2024级"]
    rows = [tuple(r) for r in workbook["510201 2024级"].iter_rows(values_only=True)]
    assert rows[0] == ("班级", "姓名", "证件号码", "准考证号", "理论考试", "实操考试", "考证结果", "未通过科目")
    assert rows[1][1:5] == ("考生1", mask_id_number(ident(1)), "2606130001", "88") and rows[1][6] == "待出成绩"
    assert (out.stat().st_mode & 0o777) == 0o600


def certificates(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    return export(path, rows, ("姓名", "证件号码", "证书编号", "发证日期"))


def test_certificates_only_for_a_pass_then_handed_out_and_the_rest_listed(ws: Path, tmp_path: Path) -> None:
    with Workspace.open(ws, env={}) as workspace:
        with workspace.storage.transaction() as tx:
            for n in (1, 2):
                tx.put(SubjectScore("P1", ident(n), "T", 90.0))
                tx.put(SubjectScore("P1", ident(n), "P", 80.0))
            tx.put(SubjectScore("P1", ident(3), "T", 20.0))
            tx.put(SubjectScore("P1", ident(3), "P", 80.0))
        refused = import_awards(workspace, certificates(tmp_path / "证书.xlsx", [
            ("考生1", ident(1), "C-0001", "2026-07-15"), ("考生3", ident(3), "C-0003", None)]), "P1")
        assert refused.stored is None and [(i.code, i.row) for i in refused.report] == [("award-not-passed", 4)]
        assert workspace.storage.list(CertificateAward) == []

        good = certificates(tmp_path / "证书2.xlsx", [("考生1", ident(1), "C-0001", "2026-07-15"),
                                                     ("考生2", ident(2), "C-0002", None)])
        assert import_awards(workspace, good, "P1").exit_code == 0
        handed = hand_out(workspace, "P1", [ident(1)], by="王老师", on=dt.date(2026, 7, 20))
        assert [(a.handed_out_on, a.handed_out_by) for a in handed] == [(dt.date(2026, 7, 20), "王老师")]
        assert [row.award.id_number for row in awards_of(workspace, "P1", not_collected=True)] == [ident(2)]
        assert import_awards(workspace, good, "P1").exit_code == 0  # imported again: the hand-out is kept
        assert workspace.storage.get(CertificateAward, ("P1", ident(1))).handed_out_by == "王老师"
        with pytest.raises(RequestError, match=re.escape(mask_id_number(ident(3)))):
            hand_out(workspace, "P1", [ident(2), ident(3)], by="王老师", on=dt.date(2026, 7, 20))
        assert workspace.storage.get(CertificateAward, ("P1", ident(2))).handed_out_on is None  # all or none
