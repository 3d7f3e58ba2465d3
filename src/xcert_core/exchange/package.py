"""The upload package as data: the platform's templates filled from the workspace, and the photos to zip.

:func:`build_package` reads one school's entities from storage and returns, in upload order, the sheets to
write (the student template 本校学生导入模板, xcert's social candidate template 社会考生导入模板 when the school
has social candidates, one registration template per exam plan and mode, one room
template per plan, the proctor template), the candidates whose stored photo goes into the photo zip, and the
issues met (a registration naming an unknown candidate, site or certificate is left out with an error; a
candidate without a photo is a warning). Every sheet has exactly the layout of the blank template the
``template`` commands write, so the files pass ``xcert students check`` / ``registrations check`` and the
platform's own import. :func:`readme_text` is the Chinese note saying which file goes into which dialog.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import attrs
from attrs import frozen

from xcert_core.exchange.issue_types import (
    EXPORT_CANDIDATE_UNKNOWN,
    EXPORT_CERTIFICATE_UNKNOWN,
    EXPORT_EMPTY,
    EXPORT_NO_PHOTO,
    EXPORT_SITE_UNKNOWN,
    EXPORT_SUBJECT_UNKNOWN,
)
from xcert_core.issues import Issue
from xcert_core.labels import CandidateType, IdType, RegistrationMode, RegistrationStatus
from xcert_core.model import (
    Candidate,
    Certificate,
    ExamPlan,
    ExamRoom,
    ExamSite,
    Proctor,
    Registration,
    School,
)
from xcert_core.ports.storage import Storage
from xcert_core.ports.workbooks import CellValue, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.registration.sheet import registration_template
from xcert_core.roster.columns import PUBLIC_ROSTER
from xcert_core.roster.template import roster_template
from xcert_core.scheduling.proctors_sheet import proctor_template
from xcert_core.scheduling.rooms_sheet import room_template

ROSTER_DIALOG = "考务管理 › 考生管理 › 导入学生信息"
PUBLIC_ROSTER_DIALOG = "考务管理 › 考生管理 › 社会考生管理 › 导入"
PHOTOS_DIALOG = "考务管理 › 考生管理 › 上传学生照片"
BY_CERTIFICATE_DIALOG = "考务管理 › 报考管理 › 选择考试计划 › 按证书批量导入报考"
BY_SUBJECT_DIALOG = "考务管理 › 报考管理 › 选择考试计划 › 按科目批量导入报考"
ROOMS_DIALOG = "考务管理 › 考场管理 › 批量导入考场信息"
PROCTORS_DIALOG = "考务管理 › 监考人员 › 批量导入监考人员"
SEED_TEMPLATE_DIALOGS = frozenset({ROSTER_DIALOG, PHOTOS_DIALOG, BY_CERTIFICATE_DIALOG})
"""The uploads whose template (or format) the platform's operating guide shows; the others are xcert's own."""

ROSTER_FILE = "1_本校学生导入模板.xlsx"
PUBLIC_ROSTER_FILE = "1_社会考生导入模板.xlsx"
PHOTOS_FILE = "2_学生照片.zip"
README_FILE = "README.txt"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@frozen
class PackageSheet:
    """One template to write: its file name in the package, the dialog that takes it, the filled sheet and
    how many data rows it holds."""

    file_name: str
    dialog: str
    sheet: SheetModel
    rows: int


@frozen
class Package:
    """What :func:`build_package` found: sheets in upload order, candidates whose photo goes into the zip
    (ordered by ID number), and issues."""

    sheets: tuple[PackageSheet, ...]
    photos: tuple[Candidate, ...]
    issues: tuple[Issue, ...]


def file_part(text: str) -> str:
    """``text`` made safe inside a file name (path separators, wildcards and spaces become ``_``)."""
    return _UNSAFE.sub("_", text).strip("_") or "_"


def photo_entry_name(candidate: Candidate) -> str:
    """The name the platform matches a photo by: ``<证件号码>.jpg`` (``.png`` for a stored PNG)."""
    media_type = candidate.photo.media_type if candidate.photo is not None else "image/jpeg"
    return candidate.id_number + (".png" if media_type == "image/png" else ".jpg")


def _filled(template: SheetModel, rows: Sequence[tuple[CellValue, ...]]) -> SheetModel:
    return attrs.evolve(template, rows=(*template.rows, *rows))


def _id_type_text(id_type: IdType) -> str:
    """As the template's drop-down offers it (居民身份证 is listed as 身份证)."""
    return id_type.aliases[0] if id_type is IdType.RESIDENT_ID else id_type.label


def roster_row(candidate: Candidate) -> tuple[CellValue, ...]:
    """One candidate as a row of the student template, every cell text (the ID column is text-formatted)."""
    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return (candidate.name, candidate.name_pinyin, candidate.gender.label, _id_type_text(candidate.id_type),
            candidate.id_number, candidate.mobile, text(candidate.enrolment_year),
            candidate.program_level.label if candidate.program_level is not None else None,
            candidate.program_name, candidate.program_code, candidate.catalogue_version)


