"""Steps 1 and 2 and the exam plans as use cases: the certificate catalogue, pilot applications and their quota
(证书试点申报), exam sites (考核站点) and their review, and exam plans (考试计划).

Every function takes the workspace and plain values, does its own transaction, and returns the entities as
stored; a request the workspace cannot honour raises :class:`~xcert_adapters.app.errors.RequestError` (an unknown
certificate or site) or the core's own error for a rule (:class:`~xcert_core.registration.review.ReviewError`,
:class:`~xcert_core.registration.review.QuotaBelowUsedError`,
:class:`~xcert_core.scheduling.plan_file.PlanLockedError`) — all :class:`~xcert_core.errors.XcertError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Generic, TypeVar

import attrs
from attrs import frozen

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import PLANS, record_import
from xcert_adapters.app.reports import build_report
from xcert_adapters.reference.certificate_catalogue import load_certificate_catalogue
from xcert_adapters.workbooks.selection import read_sheet
from xcert_adapters.workspace import Workspace
from xcert_core.errors import UnreadableFileError
from xcert_core.issues import IssueReport
from xcert_core.issues.report_workbook import summary_sheet
from xcert_core.labels import RegistrationStatus, ReviewStatus, SiteStatus
from xcert_core.model import (
    Certificate,
    ExamPlan,
    ExamRoom,
    ExamSite,
    PilotApplication,
    Registration,
    SeatAssignment,
)
from xcert_core.ports.storage import Storage
from xcert_core.registration.review import (
    ReviewAction,
    recorded_application,
    review_application,
    review_site,
)
from xcert_core.scheduling.plan_file import (
    DEFAULT_ORGANIZATION,
    PlanFile,
    check_plan_change,
    parse_plan_file,
    plans_from_tables,
)
from xcert_core.scheduling.plan_sheets import SHEETS, read_plan_workbook

PLAN_FORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
"""Exam plan files read as the Excel form (xcert_core.scheduling.plan_sheets); anything else is TOML."""


class PlanFormError(RequestError):
    """A filled exam plan form with errors in its cells: ``report`` lists each, with sheet, row and column;
    nothing was stored. The message lists the first few, so every face can show it as it is."""

    def __init__(self, report: IssueReport) -> None:
        self.report = report
        shown = [f"第 {i.row} 行“{i.column}”：{i.message}" if i.row else i.message for i in report.errors[:8]]
        more = f"（另有 {len(report.errors) - 8} 个错误）" if len(report.errors) > 8 else ""
        super().__init__(f"考试计划表 {report.file} 有 {len(report.errors)} 个错误，未导入：" + "；".join(shown)
                         + more + " / the plan form has errors")


@frozen
class CertificateImport:
    """``import_certificates``: how many certificates the file lists and how many were new or changed."""

    file: Path
    certificates: int
    changed: int


T = TypeVar("T")


@frozen
class Reviewed(Generic[T]):
    """An entity before and after a review action."""

    before: T
    after: T


@frozen
class PlanSummary:
    """A stored exam plan and how many active registrations it has."""

    plan: ExamPlan
    registrations: int


def known_certificate(storage: Storage, code: str) -> Certificate:
    """The stored certificate ``code``; :class:`RequestError` naming the import command when there is none."""
    certificate = storage.find(Certificate, (code,))
    if certificate is None:
        raise RequestError(f"证书编号 {code} 不在工作区的证书目录中：请先用 xcert certificates import 导入 / "
                           f"certificate {code} is not in the workspace's catalogue")
    return certificate


def list_certificates(workspace: Workspace) -> list[Certificate]:
    """The workspace's certificate catalogue."""
    return workspace.storage.list(Certificate)


def import_certificates(workspace: Workspace, file: Path) -> CertificateImport:
    """Read a certificate catalogue CSV and store it (a certificate already stored is updated by its code)."""
    catalogue = load_certificate_catalogue(file, workspace.plugins)
    changed = 0
    with workspace.storage.transaction() as tx:
        for certificate in catalogue:
            if tx.find(Certificate, certificate.key) != certificate:
                tx.put(certificate)
                changed += 1
    return CertificateImport(file, len(catalogue), changed)


