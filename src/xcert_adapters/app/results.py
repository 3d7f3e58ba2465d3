"""After the exam as use cases: import a plan's subject scores (科目成绩), list and write its results (考证结果), and
import the certificates the platform issues (证书信息), record their hand-out (证书发放) and find who has not
collected one.

The score import is all-or-nothing, like every import: the sheet is read with the workspace's header mapping
(``[scores.columns]`` in ``xcert.toml``), checked against the stored plan, its active registrations and its seats
(:mod:`xcert_core.results.score_sheet`), and only when the report — under the workspace's ``[rules]`` — has no
error are the scores written in one transaction (a score for the same plan, candidate and subject is replaced).
The import is kept in the import history (导入记录) either way.

Results are derived each time from what is stored (:mod:`xcert_core.results.derivation`), never stored
themselves: after a new score import they are simply what the scores now say. A resit plan (``resit_of``)
carries the subjects passed in the plan it follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import AWARDS, SCORES
from xcert_adapters.app.staff_and_rooms import CheckedSheet, ImportSource, SheetImport, import_sheet
from xcert_adapters.workspace import Workspace
from xcert_core.labels import RegistrationStatus
from xcert_core.model import (
    Candidate,
    Certificate,
    CertificateAward,
    CertificateSignOff,
    ExamPlan,
    Registration,
    SeatAssignment,
    SignOffRow,
    SubjectScore,
)
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.results import award_sheet
from xcert_core.results.derivation import CertificateResult, Outcome, plan_results
from xcert_core.results.score_sheet import read_score_sheet, score_columns, score_template
from xcert_core.scheduling.stored import get_plan


def active_registrations(workspace: Workspace, plan_code: str) -> list[Registration]:
    """The plan's registrations that still hold a place (not withdrawn), in key order."""
    return [r for r in workspace.storage.list(Registration, plan_code=plan_code)
            if r.status is RegistrationStatus.ACTIVE]


def import_scores(workspace: Workspace, file: Path, plan_code: str, *, sheet: str | None = None,
                  report_path: Path | None = None, actor: str = "", channel: str = audit.COMMAND_LINE,
                  name: str | None = None) -> SheetImport:
    """Check the score export ``file`` of the stored plan ``plan_code`` and store its scores, all or nothing;
    ``report_path``: also write the marked-up error report there. :class:`~xcert_core.scheduling.stored.
    PlanNotFoundError` for an unknown plan."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    registrations = {r.id_number: r for r in active_registrations(workspace, plan_code)}
    seated = {id_number for (id_number,) in storage.values(SeatAssignment, ("id_number",), plan_code=plan_code)}
    columns = score_columns(workspace.config.score_columns)

    def check(data: SheetData) -> CheckedSheet:
        return CheckedSheet(*read_score_sheet(data, file.name, plan, registrations, seated, columns))

    anchors = frozenset(c.header for c in columns if c.key in ("id_number", "subject"))
    return import_sheet(workspace, ImportSource(file, sheet, report_path, actor, channel, name), SCORES, columns,
                        anchors, check)


def blank_score_template(workspace: Workspace | None = None) -> SheetModel:
    """xcert's own score template, with the workspace's header mapping when there is one."""
    return score_template(score_columns(workspace.config.score_columns if workspace is not None else None))


@frozen
class ResultRow:
    """One registered candidate's result with what a list shows of them."""

    result: CertificateResult
    name: str
    class_label: str
    ticket_number: str | None


@frozen
class PlanResults:
    """A plan's results, one row per active registration (in class, then ID number order), and the counts."""

    plan: ExamPlan
    rows: tuple[ResultRow, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.result.outcome is outcome)


def class_of(registration: Registration, candidate: Candidate | None) -> str:
    """The class (班级) a results list groups a candidate under: the registration's 班级, else program and
    enrolment year (``专业代码 2024级``), else 未分班."""
    if registration.class_label:
        return registration.class_label
    if candidate is not None and candidate.class_key is not None:
        program, year = candidate.class_key
        return f"{program} {year}级"
    return "未分班"


def _candidates(workspace: Workspace, schools: set[str]) -> dict[tuple[str, str], Candidate]:
    """The candidates of ``schools`` by key, one listing per school (not one look-up per registration)."""
    return {(c.school_code, c.id_number): c for school in sorted(schools)
            for c in workspace.storage.list(Candidate, school_code=school)}