def public_roster_row(candidate: Candidate) -> tuple[CellValue, ...]:
    """One social candidate as a row of xcert's 社会考生导入模板, every cell text."""
    return (candidate.name, candidate.name_pinyin, candidate.gender.label, _id_type_text(candidate.id_type),
            candidate.id_number, candidate.mobile, candidate.education.label if candidate.education else None,
            candidate.work_unit)


def room_sheet(rooms: Sequence[ExamRoom], sites: dict[str, ExamSite]) -> SheetModel:
    """``rooms`` (of one plan, at ``sites``) as the filled room template: what ``xcert rooms import`` reads back."""
    rows = [(room.site_code, sites[room.site_code].name if room.site_code in sites else room.site_code, room.name,
             room.room_type, str(room.seats), str(room.layout.rows) if room.layout else None,
             str(room.layout.columns) if room.layout else None) for room in rooms]
    return _filled(room_template(), rows)


def proctor_sheet(proctors: Sequence[Proctor], schools: dict[str, str]) -> SheetModel:
    """``proctors`` as the filled proctor template (``schools``: code -> name): what ``xcert proctors import``
    reads back."""
    rows = [(p.teacher_number, p.name, p.phone, schools.get(p.school_code, p.school_code), p.region or None,
             p.role.label, ";".join(sorted(p.unavailable_sessions)) or None) for p in proctors]
    return _filled(proctor_template(), rows)


def build_package(storage: Storage, school_code: str) -> Package:
    """The package of ``school_code``'s stored data (see the module docstring)."""
    issues: list[Issue] = []
    sheets: list[PackageSheet] = []
    candidates = sorted(storage.list(Candidate, school_code=school_code), key=lambda c: c.id_number)
    school = [c for c in candidates if c.candidate_type is CandidateType.SCHOOL]
    public = [c for c in candidates if c.candidate_type is CandidateType.PUBLIC]
    if school:
        sheets.append(PackageSheet(ROSTER_FILE, ROSTER_DIALOG,
                                   _filled(roster_template(), [roster_row(c) for c in school]), len(school)))
    else:
        issues.append(EXPORT_EMPTY.at(what="本校学生", what_en="candidates", target=ROSTER_FILE, file=ROSTER_FILE))
    if public:
        sheets.append(PackageSheet(PUBLIC_ROSTER_FILE, PUBLIC_ROSTER_DIALOG,
                                   _filled(roster_template(PUBLIC_ROSTER), [public_roster_row(c) for c in public]),
                                   len(public)))
    photos = tuple(c for c in candidates if c.photo is not None)
    issues += [EXPORT_NO_PHOTO.at(name=c.name, masked=mask_id_number(c.id_number), value=c.id_number)
               for c in candidates if c.photo is None]
    if candidates and not photos:
        issues.append(EXPORT_EMPTY.at(what="学生照片", what_en="photos", target=PHOTOS_FILE, file=PHOTOS_FILE))
    sites = {site.code: site for site in storage.list(ExamSite)}
    registration_sheets, registration_issues = _registration_sheets(storage, school_code, sites)
    sheets += registration_sheets
    issues += registration_issues
    room_sheets, room_issues = _room_sheets(storage, school_code, sites)
    sheets += room_sheets
    issues += room_issues
    proctors = storage.list(Proctor)
    if proctors:
        schools = {school.code: school.name for school in storage.list(School)}
        sheets.append(PackageSheet("5_监考人员导入模板.xlsx", PROCTORS_DIALOG, proctor_sheet(proctors, schools),
                                   len(proctors)))
    else:
        proctors_file = "5_监考人员导入模板.xlsx"
        issues.append(EXPORT_EMPTY.at(what="监考人员", what_en="proctors", target=proctors_file, file=proctors_file))
    return Package(tuple(sheets), photos, tuple(issues))


