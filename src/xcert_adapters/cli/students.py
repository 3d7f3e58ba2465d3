"""``xcert students``: the roster (考生信息) — check it against the platform's rules, write the blank template."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from xcert_adapters.concurrency.forked_rules import split_across_processes
from xcert_adapters.reference.program_catalogue import load_program_catalogue
from xcert_adapters.workbooks.selection import read_sheet
from xcert_adapters.workspace.rule_settings import load_rule_config
from xcert_core.core_issue_types import SETTINGS_UNKNOWN_CODE
from xcert_core.issues import Issue, IssueReport
from xcert_core.issues.report_workbook import marked_sheet, summary_sheet
from xcert_core.labels import Severity
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.ports.rules import RuleFamily
from xcert_core.ports.workbooks import SheetData, WorkbookWriter
from xcert_core.registry import AdapterKind
from xcert_core.roster.checking import check_roster, roster_families
from xcert_core.roster.reading import read_roster
from xcert_core.roster.table import RosterContext, RosterTable
from xcert_core.roster.template import roster_template

PROGRESS_ROWS = 3000
OFFLOADED_FAMILIES = frozenset({"identity", "enrolment"})
"""Run in a forked worker on large files: together about half the rule time, and they share a cache."""
ROWS_SHOWN = 8


@click.group("students")
def students() -> None:
    """考生信息（本校学生名单）：检查、生成模板 / the student roster: check it, write the template."""


def _writer(plugins: XcertPlugins) -> WorkbookWriter:
    writer: WorkbookWriter = plugins.create(AdapterKind.WORKBOOK_WRITER, "openpyxl")
    return writer


@students.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file.")
def template(out: Path, force: bool) -> None:
    """生成与平台一致的空白“本校学生导入模板” / write the platform's blank roster template."""
    if out.suffix.lower() != ".xlsx":
        raise click.UsageError("模板文件名应以 .xlsx 结尾 / the template must be an .xlsx file")
    if out.exists() and not force:
        raise click.UsageError(f"{out} 已存在，如需覆盖请加 --force / {out} exists; pass --force to overwrite")
    _writer(make_plugin_manager()).write([roster_template()], out)
    click.echo(f"已生成空白模板：{out}")


def _families(plugins: XcertPlugins, disabled: tuple[str, ...]) -> list[RuleFamily]:
    families = [plugins.create(AdapterKind.RULE, name) for name in plugins.registry.names(AdapterKind.RULE)]
    return roster_families(families, disabled)


class _ShownFamily:
    """A rule family that moves a progress bar along when it has run."""

    def __init__(self, family: RuleFamily, advance: Callable[[str], None]) -> None:
        self.name, self.target, self.issue_types = family.name, family.target, family.issue_types
        self._family, self._advance = family, advance

    def check(self, subject: object) -> list[Issue]:
        issues = list(self._family.check(subject))
        self._advance(self.name)
        return issues


@contextmanager
def _with_progress(table: RosterTable, families: list[RuleFamily]) -> Iterator[list[RuleFamily]]:
    """The families to run; on a terminal and a file of :data:`PROGRESS_ROWS` rows or more, wrapped so a
    progress bar on stderr shows how far the check is (quiet when not a terminal)."""
    if len(table.rows) < PROGRESS_ROWS or not sys.stderr.isatty():
        yield families
        return
    from rich.console import Console  # noqa: PLC0415 - only for large files on a terminal
    from rich.progress import Progress  # noqa: PLC0415

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(f"检查 {len(table.rows)} 行", total=len(families))

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=f"已完成 {name}")

        yield [_ShownFamily(family, advance) for family in families]


