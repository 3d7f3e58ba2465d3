"""Steps 1 and 2 in a workspace: certificates and pilot quota (证书试点申报), exam sites (考核站点) and their
review, and exam plans (考试计划).

These are forms on the platform, filled once per batch; in xcert they are short commands whose results the
later steps check against (a registration needs an approved application with quota left and an approved,
enabled site covering the certificate). Every command prints Chinese lines, or one JSON object with ``--json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import click

from xcert_adapters.cli.output import echo_json
from xcert_adapters.cli.workspace_option import current_workspace
from xcert_adapters.reference.certificate_catalogue import load_certificate_catalogue
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import RegistrationStatus, ReviewStatus, SiteStatus
from xcert_core.model import Certificate, ExamPlan, ExamSite, PilotApplication, Registration
from xcert_core.registration.review import ReviewAction, review_application, review_site
from xcert_core.scheduling.plan_file import DEFAULT_ORGANIZATION, parse_plan_file

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print one JSON object.")


def _certificate(storage: Any, code: str) -> Certificate:
    certificate: Certificate | None = storage.find(Certificate, (code,))
    if certificate is None:
        raise click.UsageError(f"证书编号 {code} 不在工作区的证书目录中：请先用 xcert certificates import 导入 / "
                               f"certificate {code} is not in the workspace's catalogue")
    return certificate


# ---- certificates --------------------------------------------------------------------------------------------

@click.group("certificates")
def certificates() -> None:
    """证书目录：查看、从 CSV 导入 / the certificate catalogue: list it, import a CSV."""


@certificates.command("list")
@JSON_OPTION
def certificates_list(as_json: bool) -> None:
    """列出工作区中的证书 / list the workspace's certificates."""
    stored = current_workspace().storage.list(Certificate)
    if as_json:
        echo_json({"certificates": [{"code": c.code, "name": c.name, "level": c.level.label,
                                     "issuing_organization": c.issuing_organization,
                                     "program_codes": list(c.program_codes)} for c in stored]})
        return
    for c in stored:
        click.echo(f"{c.code}  {c.display_name}  {c.issuing_organization}")


@certificates.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@JSON_OPTION
def certificates_import(file: Path, as_json: bool) -> None:
    """从 CSV 导入证书目录（已有的证书按编号更新）/ import a certificate catalogue CSV (upsert by code)."""
    workspace = current_workspace()
    catalogue = load_certificate_catalogue(file, workspace.plugins)
    with workspace.storage.transaction() as tx:
        changed = 0
        for certificate in catalogue:
            if tx.find(Certificate, certificate.key) != certificate:
                tx.put(certificate)
                changed += 1
    if as_json:
        echo_json({"file": str(file), "certificates": len(catalogue), "changed": changed})
    else:
        click.echo(f"已导入 {file.name}：{len(catalogue)} 个证书，其中 {changed} 个新增或更新。")


# ---- pilot applications and quota ----------------------------------------------------------------------------

@click.group("quota")
def quota() -> None:
    """证书试点申报与培训指标 / pilot applications and training quota."""


def _application_json(a: PilotApplication) -> dict[str, Any]:
    return {"certificate": a.certificate_code, "year": a.year, "batch": a.batch, "status": a.status.label,
            "applied": a.applied_quota, "approved": a.approved_quota, "used": a.used_quota,
            "remaining": a.remaining_quota, "return_reason": a.return_reason}


@quota.command("set")
@click.argument("certificate_code")
@click.option("--approved", type=click.IntRange(min=0), required=True,
              help="批准总培训人数 / the approved training quota.")
@click.option("--applied", type=click.IntRange(min=0), help="申报培训人数（默认同批准人数）/ the quota applied for.")
@click.option("--batch", default="1", show_default=True, help="申报批次 / the application batch.")
@click.option("--status", "status_label", type=click.Choice([s.label for s in ReviewStatus]), default="审核通过",
              show_default=True, help="审核状态（平台上的结果）/ the review status on the platform.")
