"""``xcert documents --plan CODE``: the printed pack of a plan (see :mod:`xcert_adapters.app.documents`).

Exit 0 when the pack is written (warnings allowed: characters the font lacks), 1 when it is refused (a site in
use has no address: a ticket must say where the exam is), 2 when there is nothing to print from (unknown plan,
plan not scheduled, photo files missing, unusable font).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import click

from xcert_adapters.app.documents import StoredPack, print_pack
from xcert_adapters.app.pack_files import PackResult
from xcert_adapters.app.payloads import pack_payload, plain
from xcert_adapters.cli.output import JSON_HELP, echo_issues, echo_json, progress_console, progress_text
from xcert_adapters.cli.workspace_option import current_workspace

PROGRESS_MIN = 50
"""Documents below which no progress bar is shown even on a terminal."""


@contextmanager
def _progress(total: int) -> Iterator[Callable[[str, int], None] | None]:
    """A rich progress bar on stderr when it is a terminal and the pack is large enough; else nothing. It is
    redrawn as each file is done, not by a thread of its own: with a thread running, no worker process would be
    forked to draw the pack (see :mod:`xcert_adapters.concurrency`)."""
    if total < PROGRESS_MIN or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
               TimeRemainingColumn())
    with Progress(*columns, console=progress_console(), transient=True, auto_refresh=False) as bar:
        task = bar.add_task("生成打印材料", total=total)

        def advance(file_name: str, weight: int) -> None:
            bar.update(task, advance=weight, description=f"已完成 {progress_text(file_name)}", refresh=True)

        yield advance


def _summary(out: Path, pack: StoredPack, result: PackResult) -> str:
    counts = pack.counts
    lines = [f"考试计划 {pack.plan.code}：准考证 {counts.tickets} 张、桌贴 {counts.desk_labels} 张、"
             f"门贴 {counts.door_labels} 张、签到表 {counts.sign_in_sheets} 份，输出到 {out}",
             f"本次写入 {len(result.written)} 个文件，{len(result.kept)} 个未变化保持原样"
             + (f"，删除不再使用的 {len(result.removed)} 个" if result.removed else "") + "。"]
    return "\n".join(lines)


@click.command("documents")
@click.option("--plan", "plan_code", required=True, help="考试计划编号 / the exam plan's code.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="输出文件夹（默认：工作区 output/<计划编号>）/ output folder (default: output/<plan code>).")
@click.option("--force", is_flag=True, help="全部重新生成，不比对指纹 / rewrite every file.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def documents(plan_code: str, out: Path | None, force: bool, as_json: bool) -> None:
    """生成打印材料：准考证、桌贴、门贴、签到表（PDF）及排考明细等 Excel / print the exam pack.

    \b
    xcert documents --plan P1                 写入 output/P1/
    xcert documents --plan P1 --out 打印材料   指定输出文件夹 / choose the folder

    只重写内容有变化的文件（调整考位后只重写相关考场和“全部”文件）/ only changed files are rewritten.

    退出码 / exit: 0 已生成（可有警告）· 1 考点地址为空，未生成 · 2 计划不存在、未排考或照片文件缺失.
    """
    with ExitStack() as stack:
        printed = print_pack(current_workspace(), plan_code, out=out, force=force,
                             progress=lambda total: stack.enter_context(_progress(total)))
    for warning in printed.font_warnings:
        click.echo(f"警告 / warning: {warning}", err=True)
    report, result = printed.report, printed.result
    if as_json:
        echo_json(plain(pack_payload(printed)))
    elif printed.printed:
        click.echo(_summary(printed.out, printed.pack, result))
        echo_issues(report)
    else:
        click.echo(f"考试计划 {printed.pack.plan.code}：有问题，未生成打印材料：")
        echo_issues(report)
    raise SystemExit(report.exit_code)