def set_quota(workspace: Workspace, certificate_code: str, approved: int, *, applied: int | None = None,
              batch: str = "1", status: ReviewStatus = ReviewStatus.APPROVED, year: int | None = None,
              used_elsewhere: int | None = None) -> PilotApplication:
    """Record a pilot application's result on the platform: 批准总培训人数 ``approved`` (申报培训人数 ``applied``,
    default the same) and its review status, for ``year`` (default the workspace's). 已使用指标数 is kept:
    registrations decide it (:class:`~xcert_core.registration.review.QuotaBelowUsedError` when ``approved`` is
    below it); ``used_elsewhere`` states the places used before or outside xcert once (see
    :func:`~xcert_core.registration.review.recorded_application`)."""
    storage, year = workspace.storage, year or workspace.config.year
    if approved < 0 or (applied is not None and applied < 0):
        raise RequestError("批准和申报的培训人数不能是负数 / the numbers of places cannot be negative")
    known_certificate(storage, certificate_code)
    key = (workspace.school_code, certificate_code, str(year), batch)
    plan_years = {plan.code: plan.year for plan in storage.list(ExamPlan)}
    with storage.transaction() as tx:
        current = tx.find(PilotApplication, key)
        used_here = sum(1 for r in tx.list(Registration, school_code=workspace.school_code,
                                           certificate_code=certificate_code)
                        if r.status is RegistrationStatus.ACTIVE and r.quota_batch == batch
                        and plan_years.get(r.plan_code) == year)
        application = recorded_application(current, PilotApplication(
            workspace.school_code, certificate_code, year, batch, status,
            applied if applied is not None else approved, approved),
            used_elsewhere=used_elsewhere, used_here=used_here)
        if current is None:
            tx.add(application)
        else:
            tx.replace(application, tx.get_with_revision(PilotApplication, key)[1])
    return application


def list_quota(workspace: Workspace) -> list[PilotApplication]:
    """The school's pilot applications with their quota use."""
    return workspace.storage.list(PilotApplication, school_code=workspace.school_code)


def review_quota(workspace: Workspace, certificate_code: str, action: ReviewAction, *, batch: str = "1",
                 reason: str = "") -> Reviewed[PilotApplication]:
    """Move a pilot application through its review (submit, approve, return with ``reason``)."""
    key = (workspace.school_code, certificate_code, str(workspace.config.year), batch)
    with workspace.storage.transaction() as tx:
        if tx.find(PilotApplication, key) is None:
            raise RequestError(f"没有 {certificate_code} 第 {batch} 批的试点申报：请先 xcert quota set / "
                               "no such pilot application")
        current, revision = tx.get_with_revision(PilotApplication, key)
        application = review_application(current, action, reason)
        tx.replace(application, revision)
    return Reviewed(current, application)


def add_site(workspace: Workspace, code: str, name: str, certificate_codes: Sequence[str], *, address: str = "",
             approved: bool = False) -> ExamSite:
    """Record an exam-site application, or update it (its review and site status are kept unless ``approved``:
    already approved on the platform). :class:`RequestError` for a blank code or name."""
    if not code.strip() or not name.strip():
        raise RequestError("考核站点的编号和名称不能为空 / an exam site needs a code and a name")
    storage = workspace.storage
    for certificate_code in certificate_codes:
        known_certificate(storage, certificate_code)
    with storage.transaction() as tx:
        current = tx.find(ExamSite, (code,))
        status = ReviewStatus.APPROVED if approved else (current.review_status if current else ReviewStatus.DRAFT)
        site = ExamSite(code, name, workspace.school_code, workspace.config.organization_code,
                        tuple(sorted(set(certificate_codes))), status,
                        current.site_status if current else SiteStatus.ENABLED, address,
                        current.return_reason if current else "")
        tx.put(site)
    return site


