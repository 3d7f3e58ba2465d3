"""The registration rules (报考规则), each a catalogued issue: what the platform refuses, found before upload.

:func:`check_registration` is pure: it gets everything it needs in a :class:`RegistrationContext` and
returns issues; it never raises for bad data and never changes anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from xcert_core.issues import Issue
from xcert_core.labels import CandidateType, CertificateLevel, RegistrationStatus, VerificationState
from xcert_core.model import (
    Candidate,
    Certificate,
    ExamPlan,
    ExamSite,
    PilotApplication,
    Registration,
    level_from_code,
)
from xcert_core.privacy import mask_id_number
from xcert_core.registration.issue_types import (
    CANDIDATE_UNKNOWN,
    DUPLICATE,
    LEVEL_CODE_MISMATCH,
    LEVEL_PROGRESSION,
    NAME_MISMATCH,
    NO_APPLICATION,
    NOT_VERIFIED,
    PROGRAM_NOT_COVERED,
    QUOTA_EXHAUSTED,
    SITE_NOT_ACCEPTING,
    SUBJECT_OVERLAP,
    SUBJECT_UNKNOWN,
    TYPE_MISMATCH,
    WINDOW_CLOSED,
)

FAMILY = "registration"


ISSUE_TYPES = (CANDIDATE_UNKNOWN, NAME_MISMATCH, NOT_VERIFIED, PROGRAM_NOT_COVERED, TYPE_MISMATCH, DUPLICATE,
               WINDOW_CLOSED, NO_APPLICATION, QUOTA_EXHAUSTED, SITE_NOT_ACCEPTING, LEVEL_CODE_MISMATCH,
               LEVEL_PROGRESSION, SUBJECT_UNKNOWN, SUBJECT_OVERLAP)
LOWER = {CertificateLevel.INTERMEDIATE: CertificateLevel.ELEMENTARY,
         CertificateLevel.ADVANCED: CertificateLevel.INTERMEDIATE}


@frozen
class RegistrationContext:
    """What the rules consult about one registration; ``None`` where storage has nothing.

    ``applications``: the school's pilot applications for the certificate in the plan's year;
    ``others``: the candidate's other registrations (any plan); ``registered_levels``: levels of the same
    certificate the candidate has registered for; ``require_progression``: the school's setting.
    """

    candidate: Candidate | None
    plan: ExamPlan
    certificate: Certificate
    site: ExamSite | None
    applications: tuple[PilotApplication, ...]
    others: tuple[Registration, ...]
    today: dt.date
    registered_levels: frozenset[CertificateLevel] = frozenset()
    require_progression: bool = False
    name: str | None = None


def check_registration(registration: Registration, context: RegistrationContext,
                       row: int | None = None) -> list[Issue]:
    """Every rule the registration breaks (an empty list: it may go ahead)."""
    issues: list[Issue] = []
    candidate, plan, certificate = context.candidate, context.plan, context.certificate
    if candidate is None:
        return [CANDIDATE_UNKNOWN.at(row=row, column="证件号码", masked=mask_id_number(registration.id_number))]
    if context.name is not None and context.name != candidate.name:
        issues.append(NAME_MISMATCH.at(row=row, column="考生姓名", name=context.name, roster_name=candidate.name))
    if candidate.state is not VerificationState.VERIFIED:
        issues.append(NOT_VERIFIED.at(row=row, column="证件号码", state=candidate.state.label,
                                      state_en=candidate.state.value))
    if registration.candidate_type is CandidateType.SCHOOL and candidate.candidate_type is CandidateType.PUBLIC:
        issues.append(TYPE_MISMATCH.at(row=row, column="考生类型", given=registration.candidate_type.label))
    elif (registration.candidate_type is CandidateType.SCHOOL and certificate.program_codes
            and candidate.program_code not in certificate.program_codes):
        issues.append(PROGRAM_NOT_COVERED.at(row=row, column="考生类型", program=candidate.program_name or "（未填）"))
    if any(o.plan_code == plan.code and o.status is RegistrationStatus.ACTIVE for o in context.others):
        issues.append(DUPLICATE.at(row=row, column="证件号码"))
    opens, closes = plan.registration_opens, plan.registration_closes
    if (opens and context.today < opens) or (closes and context.today > closes):
        issues.append(WINDOW_CLOSED.at(row=row, opens=opens or "—", closes=closes or "—", today=context.today))
    approved = [a for a in context.applications if a.status.value == "approved"]
    if not approved:
        issues.append(NO_APPLICATION.at(row=row, column="证书编号", year=plan.year))
    elif all(a.remaining_quota < 1 for a in approved):
        issues.append(QUOTA_EXHAUSTED.at(row=row, column="证书编号", approved=sum(a.approved_quota for a in approved)))
    issues += _site_issues(context.site, registration, certificate, row)
    code_level = level_from_code(certificate.code)
    if code_level is not None and code_level is not plan.level:
        issues.append(LEVEL_CODE_MISMATCH.at(row=row, column="证书等级", code=certificate.code,
                                             code_level=code_level.label, code_level_en=code_level.value,
                                             level=plan.level.label,
                                             level_en=plan.level.value))
    lower = LOWER.get(plan.level)
    if context.require_progression and lower is not None and lower not in context.registered_levels:
        issues.append(LEVEL_PROGRESSION.at(row=row, column="证书等级", level=plan.level.label,
                                           level_en=plan.level.value, lower=lower.label, lower_en=lower.value))
    issues += _subject_issues(registration, plan, row)
    return issues


def _site_issues(site: ExamSite | None, registration: Registration, certificate: Certificate,
                 row: int | None) -> list[Issue]:
    if site is None:
        return [SITE_NOT_ACCEPTING.at(row=row, column="考核站点编号", site=registration.site_code, why="不存在",
                                      why_en="does not exist")]
    if site.accepts(certificate.code):
        return []
    if site.review_status.value != "approved":
        why, why_en = f"的审核状态为“{site.review_status.label}”", "is not approved"
    elif site.site_status.value != "enabled":
        why, why_en = "已停用", "is disabled"
    else:
        why, why_en = "不覆盖该证书", "does not cover the certificate"
    return [SITE_NOT_ACCEPTING.at(row=row, column="考核站点编号", site=site.name, why=why, why_en=why_en)]


def _subject_issues(registration: Registration, plan: ExamPlan, row: int | None) -> list[Issue]:
    known = {subject.code: subject for subject in plan.subjects}
    chosen = subjects_for(plan, registration)
    issues = [SUBJECT_UNKNOWN.at(row=row, subject=code) for code in chosen if code not in known]
    taken = [s for s in plan.sessions if s.subject_code in chosen]
    for n, first in enumerate(taken):
        for second in taken[n + 1:]:
            if first.subject_code != second.subject_code and first.overlaps(second):
                issues.append(SUBJECT_OVERLAP.at(row=row, first=known[first.subject_code].name,
                                                 second=known[second.subject_code].name))
    return issues


def subjects_for(plan: ExamPlan, registration: Registration) -> Sequence[str]:
    """The subjects a registration takes: all of the plan's when by certificate."""
    if registration.mode.value == "by_certificate":
        return tuple(subject.code for subject in plan.subjects)
    return registration.subject_codes
