"""Steps 1 and 2 in a workspace: certificates and pilot quota (证书试点申报), exam sites (考核站点) and their
review, and exam plans (考试计划).

These are forms on the platform, filled once per batch; in xcert they are short commands whose results the
later steps check against (a registration needs an approved application with quota left and an approved,
enabled site covering the certificate). Every command prints Chinese lines, or one JSON object with ``--json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xcert_adapters.app import setup
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, check_report_path, echo_json, issue_json, issues_summary
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.labels import ReviewStatus
from xcert_core.model import ExamPlan, ExamSite, PilotApplication
from xcert_core.registration.review import ReviewAction
from xcert_core.scheduling.plan_sheets import SHEETS, plan_template

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help=JSON_HELP)


# ---- certificates --------------------------------------------------------------------------------------------


def batch_text(batch: str) -> str:
    """A 申报批次 as a sentence says it: ``1`` → 第 1 批; words a school typed stay as typed (第一次, 第二批)."""
    return f"第 {batch} 批" if batch.isdigit() else batch

@click.group("certificates")
def certificates() -> None:
    """证书目录：查看、从 CSV 导入 / the certificate catalogue: list it, import a CSV."""


@certificates.command("list")
@JSON_OPTION
def certificates_list(as_json: bool) -> None:
    """列出工作区中的证书 / list the workspace's certificates."""
    stored = setup.list_certificates(current_workspace())
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
    done = setup.import_certificates(current_workspace(), file)
    if as_json:
        echo_json({"file": str(file), "certificates": done.certificates, "changed": done.changed})
    else:
        click.echo(f"已导入 {file.name}：{done.certificates} 个证书，其中 {done.changed} 个新增或更新。")


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
@click.option("--status", "status_label", type=click.Choice([t for s in ReviewStatus for t in (s.label, *s.aliases)]),
              default="审核通过",
              show_default=True, help="审核状态（平台上的结果）/ the review status on the platform.")
@click.option("--year", type=click.IntRange(2000, 2100), help="申报年度（默认工作区的考试年份）/ the year.")
@click.option("--used-before", type=click.IntRange(min=0),
              help="开始用 xcert 之前已在平台上用掉的指标数（只需登记一次）/ places used before xcert.")
@JSON_OPTION
def quota_set(certificate_code: str, approved: int, applied: int | None, batch: str, status_label: str,
              year: int | None, used_before: int | None, as_json: bool) -> None:
    """登记证书试点申报结果：批准总培训人数与审核状态 / record a pilot application's approved quota.

    已使用指标数由报考自动计算，不能在这里直接修改；开始用 xcert 之前已在平台上报考占用的指标，用 --used-before
    登记一次，之后在 xcert 中的报考在此基础上累加。批准人数不能少于已使用人数。
    """
    application = setup.set_quota(current_workspace(), certificate_code, approved, applied=applied, batch=batch,
                                  status=ReviewStatus.from_label(status_label), year=year,
                                  used_elsewhere=used_before)
    if as_json:
        echo_json({"application": _application_json(application)})
    else:
        click.echo(f"已登记 {certificate_code}（{application.year} 年{batch_text(batch)}，"
                   f"{application.status.label}）："
                   f"批准 {approved} 人，已使用 {application.used_quota} 人，剩余 {application.remaining_quota} 人。")


@quota.command("list")
@JSON_OPTION
def quota_list(as_json: bool) -> None:
    """列出本校的试点申报与指标使用情况 / list pilot applications and quota use."""
    applications = setup.list_quota(current_workspace())
    if as_json:
        echo_json({"applications": [_application_json(a) for a in applications]})
        return
    if not applications:
        click.echo("还没有证书试点申报：xcert quota set 证书编号 --approved 人数")
    for a in applications:
        click.echo(f"{a.certificate_code} {a.year} {batch_text(a.batch)} {a.status.label}：批准 {a.approved_quota}，"
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
    site = setup.add_site(current_workspace(), code, name, certificate_codes, address=address, approved=approved)
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
    reviewed = setup.review_exam_site(current_workspace(), code, ReviewAction(action), reason)
    if as_json:
        echo_json({"site": _site_json(reviewed.after)})
    else:
        click.echo(f"考核站点 {code}：{reviewed.before.review_status.label} → {reviewed.after.review_status.label}")


@sites.command("enable")
@click.argument("code")
@click.option("--disable", is_flag=True, help="停用站点 / disable the site instead.")
@JSON_OPTION
def sites_enable(code: str, disable: bool, as_json: bool) -> None:
    """启用或停用考核站点（停用的站点不能报考）/ enable or disable a site."""
    site = setup.enable_site(current_workspace(), code, enabled=not disable)
    if as_json:
        echo_json({"site": _site_json(site)})
    else:
        click.echo(f"考核站点 {code}：{site.site_status.label}")


@sites.command("remove")
@click.argument("code")
@click.option("--reason", required=True, help="删除原因，记入操作记录 / why (kept in the audit log).")
@JSON_OPTION
def sites_remove(code: str, reason: str, as_json: bool) -> None:
    """删除考核站点（还有考场或报考时拒绝；只想暂停用 enable --disable）/ remove an exam site."""
    site = setup.remove_site(current_workspace(), code, actor=login_name(), reason=reason)
    if as_json:
        echo_json({"removed": _site_json(site)})
    else:
        click.echo(f"已删除考核站点 {site.code} {site.name}。")


@sites.command("list")
@JSON_OPTION
def sites_list(as_json: bool) -> None:
    """列出考核站点 / list exam sites."""
    stored = setup.list_sites(current_workspace())
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
    reviewed = setup.review_quota(current_workspace(), certificate_code, ReviewAction(action), batch=batch,
                                  reason=reason)
    if as_json:
        echo_json({"application": _application_json(reviewed.after)})
    else:
        click.echo(f"{certificate_code} {batch_text(batch)}：{reviewed.before.status.label} → "
                   f"{reviewed.after.status.label}")


# ---- exam plans ----------------------------------------------------------------------------------------------

@click.group("plans")
def plans() -> None:
    """考试计划：从 Excel 考试计划表或 TOML 文件导入科目、场次和报考时间 / exam plans: subjects, sessions, registration
    window."""


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
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="考试计划表有错误时写出问题清单 .xlsx（每个问题一行：工作表、行、列、说明、建议）/ write the "
                   "form's problems as a workbook.")
