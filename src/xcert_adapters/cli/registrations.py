"""``xcert registrations``: the platform's registration templates (报考) — write them blank, check filled ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xcert_adapters.app import registrations as app
from xcert_adapters.app.registrations import (
    CheckedRegistrations,
    check_registration_file,
    prefilled_registration_template,
    write_registration_report,
)
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.output import (
    FORCE_HELP,
    JSON_HELP,
    PLAN_HELP,
    SHEET_HELP,
    check_report_path,
    echo_json,
    issue_json,
    issues_summary,
)
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_adapters.workspace.rule_settings import load_rule_config
from xcert_core.fees.ledger import yuan
from xcert_core.labels import RegistrationStatus
from xcert_core.plugins import make_plugin_manager
from xcert_core.privacy import mask_id_number
from xcert_core.registration.sheet import (
    registration_template,
)


@click.group("registrations")
def registrations() -> None:
    """报考：生成报考模板、检查报考表 / registration templates: write them, check filled ones."""


@registrations.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by-subject", is_flag=True, help="按科目报考模板 / the by-subject template.")
@click.option("--from-workspace", is_flag=True,
              help="填入工作区中所有“信息准确”且尚未报考该计划的学生（含班级），只需删去不报考的 / pre-fill from the "
                   "workspace.")
@click.option("--plan", "plan_code", help="考试计划编号（与 --from-workspace 一起用）/ the exam plan to pre-fill for.")
@click.option("--site", "site_code", help="考核站点编号（只有一个站点可报考时可省略）/ the exam site.")
@click.option("--subject", help="按科目报考时的科目编号或名称（与 --from-workspace 一起用）/ the subject, by subject.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def template(out: Path, by_subject: bool, from_workspace: bool, plan_code: str | None, site_code: str | None,
             subject: str | None, force: bool) -> None:
    """生成“按证书/按科目批量导入报考模板”：空白，或从工作区填好 / write the registration template, blank or pre-filled.

    \b
    xcert registrations template 报考.xlsx                                   空白模板
    xcert registrations template 报考.xlsx --from-workspace --plan 计划编号   填好“信息准确”的学生
    """
    if not from_workspace:
        if plan_code or site_code or subject:
            raise click.UsageError("--plan、--site、--subject 只与 --from-workspace 一起使用 / these options need "
                                   "--from-workspace")
        write_template(registration_template(by_subject), out, force)
        return
    if not plan_code:
        raise click.UsageError("--from-workspace 需要 --plan 考试计划编号 / --from-workspace needs --plan")
    if by_subject and not subject:
        raise click.UsageError("按科目报考请用 --subject 指定科目 / pass --subject for the by-subject template")
    filled = prefilled_registration_template(current_workspace(), plan_code, site_code=site_code, subject=subject)
    write_template(filled.sheet, out, force, "报考表（证件号码完整，仅本用户可读）")
    left = [f"已报考该计划的 {filled.already_registered} 名" if filled.already_registered else "",
            f"尚未“信息准确”的 {filled.not_verified} 名" if filled.not_verified else ""]
    note = f"（{'、'.join(part for part in left if part)}未列入）" if any(left) else ""
    click.echo(f"已填入 {filled.listed} 名“信息准确”的学生{note}：考试计划 {filled.plan.code}，考核站点 "
               f"{filled.site.code} {filled.site.name}。\n请删去不报考的学生所在的行，然后：xcert registrations import "
               f"{out} --plan {filled.plan.code}")


def _finish(checked: CheckedRegistrations, as_json: bool, report_path: Path | None,
            extra: dict[str, Any] | None = None) -> None:
    file, report = checked.path, checked.report
    if as_json:
        echo_json({"file": str(file), "rows": len(checked.rows), **(extra or {}),
                   "issues": [issue_json(i) for i in report]})
    else:
        click.echo(issues_summary(file, len(checked.rows), "条报考", report))
        if report_path is not None:
            click.echo(f"\n错误报告已写入：{report_path}（问题单元格已标红/标黄并加批注）")
    raise SystemExit(report.exit_code)


def _report_option(function: Any) -> Any:
    return click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
                        help="写出标红批注的错误报告 .xlsx / write the marked-up error report (.xlsx).")(function)


@registrations.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@_report_option
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), multiple=True,
              help="考生名单，用于核对姓名与证件号码；本校学生和社会考生名单可各给一次 / a roster to cross-check "
                   "names and ID numbers (repeat for the social candidates' roster).")
@click.option("--certificates", type=click.Path(dir_okay=False, path_type=Path),
              help="证书目录 CSV（默认：操作手册中的六个证书）/ certificate catalogue CSV.")
@click.option("--sheet", help=SHEET_HELP)
@click.option("--settings", "settings_path", type=click.Path(dir_okay=False, path_type=Path),
              help="规则设置 TOML（[rules] 表）/ rule settings TOML.")
def check(file: Path, as_json: bool, report_path: Path | None, roster: tuple[Path, ...], certificates: Path | None,
          sheet: str | None, settings_path: Path | None) -> None:
    """检查报考表，一次找出所有问题 / check a filled registration template.

    退出码 / exit: 0 无错误（可有警告）· 1 有错误 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    plugins = make_plugin_manager()
    checked = check_registration_file(file, plugins, load_rule_config(settings_path), roster=roster,
                                      certificates=certificates, sheet=sheet)
    if report_path is not None:
        write_registration_report(plugins, checked, report_path)
    _finish(checked, as_json, report_path)


