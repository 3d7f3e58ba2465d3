"""The platform's registration templates: "按证书批量导入报考模板" and "按科目批量导入报考模板".

Columns (all required): 考生姓名, 证件号码, 考生类型, 证书编号, 报考证书 (the name without the level),
证书等级, 考核站点编号, 考核站点名称; the by-subject template adds 考试科目; an optional 班级 column carries the class
used when seating. :func:`read_registration_sheet` finds the header like the roster reader does and checks
each row against what can be known from the file, the certificate catalogue and (optionally) the roster:
whitespace, 考生类型, the ID number, the certificate's code, name and level, duplicates in the file, and the
name against the roster. Rules that need the workspace (verification state, quota, sites, windows) run when
registering (:mod:`xcert_core.registration.rules`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import frozen

from xcert_core.errors import UnreadableFileError
from xcert_core.issues import Issue
from xcert_core.labels import CandidateType, CertificateLevel, Severity
from xcert_core.model import Certificate, level_from_code
from xcert_core.ports.workbooks import CellMark, CellValue, SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.registration.issue_types import (
    CANDIDATE_UNKNOWN,
    CELL_MISSING,
    CERTIFICATE_NAME_MISMATCH,
    CERTIFICATE_UNKNOWN,
    DUPLICATE,
    ID_INVALID,
    LEVEL_CODE_MISMATCH,
    LEVEL_UNKNOWN,
    NAME_MISMATCH,
    TYPE_UNKNOWN,
)
from xcert_core.roster.columns import HEADER_SEARCH_ROWS, XCERT_OWN_TEMPLATE, RosterColumn, find_header
from xcert_core.roster.issue_types import BLANK_ROW, MISSING_COLUMN, NO_DATA
from xcert_core.roster.reading import hidden_sheet_issues
from xcert_core.roster.rules.cell_text import cell_text_issues
from xcert_core.roster.rules.identity import check_id_number
from xcert_core.roster.rules.whitespace import whitespace_issue
from xcert_core.roster.table import normalise_space

FAMILY = "registration-sheet"
BY_CERTIFICATE_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "考生姓名", width=12),
    RosterColumn("id_number", "证件号码", width=22),
    RosterColumn("candidate_type", "考生类型", width=12),
    RosterColumn("certificate_code", "证书编号", width=20),
    RosterColumn("certificate_name", "报考证书", width=34),
    RosterColumn("level", "证书等级", width=10),
    RosterColumn("site_code", "考核站点编号", width=14),
    RosterColumn("site_name", "考核站点名称", width=30),
    RosterColumn("class_label", "班级", required=False, width=14),
)
SUBJECT_COLUMN = RosterColumn("subject", "考试科目", width=16)
ALL_COLUMNS = (*BY_CERTIFICATE_COLUMNS, SUBJECT_COLUMN)


ISSUE_TYPES = (CELL_MISSING, TYPE_UNKNOWN, CERTIFICATE_UNKNOWN, CERTIFICATE_NAME_MISMATCH, LEVEL_UNKNOWN,
               ID_INVALID)
PERSONAL = frozenset({"id_number"})
SPACE_ALLOWED = frozenset({"site_name", "class_label"})


@frozen
class RegistrationRow:
    """One data row of a registration template, as clean text by field (``None``: empty or absent)."""

    row: int
    values: dict[str, str | None]


def read_registration_sheet(
    sheet: SheetData,
    file: str,
    certificates: Mapping[str, Certificate],
    roster: Mapping[str, str] | None = None,
) -> tuple[list[RegistrationRow], list[Issue], bool]:
    """(rows, issues, by_subject) of a filled template; ``roster`` maps ID number to name when known.

    Raises :class:`~xcert_core.errors.UnreadableFileError` when no header row is found (exit 2).
    """
    match = find_header(sheet.rows, ALL_COLUMNS, frozenset({"考生姓名", "证件号码"}))
    if match is None:
        raise UnreadableFileError(file, f"在工作表“{sheet.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到报考模板的表头"
                                        "（应包含“*考生姓名”“*证件号码”等列）")
    by_subject = "subject" in match.positions
    issues: list[Issue] = hidden_sheet_issues(sheet)
    issues += [MISSING_COLUMN.at(header=h, template="报考模板", command="xcert registrations template")
               for h in match.missing if h != SUBJECT_COLUMN.header]
    rows: list[RegistrationRow] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    blanks: list[int] = []  # blank rows are reported once a data row follows them (trailing ones are ignored)
    for index in range(match.index + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if all(cell is None for cell in cells):
            blanks.append(index + 1)
            continue
        issues.extend(BLANK_ROW.at(row=blank) for blank in blanks)
        blanks.clear()
        row = index + 1
        values: dict[str, str | None] = {}
        for column in ALL_COLUMNS:
            position = match.positions.get(column.key)
            if position is None:
                continue
            cell = cells[position] if position < len(cells) else None
            raw = _cell_text(cell)
            clean = normalise_space(raw) if raw is not None else None
            issue = whitespace_issue(raw, clean, row=row, header=column.header,
                                     space_allowed=column.key in SPACE_ALLOWED, personal=column.key in PERSONAL)
            if issue is not None:
                issues.append(issue)
            issues += cell_text_issues(raw, row=row, header=column.header)
            if clean and column.key not in SPACE_ALLOWED:
                clean = clean.replace(" ", "")
            values[column.key] = clean or None
            if values[column.key] is None and column.required:
                issues.append(CELL_MISSING.at(row=row, column=column.header, header=column.header))
        issues += _row_issues(values, row, certificates, roster)
        key = (values.get("id_number") or "", values.get("certificate_code") or "", values.get("subject"))
        if key[0] and key in seen:
            issues.append(DUPLICATE.at(row=row, column="证件号码",
                                       suggestion=f"与第{seen[key]}行重复，请删除其中一行。"))
        seen.setdefault(key, row)
        rows.append(RegistrationRow(row, values))
    if not rows:
        issues.append(NO_DATA.at())
    return rows, issues, by_subject


def _cell_text(cell: object) -> str | None:
    """A cell as text; whole numbers without a trailing ``.0`` (codes typed as numbers are reported by the
    certificate and ID checks, since an 18-digit number has already lost its digits)."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _row_issues(values: dict[str, str | None], row: int, certificates: Mapping[str, Certificate],
                roster: Mapping[str, str] | None) -> list[Issue]:
    import datetime as dt  # noqa: PLC0415

    issues: list[Issue] = []
    kind = values.get("candidate_type")
    if kind is not None:
        try:
            CandidateType.from_label(kind)
        except ValueError:
            issues.append(TYPE_UNKNOWN.at(row=row, column="考生类型", value=kind))
    id_number = values.get("id_number")
    if id_number is not None:
        errors = [f for f in check_id_number(None, id_number, dt.date.today()).findings
                  if f.issue_type.severity is Severity.ERROR]
        if errors:
            issues.append(ID_INVALID.at(row=row, column="证件号码", reason=errors[0].issue_type.title))
        if roster is not None:
            roster_name = roster.get(id_number.upper())
            if roster_name is None:
                issues.append(CANDIDATE_UNKNOWN.at(row=row, column="证件号码", masked=mask_id_number(id_number)))
            elif values.get("name") and values["name"] != roster_name:
                issues.append(NAME_MISMATCH.at(row=row, column="考生姓名", name=values["name"],
                                               roster_name=roster_name))
    issues += _certificate_issues(values, row, certificates)
    return issues


