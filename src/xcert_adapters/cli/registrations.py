"""``xcert registrations``: the platform's registration templates (报考) — write them blank, check filled ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import click
from attrs import frozen

from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.output import check_report_path, echo_json, issue_json
from xcert_adapters.cli.students import issues_summary
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_adapters.reference.certificate_catalogue import load_certificate_catalogue
from xcert_adapters.workbooks.selection import read_sheet
from xcert_adapters.workspace.rule_settings import RuleConfig, load_rule_config
from xcert_core.core_issue_types import SETTINGS_UNKNOWN_CODE
from xcert_core.issues import Issue, IssueCollector, IssueReport
from xcert_core.issues.report_workbook import MarkedColumn, marked_sheet, summary_sheet
from xcert_core.labels import RegistrationStatus
from xcert_core.model import Candidate, Certificate, ExamPlan, Registration
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.ports.workbooks import SheetData, WorkbookWriter
from xcert_core.privacy import mask_id_number
from xcert_core.reference_data import SAMPLE_CERTIFICATES
from xcert_core.registration.importing import (
    import_registrations,
    plans_by_certificate,
    requests_from_rows,
)
from xcert_core.registration.sheet import (
    ALL_COLUMNS,
    RegistrationRow,
    read_registration_sheet,
    registration_template,
)
from xcert_core.registration.withdrawal import withdraw_registration
from xcert_core.registry import AdapterKind
from xcert_core.roster.columns import find_header
from xcert_core.roster.reading import read_roster


@click.group("registrations")
def registrations() -> None:
    """报考：生成报考模板、检查报考表 / registration templates: write them, check filled ones."""


@registrations.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by-subject", is_flag=True, help="按科目报考模板 / the by-subject template.")
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file.")
def template(out: Path, by_subject: bool, force: bool) -> None:
    """生成空白“按证书/按科目批量导入报考模板” / write the platform's blank registration template."""
    write_template(registration_template(by_subject), out, force)


@frozen
class _Checked:
    """A registration sheet read and checked: its rows, whether it is the by-subject template, and the report."""

    sheet: SheetData
    rows: list[RegistrationRow]
    by_subject: bool
    issues: list[Issue]


def _check_sheet(file: Path, plugins: XcertPlugins, catalogue: Iterable[Certificate],
                 names: dict[str, str] | None, sheet: str | None) -> _Checked:
    sheet_data = read_sheet(file, plugins, sheet)
    rows, issues, by_subject = read_registration_sheet(sheet_data, file.name, {c.code: c for c in catalogue}, names)
    return _Checked(sheet_data, rows, by_subject, issues)


def _report(file: Path, plugins: XcertPlugins, config: RuleConfig, issues: Iterable[Issue]) -> IssueReport:
    collector = IssueCollector(plugins.catalogue, config.settings)
    collector.extend(issues)
    collector.extend(SETTINGS_UNKNOWN_CODE.at(code=code) for code in config.settings.unknown_codes(plugins.catalogue))
    return IssueReport(tuple(sorted(collector.report().issues, key=lambda i: i.row or 0)), file=file.name)


def _write_report(plugins: XcertPlugins, report_path: Path, file: Path, checked: _Checked,
                  report: IssueReport) -> None:
    match = find_header(checked.sheet.rows, ALL_COLUMNS, frozenset({"考生姓名", "证件号码"}))
    assert match is not None  # read_registration_sheet found it
    columns = [MarkedColumn(c.header, match.positions[c.key], c.width) for c in ALL_COLUMNS
               if c.key in match.positions]
    writer: WorkbookWriter = plugins.create(AdapterKind.WORKBOOK_WRITER, "openpyxl")
    writer.write([marked_sheet(checked.sheet, report, match.index + 1, columns),
                  summary_sheet(file.name, checked.sheet.name, len(checked.rows), report, plugins.catalogue)],
                 report_path)


def _finish(file: Path, checked: _Checked, report: IssueReport, as_json: bool, report_path: Path | None,
            extra: dict[str, Any] | None = None) -> None:
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
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
@_report_option
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path),
              help="本校考生名单，用于核对姓名与证件号码 / the roster, to cross-check names and ID numbers.")
@click.option("--certificates", type=click.Path(dir_okay=False, path_type=Path),
              help="证书目录 CSV（默认：操作手册中的六个证书）/ certificate catalogue CSV.")
@click.option("--sheet", help="工作表名称（默认第一个可见的工作表）/ sheet name (default: the first visible one).")
@click.option("--settings", "settings_path", type=click.Path(dir_okay=False, path_type=Path),
              help="规则设置 TOML（[rules] 表）/ rule settings TOML.")