def issues_summary(path: Path, count: int, unit: str, report: IssueReport) -> str:
    """The readable Chinese summary of a check: totals, then each problem with its count, rows and the first
    suggestion, errors first. ``unit`` names what was counted (``名学生``, ``条报考``)."""
    lines = [f"{path.name}：共 {count} {unit}，"
             f"发现 {len(report.errors)} 个错误、{len(report.warnings)} 个警告"]
    if not len(report):
        lines.append("没有发现问题，可以导入平台。")
        return "\n".join(lines)
    groups: dict[tuple[Severity, str], list[Issue]] = defaultdict(list)
    for issue in report:
        groups[(issue.severity, issue.code)].append(issue)
    for severity in (Severity.ERROR, Severity.WARNING):
        codes = [(code, issues) for (s, code), issues in groups.items() if s is severity]
        if not codes:
            continue
        lines.append(f"\n{severity.label}：")
        for code, issues in sorted(codes, key=lambda item: -len(item[1])):
            rows = sorted({i.row for i in issues if i.row is not None})
            where = ("第 " + "、".join(map(str, rows[:ROWS_SHOWN])) + (" 等" if len(rows) > ROWS_SHOWN else "")
                     + " 行") if rows else "整个文件"
            first = issues[0]
            lines.append(f"  · {first.message}（{code}）× {len(issues)}：{where}")
            if first.suggestion:
                lines.append(f"      建议：{first.suggestion}")
    return "\n".join(lines)


def _write_report(plugins: XcertPlugins, out: Path, sheet: SheetData, table: RosterTable,
                  report: IssueReport) -> None:
    _writer(plugins).write([
        marked_sheet(sheet, report, table.header_row, table.marked_columns()),
        summary_sheet(table.file, table.sheet, len(table.rows), report, plugins.catalogue),
    ], out)


@students.command("check")
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="写出标红批注的错误报告 .xlsx / write the marked-up error report (.xlsx).")
@click.option("--catalogue", type=click.Path(dir_okay=False, path_type=Path),
              help="专业目录 CSV（从平台“证书对应专业”复制）/ program catalogue CSV.")
@click.option("--sheet", help="工作表名称（默认第一个）/ sheet name (default: the first).")
@click.option("--settings", "settings_path", type=click.Path(dir_okay=False, path_type=Path),
              help="规则设置 TOML（[rules] 表）/ rule settings TOML.")
@click.option("--u-policy", type=click.Choice(["all", "yu", "v", "u"]), default="all", show_default=True,
              help="拼音中 ü 的写法 / how ü may be written in 姓名拼音.")
def check(roster: Path, as_json: bool, report_path: Path | None, catalogue: Path | None, sheet: str | None,
          settings_path: Path | None, u_policy: str) -> None:
    """检查学生名单，一次找出所有问题 / check a roster against every platform rule.

    退出码 / exit: 0 无错误（可有警告）· 1 有错误 · 2 文件无法使用.
    """
    if report_path is not None and report_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--report 的文件名应以 .xlsx 结尾 / --report must name an .xlsx file")
    plugins = make_plugin_manager()
    config = load_rule_config(settings_path)
    programs = load_program_catalogue(catalogue, plugins) if catalogue is not None else None
    sheet_data = read_sheet(roster, plugins, sheet)
    table, sheet_issues = read_roster(sheet_data, roster.name, RosterContext(programs=programs, u_policy=u_policy))
    sheet_issues += [SETTINGS_UNKNOWN_CODE.at(code=code)
                     for code in config.settings.unknown_codes(plugins.catalogue)]
    families, pool = split_across_processes(table, len(table.rows), _families(plugins, config.disabled_families),
                                            OFFLOADED_FAMILIES)
    try:
        with _with_progress(table, families) as shown:
            report = check_roster(table, sheet_issues, shown, plugins.catalogue, config.settings)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    if report_path is not None:
        _write_report(plugins, report_path, sheet_data, table, report)
    if as_json:
        click.echo(json.dumps({
            "file": str(roster), "rows": len(table.rows),
            "issues": [{"row": i.row, "column": i.column, "code": i.code, "severity": i.severity.value,
                        "message": i.message, "suggestion": i.suggestion} for i in report],
        }, ensure_ascii=False))
    else:
        click.echo(issues_summary(roster, len(table.rows), "名学生", report))
        if report_path is not None:
            click.echo(f"\n错误报告已写入：{report_path}（问题单元格已标红/标黄并加批注）")
        elif len(report):
            click.echo(f"\n生成标注报告：xcert students check {roster} --report 报告.xlsx")
    raise SystemExit(report.exit_code)
