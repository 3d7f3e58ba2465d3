"""``xcert export platform`` and ``xcert sync platform``: the files exchanged with the X platform.

``export platform`` writes the upload package from the workspace (the platform packager plug-in,
``x-platform`` by default); ``sync platform FILE`` reads a platform export (the candidate list with its
states, or the 排考明细) back into the workspace, all-or-nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xcert_adapters.app.platform import PACKAGE_DIR, export_package, sync_export
from xcert_adapters.cli.output import JSON_HELP, echo_issues, echo_json, issue_json
from xcert_adapters.cli.workspace_option import current_workspace
from xcert_core.ports.platform import ExportKind
from xcert_core.privacy import mask_id_number


@click.group("export")
def export() -> None:
    """导出：生成上传 X 平台的文件 / export files for the X platform."""


@export.command("platform")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help=f"输出文件夹（默认：工作区 output/{PACKAGE_DIR}）/ the folder to write "
                   f"(default: output/{PACKAGE_DIR}).")
@click.option("--force", is_flag=True,
              help="文件夹不为空时，删除上次导出的文件后重新导出 / replace an earlier export in the folder.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def export_platform(out: Path | None, force: bool, as_json: bool) -> None:
    """生成平台导入包：学生模板、照片压缩包、报考模板、考场与监考人员模板 / write the platform upload package.

    每个文件都与平台的导入模板一致，文件夹中的 README.txt 说明每个文件在平台的哪个对话框上传。

    退出码 / exit: 0 已导出（可有警告）· 1 有数据未能导出 · 2 工作区或文件夹无法使用.
    """
    done = export_package(current_workspace(), out, force=force)
    target, result, report = done.out, done.result, done.report
    if as_json:
        echo_json({"out": str(target), "files": [{"path": str(f.path), "name": f.path.name, "dialog": f.dialog,
                                                  "rows": f.rows} for f in result.files],
                   "issues": [issue_json(issue) for issue in report]})
    else:
        click.echo(f"平台导入包已写入：{target}")
        for file in result.files:
            unit = "张照片" if file.path.suffix == ".zip" else "行"
            amount = f"（{file.rows} {unit}）" if file.rows else ""
            click.echo(f"  {file.path.name}{amount} → {file.dialog}")
        if len(report):
            click.echo(f"\n发现 {len(report.errors)} 个错误、{len(report.warnings)} 个警告：")
            echo_issues(report)
    raise SystemExit(report.exit_code)


@click.group("sync")
def sync() -> None:
    """同步：把平台导出的文件读回工作区 / read the X platform's exports back into the workspace."""


@sync.command("platform")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def sync_platform(file: Path, as_json: bool) -> None:
    """同步平台导出的考生名单（认证状态）或排考明细（座位、准考证号）/ sync a platform export.

    根据表头自动识别文件类型。考生状态按认证状态机逐步变更并记入认证记录，不合法的变更只报告、不强行修改；
    排考明细中与工作区不同的座位会被更新。有任何错误时不保存任何内容。

    退出码 / exit: 0 已同步（可有警告）· 1 有错误，未保存 · 2 文件无法使用.
    """
    done = sync_export(current_workspace(), file)
    plan, stored, report = done.plan, done.stored, done.report
    changed = len(plan.candidates) + len(plan.moved)
    if as_json:
        echo_json({"file": str(file), "kind": plan.kind.value, "stored": stored, "changed": changed,
                   "unchanged": plan.unchanged, "candidates": [_candidate_json(c) for c in plan.candidates],
                   "seats": [_seat_json(s) for s in plan.moved],
                   "issues": [issue_json(issue) for issue in report]})
    else:
        what = "考生名单（认证状态）" if plan.kind is ExportKind.CANDIDATE_STATES else "排考明细（座位）"
        unit = "名学生的状态" if plan.kind is ExportKind.CANDIDATE_STATES else "个座位"
        if stored:
            click.echo(f"{file.name}：平台{what}，已同步 {changed} {unit}，{plan.unchanged} 条无变化。")
        else:
            click.echo(f"{file.name}：平台{what}，发现 {len(report.errors)} 个错误，未保存任何内容"
                       f"（本应同步 {changed} {unit}）。")
        if len(report):
            click.echo(f"\n{len(report.errors)} 个错误、{len(report.warnings)} 个警告：")
            echo_issues(report)
    raise SystemExit(report.exit_code)


def _candidate_json(change: Any) -> dict[str, Any]:
    return {"id_number": mask_id_number(change.after.id_number), "from": change.before.state.value,
            "to": change.after.state.value, "events": [record.event.value for record in change.records]}


def _seat_json(change: Any) -> dict[str, Any]:
    new = change.new
    return {"id_number": mask_id_number(new.id_number), "plan": new.plan_code, "session": new.session_code,
            "site": new.site_code, "room": new.room_name, "seat": new.seat, "ticket_number": new.ticket_number,
            "replaced": change.old is not None}
