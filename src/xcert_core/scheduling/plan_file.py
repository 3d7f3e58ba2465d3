"""Exam plans for scheduling: the ``--plan`` TOML file, or one default plan per certificate.

The file (parsed with :mod:`tomllib`; the adapter reads it, this module only parses the text)::

    year = 2026                      # optional: the year in ticket numbers
    organization = "本校"             # optional

    [[exam]]
    certificate = "1550001066020254" # 证书编号 (it encodes the level)
    code = "2026-06-WEB-M"           # optional plan code (default: the certificate code)
    name = "Web 前端开发（中级）"       # optional
    opens = 2026-04-01               # optional: registration window (报考时间), dates
    closes = 2026-05-15
    resit_of = "2026-06-WEB-M"       # optional: this plan is the resit (补考) of that one
    fee = 180                        # optional: 考试费 per registration in 元 (up to two decimals)
    fee_payer = "考生"                # optional: 考生 (default) or 学校
    fee_due = 2026-05-20             # optional: 缴费截止 (default: closes)

    [[exam.subject]]                 # optional: without any, one subject "X" named 考试
    code = "T"
    name = "理论考试"
    kind = "理论"                    # 理论 or 实操, optional
    minutes = 90                     # optional
    room_type = "实训室"              # optional: the 考场类型 its sessions need (default: any room)
    pass_mark = 60                   # optional: the score out of 100 that passes (合格线, default 60)

    [[exam.session]]                 # at least one
    code = "S1"                      # unique in the whole file
    subject = "T"                    # optional when the exam has one subject
    date = 2026-06-13                # a TOML date or "2026-06-13"
    start = "09:00"                  # a TOML time or "HH:MM"
    end = "10:30"

A registration takes every subject of its plan (by certificate) or the subject named in its 考试科目 cell,
matched against a subject's code or name (by subject). A candidate sits the first session of each subject, in
one room and seat for all of them, except that a subject with a ``room_type`` is seated in rooms of that type.

Without a file, :func:`default_plans` makes one plan per certificate (in certificate-code order): plan code
= certificate code, one subject ``X`` (考试) and one session ``S1``, ``S2``, … on consecutive placeholder days
from :data:`DEFAULT_DATE`, 09:00–10:30. The placeholder times only keep the sessions apart (a proctor may serve
every one of them); the real dates come from the platform.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from xcert_core.errors import UnreadableFileError, XcertError
from xcert_core.fees.ledger import fen_of
from xcert_core.labels import CertificateLevel, FeePayer, SubjectKind
from xcert_core.model import ExamPlan, ExamSession, Subject
from xcert_core.scheduling.issue_types import PLAN_MISSING, SUBJECT_UNKNOWN

DEFAULT_DATE = dt.date(2000, 1, 1)
DEFAULT_START, DEFAULT_END = dt.time(9, 0), dt.time(10, 30)
DEFAULT_SUBJECT = Subject("X", "考试")
DEFAULT_ORGANIZATION = "本校"


ISSUE_TYPES = (PLAN_MISSING, SUBJECT_UNKNOWN)


@frozen
class PlanFile:
    """A parsed ``--plan`` file: the year (``None``: not given) and one plan per certificate code."""

    year: int | None
    plans: Mapping[str, ExamPlan]


def default_plans(certificates: Mapping[str, CertificateLevel], year: int) -> dict[str, ExamPlan]:
    """One plan per certificate code (see the module docstring)."""
    plans: dict[str, ExamPlan] = {}
    for number, (code, level) in enumerate(sorted(certificates.items()), start=1):
        session = ExamSession(f"S{number}", DEFAULT_SUBJECT.code, DEFAULT_DATE + dt.timedelta(days=number - 1),
                              DEFAULT_START, DEFAULT_END)
        plans[code] = ExamPlan(code, f"{code}（{level.label}）", year, DEFAULT_ORGANIZATION, code, level,
                               (DEFAULT_SUBJECT,), (session,))
    return plans


def _fail(file: str, reason: str) -> UnreadableFileError:
    return UnreadableFileError(file, f"排考计划文件有误：{reason}")


def _text(table: Mapping[str, Any], key: str, file: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, f"{where}缺少“{key}”（应为文字）")
    return value.strip()


def _date(value: object, file: str, where: str, key: str = "date") -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(file, f"{where}的 {key} 应为日期，如 2026-06-13")


def _time(value: object, file: str, where: str, key: str) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(file, f"{where}的 {key} 应为时间，如 09:00")


WHERE = "_where"
"""A table may say where it came from (``"“场次”工作表第 5 行"``): the messages then name that place instead of
"第 n 个场次". The Excel form (:mod:`xcert_core.scheduling.plan_sheets`) sets it; TOML files never do."""


def _here(table: Mapping[str, Any], default: str) -> str:
    where = table.get(WHERE)
    return where if isinstance(where, str) and where else default


def _subjects(exam: Mapping[str, Any], file: str, where: str) -> tuple[Subject, ...]:
    tables = exam.get("subject", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise _fail(file, f"{where}的 subject 应写成 [[exam.subject]] 表")
    subjects: list[Subject] = []
    for n, table in enumerate(tables, start=1):
        here = _here(table, f"{where}第 {n} 个科目")
        try:
            kind = SubjectKind.from_label(str(table.get("kind", "理论")))
        except ValueError:
            raise _fail(file, f"{here}的 kind 应为“理论”或“实操”") from None
        minutes = table.get("minutes", 90)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
            raise _fail(file, f"{here}的 minutes 应为正整数")
        code = _text(table, "code", file, here)
        room_type = table.get("room_type")
        if room_type is not None and not (isinstance(room_type, str) and room_type.strip()):
            raise _fail(file, f"{here}的 room_type 应为考场类型，如“实训室”")
        pass_mark = table.get("pass_mark", 60)
        if not isinstance(pass_mark, int) or isinstance(pass_mark, bool) or not 0 <= pass_mark <= 100:
            raise _fail(file, f"{here}的 pass_mark（合格线）应为 0 到 100 的整数")
        subjects.append(Subject(code, _text(table, "name", file, here, code), kind, minutes,
                                room_type.strip() if room_type is not None else None, pass_mark))
    if len({s.code for s in subjects}) != len(subjects):
        repeated = next(s.code for n, s in enumerate(subjects) if s.code in {t.code for t in subjects[:n]})
        raise _fail(file, f"{where}的科目编号“{repeated}”重复")
    return tuple(subjects) or (DEFAULT_SUBJECT,)


def _sessions(exam: Mapping[str, Any], subjects: Sequence[Subject], file: str, where: str
              ) -> tuple[ExamSession, ...]:
    tables = exam.get("session", [])
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise _fail(file, f"{where}至少需要一个 [[exam.session]] 场次")
    codes = {s.code for s in subjects}
    sessions: list[ExamSession] = []
    for n, table in enumerate(tables, start=1):
        here = _here(table, f"{where}第 {n} 个场次")
        subject = _text(table, "subject", file, here, subjects[0].code if len(subjects) == 1 else None)
        if subject not in codes:
            raise _fail(file, f"{here}的科目“{subject}”不在该考试的科目中")
        start = _time(table.get("start"), file, here, "start")
        end = _time(table.get("end"), file, here, "end")
        if end <= start:
            raise _fail(file, f"{here}的结束时间不晚于开始时间")
        sessions.append(ExamSession(_text(table, "code", file, here), subject,
                                    _date(table.get("date"), file, here), start, end))
    return tuple(sessions)


def _fee(exam: Mapping[str, Any], file: str, where: str) -> tuple[int | None, FeePayer, dt.date | None]:
    """(fee in 分, who pays, the fee deadline) of an exam table: ``fee`` in 元 (a number or text such as
    ``"180.50"``), ``fee_payer`` 考生 or 学校, ``fee_due`` a date."""
    fee_fen = None
    if "fee" in exam:
        value = exam["fee"]
        fee_fen = fen_of(str(value)) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
        if fee_fen is None:
            raise _fail(file, f"{where}的考试费（fee）“{value}”应为以元为单位的金额，如 180 或 180.50")
    payer = FeePayer.CANDIDATE
    if "fee_payer" in exam:
        text = _text(exam, "fee_payer", file, where)
        try:
            payer = FeePayer.from_label(text)
        except ValueError:
            raise _fail(file, f"{where}的缴费方（fee_payer）“{text}”应为“考生”或“学校”") from None
    due = _date(exam["fee_due"], file, where, "fee_due") if "fee_due" in exam else None
    return fee_fen, payer, due


def parse_plan_file(text: str, file: str, levels: Mapping[str, CertificateLevel], default_year: int) -> PlanFile:
    """Parse a ``--plan`` file; ``levels`` gives each known certificate code's level.

    Raises :class:`~xcert_core.errors.UnreadableFileError` (exit 2) on any mistake, naming it in Chinese.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(file, f"不是有效的 TOML（{exc}）") from None
    return plans_from_tables(data, file, levels, default_year)