def _registration_sheets(storage: Storage, school_code: str,
                         sites: dict[str, ExamSite]) -> tuple[list[PackageSheet], list[Issue]]:
    issues: list[Issue] = []
    sheets: list[PackageSheet] = []
    candidates = {c.id_number.upper(): c for c in storage.list(Candidate, school_code=school_code)}
    certificates = {c.code: c for c in storage.list(Certificate)}
    plans = {p.code: p for p in storage.list(ExamPlan)}
    grouped: dict[tuple[str, RegistrationMode], list[Registration]] = defaultdict(list)
    for registration in storage.list(Registration, school_code=school_code):
        if registration.status is RegistrationStatus.ACTIVE:
            grouped[(registration.plan_code, registration.mode)].append(registration)
    if not grouped:
        pattern = "3_报考_*.xlsx"
        issues.append(EXPORT_EMPTY.at(what="报考", what_en="registrations", target=pattern, file=pattern))
    unknown_certificates: dict[tuple[str, str], int] = defaultdict(int)
    unknown_sites: set[str] = set()
    for (plan_code, mode), registrations in sorted(grouped.items(), key=lambda item: (item[0][0],
                                                                                      item[0][1].value)):
        plan = plans.get(plan_code)
        rows: list[tuple[CellValue, ...]] = []
        for registration in sorted(registrations, key=lambda r: r.id_number):
            candidate = candidates.get(registration.id_number.upper())
            certificate = certificates.get(registration.certificate_code)
            site = sites.get(registration.site_code)
            if candidate is None:
                issues.append(EXPORT_CANDIDATE_UNKNOWN.at(plan=plan_code, masked=mask_id_number(
                    registration.id_number)))
                continue
            if certificate is None:
                unknown_certificates[(registration.certificate_code, plan_code)] += 1
                continue
            if site is None:
                unknown_sites.add(registration.site_code)
                continue
            head: tuple[CellValue, ...] = (candidate.name, candidate.id_number, registration.candidate_type.label,
                                           certificate.code, certificate.name, certificate.level.label,
                                           site.code, site.name)
            if mode is RegistrationMode.BY_CERTIFICATE:
                rows.append(head)
                continue
            for subject_code in registration.subject_codes:
                subject = next((s for s in plan.subjects if s.code == subject_code), None) if plan else None
                if plan is not None and subject is None:
                    issues.append(EXPORT_SUBJECT_UNKNOWN.at(masked=mask_id_number(registration.id_number),
                                                            plan=plan_code, subject=subject_code))
                    continue
                rows.append((*head, subject.name if subject is not None else subject_code))
        if not rows:
            continue
        by_subject = mode is RegistrationMode.BY_SUBJECT
        label = "按科目" if by_subject else "按证书"
        sheets.append(PackageSheet(f"3_报考_{label}_{file_part(plan_code)}.xlsx",
                                   BY_SUBJECT_DIALOG if by_subject else BY_CERTIFICATE_DIALOG,
                                   _filled(registration_template(by_subject), rows), len(rows)))
    issues += [EXPORT_CERTIFICATE_UNKNOWN.at(certificate=code, plan=plan, count=count)
               for (code, plan), count in sorted(unknown_certificates.items())]
    issues += [EXPORT_SITE_UNKNOWN.at(site=code, what="该站点的报考", what_en="its registrations")
               for code in sorted(unknown_sites)]
    return sheets, issues


def _room_sheets(storage: Storage, school_code: str,
                 sites: dict[str, ExamSite]) -> tuple[list[PackageSheet], list[Issue]]:
    issues: list[Issue] = []
    sheets: list[PackageSheet] = []
    by_plan: dict[str, list[ExamRoom]] = defaultdict(list)
    unknown: set[str] = set()
    for room in storage.list(ExamRoom):
        site = sites.get(room.site_code)
        if site is None:
            unknown.add(room.site_code)
        elif site.school_code == school_code:
            by_plan[room.plan_code].append(room)
    for plan_code, rooms in sorted(by_plan.items()):
        sheets.append(PackageSheet(f"4_考场_{file_part(plan_code)}.xlsx", ROOMS_DIALOG, room_sheet(rooms, sites),
                                   len(rooms)))
    issues += [EXPORT_SITE_UNKNOWN.at(site=code, what="该站点的考场", what_en="its rooms") for code in sorted(unknown)]
    if not by_plan and not unknown:
        issues.append(EXPORT_EMPTY.at(what="考场", what_en="rooms", target="4_考场_*.xlsx", file="4_考场_*.xlsx"))
    return sheets, issues


def readme_text(school_name: str, school_code: str, files: Sequence[tuple[str, str, int]]) -> str:
    """The Chinese note of the package: each ``(file name, dialog, rows)`` in upload order, and the order rules."""
    lines = [f"X 平台导入包 — {school_name}（院校代码 {school_code}）", "",
             "本文件夹由 xcert export platform 根据工作区中的数据生成。学生信息和按证书报考两个文件按平台操作指南中的"
             "导入模板填写；考场、监考人员和按科目报考的模板在指南中没有样式，是 xcert 按平台的导入要求整理的，"
             "上传前请与平台上下载的模板核对列，如有不同以平台的为准。",
             "社会考生的模板同样是 xcert 自己的（指南中只有“社会考生管理”页签，没有模板）。",
             "请按下面的顺序登录 X 平台（试点院校业务系统）上传：", ""]
    for number, (name, dialog, rows) in enumerate(files, start=1):
        unit = "张照片" if name.endswith(".zip") else "行"
        origin = "" if dialog in SEED_TEMPLATE_DIALOGS else "（xcert 自己的模板，上传前请核对列）"
        lines.append(f"{number}. {name}（{rows} {unit}）{origin}")
        lines.append(f"   上传位置：{dialog}")
    lines += ["", "注意：",
              "· 先导入学生信息，再上传照片；照片以“证件号码.jpg”命名，平台据此对应到学生。",
              "· 照片上传后在“考生管理”中批量认证；只有“信息准确”的学生才能报考。",
              "· 报考模板按考试计划分文件：上传前先在“报考管理”中选择文件名中的考试计划。",
              "· 考场模板同样按考试计划分文件；考位数应不少于该站点的报考人数。",
              "· 平台排考后，从“考生管理”批量导出考生名单、从“排考管理 › 排考明细”导出明细，",
              "  再用 xcert sync platform 文件名 把认证状态和座位同步回工作区。"]
    return "\n".join(lines) + "\n"
