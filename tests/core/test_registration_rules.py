"""The registration rules one by one, at their edges (mutation testing on ``registration/rules.py`` found them
pinned only in the middle): the window's first and last day, a name differing either way, each reason a site
refuses, a duplicate only in the same plan and only while active, the type of a social candidate, overlapping
subjects reported once per pair, and the default that a lower level is not required."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from test_registration import CERT, plan
from xcert_core.labels import (
    CandidateType,
    CertificateLevel,
    Education,
    RegistrationMode,
    RegistrationStatus,
    ReviewStatus,
    SiteStatus,
    VerificationState,
)
from xcert_core.model import ExamSession, ExamSite, PilotApplication, Registration, Subject
from xcert_core.registration.rules import RegistrationContext, check_registration
from xcert_core.testing.storage_contract import sample_candidate

NUMBER = "140105200403150017"
SITE = ExamSite("Z01", "信息楼考核站点", "S001", "ORG", (CERT.code,), ReviewStatus.APPROVED)
APPROVED = PilotApplication("S001", CERT.code, 2022, "第一次", ReviewStatus.APPROVED, 3, 3, 0)


def registration(**changes: object) -> Registration:
    return attrs.evolve(Registration("P2022-01", NUMBER, "S001", CERT.code, "Z01"), **changes)


def context(**changes: object) -> RegistrationContext:
    candidate = attrs.evolve(sample_candidate("S001", NUMBER), state=VerificationState.VERIFIED)
    base = RegistrationContext(candidate=candidate, plan=plan(), certificate=CERT, site=SITE,
                               applications=(APPROVED,), others=(), today=dt.date(2022, 5, 10))
    return attrs.evolve(base, **changes)


def codes(reg: Registration | None = None, **changes: object) -> list[str]:
    return [issue.code for issue in check_registration(reg or registration(), context(**changes), row=4)]


def test_a_good_registration_passes() -> None:
    assert codes() == []


@pytest.mark.parametrize(("today", "open_"), [
    (dt.date(2022, 4, 30), False), (dt.date(2022, 5, 1), True), (dt.date(2022, 5, 20), True),
    (dt.date(2022, 5, 21), False),
])
def test_the_window_includes_its_first_and_last_day(today: dt.date, open_: bool) -> None:
    assert ("reg-window-closed" not in codes(today=today)) is open_


def test_an_open_ended_window_says_so() -> None:
    issues = check_registration(registration(), context(plan=plan(registration_opens=None),
                                                        today=dt.date(2022, 5, 21)), row=4)
    (closed,) = [i for i in issues if i.code == "reg-window-closed"]
    assert "— 至 2022-05-20" in closed.message
    issues = check_registration(registration(), context(plan=plan(registration_closes=None),
                                                        today=dt.date(2022, 4, 1)), row=4)
    (early,) = [i for i in issues if i.code == "reg-window-closed"]
    assert "2022-05-01 至 —" in early.message


@pytest.mark.parametrize("typed", ["一二", "张三", "张三丰", "龟"])  # sorting before, equal to, and after 张三
def test_a_name_differing_either_way_is_a_mismatch(typed: str) -> None:
    roster_name = context().candidate.name  # type: ignore[union-attr]
    found = codes(name=typed)
    assert ("reg-name-mismatch" in found) is (typed != roster_name)
    assert "reg-name-mismatch" not in codes(name=roster_name) and "reg-name-mismatch" not in codes(name=None)


@pytest.mark.parametrize(("site", "why"), [
    (attrs.evolve(SITE, review_status=ReviewStatus.SUBMITTED), "审核状态为“待审核”"),
    (attrs.evolve(SITE, site_status=SiteStatus.DISABLED), "已停用"),
    (attrs.evolve(SITE, certificate_codes=("1560007066010597",)), "不覆盖该证书"),
    (None, "不存在"),
])
def test_each_reason_a_site_refuses_is_named(site: ExamSite | None, why: str) -> None:
    issues = check_registration(registration(), context(site=site), row=4)
    (refused,) = [i for i in issues if i.code == "reg-site-not-accepting"]
    assert why in refused.message


def test_a_duplicate_is_an_active_registration_of_the_same_plan() -> None:
    same = registration()
    assert "reg-duplicate" in codes(others=(same,))
    assert "reg-duplicate" not in codes(others=(attrs.evolve(same, status=RegistrationStatus.WITHDRAWN),))
    assert "reg-duplicate" not in codes(others=(attrs.evolve(same, plan_code="P2022-02"),))
    assert "reg-duplicate" not in codes(others=(attrs.evolve(same, plan_code="P2022-00"),))


def test_a_social_candidate_registers_as_one_and_a_student_may() -> None:
    public = attrs.evolve(context().candidate, candidate_type=CandidateType.PUBLIC, education=Education.BACHELOR,
                          program_code=None, program_name=None)
    assert codes(registration(candidate_type=CandidateType.SCHOOL), candidate=public) == [
        "reg-candidate-type-mismatch"]
    assert codes(registration(candidate_type=CandidateType.PUBLIC), candidate=public) == []
    assert codes(registration(candidate_type=CandidateType.PUBLIC)) == []  # a student may register as 社会考生


def test_a_program_outside_the_certificate_names_the_program_or_says_it_is_empty() -> None:
    narrow = attrs.evolve(CERT, program_codes=("999999",))
    (issue,) = check_registration(registration(), context(certificate=narrow), row=4)
    assert issue.code == "reg-program-not-covered" and (context().candidate.program_name or "") in issue.message  # type: ignore[union-attr]
    nameless = attrs.evolve(context().candidate, program_name=None)
    (issue,) = check_registration(registration(), context(certificate=narrow, candidate=nameless), row=4)
    assert "（未填）" in issue.message


def test_quota_needs_an_approved_application_with_a_place_left() -> None:
    assert codes(applications=()) == ["reg-no-approved-application"]
    assert codes(applications=(attrs.evolve(APPROVED, status=ReviewStatus.SUBMITTED),)) == [
        "reg-no-approved-application"]
    assert codes(applications=(attrs.evolve(APPROVED, used_quota=3),)) == ["reg-quota-exhausted"]
    assert codes(applications=(attrs.evolve(APPROVED, used_quota=3), attrs.evolve(APPROVED, used_quota=2))) == []


def test_a_lower_level_is_required_only_when_the_school_says_so() -> None:
    middle = plan(level=CertificateLevel.INTERMEDIATE)
    middle_cert = attrs.evolve(CERT, code="1550001066020254", level=CertificateLevel.INTERMEDIATE)
    reg = registration(certificate_code=middle_cert.code)
    site = attrs.evolve(SITE, certificate_codes=(middle_cert.code,))
    apps = (attrs.evolve(APPROVED, certificate_code=middle_cert.code),)
    assert codes(reg, plan=middle, certificate=middle_cert, site=site, applications=apps) == []
    assert codes(reg, plan=middle, certificate=middle_cert, site=site, applications=apps,
                 require_progression=True) == ["reg-level-progression"]
    assert codes(reg, plan=middle, certificate=middle_cert, site=site, applications=apps, require_progression=True,
                 registered_levels=frozenset({CertificateLevel.ELEMENTARY})) == []


def test_overlapping_subjects_are_reported_once_per_pair() -> None:
    sessions = (ExamSession("S1", "T", dt.date(2022, 6, 1), dt.time(9), dt.time(11)),
                ExamSession("S2", "P", dt.date(2022, 6, 1), dt.time(10), dt.time(12)),
                ExamSession("S3", "Q", dt.date(2022, 6, 1), dt.time(10, 30), dt.time(11, 30)))
    three = plan(subjects=(Subject("T", "理论"), Subject("P", "实操"), Subject("Q", "答辩")), sessions=sessions)
    found = [i for i in check_registration(registration(), context(plan=three), row=4)
             if i.code == "reg-subject-overlap"]
    assert len(found) == 3  # T–P, T–Q, P–Q: each pair once, no subject with itself
    four = plan(subjects=(*three.subjects, Subject("R", "综合")),
                sessions=(*sessions, ExamSession("S4", "R", dt.date(2022, 6, 1), dt.time(10, 45), dt.time(11, 15))))
    assert len([i for i in check_registration(registration(), context(plan=four), row=4)
                if i.code == "reg-subject-overlap"]) == 6  # every pair of four, the last two included
    by_subject = registration(mode=RegistrationMode.BY_SUBJECT, subject_codes=("T", "P"))
    assert len([i for i in check_registration(by_subject, context(plan=three), row=4)
                if i.code == "reg-subject-overlap"]) == 1
