"""The proctor template (监考人员导入模板): write it blank, read a filled one into :class:`Proctor` values.

Header (title and notes rows above it)::

    *教师编号 *教师姓名 *手机号码 所属院校 所在区域 *监考类型 不可监考场次

监考类型 is 监考 (invigilates one room) or 巡考 (inspects a whole site); 不可监考场次 lists session codes
separated by ``;`` (or ``；``, ``,``). :func:`read_proctors_sheet` checks every row: required cells, the role,
an 11-digit mobile number (masked in messages) and a teacher number used only once per school. Rows with an
error give no proctor. Whitespace is reported with the roster's ``whitespace-*`` codes, as in the room
template.
"""

from __future__ import annotations

import re

from xcert_core.issues import Issue
from xcert_core.labels import ProctorRole
from xcert_core.model import Proctor
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_phone
from xcert_core.roster.columns import XCERT_OWN_TEMPLATE, RosterColumn
from xcert_core.scheduling.issue_types import (
    PROCTOR_CELL_MISSING,
    PROCTOR_DUPLICATE,
    PROCTOR_NO_DATA,
    PROCTOR_PHONE_INVALID,
    PROCTOR_ROLE_UNKNOWN,
)
from xcert_core.scheduling.rooms_sheet import blank_template, empty_required_cells, sheet_rows, whitespace_rows

FAMILY = "proctor-sheet"
PROCTOR_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("teacher_number", "教师编号", width=14),
    RosterColumn("name", "教师姓名", width=12),
    RosterColumn("phone", "手机号码", width=15),
    RosterColumn("school", "所属院校", required=False, width=30),
    RosterColumn("region", "所在区域", required=False, width=16),
    RosterColumn("role", "监考类型", width=10),
    RosterColumn("unavailable", "不可监考场次", required=False, width=20),
)
ANCHORS = frozenset({"教师编号", "教师姓名"})
MOBILE = re.compile(r"1\d{10}")
SESSION_SEPARATORS = re.compile(r"[;；,，、\s]+")
SPACE_ALLOWED = frozenset({"name", "school", "region", "unavailable"})
PERSONAL = frozenset({"phone"})
DEFAULT_SCHOOL = "本校"
"""The school of a proctor whose 所属院校 is empty."""


ISSUE_TYPES = (PROCTOR_CELL_MISSING, PROCTOR_ROLE_UNKNOWN, PROCTOR_PHONE_INVALID, PROCTOR_DUPLICATE,
               PROCTOR_NO_DATA)


def read_proctors_sheet(sheet: SheetData, file: str) -> tuple[list[Proctor], list[Issue]]:
    """(proctors, issues) of a filled proctor template; rows with an error give no proctor.

    Raises :class:`~xcert_core.errors.UnreadableFileError` when no header row is found (exit 2).
    """
    rows, issues = sheet_rows(sheet, file, PROCTOR_COLUMNS, ANCHORS, "监考人员模板", command="xcert proctors template",
                              space_allowed=SPACE_ALLOWED, personal=PERSONAL)
    proctors: list[Proctor] = []
    seen: dict[tuple[str, str], int] = {}
    spaced = whitespace_rows(issues)
    for data in rows:
        row, values = data.row, data.values
        missing = empty_required_cells(data, PROCTOR_COLUMNS, PROCTOR_CELL_MISSING)
        issues += missing
        ok = row not in spaced and not missing
        role: ProctorRole | None = None
        if (role_text := values.get("role")) is not None:
            try:
                role = ProctorRole.from_label(role_text)
            except ValueError:
                issues.append(PROCTOR_ROLE_UNKNOWN.at(row=row, column="监考类型", value=role_text))
                ok = False
        phone = (values.get("phone") or "").replace(" ", "").replace("-", "")
        if phone and not MOBILE.fullmatch(phone):
            issues.append(PROCTOR_PHONE_INVALID.at(row=row, column="手机号码", masked=mask_phone(phone)))
            ok = False
        school = values.get("school") or DEFAULT_SCHOOL
        number, name = values.get("teacher_number"), values.get("name")
        if number is not None:
            first = seen.setdefault((school, number), row)
            if first != row:
                issues.append(PROCTOR_DUPLICATE.at(row=row, column="教师编号", school=school, number=number,
                                                   first=first))
                ok = False
        if ok and number is not None and name is not None and role is not None:
            unavailable = frozenset(code for code in SESSION_SEPARATORS.split(values.get("unavailable") or "")
                                    if code)
            proctors.append(Proctor(school, number, name, phone, values.get("region") or "", role, unavailable))
    if not rows:
        issues.append(PROCTOR_NO_DATA.at())
    return proctors, issues


PROCTOR_NOTES = ("注意说明" + XCERT_OWN_TEMPLATE +
                 "\n1、每行一名监考人员；监考类型填写“监考”（负责一个考场）或“巡考”（负责整个考核站点）。\n"
                 "2、不可监考场次填写场次编号，多个场次用英文分号“;”分隔，如：S1;S2。\n"
                 "3、手机号码为 11 位数字；请删除单元格中多余的空格。")


def proctor_template() -> SheetModel:
    """The blank proctor template (监考人员导入模板)."""
    return blank_template("监考人员导入模板", PROCTOR_NOTES, PROCTOR_COLUMNS, ("teacher_number", "phone"),
                          choices=(("role", ProctorRole.labels()),),
                          marks=(("teacher_number", "示例：T001（本校的教师编号，不能重复）"), ("name", "示例：王芳"),
                                 ("phone", "示例：13812345678（11 位手机号码）"),
                                 ("school", "示例：示范职业技术学院（本校可不填）"), ("region", "示例：太原市小店区"),
                                 ("role", "示例：监考（负责一个考场）或 巡考（负责整个考核站点）"),
                                 ("unavailable", "场次编号，多个用英文分号分隔，如：S1;S2")))