@registrations.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", help="考试计划编号（证书有多个考试计划时必填）/ the exam plan, when a "
                                          "certificate has several.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@_report_option
@click.option("--sheet", help=SHEET_HELP)
def import_(file: Path, plan_code: str | None, as_json: bool, report_path: Path | None, sheet: str | None) -> None:
    """导入报考表：全部通过才写入，占用培训指标 / register every row of a filled template, or none.

    检查内容同 check，另外核对工作区中的考生名单（姓名、证件号码、信息准确）、考试计划、考核站点、
    试点申报与剩余指标。任何一行有错误时不写入任何报考。

    退出码 / exit: 0 已全部报考 · 1 有错误，未写入 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    outcome = app.import_registration_file(current_workspace(), file, plan_code=plan_code, sheet=sheet,
                                           report_path=report_path, actor=login_name())
    stored, unchanged = outcome.stored, outcome.unchanged
    if not as_json:
        if outcome.report.has_errors:
            click.echo("有错误，本次没有写入任何报考；改正后重新导入。")
        else:
            click.echo(f"已报考 {len(stored)} 条，占用培训指标 {len(stored)} 个"
                       + (f"；{len(unchanged)} 条此前已报考，未变。" if unchanged else "。"))
    _finish(outcome.checked, as_json, report_path, {"registered": len(stored), "unchanged": len(unchanged)})


@registrations.command("withdraw")
@click.argument("id_number", metavar="学生")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--reason", default="", help="撤销原因（记入排考调整记录）/ why (kept in the audit record).")
@click.option("--actor", help="操作人（默认当前用户）/ who withdraws (default: the login name).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def withdraw(id_number: str, plan_code: str, reason: str, actor: str | None, as_json: bool) -> None:
    """撤销报考：退回培训指标；已排考的释放其考位（其他考生不动）/ withdraw a registration.

    学生可以写姓名（唯一时）、姓名:证件号码后四位、打码号码或完整证件号码。

    退出码 / exit: 0 已撤销 · 2 没有该报考.
    """
    done = app.withdraw(current_workspace(), id_number, plan_code, actor=actor or login_name(), reason=reason)
    number, freed = done.registration.id_number, done.seats_freed
    if done.already:
        click.echo(f"{mask_id_number(number)} 在 {plan_code} 的报考早已撤销，没有改动。", err=True)
        raise SystemExit(0)
    if as_json:
        echo_json({"plan": plan_code, "id_number": mask_id_number(number), "status": done.registration.status.label,
                   "seats_freed": freed, "refund_due": yuan(done.refund_due_fen) if done.refund_due_fen else None})
    else:
        click.echo(f"已撤销 {mask_id_number(number)} 在 {plan_code} 的报考，培训指标已退回"
                   + (f"；释放 {freed} 个考位。" if freed else "。"))
        if done.refund_due_fen:
            click.echo(f"该考生已缴费 {yuan(done.refund_due_fen)} 元，应退费；退费后登记：xcert fees refund --plan "
                       f"{plan_code} 证件号码")


def _listed_json(item: app.ListedRegistration) -> dict[str, Any]:
    r = item.registration
    return {"plan": r.plan_code, "id_number": mask_id_number(r.id_number), "name": item.name, "site": r.site_code,
            "mode": r.mode.label, "subjects": list(r.subject_codes), "status": r.status.label,
            "class": r.class_label, "candidate_type": r.candidate_type.label}


@registrations.command("list")
@click.option("--plan", "plan_code", help="只列出该考试计划 / only this exam plan.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def list_registrations(plan_code: str | None, as_json: bool) -> None:
    """列出报考（证件号码已打码）/ list registrations (ID numbers masked)."""
    listed = app.list_registrations(current_workspace(), plan_code)
    stored = [item.registration for item in listed]
    if as_json:
        echo_json({"registrations": [_listed_json(item) for item in listed]})
        return
    for item in listed:
        r = item.registration
        click.echo(f"{r.plan_code}  {mask_id_number(r.id_number)}  {item.name or ''}  {r.site_code}  "
                   f"{r.mode.label}  {r.status.label}")
    click.echo(f"共 {len(stored)} 条（其中有效 {sum(r.status is RegistrationStatus.ACTIVE for r in stored)} 条）")
