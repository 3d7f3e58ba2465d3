"""``xcert scores`` and ``xcert results``: after the exam — import a plan's subject scores (科目成绩) and see the
results (考证结果) derived from them.

The platform's score export is not in the seed, so ``xcert scores template`` writes xcert's own template (its
notes say so); the export's own headers are mapped in ``xcert.toml`` (``[scores.columns]``). The import is all or
nothing. Results are derived from the stored scores each time, never typed.
"""

from __future__ import annotations

from pathlib import Path

import click

from xcert_adapters.app import results as use_cases
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.import_report import REPORT_HELP, echo_import
from xcert_adapters.cli.output import check_report_path, echo_json
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_adapters.workspace import WorkspaceNotFoundError
from xcert_core.results.derivation import Outcome


@click.group("scores")
def scores() -> None:
    """科目成绩：导入平台导出的成绩、生成模板 / subject scores: import the platform's export, write the template."""


@scores.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan the scores are of.")
@click.option("--sheet", help="工作表名称（默认第一个可见的工作表）/ sheet name (default: the first visible one).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
def import_scores(file: Path, plan_code: str, sheet: str | None, report_path: Path | None, as_json: bool) -> None:
    """导入科目成绩（全部正确才导入）/ import a plan's score export, all or nothing.

    \b
    xcert scores import 科目成绩.xlsx --plan P1
    退出码 / exit: 0 已导入（可有警告）· 1 有错误，未导入 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    outcome = use_cases.import_scores(current_workspace(), file, plan_code, sheet=sheet, report_path=report_path,
                                      actor=login_name())
    echo_import(outcome, str(file), "条成绩", as_json, report_path, clean="没有发现问题。")


@scores.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file.")
def template(out: Path, force: bool) -> None:
    """生成 xcert 自己的“科目成绩导入模板”（平台的导出样式不在操作指南中）/ write xcert's own score template.

    在工作区中运行时，表头按 xcert.toml 的 [scores.columns] 对应 / in a workspace, with its header mapping."""
    try:
        workspace = current_workspace()
    except WorkspaceNotFoundError:
        workspace = None  # outside a workspace: xcert's own headers
    write_template(use_cases.blank_score_template(workspace), out, force, "成绩模板")


@click.command("results")
@click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="另写一份考证结果工作簿（每个班级一个工作表）/ also write the results workbook, a sheet per class.")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
def results(plan_code: str, out: Path | None, as_json: bool) -> None:
    """考证结果：由科目成绩得出，每名报考考生一行 / results derived from the scores, one per registered candidate.

    \b
    xcert results --plan P1 --out 考证结果.xlsx
    通过 = 每个科目都达到合格线（默认 60 分）且无违纪；缺考 = 所考科目全部缺考；待出成绩 = 还有科目没有成绩。
    """
    workspace = current_workspace()
    outcome = use_cases.results_of(workspace, plan_code)
    if out is not None:
        use_cases.write_results_workbook(workspace, outcome, out)
    if as_json:
        echo_json(use_cases.results_payload(outcome))
    else:
        counts = "，".join(f"{o.label} {outcome.count(o)} 人" for o in Outcome)
        click.echo(f"考试计划 {outcome.plan.code}（{outcome.plan.name}）：报考 {len(outcome.rows)} 人，{counts}。")
        for row in outcome.rows:
            subjects = "、".join(f"{s.subject_name} {s.label}" for s in row.result.subjects)
            failing = f"（未通过：{'、'.join(row.result.failing)}）" if row.result.failing else ""
            click.echo(f"  {row.class_label}  {row.name}  准考证号 {row.ticket_number or '—'}  {subjects}  "
                       f"→ {row.result.outcome.label}{failing}")
    if out is not None:
        click.echo(f"考证结果工作簿已写入：{out}", err=as_json)