@JSON_OPTION
def quota_set(certificate_code: str, approved: int, applied: int | None, batch: str, status_label: str,
              as_json: bool) -> None:
    """登记证书试点申报结果：批准总培训人数与审核状态 / record a pilot application's approved quota.

    已使用指标数由报考自动计算，不能在这里修改；批准人数不能少于已使用人数。
    """
    workspace = current_workspace()
    storage, year = workspace.storage, workspace.config.year
    _certificate(storage, certificate_code)
    key = (workspace.school_code, certificate_code, str(year), batch)
    with storage.transaction() as tx:
        current = tx.find(PilotApplication, key)
        used = current.used_quota if current is not None else 0
        if approved < used:
            raise click.UsageError(f"批准总培训人数 {approved} 少于已使用指标数 {used}：请先撤销报考 / "
                                   f"approved {approved} is below the {used} places already used")
        application = PilotApplication(workspace.school_code, certificate_code, year, batch,
                                       ReviewStatus.from_label(status_label),
                                       applied if applied is not None else approved, approved, used)
        if current is None:
            tx.add(application)
        else:
            tx.replace(application, tx.get_with_revision(PilotApplication, key)[1])
    if as_json:
        echo_json({"application": _application_json(application)})
    else:
        click.echo(f"已登记 {certificate_code}（{year} 年第 {batch} 批，{application.status.label}）："
                   f"批准 {approved} 人，已使用 {used} 人，剩余 {application.remaining_quota} 人。")


@quota.command("list")
@JSON_OPTION
def quota_list(as_json: bool) -> None:
    """列出本校的试点申报与指标使用情况 / list pilot applications and quota use."""
    workspace = current_workspace()
    applications = workspace.storage.list(PilotApplication, school_code=workspace.school_code)
    if as_json:
        echo_json({"applications": [_application_json(a) for a in applications]})
        return
    if not applications:
        click.echo("还没有证书试点申报：xcert quota set 证书编号 --approved 人数")
    for a in applications:
        click.echo(f"{a.certificate_code} {a.year} 第{a.batch}批 {a.status.label}：批准 {a.approved_quota}，"
                   f"已使用 {a.used_quota}，剩余 {a.remaining_quota}")


# ---- exam sites ----------------------------------------------------------------------------------------------

@click.group("sites")
def sites() -> None:
    """考核站点：登记、提交审核、审核结果、启用停用 / exam sites and their review."""


def _site_json(s: ExamSite) -> dict[str, Any]:
    return {"code": s.code, "name": s.name, "school": s.school_code, "organization": s.organization_code,
            "certificates": list(s.certificate_codes), "review_status": s.review_status.label,
            "site_status": s.site_status.label, "address": s.address, "return_reason": s.return_reason}


@sites.command("add")
@click.argument("code")
@click.option("--name", required=True, help="考核站点名称 / the site's name.")
@click.option("--certificate", "certificate_codes", multiple=True, required=True,
              help="站点覆盖的证书编号（可多次）/ a certificate the site covers (repeatable).")
@click.option("--address", default="", help="站点地址（印在准考证上）/ the address printed on tickets.")
@click.option("--approved", is_flag=True, help="平台上已审核通过 / already approved on the platform.")
@JSON_OPTION
def sites_add(code: str, name: str, certificate_codes: tuple[str, ...], address: str, approved: bool,
              as_json: bool) -> None:
    """登记（或更新）考核站点申报 / record an exam-site application (or update it)."""
    workspace = current_workspace()
    storage = workspace.storage
    for certificate_code in certificate_codes:
        _certificate(storage, certificate_code)
    with storage.transaction() as tx:
        current = tx.find(ExamSite, (code,))
        status = ReviewStatus.APPROVED if approved else (current.review_status if current else ReviewStatus.DRAFT)
        site = ExamSite(code, name, workspace.school_code, workspace.config.organization_code,
                        tuple(sorted(set(certificate_codes))), status,
                        current.site_status if current else SiteStatus.ENABLED, address,
                        current.return_reason if current else "")
        tx.put(site)
    if as_json:
        echo_json({"site": _site_json(site)})
    else:
        click.echo(f"已登记考核站点 {code} {name}（{site.review_status.label}，{site.site_status.label}），"
                   f"覆盖 {len(site.certificate_codes)} 个证书。")