def _stored_site(storage: Storage, code: str) -> tuple[ExamSite, int]:
    if storage.find(ExamSite, (code,)) is None:
        raise RequestError(f"没有考核站点 {code}：请先 xcert sites add / no exam site {code}")
    return storage.get_with_revision(ExamSite, (code,))


def review_exam_site(workspace: Workspace, code: str, action: ReviewAction, reason: str = "") -> Reviewed[ExamSite]:
    """Move an exam-site application through its review (submit, approve, return with ``reason``)."""
    with workspace.storage.transaction() as tx:
        current, revision = _stored_site(tx, code)
        site = review_site(current, action, reason)
        tx.replace(site, revision)
    return Reviewed(current, site)


def enable_site(workspace: Workspace, code: str, *, enabled: bool = True) -> ExamSite:
    """Enable or disable an exam site (a disabled site takes no registrations)."""
    with workspace.storage.transaction() as tx:
        current, revision = _stored_site(tx, code)
        site = attrs.evolve(current, site_status=SiteStatus.ENABLED if enabled else SiteStatus.DISABLED)
        tx.replace(site, revision)
    return site


def list_sites(workspace: Workspace) -> list[ExamSite]:
    """The workspace's exam sites."""
    return workspace.storage.list(ExamSite)


def active_registrations(storage: Storage, plan_code: str) -> int:
    """How many active registrations the plan ``plan_code`` has (what locks its certificate, subjects and
    sessions)."""
    return sum(1 for r in storage.list(Registration, plan_code=plan_code) if r.status is RegistrationStatus.ACTIVE)


def read_plan_form(workspace: Workspace, file: Path) -> tuple[PlanFile, IssueReport]:
    """The plans of an exam plan file — the Excel form (``.xlsx``, ``.xls``, ``.ods``: its three sheets) or
    TOML — and the report of the form's cells (empty for TOML). Raises
    :class:`~xcert_core.errors.UnreadableFileError` for a file that cannot be read or a plan that breaks a rule
    (naming where), :class:`PlanFormError` for a form with errors in its cells."""
    levels = {c.code: c.level for c in workspace.storage.list(Certificate)}
    if file.suffix.lower() in PLAN_FORM_SUFFIXES:
        sheets = {name: read_sheet(file, workspace.plugins, name) for name in SHEETS}
        tables, issues = read_plan_workbook(sheets, file.name)
        report = build_report(workspace.plugins, issues, workspace.config.rules, file=file.name)
        if report.has_errors:
            raise PlanFormError(report)
        return plans_from_tables(tables, file.name, levels, workspace.config.year), report
    try:
        text = file.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(file.name, f"无法读取考试计划文件（{exc}）") from None
    return parse_plan_file(text, file.name, levels, workspace.config.year), IssueReport((), file=file.name)


def write_plan_form_report(workspace: Workspace, report: IssueReport, out: Path) -> None:
    """A refused plan form's problems as a workbook (问题汇总: counts per code, then each problem with its sheet —
    named in the message —, row, column and suggestion), written privately."""
    sheet = summary_sheet(report.file or "", "考试计划、科目、场次", None, report, workspace.plugins.catalogue)
    workspace.plugins.workbook_writer().write([sheet], out)


