"""The exam plan as an Excel form (考试计划表): xcert's own template, beside the TOML file, for teachers who work in
Excel. The platform has no such import template (its 考试计划 are published by the 培训评价组织); the template's
notes say so.

Three sheets, each with a title row, a notes row and its header in row 3 (like the other templates)::

    考试计划  *证书编号 计划编号 计划名称 报考开始日期 报考截止日期
    科目      *证书编号 *科目编号 科目名称 科目类型 考试时长（分钟） 考场类型
    场次      *证书编号 *场次编号 科目编号 *考试日期 *开始时间 *结束时间

A row of 科目 or 场次 belongs to the plan of its 证书编号. :func:`read_plan_workbook` checks every cell (required,
dates, times, minutes, 理论/实操) and reports each problem as a catalogued issue naming the sheet, row and column;
the cells become the same tables a TOML file gives (:func:`~xcert_core.scheduling.plan_file.plans_from_tables`,
where every rule of a plan lives), each labelled with the sheet and row it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from xcert_core.fees.ledger import yuan
from xcert_core.issues import Issue
from xcert_core.labels import SubjectKind
from xcert_core.model import ExamPlan
from xcert_core.ports.workbooks import CellValue, SheetData, SheetModel
from xcert_core.roster.columns import RosterColumn
from xcert_core.scheduling.issue_types import (
    PLAN_CELL_MISSING,
    PLAN_DATE_INVALID,
    PLAN_KIND_INVALID,
    PLAN_MINUTES_INVALID,
    PLAN_NO_DATA,
    PLAN_PASS_MARK_INVALID,
    PLAN_TIME_INVALID,
)
from xcert_core.scheduling.plan_file import WHERE
from xcert_core.scheduling.rooms_sheet import blank_template, sheet_rows, whitespace_rows

FAMILY = "plan-sheet"
PLAN_SHEET, SUBJECT_SHEET, SESSION_SHEET = "考试计划", "科目", "场次"
SHEETS = (PLAN_SHEET, SUBJECT_SHEET, SESSION_SHEET)
"""The form's sheets, in order; each must be present."""

PLAN_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("certificate", "证书编号", width=20),
    RosterColumn("code", "计划编号", required=False, width=18),
    RosterColumn("name", "计划名称", required=False, width=30),
    RosterColumn("opens", "报考开始日期", required=False, numeric_ok=True, width=14),
    RosterColumn("closes", "报考截止日期", required=False, numeric_ok=True, width=14),
    RosterColumn("resit_of", "补考原计划编号", required=False, width=18),
    RosterColumn("fee", "考试费（元）", required=False, numeric_ok=True, width=12),
    RosterColumn("fee_payer", "缴费方", required=False, width=10),
    RosterColumn("fee_due", "缴费截止日期", required=False, numeric_ok=True, width=14),
)
SUBJECT_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("certificate", "证书编号", width=20),
    RosterColumn("code", "科目编号", width=10),
    RosterColumn("name", "科目名称", required=False, width=16),
    RosterColumn("kind", "科目类型", required=False, width=10),
    RosterColumn("minutes", "考试时长（分钟）", required=False, numeric_ok=True, width=16),
    RosterColumn("room_type", "考场类型", required=False, width=12),
    RosterColumn("pass_mark", "合格线", required=False, numeric_ok=True, width=10),
)
SESSION_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("certificate", "证书编号", width=20),
    RosterColumn("code", "场次编号", width=10),
    RosterColumn("subject", "科目编号", required=False, width=10),
    RosterColumn("date", "考试日期", numeric_ok=True, width=14),
    RosterColumn("start", "开始时间", numeric_ok=True, width=10),
    RosterColumn("end", "结束时间", numeric_ok=True, width=10),
)
COLUMNS = {PLAN_SHEET: PLAN_COLUMNS, SUBJECT_SHEET: SUBJECT_COLUMNS, SESSION_SHEET: SESSION_COLUMNS}
ANCHORS = {PLAN_SHEET: frozenset({"证书编号", "计划编号"}), SUBJECT_SHEET: frozenset({"证书编号", "科目编号"}),
           SESSION_SHEET: frozenset({"证书编号", "场次编号"})}
SPACE_ALLOWED = frozenset({"name", "room_type"})

_ORIGIN = "（本表是 xcert 自己的模板，平台没有考试计划导入模板；考试计划以培训评价组织在平台上发布的为准。）"
NOTES = {
    PLAN_SHEET: "注意说明" + _ORIGIN +
                "\n1、每行一个考试计划（一个证书一个计划）；证书编号必填，计划编号不填时用证书编号。\n"
                "2、报考开始、截止日期写成 2026-04-01 这样的日期；可以不填。\n"
                "3、科目和场次在“科目”“场次”两个工作表中，按证书编号对应到本表的计划。\n"
                "4、补考计划填写原计划编号；考试费以元为单位（不填则不记缴费），缴费方为“考生”或“学校”。",
    SUBJECT_SHEET: "注意说明" + _ORIGIN +
                   "\n1、每行一个考试科目，如 T 理论考试、P 实操考试；同一计划内科目编号不能重复。\n"
                   "2、科目类型选“理论”或“实操”（默认理论）；考试时长为分钟数（默认 90）。\n"
                   "3、考场类型可不填；填写（如“实训室”）时，该科目只排在这一类型的考场；合格线不填为 60 分。\n"
                   "4、一个计划没有任何科目时，按一个科目“考试”（编号 X）处理。",
    SESSION_SHEET: "注意说明" + _ORIGIN + "\n1、每行一个场次：场次编号在整个文件中唯一，如 T1、P1。\n"
                   "2、科目编号写“科目”表中的编号；计划只有一个科目时可以不填。\n"
                   "3、考试日期写成 2026-06-13，开始、结束时间写成 09:00、10:30；结束时间要晚于开始时间。\n"
                   "4、每个计划至少一个场次。",
}


