"""Step 6 as use cases: check a filled registration template (报考), import it into the workspace (all rows or
none, taking quota), withdraw a registration, list them.

:func:`check_registration_file` is the check without a workspace (``--roster`` and ``--certificates`` stand in for
it); :func:`import_registration_file` checks the same sheet against the workspace — roster, 信息准确, plans,
sites, applications and quota — and stores every row or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs
from attrs import frozen

from xcert_adapters.app.audit import COMMAND_LINE
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import REGISTRATIONS, record_import
from xcert_adapters.app.reports import build_report, write_marked_report
from xcert_adapters.app.verification import candidates_named
from xcert_adapters.reference.certificate_catalogue import load_certificate_catalogue
from xcert_adapters.workbooks.selection import read_sheet
from xcert_adapters.workspace import Workspace
from xcert_adapters.workspace.rule_settings import RuleConfig
from xcert_core.issues import Issue, IssueReport
from xcert_core.labels import FeeState, RegistrationStatus, VerificationState
from xcert_core.model import Candidate, Certificate, ExamPlan, ExamSite, FeePayment, Registration
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.registration.importing import (
    RegistrationRequest,
    import_registrations,
    plans_by_certificate,
    requests_from_rows,
)
from xcert_core.registration.sheet import ALL_COLUMNS, RegistrationRow, read_registration_sheet, registration_template
from xcert_core.registration.withdrawal import Withdrawal, withdraw_registration
from xcert_core.roster.reading import read_roster
from xcert_core.scheduling.plan_file import subject_code_of
from xcert_core.scheduling.stored import get_plan


@frozen
class CheckedRegistrations:
    """A registration sheet read and checked: the file, the sheet as read, its rows, whether it is the
    by-subject template, and the report (under the rule settings given)."""

    path: Path
    sheet: SheetData
    rows: tuple[RegistrationRow, ...]
    by_subject: bool
    report: IssueReport


@frozen
class RegistrationFileImport:
    """:func:`import_registration_file`'s outcome: the check with every issue found (the workspace's too), the
    registrations stored (empty when refused) and the rows that were already registered as they are."""

    checked: CheckedRegistrations
    stored: tuple[Registration, ...]
    unchanged: tuple[RegistrationRequest, ...]

    @property
    def report(self) -> IssueReport:
        return self.checked.report


@frozen
class WithdrawOutcome:
    """A withdrawal: the registration as it is now, how many seats it freed, whether it was already withdrawn
    (then nothing changed), and the fee paid for it that is now to be refunded (应退费, in 分; 0: none)."""

    registration: Registration
    seats_freed: int
    already: bool
    refund_due_fen: int = 0


def _read(file: Path, plugins: XcertPlugins, certificates: Iterable[Certificate], names: Mapping[str, str] | None,
          sheet: str | None) -> tuple[SheetData, list[RegistrationRow], list[Issue], bool]:
    data = read_sheet(file, plugins, sheet)
    rows, issues, by_subject = read_registration_sheet(data, file.name, {c.code: c for c in certificates}, names)
    return data, rows, issues, by_subject


def roster_names(roster: Path | Sequence[Path], plugins: XcertPlugins) -> dict[str, str]:
    """ID number (upper case) -> name of the roster files (the school's and the social candidates', each told by
    its header), to cross-check a registration sheet without a workspace."""
    names: dict[str, str] = {}
    for path in [roster] if isinstance(roster, Path) else roster:
        table, _ = read_roster(read_sheet(path, plugins), path.name)
        names.update({number.upper(): row.get("name") or "" for row in table.rows
                      if (number := row.get("id_number"))})
    return names


def check_registration_file(file: Path, plugins: XcertPlugins, rules: RuleConfig, *,
                            roster: Path | Sequence[Path] | None = None, certificates: Path | None = None,
                            sheet: str | None = None) -> CheckedRegistrations:
    """Check a filled registration template without a workspace: against the certificate catalogue
    (``certificates``, default the guide's six) and, when given, the rosters' names and ID numbers (one file or
    several: a file mixing 院校考生 and 社会考生 is checked against both rosters)."""
    catalogue = (load_certificate_catalogue(certificates, plugins) if certificates
                 else tuple(plugins.reference().certificates()))
    names = roster_names(roster, plugins) if roster else None
    data, rows, issues, by_subject = _read(file, plugins, catalogue, names, sheet)
    return CheckedRegistrations(file, data, tuple(rows), by_subject,
                                build_report(plugins, issues, rules, file=file.name))


def write_registration_report(plugins: XcertPlugins, checked: CheckedRegistrations, out: Path) -> None:
    """The marked-up error report: the school's sheet with problem cells marked and commented, and a summary."""
    write_marked_report(plugins, checked.sheet, checked.path.name, ALL_COLUMNS, frozenset({"考生姓名", "证件号码"}),
                        checked.report, len(checked.rows), out)


def import_registration_file(workspace: Workspace, file: Path, *, plan_code: str | None = None,
                             sheet: str | None = None, report_path: Path | None = None, actor: str = "",
                             channel: str = COMMAND_LINE, name: str | None = None) -> RegistrationFileImport:
    """Check a filled registration template against the workspace and register every row, or none: quota is
    taken in the same transaction. Rows the workspace already holds as they are count as unchanged, decided in
    that transaction. ``plan_code`` is needed when a certificate has several plans in the workspace's year
    (:class:`RequestError` when it names none)."""
    plugins, storage, year, rules = workspace.plugins, workspace.storage, workspace.config.year, workspace.config.rules
    names = {c.id_number.upper(): c.name for c in storage.list(Candidate, school_code=workspace.school_code)}
    data, rows, sheet_issues, by_subject = _read(file, plugins, storage.list(Certificate), names, sheet)
    plans = plans_by_certificate(storage.list(ExamPlan), year, plan_code)
    if plan_code is not None and not plans:
        raise RequestError(f"工作区中没有 {year} 年的考试计划 {plan_code} / no exam plan {plan_code}")
    error_rows = {i.row for i in build_report(plugins, sheet_issues, rules).errors if i.row is not None}
    requests, plan_issues = requests_from_rows(rows, error_rows, plans, workspace.school_code, year, by_subject)
    # names were already checked against the stored roster by the sheet reader: the rules need not repeat it
    requests = [attrs.evolve(request, name=None) for request in requests]
    found: list[Issue] = [*sheet_issues, *plan_issues]

    def refuse(more: Sequence[Issue]) -> bool:
        return build_report(plugins, [*found, *more], rules).has_errors

    outcome = import_registrations(storage, requests, commit=not build_report(plugins, found, rules).has_errors,
                                   refuse=refuse, skip_unchanged=True)  # rows already refused: check the others
    report = build_report(plugins, [*found, *outcome.issues], rules, file=file.name)
    checked = CheckedRegistrations(file, data, tuple(rows), by_subject, report)
    if report_path is not None:
        write_registration_report(plugins, checked, report_path)
    record_import(workspace, REGISTRATIONS, file, report, stored=not report.has_errors, added=len(outcome.stored),
                  unchanged=len(outcome.unchanged), actor=actor, channel=channel, name=name)
    return RegistrationFileImport(checked, outcome.stored, outcome.unchanged)


def withdraw(workspace: Workspace, id_number: str, plan_code: str, *, actor: str, reason: str = "",
             at: dt.datetime | None = None) -> WithdrawOutcome:
    """Withdraw a registration: the quota goes back and, when seated, its seats are freed (nobody else moves).
    The student is named by the full ID number or as :func:`~xcert_adapters.app.verification.candidates_named`
    takes it (name, ``姓名:后四位``, the masked number) when that names one student. Withdrawing one already
    withdrawn changes nothing; :class:`RequestError` when there is no such registration."""
    storage = workspace.storage
    number = id_number.strip().upper()
    current = storage.find(Registration, (plan_code, number))
    if current is None:
        named = candidates_named(storage.list(Candidate, school_code=workspace.school_code), id_number)
        if len(named) == 1:
            number = named[0].id_number
            current = storage.find(Registration, (plan_code, number))
    if current is None:
        raise RequestError(f"考试计划 {plan_code} 中没有证件号码为 {mask_id_number(number)} 的报考 / "
                           "no such registration")
    if current.status is RegistrationStatus.WITHDRAWN:
        return WithdrawOutcome(current, 0, already=True)
    done: Withdrawal = withdraw_registration(storage, plan_code, number, actor=actor,
                                             at=at or dt.datetime.now(dt.UTC), reason=reason)
    freed = len(done.seat_change.moves) if done.seat_change is not None else 0
    payment = storage.find(FeePayment, (plan_code, number))
    paid = payment.paid_fen if payment is not None and payment.state is FeeState.PAID else 0
    return WithdrawOutcome(done.registration, freed, already=False, refund_due_fen=paid)


@frozen
class ListedRegistration:
    """A stored registration with its candidate's name (``None`` when the candidate is not the school's)."""

    registration: Registration
    name: str | None


def list_registrations(workspace: Workspace, plan_code: str | None = None) -> list[ListedRegistration]:
    """The stored registrations, of one plan or of all, with the candidates' names."""
    storage = workspace.storage
    names = {c.id_number: c.name for c in storage.list(Candidate, school_code=workspace.school_code)}
    stored = storage.list(Registration, **({"plan_code": plan_code} if plan_code else {}))
    return [ListedRegistration(r, names.get(r.id_number)) for r in stored]


@frozen
class PrefilledTemplate:
    """A registration template filled from the workspace for one plan: ``sheet`` to write, and who is in it and
    who was left out (already registered for the plan; not yet 信息准确)."""

    plan: ExamPlan
    site: ExamSite
    sheet: SheetModel
    listed: int
    already_registered: int
    not_verified: int


def _site_for(workspace: Workspace, plan: ExamPlan, site_code: str | None) -> ExamSite:
    sites = [s for s in workspace.storage.list(ExamSite) if s.accepts(plan.certificate_code)]
    if site_code is not None:
        chosen = [s for s in sites if s.code == site_code]
        if not chosen:
            raise RequestError(f"考核站点“{site_code}”不能报考考试计划“{plan.code}”的证书（站点需审核通过、已启用并"
                               "包含该证书；xcert sites list 查看）/ the site cannot take this plan")
        return chosen[0]
    if len(sites) == 1:
        return sites[0]
    if not sites:
        raise RequestError(f"没有能报考考试计划“{plan.code}”证书的考核站点：请先 xcert sites add … --approved / "
                           "no site takes this plan")
    raise RequestError(f"有 {len(sites)} 个考核站点可以报考（{'、'.join(s.code for s in sites)}），请用 --site 指定一个"
                       " / several sites: pass --site")


def prefilled_registration_template(workspace: Workspace, plan_code: str, *, site_code: str | None = None,
                                    subject: str | None = None) -> PrefilledTemplate:
    """The registration template of the plan ``plan_code``, filled with every school candidate in 信息准确 who is
    not yet registered for it (name, ID number, 考生类型, certificate, level, site, 班级), so the teacher only
    deletes the rows of those who do not sit the exam. With ``subject`` (a subject's code or name) it is the
    by-subject template for that subject. ``site_code`` may be left out when exactly one site takes the
    plan's certificate. :class:`RequestError` for an unknown plan, site or subject."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    site = _site_for(workspace, plan, site_code)
    subject_name = None
    if subject is not None:
        code = subject_code_of(plan, subject.strip())
        if code is None:
            known = "、".join(f"{s.code} {s.name}" for s in plan.subjects)
            raise RequestError(f"考试计划“{plan.code}”没有科目“{subject}”（有：{known}）/ no such subject")
        subject_name = next(s.name for s in plan.subjects if s.code == code)
    certificate = storage.find(Certificate, (plan.certificate_code,))
    certificate_name = certificate.name if certificate is not None else plan.name
    registered = {r.id_number for r in storage.list(Registration, plan_code=plan.code)
                  if r.status is RegistrationStatus.ACTIVE}
    candidates = storage.list(Candidate, school_code=workspace.school_code)
    verified = [c for c in candidates if c.state is VerificationState.VERIFIED]
    listed = [c for c in verified if c.id_number not in registered]
    rows = [(c.name, c.id_number, c.candidate_type.label, plan.certificate_code, certificate_name, plan.level.label,
             site.code, site.name, *((subject_name,) if subject_name is not None else ()), c.class_label)
            for c in sorted(listed, key=lambda c: (c.class_label, c.name))]
    sheet = registration_template(subject_name is not None, rows, class_column=True)
    return PrefilledTemplate(plan, site, sheet, len(listed), len(verified) - len(listed),
                             len(candidates) - len(verified))