def import_plans(workspace: Workspace, file: Path, *, actor: str = "", channel: str = audit.COMMAND_LINE,
                 name: str | None = None) -> list[ExamPlan]:
    """Read an exam plan file (:func:`read_plan_form`: the Excel form or TOML, see the scheduling how-to) and
    store its plans, all or none; a plan that names no organisation belongs to the workspace's. A plan with
    active registrations may not change what they rest on
    (:class:`~xcert_core.scheduling.plan_file.PlanLockedError`)."""
    try:
        parsed, report = read_plan_form(workspace, file)
    except PlanFormError as refused:
        record_import(workspace, PLANS, file, refused.report, stored=False, actor=actor, channel=channel, name=name)
        raise
    storage = workspace.storage
    organization = workspace.config.organization_code
    plans = [attrs.evolve(p, organization_code=organization) if p.organization_code == DEFAULT_ORGANIZATION
             else p for p in parsed.plans.values()]
    existing = {plan.code: plan for plan in storage.list(ExamPlan)}
    with storage.transaction() as tx:
        for plan in plans:
            check_plan_change(tx.find(ExamPlan, plan.key), plan, active_registrations(tx, plan.code))
            tx.put(plan)
    record_import(workspace, PLANS, file, report, stored=True, added=sum(p.code not in existing for p in plans),
                  changed=sum(p.code in existing and existing[p.code] != p for p in plans),
                  unchanged=sum(existing.get(p.code) == p for p in plans), actor=actor, channel=channel, name=name)
    return plans


def _reason(reason: str) -> None:
    if not reason.strip():
        raise RequestError("请用 --reason 写明删除原因（记入操作记录）/ a reason is required")


def remove_site(workspace: Workspace, code: str, *, actor: str, reason: str,
                channel: str = audit.COMMAND_LINE) -> ExamSite:
    """Delete an exam site, audited. :class:`RequestError` — nothing deleted — for no such site, no reason, or
    while rooms or active registrations are at it (naming how many and what to remove or withdraw first)."""
    _reason(reason)
    storage = workspace.storage
    site, _ = _stored_site(storage, code)
    rooms = [r for r in storage.list(ExamRoom) if r.site_code == site.code]
    registered = [r for r in storage.list(Registration, site_code=site.code) if r.status is RegistrationStatus.ACTIVE]
    if rooms or registered:
        raise RequestError(f"考核站点 {site.code} 还有 {len(rooms)} 个考场、{len(registered)} 条报考，不能删除："
                           "请先撤销报考（xcert registrations withdraw）、删除考场（xcert rooms remove），"
                           f"或只停用站点（xcert sites enable {site.code} --disable）/ the site is in use")
    with storage.transaction() as tx:
        tx.delete(ExamSite, site.key)
        audit.append(tx, actor, channel, "sites.remove", target=f"{site.code} {site.name}", detail=reason)
    return site


def remove_plan(workspace: Workspace, code: str, *, actor: str, reason: str,
                channel: str = audit.COMMAND_LINE) -> ExamPlan:
    """Delete an exam plan with its withdrawn registrations, audited. :class:`RequestError` — nothing deleted —
    for no such plan, no reason, or while it has active registrations, rooms or seats (naming what to withdraw or
    remove first)."""
    _reason(reason)
    storage = workspace.storage
    plan = storage.find(ExamPlan, (code,))
    if plan is None:
        raise RequestError(f"工作区中没有考试计划“{code}”（xcert plans list 查看）/ no such plan")
    registrations = storage.list(Registration, plan_code=code)
    active = [r for r in registrations if r.status is RegistrationStatus.ACTIVE]
    rooms = storage.list(ExamRoom, plan_code=code)
    seated = storage.list(SeatAssignment, plan_code=code)
    if active or rooms or seated:
        raise RequestError(f"考试计划 {code} 还有 {len(active)} 条报考、{len(rooms)} 个考场、{len(seated)} 个考位，"
                           "不能删除：请先撤销报考（xcert registrations withdraw）、删除考场（xcert rooms remove）"
                           " / the plan is in use")
    with storage.transaction() as tx:
        for registration in registrations:
            tx.delete(Registration, registration.key)
        tx.delete(ExamPlan, plan.key)
        audit.append(tx, actor, channel, "plans.remove", target=f"{plan.code} {plan.name}", detail=reason)
    return plan


def list_plans(workspace: Workspace) -> list[PlanSummary]:
    """The stored exam plans, each with its number of active registrations."""
    storage = workspace.storage
    return [PlanSummary(plan, active_registrations(storage, plan.code)) for plan in storage.list(ExamPlan)]
