"""``xcert rooms|proctors|sites|plans export``: each list as the platform's 批量导出 gives it, in the layout its
import reads back (edit in Excel, import again), with a 统计 sheet."""

from __future__ import annotations

from pathlib import Path

import click

from xcert_adapters.app.record_exports import export_plans, export_proctors, export_rooms, export_sites
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, echo_json
from xcert_adapters.cli.workspace_option import current_workspace

_OUT = click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
_FORCE = click.option("--force", is_flag=True, help=FORCE_HELP)
_JSON = click.option("--json", "as_json", is_flag=True, help=JSON_HELP)


def _checked_out(out: Path, force: bool) -> None:
    if out.suffix.lower() != ".xlsx":
        raise click.UsageError("导出文件名应以 .xlsx 结尾 / the export must be an .xlsx file")
    if out.exists() and not force:
        raise click.UsageError(f"{out} 已存在，如需覆盖请加 --force / {out} exists; pass --force to overwrite")


@click.command("export")
@_OUT
@click.option("--plan", "plan_code", help="只导出该考试计划的考场 / only this plan's rooms.")
@_FORCE
@_JSON
def rooms_export(out: Path, plan_code: str | None, force: bool, as_json: bool) -> None:
    """批量导出考场：每个考试计划一个工作表（考场模板的格式），可改后重新导入 / export the rooms.

    \b
    xcert rooms export 考场.xlsx
    xcert rooms import 考场.xlsx --plan 2026-06-DMI-M --sheet 2026-06-DMI-M   改好后导回
    """
    _checked_out(out, force)
    counts = export_rooms(current_workspace(), out, plan_code)
    if as_json:
        echo_json({"file": str(out), "rooms": sum(counts.values()), "by_plan": counts})
        return
    parts = "、".join(f"{code} {n} 个" for code, n in counts.items())
    click.echo(f"已导出 {sum(counts.values())} 个考场到 {out}" + (f"：{parts}" if parts else "") + "。")


@click.command("export")
@_OUT
@_FORCE
@_JSON
def proctors_export(out: Path, force: bool, as_json: bool) -> None:
    """批量导出监考人员（监考人员模板的格式，含完整手机号码），可改后重新导入 / export the proctors.

    \b
    xcert proctors export 监考人员.xlsx
    """
    _checked_out(out, force)
    counts = export_proctors(current_workspace(), out)
    if as_json:
        echo_json({"file": str(out), "proctors": sum(counts.values()), "by_role": dict(counts)})
        return
    parts = "、".join(f"{role} {n}" for role, n in counts.items())
    click.echo(f"已导出 {sum(counts.values())} 名监考人员到 {out}" + (f"：{parts}" if parts else "") + "。")


@click.command("export")
@_OUT
@_FORCE
@_JSON
def sites_export(out: Path, force: bool, as_json: bool) -> None:
    """批量导出考核站点及其审核状态、各状态数量 / export the exam sites."""
    _checked_out(out, force)
    counts = export_sites(current_workspace(), out)
    if as_json:
        echo_json({"file": str(out), "sites": sum(counts.values()), "by_review_status": dict(counts)})
        return
    parts = "、".join(f"{state} {n}" for state, n in counts.items())
    click.echo(f"已导出 {sum(counts.values())} 个考核站点到 {out}" + (f"：{parts}" if parts else "") + "。")


@click.command("export")
@_OUT
@click.option("--plan", "plan_code", help="只导出该考试计划 / only this plan.")
@_FORCE
@_JSON
def plans_export(out: Path, plan_code: str | None, force: bool, as_json: bool) -> None:
    """批量导出考试计划（考试计划表的格式：计划、科目、场次），可改后重新导入 / export the plans.

    \b
    xcert plans export 考试计划.xlsx
    """
    _checked_out(out, force)
    plans = export_plans(current_workspace(), out, plan_code)
    if as_json:
        echo_json({"file": str(out), "plans": [plan.code for plan in plans]})
        return
    click.echo(f"已导出 {len(plans)} 个考试计划到 {out}：{'、'.join(p.code for p in plans) or '（无）'}。")
