"""The score sheet (科目成绩): the platform's score export of a plan, read into :class:`SubjectScore` values.

The platform's export is not in the seed (its operating guide shows the 科目成绩 menu, not the file), so xcert
ships its own template, saying so in its notes (``xcert scores template``), and reads the platform's columns by
header: one row per candidate and subject::

    姓名 *证件号码 准考证号 *考试科目 成绩 是否缺考 是否违纪 成绩状态

A school whose export names a column differently maps it in ``xcert.toml`` (``[scores.columns]``, e.g.
``score = "考核成绩"``): :func:`score_columns`. 考试科目 is the subject's name or code in the plan; 成绩 a number
from 0 to 100 (empty while there is none); 是否缺考 and 是否违纪 are 是 or 否 (empty: 否); 成绩状态 is kept as written.

Every row is checked (:mod:`xcert_core.results.issue_types`): the candidate has an active registration in the
plan and was seated, took the subject, the score is a number in range and not given for an absent candidate, and
no candidate has two rows for one subject. A row with an error gives no score; the import stores nothing while
any row has one (all or nothing).
"""

from __future__ import annotations

from collections.abc import Mapping

from xcert_core.issues import Issue
from xcert_core.model import ExamPlan, Registration, Subject
from xcert_core.model.scores import SCORE_RANGE, SubjectScore
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.results.derivation import registered_subjects
from xcert_core.results.issue_types import (
    SCORE_CELL_MISSING,
    SCORE_DUPLICATE,
    SCORE_FOR_ABSENT,
    SCORE_NO_DATA,
    SCORE_NOT_A_NUMBER,
    SCORE_NOT_REGISTERED,
    SCORE_NOT_SEATED,
    SCORE_OUT_OF_RANGE,
    SCORE_SUBJECT_NOT_TAKEN,
    SCORE_SUBJECT_UNKNOWN,
    SCORE_YES_NO,
)
from xcert_core.roster.columns import XCERT_OWN_TEMPLATE, RosterColumn
from xcert_core.scheduling.rooms_sheet import blank_template, sheet_rows, whitespace_rows

SCORE_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "姓名", required=False, width=12),
    RosterColumn("id_number", "证件号码", width=22),
    RosterColumn("ticket_number", "准考证号", required=False, width=16),
    RosterColumn("subject", "考试科目", width=18),
    RosterColumn("score", "成绩", required=False, numeric_ok=True, width=10),
    RosterColumn("absent", "是否缺考", required=False, width=10),
    RosterColumn("misconduct", "是否违纪", required=False, width=10),
    RosterColumn("status", "成绩状态", required=False, width=12),
)
YES, NO = frozenset({"是", "Y", "y", "yes", "Yes", "YES", "1"}), frozenset({"否", "N", "n", "no", "No", "NO", "0"})


def score_columns(mapping: Mapping[str, str] | None = None) -> tuple[RosterColumn, ...]:
    """:data:`SCORE_COLUMNS` with the headers ``mapping`` (field -> the export's header) renames; ``ValueError``
    for a field that is not a column."""
    mapping = mapping or {}
    unknown = set(mapping) - {column.key for column in SCORE_COLUMNS}
    if unknown:
        known = "、".join(column.key for column in SCORE_COLUMNS)
        raise ValueError(f"[scores.columns] 中的 {'、'.join(sorted(unknown))} 不是成绩表的列（可用：{known}）")
    return tuple(RosterColumn(c.key, mapping.get(c.key, c.header), c.required, c.numeric_ok, c.width)
                 for c in SCORE_COLUMNS)


def _yes_no(text: str | None, row: int, header: str, issues: list[Issue]) -> bool | None:
    """``True``/``False`` for 是/否 (empty: ``False``); ``None`` after reporting anything else."""
    if text is None or text in NO:
        return False
    if text in YES:
        return True
    issues.append(SCORE_YES_NO.at(row=row, column=header, header=header, value=text))
    return None


def _subject(plan: ExamPlan, text: str) -> Subject | None:
    return next((s for s in plan.subjects if text in (s.code, s.name)), None)