def results_of(workspace: Workspace, plan_code: str) -> PlanResults:
    """The plan's results as the stored scores say them now (see the module docstring)."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    registrations = active_registrations(workspace, plan_code)
    earlier = None
    if plan.resit_of is not None:
        earlier_plan = storage.find(ExamPlan, (plan.resit_of,))
        if earlier_plan is not None:
            earlier = (earlier_plan, storage.list(SubjectScore, plan_code=earlier_plan.code))
    results = plan_results(plan, registrations, storage.list(SubjectScore, plan_code=plan_code), earlier)
    tickets = {a.id_number: a.ticket_number for a in storage.list(SeatAssignment, plan_code=plan_code)}
    people = _candidates(workspace, {r.school_code for r in registrations})
    rows = []
    for registration, result in zip(registrations, results, strict=True):
        candidate = people.get((registration.school_code, registration.id_number))
        rows.append(ResultRow(result, candidate.name if candidate else "", class_of(registration, candidate),
                              tickets.get(registration.id_number)))
    rows.sort(key=lambda row: (row.class_label, row.result.id_number))
    return PlanResults(plan, tuple(rows))


def result_json(row: ResultRow) -> dict[str, Any]:
    """One row as ``xcert results --json`` and the API give it: the ID number masked (the list is for people
    who know the candidates by name and ticket number)."""
    result = row.result
    return {"id_number": mask_id_number(result.id_number), "name": row.name, "class": row.class_label,
            "ticket_number": row.ticket_number, "certificate": result.certificate_code,
            "result": result.outcome.value, "result_label": result.outcome.label, "failing": list(result.failing),
            "subjects": [{"code": s.subject_code, "name": s.subject_name, "score": s.score, "passed": s.passed,
                          "absent": s.absent, "misconduct": s.misconduct, "pending": s.pending,
                          "carried_from": s.carried_from} for s in result.subjects]}


def results_payload(results: PlanResults) -> dict[str, Any]:
    return {"plan": results.plan.code, "plan_name": results.plan.name,
            "counts": {outcome.value: results.count(outcome) for outcome in Outcome},
            "results": [result_json(row) for row in results.rows]}


RESULT_HEADER = ("班级", "姓名", "证件号码", "准考证号")


def results_sheets(results: PlanResults) -> list[SheetModel]:
    """One worksheet per class: the candidates with each subject's score (or 缺考, 违纪, 待出成绩) and the result;
    the ID number masked, as in every list xcert prints."""
    subjects = results.plan.subjects
    header = (*RESULT_HEADER, *(s.name for s in subjects), "考证结果", "未通过科目")
    by_class: dict[str, list[ResultRow]] = {}
    for row in results.rows:
        by_class.setdefault(row.class_label, []).append(row)
    sheets = []
    used: set[str] = set()
    for label, rows in by_class.items():
        name = _sheet_name(label, used)
        lines: list[tuple[Any, ...]] = [header]
        for row in rows:
            shown = {s.subject_code: s.label for s in row.result.subjects}
            lines.append((row.class_label, row.name, mask_id_number(row.result.id_number), row.ticket_number or "",
                          *(shown.get(s.code, "—") for s in subjects), row.result.outcome.label,
                          "、".join(row.result.failing)))
        sheets.append(SheetModel(name=name, rows=tuple(lines), header_row=1, text_columns=(3, 4),
                                 column_widths=(16, 10, 22, 16, *([12] * len(subjects)), 10, 20)))
    return sheets or [SheetModel(name="考证结果", rows=(header,), header_row=1)]


def _sheet_name(label: str, used: set[str]) -> str:
    """A worksheet name for a class: at most 31 characters, none of ``[]:*?/\\``, unique in the workbook."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in label)[:28] or "班级"
    name, number = base, 1
    while name in used:
        number += 1
        name = f"{base[:26]}-{number}"
    used.add(name)
    return name


def write_results_workbook(workspace: Workspace, results: PlanResults, out: Path) -> Path:
    """Write the results workbook (one sheet per class) to ``out`` (a private file); returns ``out``."""
    workspace.plugins.workbook_writer().write(results_sheets(results), out)
    return out


# --- certificates (证书信息, 证书发放) ---------------------------------------------------------------------------


def import_awards(workspace: Workspace, file: Path, plan_code: str, *, sheet: str | None = None,
                  report_path: Path | None = None, actor: str = "", channel: str = audit.COMMAND_LINE,
                  name: str | None = None) -> SheetImport:
    """Check the platform's certificate export ``file`` for the plan against its results (a number only for 通过)
    and store the certificates, all or nothing. A certificate stored again with the same number keeps its
    hand-out record."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    results = {row.result.id_number: row.result for row in results_of(workspace, plan_code).rows}
    stored = {a.certificate_number: a.id_number for a in storage.list(CertificateAward)}

    def check(data: SheetData) -> CheckedSheet:
        awards, issues = award_sheet.read_award_sheet(data, file.name, plan, results, stored)
        kept = []
        for award in awards:
            before = storage.find(CertificateAward, award.key)
            same = before is not None and before.certificate_number == award.certificate_number
            kept.append(attrs.evolve(award, handed_out_on=before.handed_out_on, handed_out_by=before.handed_out_by)
                        if same and before is not None else award)
        return CheckedSheet(kept, issues, len(awards) + len({i.row for i in issues if i.row is not None}))

    return import_sheet(workspace, ImportSource(file, sheet, report_path, actor, channel, name), AWARDS,
                        award_sheet.AWARD_COLUMNS, award_sheet.ANCHORS, check)


@frozen
class AwardRow:
    """A certificate of the plan with the candidate's name and class, for lists and sign-off sheets."""

    award: CertificateAward
    name: str
    class_label: str


