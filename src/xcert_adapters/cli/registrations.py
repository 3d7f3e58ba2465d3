"""``xcert registrations``: the platform's registration templates (报考) — write them blank, check filled ones."""

from __future__ import annotations

import json
from pathlib import Path

import click

from xcert_adapters.cli.students import issues_summary
from xcert_adapters.reference.certificate_catalogue import load_certificate_catalogue
from xcert_adapters.workbooks.selection import read_sheet
from xcert_adapters.workspace.rule_settings import load_rule_config
from xcert_core.core_issue_types import SETTINGS_UNKNOWN_CODE
from xcert_core.issues import IssueCollector, IssueReport
from xcert_core.issues.report_workbook import MarkedColumn, marked_sheet, summary_sheet
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import WorkbookWriter
from xcert_core.reference_data import SAMPLE_CERTIFICATES
from xcert_core.registration.sheet import ALL_COLUMNS, read_registration_sheet, registration_template
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
    if out.suffix.lower() != ".xlsx":
        raise click.UsageError("模板文件名应以 .xlsx 结尾 / the template must be an .xlsx file")
    if out.exists() and not force:
        raise click.UsageError(f"{out} 已存在，如需覆盖请加 --force / {out} exists; pass --force to overwrite")
    writer: WorkbookWriter = make_plugin_manager().create(AdapterKind.WORKBOOK_WRITER, "openpyxl")
    writer.write([registration_template(by_subject)], out)
    click.echo(f"已生成空白模板：{out}")


@registrations.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="写出标红批注的错误报告 .xlsx / write the marked-up error report (.xlsx).")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path),
              help="本校考生名单，用于核对姓名与证件号码 / the roster, to cross-check names and ID numbers.")
@click.option("--certificates", type=click.Path(dir_okay=False, path_type=Path),
              help="证书目录 CSV（默认：操作手册中的六个证书）/ certificate catalogue CSV.")
@click.option("--sheet", help="工作表名称（默认第一个）/ sheet name (default: the first).")
@click.option("--settings", "settings_path", type=click.Path(dir_okay=False, path_type=Path),
              help="规则设置 TOML（[rules] 表）/ rule settings TOML.")
def check(file: Path, as_json: bool, report_path: Path | None, roster: Path | None, certificates: Path | None,
          sheet: str | None, settings_path: Path | None) -> None:
    """检查报考表，一次找出所有问题 / check a filled registration template.

    退出码 / exit: 0 无错误（可有警告）· 1 有错误 · 2 文件无法使用.
    """
    if report_path is not None and report_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--report 的文件名应以 .xlsx 结尾 / --report must name an .xlsx file")
    plugins = make_plugin_manager()
    config = load_rule_config(settings_path)
    catalogue = load_certificate_catalogue(certificates, plugins) if certificates else SAMPLE_CERTIFICATES
    names = None
    if roster is not None:
        table, _ = read_roster(read_sheet(roster, plugins), roster.name)
        names = {number.upper(): row.get("name") or "" for row in table.rows
                 if (number := row.get("id_number")) is not None}
    sheet_data = read_sheet(file, plugins, sheet)
    rows, issues, _ = read_registration_sheet(sheet_data, file.name, {c.code: c for c in catalogue}, names)
    collector = IssueCollector(plugins.catalogue, config.settings)
    collector.extend(issues)
    collector.extend(SETTINGS_UNKNOWN_CODE.at(code=code) for code in config.settings.unknown_codes(plugins.catalogue))
    report = IssueReport(tuple(sorted(collector.report().issues, key=lambda i: i.row or 0)), file=file.name)
    if report_path is not None:
        match = find_header(sheet_data.rows, ALL_COLUMNS, frozenset({"考生姓名", "证件号码"}))
        assert match is not None  # read_registration_sheet found it
        columns = [MarkedColumn(c.header, match.positions[c.key], c.width) for c in ALL_COLUMNS
                   if c.key in match.positions]
        writer: WorkbookWriter = plugins.create(AdapterKind.WORKBOOK_WRITER, "openpyxl")
        writer.write([marked_sheet(sheet_data, report, match.index + 1, columns),
                      summary_sheet(file.name, sheet_data.name, len(rows), report, plugins.catalogue)], report_path)
    if as_json:
        click.echo(json.dumps({
            "file": str(file), "rows": len(rows),
            "issues": [{"row": i.row, "column": i.column, "code": i.code, "severity": i.severity.value,
                        "message": i.message, "suggestion": i.suggestion} for i in report],
        }, ensure_ascii=False))
    else:
        click.echo(issues_summary(file, len(rows), "条报考", report))
        if report_path is not None:
            click.echo(f"\n错误报告已写入：{report_path}（问题单元格已标红/标黄并加批注）")
    raise SystemExit(report.exit_code)