def check(file: Path, as_json: bool, report_path: Path | None, roster: Path | None, certificates: Path | None,
          sheet: str | None, settings_path: Path | None) -> None:
    """检查报考表，一次找出所有问题 / check a filled registration template.

    退出码 / exit: 0 无错误（可有警告）· 1 有错误 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    plugins = make_plugin_manager()
    config = load_rule_config(settings_path)
    catalogue = load_certificate_catalogue(certificates, plugins) if certificates else SAMPLE_CERTIFICATES
    names = None
    if roster is not None:
        table, _ = read_roster(read_sheet(roster, plugins), roster.name)
        names = {number.upper(): row.get("name") or "" for row in table.rows
                 if (number := row.get("id_number")) is not None}
    checked = _check_sheet(file, plugins, catalogue, names, sheet)
    report = _report(file, plugins, config, checked.issues)
    if report_path is not None:
        _write_report(plugins, report_path, file, checked, report)
    _finish(file, checked, report, as_json, report_path)


@registrations.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", help="考试计划编号（证书有多个考试计划时必填）/ the exam plan, when a "
                                          "certificate has several.")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
@_report_option
@click.option("--sheet", help="工作表名称（默认第一个可见的工作表）/ sheet name (default: the first visible one).")
def import_(file: Path, plan_code: str | None, as_json: bool, report_path: Path | None, sheet: str | None) -> None:
    """导入报考表：全部通过才写入，占用培训指标 / register every row of a filled template, or none.

    检查内容同 check，另外核对工作区中的考生名单（姓名、证件号码、信息准确）、考试计划、考核站点、
    试点申报与剩余指标。任何一行有错误时不写入任何报考。

    退出码 / exit: 0 已全部报考 · 1 有错误，未写入 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    workspace = current_workspace()
    plugins, storage, year = workspace.plugins, workspace.storage, workspace.config.year
    candidates = storage.list(Candidate, school_code=workspace.school_code)
    names = {c.id_number.upper(): c.name for c in candidates}
    checked = _check_sheet(file, plugins, storage.list(Certificate), names, sheet)
    plans = plans_by_certificate(storage.list(ExamPlan), year, plan_code)
    if plan_code is not None and not plans:
        raise click.UsageError(f"工作区中没有 {year} 年的考试计划 {plan_code} / no exam plan {plan_code}")
    rules = workspace.config.rules  # the school's severities decide both what is stored and the exit code
    error_rows = {i.row for i in _report(file, plugins, rules, checked.issues).errors if i.row is not None}
    requests, plan_issues = requests_from_rows(checked.rows, error_rows, plans, workspace.school_code, year,
                                               checked.by_subject)
    # names were already checked against the stored roster by the sheet reader: the rules need not repeat it
    requests = [attrs.evolve(request, name=None) for request in requests]
    issues = checked.issues + plan_issues

    def refuse(found: Sequence[Issue]) -> bool:
        return _report(file, plugins, rules, [*issues, *found]).has_errors

    outcome = import_registrations(storage, requests,  # rows already refused: check the others without writing
                                   commit=not _report(file, plugins, rules, issues).has_errors, refuse=refuse,
                                   skip_unchanged=True)
    unchanged = outcome.unchanged
    issues += outcome.issues
    stored = outcome.stored
    report = _report(file, plugins, workspace.config.rules, issues)
    if report_path is not None:
        _write_report(plugins, report_path, file, checked, report)
    if not as_json:
        if report.has_errors:
            click.echo("有错误，本次没有写入任何报考；改正后重新导入。")
        else:
            click.echo(f"已报考 {len(stored)} 条，占用培训指标 {len(stored)} 个"
                       + (f"；{len(unchanged)} 条此前已报考，未变。" if unchanged else "。"))
    _finish(file, checked, report, as_json, report_path, {"registered": len(stored), "unchanged": len(unchanged)})


@registrations.command("withdraw")
@click.argument("id_number")
@click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan.")
@click.option("--reason", default="", help="撤销原因（记入排考调整记录）/ why (kept in the audit record).")
@click.option("--actor", help="操作人（默认当前用户）/ who withdraws (default: the login name).")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
def withdraw(id_number: str, plan_code: str, reason: str, actor: str | None, as_json: bool) -> None:
    """撤销报考：退回培训指标；已排考的释放其考位（其他考生不动）/ withdraw a registration.

    退出码 / exit: 0 已撤销 · 2 没有该报考.
    """
    storage = current_workspace().storage
    number = id_number.strip().upper()
    if storage.find(Registration, (plan_code, number)) is None:
        raise click.UsageError(f"考试计划 {plan_code} 中没有证件号码为 {mask_id_number(number)} 的报考 / "
                               "no such registration")
    if storage.get(Registration, (plan_code, number)).status is RegistrationStatus.WITHDRAWN:
        click.echo(f"{mask_id_number(number)} 在 {plan_code} 的报考早已撤销，没有改动。", err=True)
        raise SystemExit(0)
    done = withdraw_registration(storage, plan_code, number, actor=actor or login_name(),
                                 at=dt.datetime.now(dt.UTC), reason=reason)
    freed = len(done.seat_change.moves) if done.seat_change is not None else 0
    if as_json:
        echo_json({"plan": plan_code, "id_number": mask_id_number(number), "status": done.registration.status.label,
                   "seats_freed": freed})
    else:
        click.echo(f"已撤销 {mask_id_number(number)} 在 {plan_code} 的报考，培训指标已退回"
                   + (f"；释放 {freed} 个考位。" if freed else "。"))


@registrations.command("list")
@click.option("--plan", "plan_code", help="只列出该考试计划 / only this exam plan.")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
def list_registrations(plan_code: str | None, as_json: bool) -> None:
    """列出报考（证件号码已打码）/ list registrations (ID numbers masked)."""
    workspace = current_workspace()
    filters = {"plan_code": plan_code} if plan_code else {}
    stored = workspace.storage.list(Registration, **filters)
    names = {c.id_number: c.name for c in workspace.storage.list(Candidate, school_code=workspace.school_code)}
    if as_json:
        echo_json({"registrations": [
            {"plan": r.plan_code, "id_number": mask_id_number(r.id_number), "name": names.get(r.id_number),
             "site": r.site_code, "mode": r.mode.label, "subjects": list(r.subject_codes),
             "status": r.status.label, "class": r.class_label} for r in stored]})
        return
    for r in stored:
        click.echo(f"{r.plan_code}  {mask_id_number(r.id_number)}  {names.get(r.id_number, '')}  {r.site_code}  "
                   f"{r.mode.label}  {r.status.label}")
    click.echo(f"共 {len(stored)} 条（其中有效 {sum(r.status is RegistrationStatus.ACTIVE for r in stored)} 条）")
