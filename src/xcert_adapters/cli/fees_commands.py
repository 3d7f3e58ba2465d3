"""``xcert fees``: 缴费管理 — import a plan's payment records, list who has paid, who owes and who is owed a
refund, write the workbook for the finance office, and record refunds of withdrawn registrations.

The fee per registration, who pays it (考生 or 学校) and its deadline are set in the plan file (``fee``,
``fee_payer``, ``fee_due``); ``xcert status`` flags the unpaid registrations of a plan with a fee.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xcert_adapters.app import fees as use_cases
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.import_report import REPORT_HELP, echo_import
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, PLAN_HELP, SHEET_HELP, check_report_path, echo_json
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.fees.ledger import fen_of, yuan
from xcert_core.fees.payment_sheet import payment_template
from xcert_core.privacy import mask_id_number


@click.group("fees")
def fees() -> None:
    """缴费管理：导入缴费记录、查看欠费和应退费、生成财务对账表、登记退费 / exam fees."""


@fees.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def template(out: Path, force: bool) -> None:
    """生成 xcert 自己的“缴费记录导入模板”（平台的缴费导出不在操作指南中）/ write xcert's own payment template."""
    write_template(payment_template(), out, force, "缴费记录模板")


@fees.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--sheet", help=SHEET_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def import_payments(file: Path, plan_code: str, sheet: str | None, report_path: Path | None, as_json: bool) -> None:
    """导入缴费记录（全部正确才导入；同一考生的旧记录被替换）/ import a plan's payment records, all or nothing.

    \b
    xcert fees import 缴费记录.xlsx --plan P1
    退出码 / exit: 0 已导入（可有警告）· 1 有错误，未导入 · 2 文件无法使用.
    """
    check_report_path(report_path, file)
    outcome = use_cases.import_payments(current_workspace(), file, plan_code, sheet=sheet, report_path=report_path,
                                        actor=login_name())
    echo_import(outcome, str(file), "条缴费记录", as_json, report_path, clean="没有发现问题。")


@fees.command("list")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--unpaid", is_flag=True, help="只列欠费的（仍报考、未缴费）/ only registrations that owe the fee.")
@click.option("--refund-due", is_flag=True, help="只列应退费的（已撤销、已缴费）/ only those owed a refund.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def list_fees(plan_code: str, unpaid: bool, refund_due: bool, as_json: bool) -> None:
    """缴费情况：汇总与每个报考的缴费状态（证件号码脱敏）/ the plan's fee ledger.

    退出码 / exit: 0 · 1 有欠费（--unpaid 时）/ 1 when --unpaid lists anyone.
    """
    ledger = use_cases.plan_fees(current_workspace(), plan_code)
    rows = use_cases.select_rows(ledger, unpaid=unpaid, refund_due=refund_due)
    if as_json:
        echo_json({"summary": use_cases.summary_json(ledger), "rows": [use_cases.ledger_row_json(r) for r in rows]})
    else:
        plan, summary = ledger.plan, ledger.summary
        fee = f"{yuan(plan.fee_fen)} 元/人次（{plan.fee_payer.label}缴费）" if plan.fee_fen is not None else "未设置"
        click.echo(f"考试计划 {plan.code}（{plan.name}）考试费 {fee}；报考 {summary.registrations} 人次：已缴费 "
                   f"{summary.paid}，未缴费 {summary.unpaid}，已退费 {summary.refunded}；欠费 {summary.owed}，"
                   f"应退费 {summary.refund_due}。已收 {yuan(summary.collected_fen)} 元，已退 "
                   f"{yuan(summary.refunded_fen)} 元，应收 {yuan(summary.expected_fen)} 元。")
        for row in rows:
            line = row.line
            flag = "  欠费" if line.owed else "  应退费" if line.refund_due else ""
            click.echo(f"  {row.class_label}  {row.name}  {mask_id_number(line.registration.id_number)}  "
                       f"{line.registration.status.label}  {line.state.label}{flag}")
    raise SystemExit(1 if unpaid and any(r.line.owed for r in rows) else 0)


@fees.command("finance")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="财务对账工作簿 / the workbook to write.")
def finance(plan_code: str, out: Path) -> None:
    """生成给财务处的对账表：汇总、欠费名单、应退费名单、缴费明细 / write the workbook for the finance office."""
    ledger = use_cases.write_finance_workbook(current_workspace(), plan_code, out)
    click.echo(f"财务对账表已写入：{out}（欠费 {ledger.summary.owed} 人次，应退费 {ledger.summary.refund_due} 人次）")


def _amount(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    fen = fen_of(value)
    if fen is None:
        raise click.BadParameter(f"“{value}”不是金额：以元为单位，最多两位小数 / not an amount")
    return fen


@fees.command("refund")
@click.argument("id_numbers", nargs=-1, required=True)
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--amount", callback=_amount, help="每人退费金额（元，默认全额）/ the amount each (default: all paid).")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="退费日期（默认今天）/ the day.")
def refund(id_numbers: tuple[str, ...], plan_code: str, amount: int | None, on: dt.datetime | None) -> None:
    """登记已撤销报考考生的退费（全部可退才登记）/ record refunds of withdrawn registrations, all or none.

    \b
    xcert fees refund --plan P1 110101200001010011 --amount 180
    """
    refunded = use_cases.record_refunds(current_workspace(), plan_code, id_numbers,
                                        on.date() if on is not None else dt.date.today(), amount_fen=amount,
                                        actor=login_name())
    total = sum(p.refunded_fen for p in refunded)
    click.echo(f"已登记 {len(refunded)} 人次退费，共 {yuan(total)} 元。")