@sites.command("review")
@click.argument("code")
@click.argument("action", type=click.Choice(["submit", "approve", "return"]))
@click.option("--reason", default="", help="退回原因（审核退回时必填）/ the reason of a return.")
@JSON_OPTION
def sites_review(code: str, action: str, reason: str, as_json: bool) -> None:
    """考核站点审核：submit 提交 · approve 审核通过 · return 审核退回 / move a site through its review."""
    storage = current_workspace().storage
    with storage.transaction() as tx:
        current, revision = _stored_site(tx, code)
        site = review_site(current, ReviewAction(action), reason)
        tx.replace(site, revision)
    if as_json:
        echo_json({"site": _site_json(site)})
    else:
        click.echo(f"考核站点 {code}：{current.review_status.label} → {site.review_status.label}")


@sites.command("enable")
@click.argument("code")
@click.option("--disable", is_flag=True, help="停用站点 / disable the site instead.")
@JSON_OPTION
def sites_enable(code: str, disable: bool, as_json: bool) -> None:
    """启用或停用考核站点（停用的站点不能报考）/ enable or disable a site."""
    storage = current_workspace().storage
    with storage.transaction() as tx:
        current, revision = _stored_site(tx, code)
        site = attrs.evolve(current, site_status=SiteStatus.DISABLED if disable else SiteStatus.ENABLED)
        tx.replace(site, revision)
    if as_json:
        echo_json({"site": _site_json(site)})
    else:
        click.echo(f"考核站点 {code}：{site.site_status.label}")


def _stored_site(storage: Any, code: str) -> tuple[ExamSite, int]:
    found = storage.find(ExamSite, (code,))
    if found is None:
        raise click.UsageError(f"没有考核站点 {code}：请先 xcert sites add / no exam site {code}")
    site: tuple[ExamSite, int] = storage.get_with_revision(ExamSite, (code,))
    return site


@sites.command("list")
@JSON_OPTION
def sites_list(as_json: bool) -> None:
    """列出考核站点 / list exam sites."""
    stored = current_workspace().storage.list(ExamSite)
    if as_json:
        echo_json({"sites": [_site_json(s) for s in stored]})
        return
    if not stored:
        click.echo("还没有考核站点：xcert sites add 站点编号 --name 名称 --certificate 证书编号")
    for s in stored:
        reason = f"（退回原因：{s.return_reason}）" if s.return_reason else ""
        click.echo(f"{s.code} {s.name}：{s.review_status.label}，{s.site_status.label}{reason}")


# ---- pilot application review (the same workflow as sites) -------------------------------------------------

@quota.command("review")
@click.argument("certificate_code")
@click.argument("action", type=click.Choice(["submit", "approve", "return"]))
@click.option("--batch", default="1", show_default=True, help="申报批次 / the application batch.")
@click.option("--reason", default="", help="退回原因（审核退回时必填）/ the reason of a return.")
@JSON_OPTION
def quota_review(certificate_code: str, action: str, batch: str, reason: str, as_json: bool) -> None:
    """证书试点申报审核：submit · approve · return / move a pilot application through its review."""
    workspace = current_workspace()
    key = (workspace.school_code, certificate_code, str(workspace.config.year), batch)
    with workspace.storage.transaction() as tx:
        if tx.find(PilotApplication, key) is None:
            raise click.UsageError(f"没有 {certificate_code} 第 {batch} 批的试点申报：请先 xcert quota set")
        current, revision = tx.get_with_revision(PilotApplication, key)
        application = review_application(current, ReviewAction(action), reason)
        tx.replace(application, revision)
    if as_json:
        echo_json({"application": _application_json(application)})
    else:
        click.echo(f"{certificate_code} 第 {batch} 批：{current.status.label} → {application.status.label}")


