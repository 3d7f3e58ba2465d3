"""``xcert demo [DIR]``: the whole workflow on a generated sample school (see :mod:`xcert_adapters.demo`)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import click

from xcert_adapters.cli.output import echo_json
from xcert_adapters.demo.scenario import Demo, DemoFailedError


@click.command("demo")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path),
                default=Path("xcert-demo"))
@click.option("--students", type=click.IntRange(20, 5000), default=300, show_default=True,
              help="示例学校的学生人数 / how many students the sample school has.")
@click.option("--db", "storage_url", help="存储地址（默认工作区内的 SQLite）；PostgreSQL 请给一个空数据库 / "
                                         "storage URL (default: SQLite in the folder).")
@click.option("--json", "as_json", is_flag=True, help="只输出一个 JSON 汇总 / print only a JSON summary.")
def demo(folder: Path, students: int, storage_url: str | None, as_json: bool) -> None:
    """演示：用一所示例学校（含常见错误）走完全部 11 个步骤，再到考后成绩与结果 / all eleven steps and after.

    \b
    xcert demo            在 ./xcert-demo 中生成工作区、示例资料、错误报告、打印材料和平台导入包
    xcert demo 演示 --students 500

    文件夹必须不存在或为空。退出码 / exit: 0 演示完成 · 2 文件夹不可用 · 3 演示中某一步不符合预期（请报告）.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise click.UsageError(f"{folder} 已存在且不为空，请换一个文件夹 / {folder} exists and is not empty")
    started = time.monotonic()
    run = Demo(folder.resolve(), students, storage_url, echo=(lambda _: None) if as_json else click.echo,
               quiet=as_json)
    try:
        run.run()
    except DemoFailedError as exc:  # a step answered unexpectedly: a bug in xcert, not the user's input
        click.echo(f"xcert 内部错误 / internal error: {exc}\n请把以上输出发给维护者。", err=True)
        raise SystemExit(3) from None
    root = run.root
    pdfs = sorted(str(p.relative_to(root)) for p in (root / "output").rglob("*-全部.pdf"))
    package = root / "output" / "平台导入包"
    if as_json:
        echo_json({"workspace": str(root), "steps": run.steps, "seconds": round(time.monotonic() - started, 1),
                   "pdfs": pdfs, "platform_package": sorted(p.name for p in package.iterdir())})
        return
    click.echo(f"\n{'=' * 8} 演示完成（{time.monotonic() - started:.0f} 秒）{'=' * 8}")
    click.echo(f"工作区：{root}")
    click.echo("  资料/    学校交来的文件（“-原始”为含错误的版本）、考试计划、平台导出的文件")
    click.echo("  报告/    学生名单和报考表的错误报告（标红批注）、排考汇总、财务对账表、考证结果（每班一表）、"
               "证书领取签收表、统计分析报告（图表）、周报")
    for pdf in pdfs:
        click.echo(f"  {pdf}")
    click.echo("  output/平台导入包/  上传 X 平台的学生名单、照片压缩包、报考表、考场表、监考人员表")
    command = xcert_command()
    click.echo(f"接着可以试试：{command} --workspace {folder} status")
    click.echo(f"在浏览器中打开工作台：{command} --workspace {folder} serve（打开它第一行输出的网址）")


def xcert_command() -> str:
    """How to run this xcert from the current folder as printed: ``xcert`` when that is the one on ``PATH``, else
    the path of the ``xcert`` beside this Python (a virtual environment that is not activated)."""
    beside = Path(sys.executable).parent / ("xcert.exe" if os.name == "nt" else "xcert")
    on_path = shutil.which("xcert")
    if not beside.is_file() or (on_path is not None and Path(on_path).resolve() == beside.resolve()):
        return "xcert"
    try:
        return str(beside.relative_to(Path.cwd()))
    except ValueError:
        return str(beside)
