"""The registration rules (报考规则), each a catalogued issue: what the platform refuses, found before upload.

:func:`check_registration` is pure: it gets everything it needs in a :class:`RegistrationContext` and
returns issues; it never raises for bad data and never changes anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from xcert_core.issues import Issue, IssueType
from xcert_core.labels import CandidateType, CertificateLevel, RegistrationStatus, Severity, VerificationState
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

FAMILY = "registration"


def _type(code: str, title: str, title_en: str, message: str, message_en: str, suggestion: str,
          severity: Severity = Severity.ERROR) -> IssueType:
    return IssueType(code=code, family=FAMILY, title=title, title_en=title_en, message=message,
                     message_en=message_en, suggestion=suggestion, severity=severity, description=title_en + ".")


CANDIDATE_UNKNOWN = _type("reg-candidate-unknown", "考生不在名单中", "Candidate not in the roster",
                          "证件号码 {masked} 不在本校学生名单和社会考生名单中。",
                          "ID {masked} is in neither the school's roster nor the social candidates' roster.",
                          "请先在“考生管理”导入该考生（社会考生用 xcert students template --social 生成的模板导入）。")
NAME_MISMATCH = _type("reg-name-mismatch", "姓名与名单不一致", "Name differs from the roster",
                      "考生姓名“{name}”与名单中的“{roster_name}”不一致。",
                      "Name {name!r} differs from {roster_name!r}.",
                      "请核对姓名和证件号码。")
NOT_VERIFIED = _type("reg-candidate-not-verified", "考生信息未认证", "Candidate not verified",
                     "考生信息状态为“{state}”，只有“信息准确”的考生才能报考。",
                     "The candidate is {state_en}; only verified candidates may register.",
                     "请先完成认证（或人工确认）后再报考。")
PROGRAM_NOT_COVERED = _type(
    "reg-program-not-covered", "专业不对应该证书", "Program does not correspond to the certificate",
    "院校考生的专业“{program}”不在该证书的对应专业中。",
    "The program {program!r} does not correspond to the certificate.",
    "如确需报考，请将考生类型改为“社会考生”。")
TYPE_MISMATCH = _type(
    "reg-candidate-type-mismatch", "考生类型与名单不符", "Candidate type differs from the roster",
    "该考生在社会考生名单中，这里的考生类型是“{given}”。",
    "The candidate is in the social candidates' roster; the row says {given!r}.",
    "社会考生只能按“社会考生”报考：请把考生类型改为“社会考生”。")
DUPLICATE = _type("reg-duplicate", "重复报考", "Already registered",
                  "该考生已报考本次考试计划。", "The candidate is already registered for this exam plan.",
                  "请勿重复报考；如需修改，请先撤销原报考。")
WINDOW_CLOSED = _type("reg-window-closed", "不在报名时间内", "Outside the registration window",
                      "报名时间为 {opens} 至 {closes}，今天（{today}）不能报考。",
                      "Registration runs from {opens} to {closes}; today is {today}.", "请在报名时间内报考。")
NO_APPLICATION = _type("reg-no-approved-application", "没有审核通过的证书试点", "No approved pilot application",
                       "本校没有审核通过的 {year} 年该证书试点申报。",
                       "The school has no approved {year} pilot application for this certificate.",
                       "请先在“证书试点申报”中申报并通过审核。")
QUOTA_EXHAUSTED = _type("reg-quota-exhausted", "培训指标已用完", "Training quota used up",
                        "该证书的批准总培训人数为 {approved}，已全部使用。",
                        "All {approved} approved training places are used.", "请申请增加培训指标，或撤销其他报考。")
SITE_NOT_ACCEPTING = _type("reg-site-not-accepting", "考核站点不能报考该证书",
                           "Site does not accept the certificate",
                           "考核站点“{site}”{why}。", "Site {site!r}: {why_en}.",
                           "请选择审核通过、已启用且覆盖该证书的考核站点。")
LEVEL_CODE_MISMATCH = _type("reg-level-code-mismatch", "证书等级与证书编号不符", "Level contradicts the code",
                            "证书编号 {code} 表示“{code_level}”，这里填的是“{level}”。",
                            "Code {code} means {code_level_en}, not {level_en}.", "请核对证书编号和证书等级。")
LEVEL_PROGRESSION = _type("reg-level-progression", "未取得低一级证书", "Lower level not taken",
                          "考生报考“{level}”，但没有报考过“{lower}”。", "Registered for {level_en} without {lower_en}.",
                          "学校要求逐级报考时，请先报考低一级证书。", Severity.WARNING)
SUBJECT_UNKNOWN = _type("reg-subject-unknown", "考试科目不存在", "Unknown subject",
                        "考试计划中没有科目“{subject}”。", "The exam plan has no subject {subject!r}.",
                        "请从考试计划的科目中选择。")
SUBJECT_OVERLAP = _type("reg-subject-overlap", "考试时间冲突", "Subjects overlap in time",
                        "科目“{first}”与“{second}”的考试时间重叠。", "Subjects {first!r} and {second!r} overlap.",
                        "请调整考试场次或只报考其中一科。")

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