def read_score_sheet(sheet: SheetData, file: str, plan: ExamPlan, registrations: Mapping[str, Registration],
                     seated: set[str], columns: tuple[RosterColumn, ...] = SCORE_COLUMNS,
                     ) -> tuple[list[SubjectScore], list[Issue]]:
    """(scores, issues) of a filled score sheet for ``plan``: ``registrations`` are the plan's active ones by ID
    number, ``seated`` the ID numbers with a seat. Raises :class:`UnreadableFileError` without a header row."""
    by_key = {c.key: c for c in columns}
    anchors = frozenset({by_key["id_number"].header, by_key["subject"].header})
    rows, issues = sheet_rows(sheet, file, columns, anchors, "成绩表", personal=frozenset({"id_number"}),
                              space_allowed=frozenset({"name", "subject", "status"}),
                              command="xcert scores template")
    spaced = whitespace_rows(issues)
    scores: list[SubjectScore] = []
    first_row: dict[tuple[str, str], int] = {}
    for data in rows:
        row, values = data.row, data.values
        ok = row not in spaced
        for key in ("id_number", "subject"):
            if values.get(key) is None:
                issues.append(SCORE_CELL_MISSING.at(row=row, column=by_key[key].header, header=by_key[key].header))
                ok = False
        id_number, subject_text = values.get("id_number"), values.get("subject")
        absent = _yes_no(values.get("absent"), row, by_key["absent"].header, issues)
        misconduct = _yes_no(values.get("misconduct"), row, by_key["misconduct"].header, issues)
        ok = ok and absent is not None and misconduct is not None
        score = _number(values.get("score"), row, by_key["score"].header, issues)
        ok = ok and score is not False
        if absent and isinstance(score, float):
            issues.append(SCORE_FOR_ABSENT.at(row=row, column=by_key["score"].header, value=f"{score:g}"))
            ok = False
        if id_number is None or subject_text is None:
            continue
        subject = _subject(plan, subject_text)
        ok = _candidate_ok(plan, id_number, subject, subject_text, registrations, seated, row, by_key, issues) and ok
        if subject is not None:
            first = first_row.setdefault((id_number, subject.code), row)
            if first != row:
                issues.append(SCORE_DUPLICATE.at(row=row, column=by_key["subject"].header, subject=subject.name,
                                                 masked=mask_id_number(id_number), first=first))
                ok = False
        if ok and subject is not None:
            scores.append(SubjectScore(plan.code, id_number, subject.code,
                                       score if isinstance(score, float) else None, bool(absent), bool(misconduct),
                                       values.get("status") or ""))
    if not rows:
        issues.append(SCORE_NO_DATA.at())
    return scores, issues


def _candidate_ok(plan: ExamPlan, id_number: str, subject: Subject | None, subject_text: str,
                  registrations: Mapping[str, Registration], seated: set[str], row: int,
                  by_key: Mapping[str, RosterColumn], issues: list[Issue]) -> bool:
    """Report what is wrong with the row's subject and candidate: a subject the plan lacks, no active
    registration, never seated, a subject not taken. True when nothing is."""
    masked = mask_id_number(id_number)
    registration = registrations.get(id_number)
    ok = True
    if subject is None:
        known = "、".join(s.name for s in plan.subjects)
        issues.append(SCORE_SUBJECT_UNKNOWN.at(row=row, column=by_key["subject"].header, plan=plan.code,
                                               subject=subject_text, known=known))
        ok = False
    if registration is None:
        issues.append(SCORE_NOT_REGISTERED.at(row=row, column=by_key["id_number"].header, masked=masked,
                                              plan=plan.code))
        return False
    if id_number not in seated:
        issues.append(SCORE_NOT_SEATED.at(row=row, column=by_key["id_number"].header, masked=masked, plan=plan.code))
        return False
    if subject is not None and subject not in registered_subjects(plan, registration):
        issues.append(SCORE_SUBJECT_NOT_TAKEN.at(row=row, column=by_key["subject"].header, masked=masked,
                                                 subject=subject.name))
        return False
    return ok


def _number(text: str | None, row: int, header: str, issues: list[Issue]) -> float | bool | None:
    """The score as a number, ``None`` when empty, ``False`` after reporting it."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        issues.append(SCORE_NOT_A_NUMBER.at(row=row, column=header, header=header, value=text))
        return False
    if not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:  # NaN is outside too
        issues.append(SCORE_OUT_OF_RANGE.at(row=row, column=header, value=text))
        return False
    return value


SCORE_NOTES = ("注意说明" + XCERT_OWN_TEMPLATE +
               "\n1、每行一名考生的一个科目；考试科目填考试计划中的科目名称或编号。\n"
               "2、成绩为 0 到 100 的数字，尚未出成绩时留空；缺考填“是”并留空成绩；违纪填“是”（违纪不能通过）。\n"
               "3、平台导出的列名不同时，可在 xcert.toml 的 [scores.columns] 中对应，如 score = \"考核成绩\"。")


def score_template(columns: tuple[RosterColumn, ...] = SCORE_COLUMNS) -> SheetModel:
    """The blank score sheet (科目成绩导入模板), xcert's own."""
    return blank_template("科目成绩导入模板", SCORE_NOTES, columns, ("id_number", "ticket_number"),
                          choices=(("absent", ("是", "否")), ("misconduct", ("是", "否"))),
                          marks=(("name", "示例：张三（可不填，便于核对）"),
                                 ("id_number", "与学生名单中的证件号码一致"),
                                 ("ticket_number", "示例：2606130001（可不填）"), ("subject", "示例：理论考试"),
                                 ("score", "示例：78.5（缺考或尚未出成绩时留空）"), ("absent", "是 或 否（留空为否）"),
                                 ("misconduct", "是 或 否（留空为否；违纪不能通过）"), ("status", "示例：已发布")))