def awards_of(workspace: Workspace, plan_code: str, *, not_collected: bool = False) -> list[AwardRow]:
    """The plan's certificates (only those not handed out yet with ``not_collected``), by class, then ID number."""
    storage = workspace.storage
    get_plan(storage, plan_code)
    registrations = {r.id_number: r for r in storage.list(Registration, plan_code=plan_code)}
    people = _candidates(workspace, {r.school_code for r in registrations.values()})
    rows = []
    for award in storage.list(CertificateAward, plan_code=plan_code):
        if not_collected and award.handed_out_on is not None:
            continue
        registration = registrations.get(award.id_number)
        candidate = people.get((registration.school_code, award.id_number)) if registration else None
        label = class_of(registration, candidate) if registration is not None else "未分班"
        rows.append(AwardRow(award, candidate.name if candidate else "", label))
    rows.sort(key=lambda row: (row.class_label, row.award.id_number))
    return rows


def hand_out(workspace: Workspace, plan_code: str, id_numbers: Sequence[str], *, by: str,
             on: dt.date) -> list[CertificateAward]:
    """Record that the certificates of ``id_numbers`` were handed out ``on`` a day ``by`` someone, all or none;
    :class:`RequestError` naming (masked) the ID numbers without a certificate in the plan. Handing out again
    keeps the first record."""
    storage = workspace.storage
    get_plan(storage, plan_code)
    awards = {number: storage.find(CertificateAward, (plan_code, number)) for number in id_numbers}
    missing = [mask_id_number(number) for number, award in awards.items() if award is None]
    if missing:
        raise RequestError(f"这些考生在考试计划 {plan_code} 没有证书：{'、'.join(missing)}（先导入证书信息："
                           f"xcert awards import）/ no certificate in plan {plan_code} for {', '.join(missing)}")
    changed = [attrs.evolve(award, handed_out_on=on, handed_out_by=by) for award in awards.values()
               if award is not None and award.handed_out_on is None]
    with storage.transaction() as tx:
        for award in changed:
            tx.put(award)
    return [award for award in (storage.get(CertificateAward, (plan_code, n)) for n in id_numbers)]


def award_json(award: CertificateAward, name: str = "", class_label: str = "") -> dict[str, Any]:
    """One certificate as ``--json`` and the API give it, the ID number masked."""
    return {"id_number": mask_id_number(award.id_number), "name": name, "class": class_label,
            "certificate_number": award.certificate_number,
            "issued_on": award.issued_on.isoformat() if award.issued_on else None,
            "handed_out_on": award.handed_out_on.isoformat() if award.handed_out_on else None,
            "handed_out_by": award.handed_out_by}


def blank_award_template() -> SheetModel:
    """xcert's own certificate template."""
    return award_sheet.award_template()


def sign_off_sheets(workspace: Workspace, plan_code: str, out: Path, *, not_collected: bool = False) -> int:
    """Write the plan's 证书领取签收表 to ``out`` (one PDF, a sheet per class; only the certificates not handed out
    yet with ``not_collected``) with the workspace's renderer; returns the pages. :class:`RequestError` when the
    plan has no such certificate, or the renderer cannot draw the sheets."""
    from xcert_adapters.app.documents import render_to  # noqa: PLC0415 - loads the renderer plug-in

    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    rows = awards_of(workspace, plan_code, not_collected=not_collected)
    if not rows:
        which = "未领取的" if not_collected else ""
        raise RequestError(f"考试计划 {plan_code} 没有{which}证书：先导入证书信息（xcert awards import）/ plan "
                           f"{plan_code} has no certificates to sign for")
    certificate = storage.find(Certificate, (plan.certificate_code,))
    by_class: dict[str, list[AwardRow]] = {}
    for row in rows:
        by_class.setdefault(row.class_label, []).append(row)
    sheets = [CertificateSignOff(plan.name, certificate.name if certificate else plan.certificate_code, label,
                                 tuple(SignOffRow(r.name or "—", mask_id_number(r.award.id_number),
                                                  r.award.certificate_number) for r in members))
              for label, members in by_class.items()]
    return render_to(workspace, sheets, out, "证书领取签收表")