# ---- exam plans ----------------------------------------------------------------------------------------------

@click.group("plans")
def plans() -> None:
    """考试计划：从 TOML 文件导入科目、场次和报考时间 / exam plans: subjects, sessions, registration window."""


def _plan_json(p: ExamPlan, registrations: int) -> dict[str, Any]:
    return {"code": p.code, "name": p.name, "year": p.year, "certificate": p.certificate_code,
            "level": p.level.label, "registration_opens": p.registration_opens,
            "registration_closes": p.registration_closes, "registrations": registrations,
            "subjects": [{"code": s.code, "name": s.name, "kind": s.kind.label, "minutes": s.duration_minutes}
                         for s in p.subjects],
            "sessions": [{"code": s.code, "subject": s.subject_code, "date": s.date, "start": s.start, "end": s.end}
                         for s in p.sessions]}


@plans.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@JSON_OPTION
def plans_import(file: Path, as_json: bool) -> None:
    """导入考试计划文件（格式见 xcert schedule 文档）；已有报考的计划不能更改科目和场次 / import a plan file."""
    workspace = current_workspace()
    storage = workspace.storage
    try:
        text = file.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(file.name, f"无法读取考试计划文件（{exc}）") from None
    levels = {c.code: c.level for c in storage.list(Certificate)}
    parsed = parse_plan_file(text, file.name, levels, workspace.config.year)
    organization = workspace.config.organization_code  # a file without one means the workspace's organisation
    plans_read = [attrs.evolve(p, organization_code=organization) if p.organization_code == DEFAULT_ORGANIZATION
                  else p for p in parsed.plans.values()]
    with storage.transaction() as tx:
        for plan in plans_read:
            current = tx.find(ExamPlan, plan.key)
            active = [r for r in tx.list(Registration, plan_code=plan.code) if r.status is RegistrationStatus.ACTIVE]
            fixed = ("certificate_code", "year", "level", "subjects", "sessions")  # what registrations rest on
            if current is not None and active and any(getattr(current, f) != getattr(plan, f) for f in fixed):
                raise UnreadableFileError(file.name, f"考试计划 {plan.code} 已有 {len(active)} 条报考，不能再更改证书、"
                                                     "年份、等级、科目和场次：请先撤销报考，或新建一个考试计划")
            tx.put(plan)
    if as_json:
        echo_json({"file": str(file), "plans": [_plan_json(p, 0) for p in plans_read]})
    else:
        for p in plans_read:
            click.echo(f"已导入考试计划 {p.code}：{p.name}，{len(p.subjects)} 个科目，{len(p.sessions)} 个场次。")


@plans.command("list")
@JSON_OPTION
def plans_list(as_json: bool) -> None:
    """列出考试计划及报考人数 / list exam plans with their registrations."""
    storage = current_workspace().storage
    rows = [(p, sum(1 for r in storage.list(Registration, plan_code=p.code) if r.status is RegistrationStatus.ACTIVE))
            for p in storage.list(ExamPlan)]
    if as_json:
        echo_json({"plans": [_plan_json(p, n) for p, n in rows]})
        return
    if not rows:
        click.echo("还没有考试计划：xcert plans import 计划.toml")
    for p, n in rows:
        window = (f"，报考时间 {p.registration_opens or '—'} 至 {p.registration_closes or '—'}"
                  if p.registration_opens or p.registration_closes else "")
        click.echo(f"{p.code} {p.name}：{len(p.sessions)} 个场次，{n} 人报考{window}")