def plans_from_tables(data: Mapping[str, Any], file: str, levels: Mapping[str, CertificateLevel],
                      default_year: int) -> PlanFile:
    """The plans of a plan file's tables (as :mod:`tomllib` gives them, or as the Excel form builds them): every
    rule of a plan lives here, whichever form it came in. Raises
    :class:`~xcert_core.errors.UnreadableFileError` naming the first mistake and where it is (:data:`WHERE`)."""
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 9999):
        raise _fail(file, "year 应为四位年份，如 2026")
    organization = _text(data, "organization", file, "文件", DEFAULT_ORGANIZATION)
    exams = data.get("exam")
    if not isinstance(exams, list) or not exams or not all(isinstance(e, dict) for e in exams):
        raise _fail(file, "至少需要一个 [[exam]] 考试")
    plans: dict[str, ExamPlan] = {}
    session_codes: set[str] = set()
    for n, exam in enumerate(exams, start=1):
        where = _here(exam, f"第 {n} 个考试")
        certificate = _text(exam, "certificate", file, where)
        level = levels.get(certificate)
        if level is None:
            raise _fail(file, f"{where}的证书编号“{certificate}”不在证书目录中，也无法从编号看出等级")
        if certificate in plans:
            raise _fail(file, f"证书“{certificate}”有两个考试")
        subjects = _subjects(exam, file, where)
        sessions = _sessions(exam, subjects, file, where)
        for session in sessions:
            if session.code in session_codes:
                raise _fail(file, f"{where}的场次编号“{session.code}”重复（场次编号在整个文件中唯一）")
            session_codes.add(session.code)
        code = _text(exam, "code", file, where, certificate)
        opens, closes = (_date(exam[key], file, where, key) if key in exam else None
                         for key in ("opens", "closes"))
        if opens and closes and closes < opens:
            raise _fail(file, f"{where}的报考截止日期（closes）早于开始日期（opens）")
        resit_of = _text(exam, "resit_of", file, where) if "resit_of" in exam else None
        fee_fen, payer, due = _fee(exam, file, where)
        plans[certificate] = ExamPlan(code, _text(exam, "name", file, where, f"{certificate}（{level.label}）"),
                                      year or default_year, organization, certificate, level, subjects, sessions,
                                      opens, closes, resit_of, fee_fen, payer, due)
    if len({plan.code for plan in plans.values()}) != len(plans):
        raise _fail(file, "考试计划编号（code）重复")
    return PlanFile(year, plans)


def subject_code_of(plan: ExamPlan, text: str) -> str | None:
    """The code of the plan's subject whose code or name is ``text`` (a 考试科目 cell), else ``None``."""
    for subject in plan.subjects:
        if text in (subject.code, subject.name):
            return subject.code
    return None


FIXED_BY_REGISTRATIONS = ("certificate_code", "year", "level", "subjects", "sessions")
"""What an exam plan's registrations rest on: while it has active registrations, none of these may change."""


class PlanLockedError(XcertError):
    """An exam plan with active registrations would change what they rest on (:data:`FIXED_BY_REGISTRATIONS`)."""


def check_plan_change(current: ExamPlan | None, new: ExamPlan, active_registrations: int) -> None:
    """Raise :class:`PlanLockedError` when ``new`` replaces a stored plan that has active registrations and
    changes its certificate, year, level, subjects or sessions (name, window and organisation may change)."""
    if current is None or not active_registrations:
        return
    if any(getattr(current, field) != getattr(new, field) for field in FIXED_BY_REGISTRATIONS):
        raise PlanLockedError(f"考试计划 {new.code} 已有 {active_registrations} 条报考，不能再更改证书、年份、等级、"
                              "科目和场次：请先撤销报考，或新建一个考试计划 / the plan has registrations")
