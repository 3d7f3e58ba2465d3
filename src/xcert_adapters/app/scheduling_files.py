"""Step 9 without a workspace, for integrators: registrations, rooms, proctors and an optional plan file in; seats,
ticket numbers and proctors out; nothing stored.

There is ONE scheduling pipeline. This form reads the files, puts what they say into an in-memory workspace
(memory storage: the plans, the registrations, every room for each plan, the proctors) and runs the very function
``xcert schedule --plan`` runs (:func:`xcert_core.scheduling.stored.schedule_plan`), plan by plan, so the two
forms give the same seats, the same issues (a proctor's misspelt 不可监考场次 included) and the same assignment
fields for the same input. Without a proctor file no proctors are asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from xcert_adapters.app.pack_files import write_documents
from xcert_adapters.app.reports import build_report
from xcert_adapters.app.scheduling import write_plan_report
from xcert_adapters.reference.certificate_catalogue import load_certificate_catalogue
from xcert_adapters.storage.memory import MemoryStorage
from xcert_adapters.workbooks.selection import read_sheet
from xcert_core.errors import UnreadableFileError
from xcert_core.issues import Issue, IssueReport
from xcert_core.labels import CertificateLevel, Severity
from xcert_core.model import ExamPlan, Proctor, ProctorAssignment, SeatAssignment, level_from_code
from xcert_core.plugins import XcertPlugins
from xcert_core.registration.importing import requests_from_rows
from xcert_core.registration.sheet import RegistrationRow, read_registration_sheet
from xcert_core.scheduling.allocation import AllocationOptions, Fill
from xcert_core.scheduling.documents import CandidateFacts, build_documents, gender_of
from xcert_core.scheduling.issue_types import PLAN_MISSING, SUBJECT_UNKNOWN
from xcert_core.scheduling.plan_file import default_plans, parse_plan_file
from xcert_core.scheduling.proctors_sheet import read_proctors_sheet
from xcert_core.scheduling.rooms_sheet import read_rooms_sheet
from xcert_core.scheduling.stored import ScheduleOutcome, schedule_plan

SCHOOL = "本校"
"""The school code of registrations read from a sheet (the template names none)."""


@frozen
class FileSchedule:
    """The stateless form's outcome: every seat (with its site) and proctor assignment, the registration file's
    row of each candidate (the key a school system joins on: the JSON shows ID numbers masked), the proctors'
    names, one :class:`~xcert_core.scheduling.stored.ScheduleOutcome` per plan, and the report."""

    seats: tuple[SeatAssignment, ...]
    staff: tuple[ProctorAssignment, ...]
    rows: Mapping[str, int]
    names: Mapping[tuple[str, str], str]
    outcomes: tuple[ScheduleOutcome, ...]
    report: IssueReport


def _in_file(issues: list[Issue], file: str) -> list[Issue]:
    return [issue if issue.file else attrs.evolve(issue, file=file) for issue in issues]


def _levels(rows: list[RegistrationRow], certificates: Mapping[str, Any]) -> dict[str, CertificateLevel]:
    levels = {code: certificate.level for code, certificate in certificates.items()}
    for row in rows:
        code = row.values.get("certificate_code")
        if code is None or code in levels:
            continue
        level = level_from_code(code)
        if level is None and (text := row.values.get("level")):
            try:
                level = CertificateLevel.from_label(text)
            except ValueError:
                level = None
        if level is not None:
            levels[code] = level
    return levels


def _plans(plan_path: Path | None, levels: Mapping[str, CertificateLevel], wanted: set[str],
           year: int) -> dict[str, ExamPlan]:
    if plan_path is None:
        return default_plans({code: levels[code] for code in wanted if code in levels}, year)
    try:
        text = plan_path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(plan_path.name, f"无法读取排考计划文件（{exc}）") from None
    return dict(parse_plan_file(text, plan_path.name, levels, year).plans)


def schedule_files(plugins: XcertPlugins, registrations_path: Path, rooms_path: Path, *, seed: int,
                   proctors_path: Path | None = None, plan_path: Path | None = None, certificates: Path | None = None,
                   year: int | None = None, fill: Fill = Fill.IN_ORDER, reserve: int = 0, per_room: int = 2,
                   inspectors: int = 1, documents_dir: Path | None = None, report_path: Path | None = None,
                   ticket_scheme: str = "default") -> FileSchedule:
    """Schedule the registrations of a filled registration template into the rooms of a room template (see the
    module docstring). ``plan_path``: the plan file's subjects and sessions (default: one session per
    certificate level); ``documents_dir``: also write the printed pack (it needs ``plan_path``'s real dates);
    ``report_path``: also write the plan report; ``ticket_scheme``: the registered 准考证号 scheme."""
    catalogue = (load_certificate_catalogue(certificates, plugins) if certificates
                 else tuple(plugins.reference().certificates()))
    certificates_by_code = {c.code: c for c in catalogue}
    year = year or dt.date.today().year
    reg_name = registrations_path.name
    rows, reg_issues, by_subject = read_registration_sheet(read_sheet(registrations_path, plugins), reg_name,
                                                           certificates_by_code)
    issues = _in_file(reg_issues, reg_name)
    error_rows = {i.row for i in issues if i.row is not None and i.severity is Severity.ERROR}
    wanted = {code for row in rows if (code := row.values.get("certificate_code"))}
    plans = _plans(plan_path, _levels(rows, certificates_by_code), wanted, year)
    requests, more = requests_from_rows(rows, error_rows, {code: [plan] for code, plan in plans.items()}, SCHOOL,
                                        year, by_subject and plan_path is not None, plan_missing=PLAN_MISSING,
                                        subject_unknown=SUBJECT_UNKNOWN)
    issues += _in_file(more, reg_name)
    rooms, room_issues = read_rooms_sheet(read_sheet(rooms_path, plugins), rooms_path.name, "-")
    issues += _in_file(room_issues, rooms_path.name)
    proctors: list[Proctor] = []
    if proctors_path is not None:
        proctors, proctor_issues = read_proctors_sheet(read_sheet(proctors_path, plugins), proctors_path.name)
        issues += _in_file(proctor_issues, proctors_path.name)

    storage = MemoryStorage()  # the in-memory workspace the stored pipeline runs on
    used = sorted({request.registration.plan_code for request in requests})
    by_code = {plan.code: plan for plan in plans.values()}
    with storage.transaction() as tx:
        for plan_code in used:
            tx.put(by_code[plan_code])
            for room in rooms:
                tx.put(attrs.evolve(room, plan_code=plan_code))
        for request in requests:
            tx.put(request.registration)
        for person in proctors:
            tx.put(person)
    options = AllocationOptions(fill=fill, reserve=reserve, ticket_scheme=plugins.ticket_scheme(ticket_scheme))
    staffed = proctors_path is not None
    outcomes = tuple(schedule_plan(storage, plan_code, seed=seed, options=options,
                                   per_room=per_room if staffed else 0,
                                   inspectors_per_site=inspectors if staffed else 0,
                                   refuse=lambda _: False)  # always kept: the next plan sees whom it booked
                     for plan_code in used)
    issues += [issue for outcome in outcomes for issue in outcome.issues]
    seats = tuple(a for outcome in outcomes for a in outcome.seat_assignments)
    staff = tuple(a for outcome in outcomes for a in outcome.proctors.assignments)
    names = {(p.school_code, p.teacher_number): p.name for p in proctors}
    if documents_dir is not None:
        issues += _documents(documents_dir, plugins, rows, error_rows, certificates_by_code, outcomes, staff, names)
    if report_path is not None:
        write_plan_report(report_path, plugins, seats, [room for o in outcomes for room in o.rooms], staff,
                          {p.teacher_number: p.name for p in proctors}, "排考汇总")
    row_of: dict[str, int] = {}
    for row in rows:
        if number := row.values.get("id_number"):
            row_of.setdefault(number.upper(), row.row)
    return FileSchedule(seats, staff, row_of, names, outcomes, build_report(plugins, issues, by_row=False))


def _documents(out: Path, plugins: XcertPlugins, rows: list[RegistrationRow], error_rows: set[int],
               certificates: Mapping[str, Any], outcomes: tuple[ScheduleOutcome, ...],
               staff: tuple[ProctorAssignment, ...], proctor_names: Mapping[tuple[str, str], str]) -> list[Issue]:
    """The printed pack of every plan, from the registration file's names (no photos: an empty 照片 box)."""
    facts: dict[str, CandidateFacts] = {}
    site_names: dict[str, str] = {}
    certificate_names: dict[str, str] = {}
    for row in rows:
        values = row.values
        if row.row in error_rows or not (id_number := values.get("id_number")):
            continue
        number = id_number.upper()
        facts.setdefault(number, CandidateFacts(values.get("name") or number, number, gender_of(number)))
        if (site := values.get("site_code")) and (site_name := values.get("site_name")):
            site_names.setdefault(site, site_name)
        if (code := values.get("certificate_code")) and (certificate_name := values.get("certificate_name")):
            certificate_names.setdefault(code, certificate_name)
    issues: list[Issue] = []
    sets = []
    for outcome in outcomes:
        plan = outcome.plan
        known = certificates.get(plan.certificate_code)
        name = known.name if known is not None else certificate_names.get(plan.certificate_code, plan.name)
        built = build_documents(outcome.allocation, plan, list(outcome.rooms), site_names, facts,
                                certificate_name=name, proctors=[a for a in staff if a.plan_code == plan.code],
                                proctor_names=proctor_names)
        issues += built.issues
        sets.append(built)
    return issues + write_documents(sets, out, plugins)

