"""Editing one room, proctor, exam site or plan (:mod:`xcert_adapters.app.record_edits`) and exporting the lists
(:mod:`xcert_adapters.app.record_exports`) through the application layer, as an embedding school system calls
them: each edit checked as its import would check it, stored only without an error, audited with who, why and
the changed fields (a phone masked); each export written in the layout its import reads, read back with openpyxl,
and imported again without changing anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app_school import (
    CERTIFICATE,
    PLAN,
    PROCTORS,
    ROOM,
    SCHOOL_NAME,
    SITE,
    SITE_NAME,
    copy_workspace,
    plan_file,
    scheduled_school,
)
from xcert_adapters.app import audit, record_edits, record_exports, setup, staff_and_rooms
from xcert_adapters.app.errors import RequestError
from xcert_adapters.workspace import Workspace
from xcert_core.labels import ProctorRole
from xcert_core.model import ExamPlan, SeatLayout
from xcert_core.scheduling.stored import StoreCounts

OTHER_CERTIFICATE = "1550001066020254"  # 中级, also in the sample catalogue
WHO, WHY = "教务处王老师", "按实际情况更正"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scheduled")
    scheduled_school(root / "ws", root / "files")
    return root / "ws"


@pytest.fixture
def school(base: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the scheduled school: 24 seated in the 30 seats of 信息楼301, proctors assigned."""
    with copy_workspace(base, tmp_path / "ws") as ws:
        yield ws


def last_entry(workspace: Workspace) -> tuple[str, str, str, str, tuple[tuple[str, str], ...]]:
    entry = audit.audit_log(workspace, limit=1)[0]
    return entry.actor, entry.action, entry.target, entry.detail, entry.changes


def room(workspace: Workspace, name: str = ROOM) -> tuple[int, SeatLayout | None, str]:
    found = next(r for r in staff_and_rooms.list_rooms(workspace, PLAN) if r.name == name)
    return found.seats, found.layout, found.room_type


# --- 编辑 -------------------------------------------------------------------------------------------------------


def test_a_room_edit_is_checked_as_a_template_row_and_audited(school: Workspace) -> None:
    shrunk = record_edits.edit_room(school, PLAN, SITE, ROOM, seats="20", actor=WHO, reason="缩小")
    assert not shrunk.stored and shrunk.changes == ()
    assert [(i.code, i.severity.value) for i in shrunk.report] == [
        ("room-seats-in-use", "error"), ("room-seats-short", "warning"), ("room-seats-short", "warning")]
    assert "第 29 号考位有考生" in shrunk.report.errors[0].message
    too_small = record_edits.edit_room(school, PLAN, SITE, ROOM, seats="40", actor=WHO, reason="扩大")
    assert [i.code for i in too_small.report.errors] == ["room-layout-too-small"]  # 5 × 6 is kept: 30 < 40
    assert room(school) == (30, SeatLayout(5, 6), "普通考场") and audit.audit_log(school) == []

    grown = record_edits.edit_room(school, PLAN, SITE, ROOM, seats="36", rows="6", room_type="机房", actor=WHO,
                                   reason="扩大")
    assert grown.stored and grown.changes == (("seats", "36"), ("rows", "6"), ("room_type", "机房"))
    assert room(school) == (36, SeatLayout(6, 6), "机房")
    assert last_entry(school) == (WHO, "rooms.edit", f"{PLAN} {SITE} {ROOM}", "扩大", grown.changes)
    same = record_edits.edit_room(school, PLAN, SITE, ROOM, seats="36", actor=WHO, reason="再存一次")
    assert same.stored and same.changes == () and len(audit.audit_log(school)) == 1  # no change, no entry