def _certificate_issues(values: dict[str, str | None], row: int,
                        certificates: Mapping[str, Certificate]) -> list[Issue]:
    code, name, level_text = values.get("certificate_code"), values.get("certificate_name"), values.get("level")
    issues: list[Issue] = []
    level: CertificateLevel | None = None
    if level_text is not None:
        try:
            level = CertificateLevel.from_label(level_text)
        except ValueError:
            issues.append(LEVEL_UNKNOWN.at(row=row, column="证书等级", value=level_text))
    if code is None:
        return issues
    certificate = certificates.get(code)
    if certificate is None:
        issues.append(CERTIFICATE_UNKNOWN.at(row=row, column="证书编号", value=code))
    elif name is not None and name != certificate.name:
        issues.append(CERTIFICATE_NAME_MISMATCH.at(row=row, column="报考证书", value=name, expected=certificate.name))
    code_level = level_from_code(code)
    if level is not None and code_level is not None and code_level is not level:
        issues.append(LEVEL_CODE_MISMATCH.at(row=row, column="证书等级", code=code, code_level=code_level.label,
                                             code_level_en=code_level.value, level=level.label, level_en=level.value))
    return issues


NOTES = ("注意说明：\n1、选择按证书导入报考，将为考生报考本次考试计划下本证书所关联的全部科目。\n"
         "2、请认真查看下方导入信息的批注提示内容，按照要求正确填写。\n"
         "3、请确保填入的每项信息都准确无误，重点检查单元格内是否含有空格。空格的位置可能在文字的上面、下面、左面、右面，"
         "请删除多余空格。")
