"""The organisation's registration sheet (跨校报考明细): every school's candidates registered for one plan, in one
file or one per school, read into schools, exam sites, candidates and registrations.

The platform's operating guide does not show what the 培训评价组织 exports of the schools' registrations, so
xcert reads its own layout (``xcert org template``; its notes say so), one row per candidate::

    *学校代码 *学校名称 *考核站点编号 *考核站点名称 *考点地址 *姓名 *证件类型 *证件号码 性别 手机号码 班级
    专业代码 入学年份

The candidates are taken as the platform holds them, verified (信息准确): the schools verified them before they
registered. The rules: every required cell; the ID number under its type (the roster's own ``id-*`` checks,
with the same codes); the gender, unless the ID number tells it; one row per candidate (``org-duplicate``); a
site and a school described the same way on every row (``org-site-conflict``, ``org-school-conflict``). A row
with an error gives nothing; the import stores nothing while any row has one.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from xcert_core.issues import Issue
from xcert_core.labels import Gender, IdType, ReviewStatus, VerificationState
from xcert_core.model import Candidate, ExamPlan, ExamSite, Registration, School
from xcert_core.organisation.issue_types import (
    ORG_CELL_MISSING,
    ORG_DUPLICATE,
    ORG_GENDER_UNKNOWN,
    ORG_NO_DATA,
    ORG_SCHOOL_CONFLICT,
    ORG_SITE_CONFLICT,
)
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.roster.columns import XCERT_OWN_TEMPLATE, RosterColumn
from xcert_core.roster.rules.enrolment import four_digit_year, year_issue
from xcert_core.roster.rules.identity import ID_TYPES, check_id_number
from xcert_core.scheduling.rooms_sheet import (
    blank_template,
    empty_required_cells,
    sheet_rows,
    whitespace_rows,
)

COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("school_code", "学校代码", width=14),
    RosterColumn("school_name", "学校名称", width=24),
    RosterColumn("site_code", "考核站点编号", width=14),
    RosterColumn("site_name", "考核站点名称", width=20),
    RosterColumn("address", "考点地址", width=30),
    RosterColumn("name", "姓名", width=12),
    RosterColumn("id_type", "证件类型", width=14),
    RosterColumn("id_number", "证件号码", width=22),
    RosterColumn("gender", "性别", required=False, width=8),
    RosterColumn("mobile", "手机号码", required=False, width=14),
    RosterColumn("class_label", "班级", required=False, width=16),
    RosterColumn("program_code", "专业代码", required=False, numeric_ok=True, width=12),
    RosterColumn("enrolment_year", "入学年份", required=False, numeric_ok=True, width=10),
)
ANCHORS = frozenset({"学校代码", "证件号码"})
SPACE_ALLOWED = frozenset({"school_name", "site_name", "address", "name", "class_label"})


@frozen
class OrganisationRows:
    """What a sheet gives: the schools, the sites, the candidates and their registrations."""

    schools: tuple[School, ...]
    sites: tuple[ExamSite, ...]
    candidates: tuple[Candidate, ...]
    registrations: tuple[Registration, ...]


def read_registration_sheet(sheet: SheetData, file: str, plan: ExamPlan, today: dt.date,
                            ) -> tuple[OrganisationRows, list[Issue], int]:
    """(what the sheet gives, its issues, its data rows) for ``plan``. Raises
    :class:`~xcert_core.errors.UnreadableFileError` without a header row."""
    rows, issues = sheet_rows(sheet, file, COLUMNS, ANCHORS, "跨校报考表",
                              personal=frozenset({"id_number", "mobile"}), space_allowed=SPACE_ALLOWED,
                              command="xcert org template")
    if not rows:
        issues.append(ORG_NO_DATA.at())
    spaced = whitespace_rows(issues)
    schools: dict[str, tuple[School, int]] = {}
    sites: dict[str, tuple[ExamSite, int]] = {}
    seen: dict[str, int] = {}
    candidates, registrations = [], []
    for data in rows:
        row, values = data.row, data.values
        found = len(issues)
        issues += empty_required_cells(data, COLUMNS, ORG_CELL_MISSING)
        if len(issues) > found:
            continue
        text = {key: value or "" for key, value in values.items()}
        verdict = check_id_number(text["id_type"], text["id_number"], today)
        for finding in verdict.findings:
            issues.append(finding.issue_type.at(row=row, column="证件号码", value=text["id_number"],
                                                suggestion=finding.suggestion, **dict(finding.params)))
        gender = _gender(values.get("gender"), verdict.male, row, issues)
        year = None
        if text["enrolment_year"]:
            year = four_digit_year(text["enrolment_year"])
            wrong = year_issue(text["enrolment_year"], year, row=row, column="入学年份", today=today)
            if wrong is not None:
                issues.append(wrong)
        number = verdict.number
        first = seen.setdefault(number, row)
        if first != row:
            issues.append(ORG_DUPLICATE.at(row=row, column="证件号码", masked=mask_id_number(number), first=first))
        school = School(text["school_code"], text["school_name"])
        known_school = schools.setdefault(school.code, (school, row))
        if known_school[0] != school:
            issues.append(ORG_SCHOOL_CONFLICT.at(row=row, column="学校名称", school=school.code, name=school.name,
                                                 earlier=known_school[0].name, first=known_school[1]))
        site = ExamSite(text["site_code"], text["site_name"], school.code, plan.organization_code,
                        (plan.certificate_code,), ReviewStatus.APPROVED, address=text["address"])
        known_site = sites.setdefault(site.code, (site, row))
        if known_site[0] != site:
            what = next(label for key, label in (("name", "名称"), ("address", "地址"), ("school_code", "所属学校"))
                        if getattr(known_site[0], key) != getattr(site, key))
            issues.append(ORG_SITE_CONFLICT.at(row=row, column="考核站点编号", site=site.code, what=what,
                                               what_en=what, first=known_site[1]))
        if len(issues) > found or row in spaced or gender is None or ID_TYPES.get(text["id_type"]) is None:
            continue
        candidates.append(Candidate(school.code, text["name"], "", gender, ID_TYPES[text["id_type"]], number,
                                    text["mobile"], enrolment_year=year, program_code=values.get("program_code"),
                                    state=VerificationState.VERIFIED))
        registrations.append(Registration(plan.code, number, school.code, plan.certificate_code, site.code,
                                          subject_codes=tuple(s.code for s in plan.subjects),
                                          class_label=values.get("class_label")))
    return OrganisationRows(tuple(s for s, _ in schools.values()), tuple(s for s, _ in sites.values()),
                            tuple(candidates), tuple(registrations)), issues, len(rows)


def _gender(text: str | None, male: bool | None, row: int, issues: list[Issue]) -> Gender | None:
    if text is None:
        if male is None:
            issues.append(ORG_CELL_MISSING.at(row=row, column="性别", header="性别"))
            return None
        return Gender.MALE if male else Gender.FEMALE
    try:
        return Gender.from_label(text)
    except ValueError:
        issues.append(ORG_GENDER_UNKNOWN.at(row=row, column="性别", value=text))
        return None


NOTES = ("注意说明" + XCERT_OWN_TEMPLATE.replace("本模板", "本模板（跨校报考明细）") +
         "\n1、每行一名考生：所属学校、考核站点（编号、名称、地址）、姓名、证件类型和号码。\n"
         "2、一个文件可含多所学校，也可每校一个文件分别导入；考生按已认证（信息准确）导入。\n"
         "3、性别可不填（居民身份证号码可看出性别）；班级、专业代码、入学年份用于排考时同班不相邻。")


def registration_template() -> SheetModel:
    """The blank organisation registration sheet (跨校报考明细导入模板), xcert's own."""
    return blank_template("跨校报考明细导入模板", NOTES, COLUMNS, ("school_code", "site_code", "id_number", "mobile"),
                          choices=(("id_type", IdType.labels()), ("gender", Gender.labels())),
                          marks=(("school_code", "示例：4133010001（平台上的院校代码）"),
                                 ("school_name", "示例：示范职业技术学院"),
                                 ("site_code", "示例：Z001"), ("site_name", "示例：信息楼考点"),
                                 ("address", "示例：太原市小店区示范路 1 号（印在准考证上）"), ("name", "示例：张三"),
                                 ("id_type", "示例：居民身份证（从下拉列表选择）"), ("id_number", "18 位身份证号码等"),
                                 ("gender", "男 / 女（身份证可不填）"), ("mobile", "11 位手机号码（可不填）"),
                                 ("class_label", "示例：2024级软件技术1班（可不填）"), ("program_code", "示例：510201"),
                                 ("enrolment_year", "示例：2024")))