@pytest.mark.parametrize(("changes", "actor", "reason", "said"), [
    ({}, WHO, WHY, "没有要修改的内容"),
    ({"seats": "30"}, WHO, " ", "--reason"),
    ({"seats": "30"}, " ", WHY, "请写明操作人"),
])
def test_a_room_edit_without_change_reason_or_actor_is_refused(school: Workspace, changes: dict[str, str],
                                                               actor: str, reason: str, said: str) -> None:
    with pytest.raises(RequestError, match=said):
        record_edits.edit_room(school, PLAN, SITE, ROOM, **changes, actor=actor, reason=reason)
    with pytest.raises(RequestError, match="没有考场“A999”"):
        record_edits.edit_room(school, PLAN, SITE, "A999", seats="30", actor=WHO, reason=WHY)
    assert audit.audit_log(school) == []


def test_a_proctor_edit_masks_the_phone_in_the_audit_log(school: Workspace) -> None:
    edited = record_edits.edit_proctor(school, "T1", {"phone": "13911112222", "region": "晋中"}, actor=WHO,
                                       reason="换了手机号")
    assert edited.stored and edited.changes == (("phone", "139****2222"), ("region", "晋中"))
    stored = {p.teacher_number: p for p in staff_and_rooms.list_proctors(school)}["T1"]
    assert (stored.phone, stored.region, stored.name) == ("13911112222", "晋中", "老师甲")
    assert last_entry(school) == (WHO, "proctors.edit", "老师甲（T1）", "换了手机号", edited.changes)
    assert all("13911112222" not in repr(entry) for entry in audit.audit_log(school))

    bad = record_edits.edit_proctor(school, "T1", {"phone": "139"}, actor=WHO, reason=WHY)
    assert not bad.stored and [i.code for i in bad.report] == ["proctor-phone-invalid"]
    assert "139" not in (bad.report.errors[0].value or "")
    role = record_edits.edit_proctor(school, "T2", {"role": "巡考", "unavailable": "T1"}, actor=WHO, reason=WHY)
    assert role.changes == (("role", "巡考"), ("unavailable", "T1"))
    t2 = {p.teacher_number: p for p in staff_and_rooms.list_proctors(school)}["T2"]
    assert (t2.role, t2.unavailable_sessions) == (ProctorRole.INSPECTOR, frozenset({"T1"}))
    for changes, said in (({"teacher_number": "T100"}, "可以修改的是"), ({}, "可以修改的是")):
        with pytest.raises(RequestError, match=said):
            record_edits.edit_proctor(school, "T1", changes, actor=WHO, reason=WHY)
    with pytest.raises(RequestError, match="没有教师编号为“T0”的监考人员"):
        record_edits.edit_proctor(school, "T0", {"phone": "13911112222"}, actor=WHO, reason=WHY)
    assert len(audit.audit_log(school)) == 2


def test_a_site_edit_keeps_its_review_and_the_certificates_its_registrations_need(school: Workspace) -> None:
    edited = record_edits.edit_site(school, SITE, address="信息楼一层大厅", actor=WHO, reason="地址写详细")
    assert edited.stored and edited.changes == (("address", "信息楼一层大厅"),)
    (site,) = setup.list_sites(school)
    assert (site.name, site.address, site.review_status.label) == (SITE_NAME, "信息楼一层大厅", "审核通过")
    assert last_entry(school)[1:] == ("sites.edit", f"{SITE} {SITE_NAME}", "地址写详细", edited.changes)

    with pytest.raises(RequestError, match=f"考试计划 {PLAN} 在站点 {SITE} 有报考，不能去掉它们的证书"):
        record_edits.edit_site(school, SITE, certificates=[OTHER_CERTIFICATE], actor=WHO, reason=WHY)
    added = record_edits.edit_site(school, SITE, certificates=[CERTIFICATE, OTHER_CERTIFICATE], actor=WHO,
                                   reason="增加中级")
    assert added.changes == (("certificates", f"{CERTIFICATE}、{OTHER_CERTIFICATE}"),)
    assert setup.list_sites(school)[0].certificate_codes == (CERTIFICATE, OTHER_CERTIFICATE)
    with pytest.raises(RequestError, match="没有考核站点 S9"):
        record_edits.edit_site(school, "S9", name="某考点", actor=WHO, reason=WHY)


