"""Steps 1-2 and the exam plans through the application layer (:mod:`xcert_adapters.app.setup`), called directly
as an embedding school system calls them: the certificate catalogue, pilot applications and their review, exam
sites, exam plans and their removal — each outcome's fields, the refusals (``RequestError``, the core's review
and file errors) and what is stored afterwards, read back through the same module's list functions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app_school import (
    CERTIFICATE,
    PLAN,
    SCHOOL,
    SITE,
    SITE_NAME,
    YEAR,
    copy_workspace,
    enrol,
    new_workspace,
    plan_file,
    register,
    set_up,
    students,
)
from xcert_adapters.app import audit, import_history, registrations, setup
from xcert_adapters.app.errors import RequestError
from xcert_adapters.workspace import Workspace
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import CertificateLevel, RegistrationStatus, ReviewStatus, SiteStatus
from xcert_core.model import ExamPlan
from xcert_core.registration.review import ReviewAction, ReviewError
from xcert_core.scheduling.plan_file import PlanLockedError

NEW_CERTIFICATE = "1550009066020111"  # digits 11-12 "02": 中级, as its 证书等级 says


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with new_workspace(tmp_path / "ws") as ws:
        yield ws


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed workspace with quota, the approved site, plan P1, six verified students and three of them
    registered for P1 (no rooms)."""
    root = tmp_path_factory.mktemp("registered")
    files = root / "files"
    files.mkdir()
    everyone = students(6)
    with new_workspace(root / "ws") as ws:
        set_up(ws, files)
        enrol(ws, files, everyone)
        register(ws, files, everyone[:3])
    return root / "ws"