ISSUE_TYPES = (PLAN_CELL_MISSING, PLAN_DATE_INVALID, PLAN_TIME_INVALID, PLAN_MINUTES_INVALID, PLAN_KIND_INVALID,
               PLAN_PASS_MARK_INVALID, PLAN_NO_DATA)
MAX_MINUTES = 24 * 60

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?")
_TIME = re.compile(r"(?:\d{4}-\d{2}-\d{2}[ T])?(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?")


EXAMPLES = {
    PLAN_SHEET: (("certificate", "示例：1550001066020254（16 位证书编号）"), ("code", "示例：2026-06-DMI-M"),
                 ("name", "示例：数字媒体交互设计（中级）2026年6月"), ("opens", "示例：2026-04-01"),
                 ("closes", "示例：2026-05-15"), ("resit_of", "补考时填写原计划编号（可不填）"),
                 ("fee", "示例：180（可不填）"), ("fee_payer", "考生 或 学校（默认考生）"),
                 ("fee_due", "示例：2026-05-20（默认报考截止日期）")),
    SUBJECT_SHEET: (("certificate", "示例：1550001066020254"), ("code", "示例：T"), ("name", "示例：理论考试"),
                    ("kind", "示例：理论（从下拉列表选择）"), ("minutes", "示例：90"),
                    ("room_type", "示例：机房（可不填）"), ("pass_mark", "示例：60（默认 60）")),
    SESSION_SHEET: (("certificate", "示例：1550001066020254"), ("code", "示例：T1"), ("subject", "示例：T"),
                    ("date", "示例：2026-06-13"), ("start", "示例：09:00"), ("end", "示例：10:30")),
}
"""The comment on each header cell, with an example (no example row: one left in would become a plan)."""


def plan_template() -> list[SheetModel]:
    """The blank form: 考试计划, 科目 (科目类型 a drop-down of 理论/实操), 场次 — text columns kept as text, an example
    in each header's comment."""
    plans = blank_template("考试计划", NOTES[PLAN_SHEET], PLAN_COLUMNS, ("certificate", "code"),
                           marks=EXAMPLES[PLAN_SHEET])
    subjects = blank_template("考试科目", NOTES[SUBJECT_SHEET], SUBJECT_COLUMNS, ("certificate", "code"),
                              choices=(("kind", tuple(kind.label for kind in SubjectKind)),),
                              marks=EXAMPLES[SUBJECT_SHEET])
    sessions = blank_template("考试场次", NOTES[SESSION_SHEET], SESSION_COLUMNS, ("certificate", "code", "subject"),
                              marks=EXAMPLES[SESSION_SHEET])
    return [attrs.evolve(plans, name=PLAN_SHEET), attrs.evolve(subjects, name=SUBJECT_SHEET),
            attrs.evolve(sessions, name=SESSION_SHEET)]