SUBJECT_NOTES = NOTES.replace("选择按证书导入报考，将为考生报考本次考试计划下本证书所关联的全部科目。",
                              "选择按科目导入报考，每行报考一个考试科目；同一考生报考多个科目请分多行填写。").replace(
                              "注意说明：", "注意说明" + XCERT_OWN_TEMPLATE)
"""The by-subject template's notes: the seed shows only the by-certificate template, so this one says it is
xcert's own."""


EXAMPLES = {
    "name": "示例：张三丰（与学生名单中的姓名一致）",
    "id_number": "本列为文本格式，请输入完整证件号码，如：140105200403150017",
    "candidate_type": "示例：院校考生（从下拉列表选择）",
    "certificate_code": "示例：1550001066010252（16 位证书编号）",
    "certificate_name": "报考证书名称不包含等级，如：数字媒体交互设计职业技能等级证书",
    "level": "示例：初级（从下拉列表选择，与证书编号一致）",
    "site_code": "示例：S001", "site_name": "示例：信息楼考点",
    "subject": "示例：理论考试（考试计划中的科目名称或编号）",
    "class_label": "示例：2024级计算机平面设计（可不填）",
}
"""The comment on each header cell: what goes in the column, with an example (the template has no example row:
one left in would be uploaded as a registration)."""


def registration_template(by_subject: bool = False, rows: Sequence[Sequence[CellValue]] = (), *,
                          class_column: bool = False) -> SheetModel:
    """The template: title, notes, '*'-marked header (考试科目 added by subject; the optional 班级 with
    ``class_column``), text-formatted ID and code columns, drop-downs for 考生类型 and 证书等级, and ``rows`` as
    data below the header (each in the header's column order), for a template pre-filled from the workspace."""
    columns = [c for c in BY_CERTIFICATE_COLUMNS if c.required] + ([SUBJECT_COLUMN] if by_subject else [])
    if class_column:
        columns.append(next(c for c in BY_CERTIFICATE_COLUMNS if c.key == "class_label"))
    width = len(columns)
    last = chr(ord("A") + width - 1)
    where = {column.key: n for n, column in enumerate(columns, start=1)}
    title = "按科目批量导入报考模板" if by_subject else "按证书批量导入报考模板"
    header = tuple(("*" if column.required else "") + column.header for column in columns)
    return SheetModel(
        name="Sheet1",
        rows=((title, *([None] * (width - 1))), (SUBJECT_NOTES if by_subject else NOTES, *([None] * (width - 1))),
              header, *(tuple(row) for row in rows)),
        column_widths=tuple(column.width for column in columns),
        merged=(f"A1:{last}1", f"A2:{last}2"),
        text_columns=tuple(where[key] for key in ("id_number", "certificate_code", "site_code")),
        choices=((where["candidate_type"], CandidateType.labels()), (where["level"], CertificateLevel.labels())),
        marks=tuple(CellMark(3, where[key], "note", text) for key, text in EXAMPLES.items() if key in where),
        header_row=3, bold_rows=(1,), row_heights=((1, 28.0), (2, 80.0)),
    )