@pytest.fixture
def school(registered: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of :func:`registered` for one test to change."""
    with copy_workspace(registered, tmp_path / "ws") as ws:
        yield ws


def catalogue(path: Path, *rows: str) -> Path:
    path.write_text("证书编号,证书名称,证书等级,颁证机构,对应专业代码\n" + "".join(f"{row}\n" for row in rows), "utf-8")
    return path


# --- the certificate catalogue ------------------------------------------------------------------------------


def test_a_catalogue_adds_and_updates_by_code_and_a_second_import_changes_nothing(workspace: Workspace,
                                                                                  tmp_path: Path) -> None:
    before = {c.code: c for c in setup.list_certificates(workspace)}
    assert CERTIFICATE in before and NEW_CERTIFICATE not in before
    path = catalogue(tmp_path / "证书目录.csv",
                     f"{CERTIFICATE},数字媒体交互设计职业技能等级证书（初级）,初级,示范颁证机构,510204;510201",
                     f"{NEW_CERTIFICATE},云计算开发与运维职业技能等级证书,中级,示范颁证机构,")
    imported = setup.import_certificates(workspace, path)
    assert (imported.file, imported.certificates, imported.changed) == (path, 2, 2)
    after = {c.code: c for c in setup.list_certificates(workspace)}
    assert set(after) == set(before) | {NEW_CERTIFICATE}  # the other sample certificates are left alone
    updated = after[CERTIFICATE]
    # the level in brackets at the end of the name is taken off the name: it belongs in 证书等级
    assert (updated.name, updated.level, updated.issuing_organization, updated.program_codes) == (
        "数字媒体交互设计职业技能等级证书", CertificateLevel.ELEMENTARY, "示范颁证机构", ("510204", "510201"))
    assert after[NEW_CERTIFICATE].level is CertificateLevel.INTERMEDIATE
    again = setup.import_certificates(workspace, path)
    assert (again.certificates, again.changed) == (2, 0)


@pytest.mark.parametrize(("row", "said"), [
    ("155000906603099,某证书,高级,,", "16 位数字"),
    (f"{NEW_CERTIFICATE},某证书,特级,,", "初级、中级或高级"),
    (f"{NEW_CERTIFICATE},某证书（高级）,中级,,", "证书等级却是“中级”"),
])
def test_a_malformed_catalogue_names_its_row_and_stores_nothing(workspace: Workspace, tmp_path: Path, row: str,
                                                                said: str) -> None:
    before = setup.list_certificates(workspace)
    path = catalogue(tmp_path / "证书目录.csv", f"{CERTIFICATE},数字媒体交互设计职业技能等级证书,初级,另一机构,", row)
    with pytest.raises(UnreadableFileError, match="第3行") as refused:
        setup.import_certificates(workspace, path)
    assert said in str(refused.value)
    assert setup.list_certificates(workspace) == before  # the good first row was not stored either


# --- pilot applications and their quota ---------------------------------------------------------------------


def test_a_pilot_application_goes_through_its_review(workspace: Workspace) -> None:
    draft = setup.set_quota(workspace, CERTIFICATE, 20, applied=30, status=ReviewStatus.DRAFT)
    assert (draft.school_code, draft.year, draft.batch, draft.applied_quota, draft.approved_quota,
            draft.used_quota, draft.status) == (SCHOOL, YEAR, "1", 30, 20, 0, ReviewStatus.DRAFT)
    with pytest.raises(ReviewError, match="不能审核通过"):
        setup.review_quota(workspace, CERTIFICATE, ReviewAction.APPROVE)  # a draft is submitted first
    submitted = setup.review_quota(workspace, CERTIFICATE, ReviewAction.SUBMIT)
    assert (submitted.before.status, submitted.after.status) == (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED)
    with pytest.raises(ReviewError, match="必须写明原因"):
        setup.review_quota(workspace, CERTIFICATE, ReviewAction.RETURN, reason="  ")
    returned = setup.review_quota(workspace, CERTIFICATE, ReviewAction.RETURN, reason="申报人数过多")
    assert (returned.after.status, returned.after.return_reason) == (ReviewStatus.RETURNED, "申报人数过多")
    assert setup.list_quota(workspace) == [returned.after]  # as stored
    resubmitted = setup.review_quota(workspace, CERTIFICATE, ReviewAction.SUBMIT)
    assert (resubmitted.after.status, resubmitted.after.return_reason) == (ReviewStatus.SUBMITTED, "")
    approved = setup.review_quota(workspace, CERTIFICATE, ReviewAction.APPROVE).after
    assert (approved.status, approved.approved_quota, approved.remaining_quota) == (ReviewStatus.APPROVED, 20, 20)
    with pytest.raises(RequestError, match="没有 1550001066010252 第 2 批的试点申报"):
        setup.review_quota(workspace, CERTIFICATE, ReviewAction.SUBMIT, batch="2")
    assert [(a.batch, a.status) for a in setup.list_quota(workspace)] == [("1", ReviewStatus.APPROVED)]


def test_quota_of_an_unknown_certificate_is_refused_and_nothing_is_stored(workspace: Workspace) -> None:
    with pytest.raises(RequestError, match="证书编号 9999999999999999 不在工作区的证书目录中"):
        setup.set_quota(workspace, "9999999999999999", 10)
    assert setup.list_quota(workspace) == []


def test_registrations_use_the_quota_and_a_withdrawal_gives_it_back(school: Workspace) -> None:
    (application,) = setup.list_quota(school)
    assert (application.approved_quota, application.used_quota, application.remaining_quota) == (60, 3, 57)
    assert setup.set_quota(school, CERTIFICATE, 3).used_quota == 3  # down to what is used, not below
    number = registrations.list_registrations(school, PLAN)[0].registration.id_number
    registrations.withdraw(school, number, PLAN, actor="教务处王老师", reason="不参加考试")
    assert [(a.used_quota, a.remaining_quota) for a in setup.list_quota(school)] == [(2, 1)]


# --- exam sites -------------------------------------------------------------------------------------------------


def test_a_site_is_added_updated_listed_and_removed_with_an_audit_entry(workspace: Workspace) -> None:
    site = setup.add_site(workspace, SITE, SITE_NAME, [CERTIFICATE, CERTIFICATE], address="信息楼")
    assert (site.code, site.school_code, site.certificate_codes, site.review_status, site.site_status,
            site.address) == (SITE, SCHOOL, (CERTIFICATE,), ReviewStatus.DRAFT, SiteStatus.ENABLED, "信息楼")
    assert setup.review_exam_site(workspace, SITE, ReviewAction.SUBMIT).after.review_status is ReviewStatus.SUBMITTED
    renamed = setup.add_site(workspace, SITE, "实训楼考点", [CERTIFICATE], address="实训楼")
    assert (renamed.name, renamed.review_status) == ("实训楼考点", ReviewStatus.SUBMITTED)  # the review is kept
    assert setup.list_sites(workspace) == [renamed]
    with pytest.raises(RequestError, match="删除原因"):
        setup.remove_site(workspace, SITE, actor="教务处王老师", reason=" ")
    with pytest.raises(RequestError, match="没有考核站点 S009"):
        setup.remove_site(workspace, "S009", actor="教务处王老师", reason="录错了")
    assert setup.list_sites(workspace) == [renamed]
    removed = setup.remove_site(workspace, SITE, actor="教务处王老师", reason="录错了")
    assert removed == renamed and setup.list_sites(workspace) == []
    (entry,) = audit.audit_log(workspace)
    assert (entry.actor, entry.action, entry.target, entry.detail) == ("教务处王老师", "sites.remove",
                                                                       "S001 实训楼考点", "录错了")


def test_a_site_naming_an_unknown_certificate_is_not_stored(workspace: Workspace) -> None:
    with pytest.raises(RequestError, match="9999999999999999 不在工作区的证书目录中"):
        setup.add_site(workspace, "S9", "某考点", [CERTIFICATE, "9999999999999999"])
    assert setup.list_sites(workspace) == []


def test_a_site_with_registrations_is_not_removed(school: Workspace) -> None:
    with pytest.raises(RequestError, match="还有 0 个考场、3 条报考，不能删除"):
        setup.remove_site(school, SITE, actor="教务处王老师", reason="不用了")
    assert [s.code for s in setup.list_sites(school)] == [SITE]
    assert setup.enable_site(school, SITE, enabled=False).site_status is SiteStatus.DISABLED  # what it offers


# --- exam plans ----------------------------------------------------------------------------------------------


def test_a_plan_file_is_stored_recorded_and_imported_again_unchanged(workspace: Workspace, tmp_path: Path) -> None:
    path = plan_file(tmp_path / "计划.toml")
    (plan,) = setup.import_plans(workspace, path)
    assert (plan.code, plan.year, plan.certificate_code, plan.level, plan.organization_code) == (
        PLAN, YEAR, CERTIFICATE, CertificateLevel.ELEMENTARY, workspace.config.organization_code)
    assert [s.code for s in plan.sessions] == ["T1", "P1"] and [s.code for s in plan.subjects] == ["T", "P"]
    assert [(s.plan, s.registrations) for s in setup.list_plans(workspace)] == [(plan, 0)]
    assert setup.import_plans(workspace, path) == [plan]
    history = import_history.import_history(workspace, kind=import_history.PLANS)
    assert [(r.file_name, r.stored, r.added, r.unchanged) for r in history] == [("计划.toml", True, 0, 1),
                                                                                 ("计划.toml", True, 1, 0)]


def test_a_broken_plan_file_is_refused_and_nothing_is_stored(workspace: Workspace, tmp_path: Path) -> None:
    broken = tmp_path / "计划.toml"
    broken.write_text(f'[[exam]]\ncertificate = "{CERTIFICATE}"\ncode = "P9"\nname = "没有场次"\n', "utf-8")
    with pytest.raises(UnreadableFileError, match="至少需要一个"):
        setup.import_plans(workspace, broken)
    assert setup.list_plans(workspace) == []


def test_a_plan_in_use_is_locked_and_removed_only_after_its_registrations_are_withdrawn(school: Workspace,
                                                                                        tmp_path: Path) -> None:
    storage = school.storage
    assert setup.active_registrations(storage, PLAN) == 3
    assert setup.active_registrations(storage, "P-NONE") == 0
    moved = tmp_path / "改期.toml"
    text = plan_file(tmp_path / "计划.toml").read_text("utf-8")
    moved.write_text(text.replace('start = "09:00"', 'start = "08:30"'), "utf-8")
    with pytest.raises(PlanLockedError, match="已有 3 条报考"):
        setup.import_plans(school, moved)
    with pytest.raises(RequestError, match="还有 3 条报考、0 个考场、0 个考位，不能删除"):
        setup.remove_plan(school, PLAN, actor="教务处王老师", reason="计划取消")
    with pytest.raises(RequestError, match="没有考试计划“P9”"):
        setup.remove_plan(school, "P9", actor="教务处王老师", reason="计划取消")

    listed = registrations.list_registrations(school, PLAN)
    for row in listed:
        registrations.withdraw(school, row.registration.id_number, PLAN, actor="教务处王老师", reason="计划取消")
    assert setup.active_registrations(storage, PLAN) == 0
    assert {r.registration.status for r in registrations.list_registrations(school)} == {
        RegistrationStatus.WITHDRAWN}
    removed = setup.remove_plan(school, PLAN, actor="教务处王老师", reason="计划取消")
    assert removed.code == PLAN
    assert setup.list_plans(school) == [] and storage.find(ExamPlan, (PLAN,)) is None
    assert registrations.list_registrations(school) == []  # the withdrawn registrations went with it
    assert [(a.used_quota, a.remaining_quota) for a in setup.list_quota(school)] == [(0, 60)]
    entry = audit.audit_log(school, limit=1)[0]
    assert (entry.action, entry.target, entry.detail) == ("plans.remove", "P1 第一批", "计划取消")



def test_a_blank_site_or_negative_places_are_refused_in_words_and_nothing_is_stored(workspace: Workspace) -> None:
    """An embedding system gets a RequestError (Chinese first), never a bare ValueError from a model validator."""
    with pytest.raises(RequestError, match="不能为空"):
        setup.add_site(workspace, "S9", "  ", [CERTIFICATE])
    with pytest.raises(RequestError, match="不能为空"):
        setup.add_site(workspace, " ", "新考点", [CERTIFICATE])
    with pytest.raises(RequestError, match="负数"):
        setup.set_quota(workspace, CERTIFICATE, -5)
    with pytest.raises(RequestError, match="负数"):
        setup.set_quota(workspace, CERTIFICATE, 5, applied=-1)
    assert [s.code for s in setup.list_sites(workspace)] == [] and setup.list_quota(workspace) == []