def plan_form(plans: Sequence[ExamPlan]) -> list[SheetModel]:
    """``plans`` as the filled plan form (dates ``2026-06-13``, times ``09:00``): what ``xcert plans import`` reads
    back. The form names a plan by its certificate, so ``plans`` must hold one plan per certificate
    (:class:`ValueError` otherwise)."""
    certificates = [plan.certificate_code for plan in plans]
    if len(set(certificates)) != len(certificates):
        raise ValueError("考试计划表中一个证书只能有一个计划 / one plan per certificate in the form")
    tables: dict[str, list[tuple[CellValue, ...]]] = {PLAN_SHEET: [], SUBJECT_SHEET: [], SESSION_SHEET: []}
    for plan in plans:
        code = plan.certificate_code
        tables[PLAN_SHEET].append((code, plan.code, plan.name, _iso(plan.registration_opens),
                                   _iso(plan.registration_closes), plan.resit_of,
                                   yuan(plan.fee_fen) if plan.fee_fen is not None else None, plan.fee_payer.label,
                                   _iso(plan.fee_due)))
        tables[SUBJECT_SHEET] += [(code, s.code, s.name, s.kind.label, str(s.duration_minutes), s.room_type,
                                   str(s.pass_mark)) for s in plan.subjects]
        tables[SESSION_SHEET] += [(code, s.code, s.subject_code, s.date.isoformat(), s.start.strftime("%H:%M"),
                                   s.end.strftime("%H:%M")) for s in plan.sessions]
    return [attrs.evolve(sheet, rows=(*sheet.rows, *tables[sheet.name])) for sheet in plan_template()]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def parse_date(text: str) -> dt.date | None:
    """A date as a teacher or Excel writes it: ``2026-06-13``, ``2026/6/13``, ``2026年6月13日``, or Excel's
    ``2026-06-13 00:00:00``; ``None`` when it is none."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def parse_time(text: str) -> dt.time | None:
    """A time of day: ``09:00``, ``9:00``, ``09:00:00`` (Excel's), or Excel's day fraction ``0.375``; ``None``
    when it is none."""
    text = text.strip()
    try:
        fraction = float(text)
    except ValueError:
        fraction = -1.0
    if 0 <= fraction < 1:
        minutes = round(fraction * MAX_MINUTES)
        return dt.time(minutes // 60 % 24, minutes % 60)
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute, second = (int(part) if part else 0 for part in match.groups())
    return dt.time(hour, minute, second) if hour < 24 and minute < 60 and second < 60 else None


def _minutes(text: str) -> int | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= MAX_MINUTES else None


def _pass_mark(text: str) -> int | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and 0 <= number <= 100 else None


def _kind(text: str) -> str | None:
    try:
        return SubjectKind.from_label(text).label
    except ValueError:
        return None


_CONVERTERS: dict[str, tuple[Callable[[str], Any], Any]] = {
    "opens": (parse_date, PLAN_DATE_INVALID), "closes": (parse_date, PLAN_DATE_INVALID),
    "date": (parse_date, PLAN_DATE_INVALID), "start": (parse_time, PLAN_TIME_INVALID),
    "end": (parse_time, PLAN_TIME_INVALID), "minutes": (_minutes, PLAN_MINUTES_INVALID),
    "kind": (_kind, PLAN_KIND_INVALID), "pass_mark": (_pass_mark, PLAN_PASS_MARK_INVALID),
    "fee_due": (parse_date, PLAN_DATE_INVALID),
}


def _sheet_tables(name: str, data: SheetData, file: str, issues: list[Issue]) -> tuple[list[dict[str, Any]], int]:
    """Each good row of one sheet as a table (its cells converted, its place under :data:`WHERE`), and how many
    data rows the sheet has; a row with an error gives no table and its issues are added to ``issues``."""
    columns = COLUMNS[name]
    rows, found = sheet_rows(data, file, columns, ANCHORS[name], f"“{name}”工作表", space_allowed=SPACE_ALLOWED,
                             command="xcert plans template")
    issues += found
    spaced = whitespace_rows(found)
    tables: list[dict[str, Any]] = []
    for row in rows:
        table: dict[str, Any] = {WHERE: f"“{name}”工作表第 {row.row} 行"}
        ok = row.row not in spaced
        for column in columns:
            text = row.values.get(column.key)
            if text is None:
                if column.required:
                    issues.append(PLAN_CELL_MISSING.at(row=row.row, column=column.header, sheet=name,
                                                       header=column.header))
                    ok = False
                continue
            converter = _CONVERTERS.get(column.key)
            if converter is None:
                table[column.key] = text
                continue
            value = converter[0](text)
            if value is None:
                issues.append(converter[1].at(row=row.row, column=column.header, value=text, sheet=name,
                                              header=column.header))
                ok = False
            table[column.key] = value
        if ok:
            tables.append(table)
    return tables, len(rows)


def read_plan_workbook(sheets: Mapping[str, SheetData], file: str) -> tuple[dict[str, Any], list[Issue]]:
    """The plan-file tables of a filled form (``sheets``: :data:`SHEETS` by name) and the issues of its cells.
    Subjects and sessions join their plan by 证书编号; one that names a certificate with no plan row is its own
    plan (so that :func:`~xcert_core.scheduling.plan_file.plans_from_tables` names the certificate when it is
    unknown, or asks for the plan's session). Raises
    :class:`~xcert_core.errors.UnreadableFileError` when a sheet has no header."""
    issues: list[Issue] = []
    plans, plan_rows = _sheet_tables(PLAN_SHEET, sheets[PLAN_SHEET], file, issues)
    subjects, _ = _sheet_tables(SUBJECT_SHEET, sheets[SUBJECT_SHEET], file, issues)
    sessions, _ = _sheet_tables(SESSION_SHEET, sheets[SESSION_SHEET], file, issues)
    if not plan_rows:
        issues.append(PLAN_NO_DATA.at())
    exams: list[dict[str, Any]] = []
    first: dict[str, dict[str, Any]] = {}
    for plan in plans:  # a certificate written twice stays twice: the plan rules refuse it, naming both
        exams.append({**plan, "subject": [], "session": []})
        first.setdefault(plan["certificate"], exams[-1])
    for key, rows in (("subject", subjects), ("session", sessions)):
        for row in rows:
            certificate = row.pop("certificate")
            if certificate not in first:
                exams.append({"certificate": certificate, WHERE: row[WHERE], "subject": [], "session": []})
                first[certificate] = exams[-1]
            first[certificate][key].append(row)
    return {"exam": exams}, issues
