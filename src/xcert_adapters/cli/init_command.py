"""``xcert init``: create a workspace (``xcert.toml``, the database, the photo folder)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xcert_adapters.cli.output import JSON_HELP, echo_json
from xcert_adapters.workspace import CONFIG_NAME, WorkspaceConfig, create_workspace
from xcert_adapters.workspace.config import DEFAULT_ORGANIZATION_CODE, DEFAULT_STORAGE
from xcert_adapters.workspace.workspace import display_url
from xcert_core.reference_data import FENGHUANG


@click.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--school-code", help="院校代码（平台上的学校代码）/ the school's code on the platform.")
@click.option("--school", "school_name", help="学校名称 / the school's name.")
@click.option("--address", default="", help="学校地址（印在准考证上）/ the school's address.")
@click.option("--organization-code", default=DEFAULT_ORGANIZATION_CODE, show_default=True,
              help="培训评价组织代码 / the evaluation organisation's code.")
@click.option("--organization", "organization_name", default=FENGHUANG, show_default=True,
              help="培训评价组织名称 / the evaluation organisation's name.")
@click.option("--year", type=click.IntRange(2000, 2100), help="考试年份（默认今年）/ exam year (default: this year).")
@click.option("--db", "storage_url", default=DEFAULT_STORAGE, show_default=True,
              help="存储地址：默认工作区内的 SQLite；也可用 postgresql://… / storage URL.")
@click.option("--practice", is_flag=True,
              help="练习工作区：允许模拟认证（--verifier fake），用于演示和培训 / a practice workspace.")
@click.option("--organisation", "organisation", is_flag=True,
              help="培训评价组织的工作区：多所学校的报考、跨校排考（交叉监考）与按校发布；用 --organization-code 和 "
                   "--organization 指定组织 / the evaluation organisation's workspace, for many schools.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def init(folder: Path, school_code: str | None, school_name: str | None, address: str, organization_code: str,
         organization_name: str, year: int | None, storage_url: str, practice: bool, organisation: bool,
         as_json: bool) -> None:
    """新建工作区：xcert.toml、数据库、照片文件夹 / create a workspace.

    \b
    xcert init 报考2026 --school-code 4133010001 --school 示范职业技术学院
    之后在该文件夹（或其子文件夹）中运行其他命令即可。
    """
    if organisation:  # the organisation is its own "school": its own proctors belong to it
        school_code, school_name = school_code or organization_code, school_name or organization_name
    elif not school_code or not school_name:
        raise click.UsageError("请用 --school-code 和 --school 指定学校（培训评价组织的工作区用 --organisation）/ "
                               "--school-code and --school are required for a school's workspace")
    config = WorkspaceConfig(school_code=school_code.strip(), school_name=school_name.strip(),
                             school_address=address, organization_code=organization_code,
                             organization_name=organization_name, year=year or dt.date.today().year,
                             storage_url=storage_url, practice=practice, organisation=organisation,
                             cross_invigilation=organisation)
    workspace = create_workspace(folder, config)
    workspace.close()
    if as_json:
        echo_json({"workspace": str(workspace.root), "config": str(workspace.root / CONFIG_NAME),
                   "storage": display_url(config.storage_url)})
        return
    who = f"培训评价组织 {config.organization_name}，交叉监考" if organisation else f"学校 {config.school_name}"
    click.echo(f"已创建工作区：{workspace.root}\n  设置：{CONFIG_NAME}（{who}，{config.year} 年）\n"
               f"  数据：{display_url(config.storage_url)}\n下一步：xcert status 查看报考准备情况。")
