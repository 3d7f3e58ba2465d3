"""``xcert report``: the school's figures as PDF reports with charts — ``statistics`` (统计分析报告: verification,
quota, registrations, rooms, results and score distributions) and ``weekly`` (周报: one page for the school's
leadership, what changed in the week and what is due). Counts only: no person is named in either."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xcert_adapters.app import statistics as use_cases
from xcert_adapters.cli.workspace_option import current_workspace

DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.group("report")
def report() -> None:
    """统计报告：统计分析报告与周报（PDF，含图表）/ reports with charts: statistics and weekly."""


@report.command("statistics")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="PDF 文件 / the PDF.")
@click.option("--as-of", "as_of", type=DAY, help="报告日期（默认今天）/ the date printed (default: today).")
def statistics(out: Path, as_of: dt.datetime | None) -> None:
    """统计分析报告：认证进度、指标使用、报考分布、考场使用、考证结果与成绩分布 / the statistics report."""
    workspace = current_workspace()
    found = use_cases.statistics_report(workspace, as_of.date() if as_of is not None else None)
    pages = use_cases.write_report(workspace, found, out)
    click.echo(f"统计分析报告已生成：{out}（{pages} 页，{len(found.charts)} 张图表）")


@report.command("weekly")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="PDF 文件 / the PDF.")
@click.option("--week-ending", "week_ending", type=DAY,
              help="本周最后一天（默认今天）/ the last day of the week (default: today).")
def weekly(out: Path, week_ending: dt.datetime | None) -> None:
    """周报（一页）：本周变化、即将到期与待办、认证进度 / the one-page weekly report for the leadership."""
    workspace = current_workspace()
    found = use_cases.weekly_report(workspace, week_ending.date() if week_ending is not None else None)
    pages = use_cases.write_report(workspace, found, out)
    click.echo(f"周报已生成：{out}（{pages} 页）")