def test_a_plan_edit_changes_only_its_name_and_window(school: Workspace) -> None:
    edited = record_edits.edit_plan(school, PLAN, name="第一批（补报延期）", closes="2099-01-01", actor=WHO,
                                    reason="延长报名")
    assert edited.changes == (("name", "第一批（补报延期）"), ("closes", "2099-01-01"))
    (summary,) = setup.list_plans(school)
    assert (summary.plan.name, summary.plan.registration_closes, summary.registrations) == (
        "第一批（补报延期）", dt.date(2099, 1, 1), 24)
    assert last_entry(school) == (WHO, "plans.edit", PLAN, "延长报名", edited.changes)
    cleared = record_edits.edit_plan(school, PLAN, opens="", actor=WHO, reason="不限开始日期")
    assert cleared.changes == (("opens", ""),) and setup.list_plans(school)[0].plan.registration_opens is None
    for when, said in (({"opens": "明天"}, "“明天”不是日期"), ({"opens": "2099-02-01"}, "早于开始日期")):
        with pytest.raises(RequestError, match=said):
            record_edits.edit_plan(school, PLAN, **when, actor=WHO, reason=WHY)
    with pytest.raises(RequestError, match="没有考试计划“P9”"):
        record_edits.edit_plan(school, "P9", name="x", actor=WHO, reason=WHY)
    assert setup.list_plans(school)[0].plan.registration_closes == dt.date(2099, 1, 1)


@pytest.mark.parametrize("school_name", ["本校", "外校职业学院"])
def test_editing_a_proctors_school_keeps_one_proctor_with_that_teacher_number(school: Workspace,
                                                                              school_name: str) -> None:
    assert "school" in record_edits.PROCTOR_FIELDS  # documented as editable
    try:
        edited = record_edits.edit_proctor(school, "T2", {"school": school_name}, actor=WHO, reason=WHY)
    except RequestError:  # refusing to move a proctor to another school would be fine too
        edited = None
    found = [p for p in staff_and_rooms.list_proctors(school) if p.teacher_number == "T2"]
    assert len(found) == 1, found
    proctor = found[0]
    if school_name == "本校":  # the template's word for the workspace's own school: nothing changes
        assert edited is not None and edited.changes == () and proctor.school_code == school.school_code
    assert record_edits.edit_proctor(school, "T2", {"region": "晋中"}, actor=WHO, reason=WHY).stored


def test_a_blank_site_name_is_kept_or_refused_not_an_internal_error(school: Workspace) -> None:
    try:
        edited = record_edits.edit_site(school, SITE, name="  ", address="信息楼一层", actor=WHO, reason=WHY)
    except RequestError:
        assert setup.list_sites(school)[0].address == "信息楼"  # refused: nothing changed
    else:
        assert edited.changes == (("address", "信息楼一层"),) and setup.list_sites(school)[0].name == SITE_NAME


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opens=st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31)),
       closes=st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31)))
def test_any_window_is_stored_as_asked_or_refused_when_it_ends_before_it_opens(school: Workspace, opens: dt.date,
                                                                               closes: dt.date) -> None:
    before = school.storage.get(ExamPlan, (PLAN,))
    if closes < opens:
        with pytest.raises(RequestError, match="早于开始日期"):
            record_edits.edit_plan(school, PLAN, opens=opens.isoformat(), closes=closes.isoformat(), actor=WHO,
                                   reason=WHY)
        assert school.storage.get(ExamPlan, (PLAN,)) == before
        return
    record_edits.edit_plan(school, PLAN, opens=opens.isoformat(), closes=closes.isoformat(), actor=WHO, reason=WHY)
    after = school.storage.get(ExamPlan, (PLAN,))
    assert (after.registration_opens, after.registration_closes) == (opens, closes)
    assert (after.sessions, after.subjects, after.name) == (before.sessions, before.subjects, before.name)