@JSON_OPTION
def plans_import(file: Path, report_path: Path | None, as_json: bool) -> None:
    """导入考试计划：Excel 考试计划表（xcert plans template 生成）或 TOML 文件；已有报考的计划不能更改科目和场次 /
    import an exam plan form (.xlsx) or file (.toml).

    退出码 / exit: 0 已导入 · 1 计划表中有错误，未导入 · 2 文件无法使用或计划不成立.
    """
    check_report_path(report_path, file)
    workspace = current_workspace()
    try:
        plans_read = setup.import_plans(workspace, file, actor=login_name())
    except setup.PlanFormError as refused:
        if report_path is not None:
            setup.write_plan_form_report(workspace, refused.report, report_path)
            click.echo(f"问题清单已写入 {report_path}。", err=as_json)
        if as_json:
            echo_json({"file": str(file), "stored": False, "plans": [],
                       "issues": [issue_json(i) for i in refused.report]})
        else:
            click.echo(issues_summary(file, len(SHEETS), "个工作表", refused.report))
            click.echo("\n有错误，未导入任何考试计划；请改正后重新导入。")
        raise SystemExit(1) from None
    if as_json:
        registered = {summary.plan.code: summary.registrations for summary in setup.list_plans(workspace)}
        echo_json({"file": str(file), "stored": True, "issues": [],
                   "plans": [_plan_json(p, registered.get(p.code, 0)) for p in plans_read]})
    else:
        for p in plans_read:
            click.echo(f"已导入考试计划 {p.code}：{p.name}，{len(p.subjects)} 个科目，{len(p.sessions)} 个场次。")


@plans.command("remove")
@click.argument("code")
@click.option("--reason", required=True, help="删除原因，记入操作记录 / why (kept in the audit log).")
@JSON_OPTION
def plans_remove(code: str, reason: str, as_json: bool) -> None:
    """删除考试计划（还有报考、考场或考位时拒绝）/ remove an exam plan that nothing uses."""
    plan = setup.remove_plan(current_workspace(), code, actor=login_name(), reason=reason)
    if as_json:
        echo_json({"removed": _plan_json(plan, 0)})
    else:
        click.echo(f"已删除考试计划 {plan.code} {plan.name}。")


@plans.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def plans_template(out: Path, force: bool) -> None:
    """生成空白“考试计划表”（考试计划、科目、场次三个工作表；xcert 自己的模板）/ write the blank exam plan form.

    \b
    xcert plans template 考试计划.xlsx     填好后：xcert plans import 考试计划.xlsx
    """
    write_template(plan_template(), out, force)


@plans.command("list")
@JSON_OPTION
def plans_list(as_json: bool) -> None:
    """列出考试计划及报考人数 / list exam plans with their registrations."""
    rows = [(summary.plan, summary.registrations) for summary in setup.list_plans(current_workspace())]
    if as_json:
        echo_json({"plans": [_plan_json(p, n) for p, n in rows]})
        return
    if not rows:
        click.echo("还没有考试计划：xcert plans template 考试计划.xlsx 生成空白表，"
                   "填好后 xcert plans import 考试计划.xlsx")
    for p, n in rows:
        window = (f"，报考时间 {p.registration_opens or '—'} 至 {p.registration_closes or '—'}"
                  if p.registration_opens or p.registration_closes else "")
        click.echo(f"{p.code} {p.name}：{len(p.sessions)} 个场次，{n} 人报考{window}")


from xcert_adapters.cli.record_edit_commands import plans_edit, sites_edit  # noqa: E402 - the groups above
from xcert_adapters.cli.record_export_commands import plans_export, sites_export  # noqa: E402

sites.add_command(sites_edit)
sites.add_command(sites_export)
plans.add_command(plans_edit)
plans.add_command(plans_export)
