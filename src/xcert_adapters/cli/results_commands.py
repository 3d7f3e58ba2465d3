"""``xcert scores``, ``xcert results`` and ``xcert awards``: after the exam — import a plan's subject scores (科目成绩),
see the results (考证结果) derived from them, import the certificate numbers the platform issues (证书信息) and
record their hand-out (证书发放).

The platform's score export is not in the seed, so ``xcert scores template`` writes xcert's own template (its
notes say so); the export's own headers are mapped in ``xcert.toml`` (``[scores.columns]``). The import is all or
nothing. Results are derived from the stored scores each time, never typed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xcert_adapters.app import results as use_cases
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.import_report import REPORT_HELP, echo_import
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, PLAN_HELP, SHEET_HELP, check_report_path, echo_json
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_adapters.workspace import WorkspaceNotFoundError
from xcert_core.privacy import mask_id_number
from xcert_core.results.derivation import Outcome


@click.group("scores")
def scores() -> None:
    """科目成绩：导入平台导出的成绩、生成模板 / subject scores: import the platform's export, write the template."""


@scores.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan the scores are of.")
@click.option("--sheet", help=SHEET_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
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
@click.option("--force", is_flag=True, help=FORCE_HELP)
def template(out: Path, force: bool) -> None:
    """生成 xcert 自己的“科目成绩导入模板”（平台的导出样式不在操作指南中）/ write xcert's own score template.

    在工作区中运行时，表头按 xcert.toml 的 [scores.columns] 对应 / in a workspace, with its header mapping."""
    try:
        workspace = current_workspace()
    except WorkspaceNotFoundError:
        workspace = None  # outside a workspace: xcert's own headers
    write_template(use_cases.blank_score_template(workspace), out, force, "成绩模板")


@click.command("results")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="另写一份考证结果工作簿（每个班级一个工作表）/ also write the results workbook, a sheet per class.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
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


@click.group("awards")
def awards() -> None:
    """证书信息与证书发放：导入平台下发的证书编号、登记领取、查看未领取 / certificates: import, hand out, list."""


@awards.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan the certificates are of.")
@click.option("--sheet", help=SHEET_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def import_awards(file: Path, plan_code: str, sheet: str | None, report_path: Path | None, as_json: bool) -> None:
    """导入平台下发的证书编号（只有考证结果为通过的考生才有；全部正确才导入）/ import the certificate numbers.

    \b
    xcert awards import 证书信息.xlsx --plan P1
    退出码 / exit: 0 已导入 · 1 有错误，未导入 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    outcome = use_cases.import_awards(current_workspace(), file, plan_code, sheet=sheet, report_path=report_path,
                                      actor=login_name())
    echo_import(outcome, str(file), "本证书", as_json, report_path, clean="没有发现问题。")


@awards.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def award_template(out: Path, force: bool) -> None:
    """生成 xcert 自己的“证书信息导入模板” / write xcert's own certificate template."""
    write_template(use_cases.blank_award_template(), out, force, "证书信息模板")


@awards.command("hand-out")
@click.argument("id_numbers", nargs=-1, required=True)
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--by", "by", help="发放人（默认当前用户）/ who handed them out (default: the login name).")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="发放日期（默认今天）/ the day.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def hand_out(id_numbers: tuple[str, ...], plan_code: str, by: str | None, on: dt.datetime | None,
             as_json: bool) -> None:
    """登记证书已发放（考生已领取）/ record that the candidates' certificates were handed out.

    \b
    xcert awards hand-out --plan P1 110101200001010011 110101200001010022 --by 王老师
    """
    workspace = current_workspace()
    day = on.date() if on is not None else dt.date.today()
    handed = use_cases.hand_out(workspace, plan_code, id_numbers, by=by or login_name(), on=day)
    if as_json:
        echo_json({"handed_out": [use_cases.award_json(award) for award in handed]})
        return
    click.echo(f"已登记 {len(handed)} 本证书的发放。")


@awards.command("list")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--not-collected", is_flag=True, help="只列出尚未领取的 / only those not handed out yet.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def list_awards(plan_code: str, not_collected: bool, as_json: bool) -> None:
    """证书列表（按班级）：证书编号、是否已领取 / the plan's certificates by class, collected or not."""
    rows = use_cases.awards_of(current_workspace(), plan_code, not_collected=not_collected)
    if as_json:
        echo_json({"plan": plan_code, "awards": [use_cases.award_json(row.award, row.name, row.class_label)
                                                 for row in rows]})
        return
    what = "尚未领取的证书" if not_collected else "证书"
    click.echo(f"考试计划 {plan_code}：{what} {len(rows)} 本。")
    for row in rows:
        award = row.award
        state = (f"{award.handed_out_on:%Y-%m-%d} 由 {award.handed_out_by} 发放" if award.handed_out_on
                 else "未领取")
        click.echo(f"  {row.class_label}  {row.name}  {mask_id_number(award.id_number)}  证书编号 "
                   f"{award.certificate_number}  {state}")


@awards.command("sign-off")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="签收表 PDF 文件 / the PDF to write.")
@click.option("--not-collected", is_flag=True, help="只列尚未领取的 / only the certificates not handed out yet.")
def sign_off(plan_code: str, out: Path, not_collected: bool) -> None:
    """打印证书领取签收表（每个班级一张，证件号码脱敏，留签名和日期栏）/ print the certificate sign-off sheets."""
    pages = use_cases.sign_off_sheets(current_workspace(), plan_code, out, not_collected=not_collected)
    click.echo(f"证书领取签收表已生成：{out}（{pages} 页）")