# --- 批量导出 ----------------------------------------------------------------------------------------------------


def test_exported_rooms_read_back_and_import_again_unchanged(school: Workspace, tmp_path: Path) -> None:
    staff_and_rooms.add_room(school, PLAN, SITE, "A101", "20", room_type="机房")
    out = tmp_path / "考场.xlsx"
    assert record_exports.export_rooms(school, out) == {PLAN: 2}
    assert out.stat().st_mode & 0o777 == 0o600
    book = load_workbook(out)
    assert book.sheetnames == [PLAN, "统计"]
    rows = list(book[PLAN].iter_rows(values_only=True))
    assert rows[2] == ("*考核站点编号", "*考核站点名称", "*考场名称", "*考场类型", "*考位数", "行数", "列数")
    assert rows[3:] == [(SITE, SITE_NAME, "A101", "机房", "20", None, None),
                        (SITE, SITE_NAME, ROOM, "普通考场", "30", "5", "6")]
    assert list(book["统计"].iter_rows(values_only=True)) == [("考试计划", "考场数", "考位数"), (PLAN, 2, 50),
                                                              ("合计", 2, 50)]
    again = staff_and_rooms.import_rooms(school, out, PLAN, sheet=PLAN)
    assert again.stored == StoreCounts(0, 0, 2) and again.report.issues == ()
    with pytest.raises(RequestError, match="没有考试计划“P9”"):
        record_exports.export_rooms(school, tmp_path / "其他.xlsx", "P9")


def test_exported_proctors_and_sites_read_back(school: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "监考.xlsx"
    assert record_exports.export_proctors(school, out) == {"监考": 4, "巡考": 1}
    book = load_workbook(out)
    rows = [row for row in book.worksheets[0].iter_rows(values_only=True) if row[0] in {p[0] for p in PROCTORS}]
    assert [(r[0], r[1], r[2], r[3], r[5], r[6]) for r in rows] == [  # 不可监考场次 in sorted order
        (number, name, phone, SCHOOL_NAME, role, ";".join(sorted(unavailable.split(";"))) if unavailable else None)
        for number, name, phone, role, unavailable in PROCTORS]
    assert list(book["统计"].iter_rows(values_only=True)) == [("角色", "数量"), ("监考", 4), ("巡考", 1),
                                                              ("合计", 5)]
    again = staff_and_rooms.import_proctors(school, out)
    assert again.stored == StoreCounts(0, 0, 5)

    sites = tmp_path / "站点.xlsx"
    assert record_exports.export_sites(school, sites) == {"审核通过": 1}
    book = load_workbook(sites)
    assert list(book["考核站点"].iter_rows(values_only=True)) == [
        record_exports.SITE_HEADER, (SITE, SITE_NAME, "信息楼", CERTIFICATE, "审核通过", "已启用")]


def test_exported_plans_are_the_plan_form_and_import_again_unchanged(school: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "考试计划.xlsx"
    (plan,) = record_exports.export_plans(school, out)
    assert plan == setup.list_plans(school)[0].plan
    book = load_workbook(out)
    assert book.sheetnames == ["考试计划", "科目", "场次"]
    assert next(r for r in book["考试计划"].iter_rows(values_only=True) if r[0] == CERTIFICATE)[:3] == (
        CERTIFICATE, PLAN, plan.name)
    assert setup.import_plans(school, out) == [plan]  # the form reads back to the very plan: not locked

    setup.import_plans(school, plan_file(tmp_path / "第二批.toml", code="P2", name="第二批"))
    with pytest.raises(RequestError, match="是同一证书的"):
        record_exports.export_plans(school, tmp_path / "两个.xlsx")
    assert [p.code for p in record_exports.export_plans(school, tmp_path / "P2.xlsx", "P2")] == ["P2"]
    with pytest.raises(RequestError, match="没有考试计划“P9”"):
        record_exports.export_plans(school, tmp_path / "P9.xlsx", "P9")
