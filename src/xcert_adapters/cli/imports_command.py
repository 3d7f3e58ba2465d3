"""``xcert imports``: the import history (导入记录) — which file was imported when, by whom, with what result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import click

from xcert_adapters.app.import_history import KINDS, file_sha256, import_history, import_record
from xcert_adapters.cli.output import JSON_HELP, echo_json
from xcert_adapters.cli.workspace_option import current_workspace
from xcert_core.model import ImportRecord


@click.command("imports")
@click.option("--kind", type=click.Choice(KINDS), help="只看这一类 / only this kind of file.")
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="只看内容与这个文件相同的导入（按 SHA-256，文件改名也认得）/ imports of this very file.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="最多几条 / at most.")
@click.option("--show", "record_id", metavar="编号",
              help="显示这一次导入的问题清单（编号的前几位即可）/ one import's report.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def imports(kind: str | None, file: Path | None, limit: int, record_id: str | None, as_json: bool) -> None:
    """导入记录：每次导入的文件、时间、操作人、结果（最新在前）/ the import history, newest first.

    \b
    xcert imports --file 学生名单.xlsx      这个文件导入过吗？哪一次？
    xcert imports --show 3fa2              那一次导入时发现了哪些问题
    """
    workspace = current_workspace()
    if record_id is not None:
        _show(import_record(workspace, record_id), as_json)
        return
    records = import_history(workspace, kind=kind, sha256=file_sha256(file) if file else None, limit=limit)
    if as_json:
        echo_json({"imports": [_record_json(r) for r in records]})
        return
    if not records:
        click.echo("没有符合条件的导入记录。")
        return
    for r in records:
        result = (f"已导入：新增 {r.added}、更新 {r.changed}、未变 {r.unchanged}" if r.stored
                  else f"未导入：{r.errors} 个错误")
        click.echo(f"{r.record_id[:8]}  {r.at.astimezone():%Y-%m-%d %H:%M}  {r.kind}  {r.file_name}  "
                   f"{r.actor}（{r.channel}）  {result}  SHA-256 {r.sha256[:12]}…")
    click.echo("\n某一次导入的问题清单：xcert imports --show 编号")


def _record_json(r: ImportRecord, *, issues: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": r.record_id, "at": r.at.isoformat(), "kind": r.kind, "file": r.file_name, "sha256": r.sha256,
        "actor": r.actor, "channel": r.channel, "stored": r.stored, "added": r.added, "changed": r.changed,
        "unchanged": r.unchanged, "errors": r.errors, "warnings": r.warnings}
    if issues:
        data["issues"] = [attrs.asdict(issue) for issue in r.issues]
    return data


def _show(r: ImportRecord, as_json: bool) -> None:
    if as_json:
        echo_json(_record_json(r, issues=True))
        return
    outcome = "已导入" if r.stored else "未导入"
    click.echo(f"{r.at.astimezone():%Y-%m-%d %H:%M}  {r.kind}  {r.file_name}（{outcome}；{r.errors} 个错误、"
               f"{r.warnings} 个警告）  {r.actor}（{r.channel}）")
    for issue in r.issues:
        where = issue.entry or " ".join(part for part in (f"第 {issue.row} 行" if issue.row else "",
                                                             issue.column or "") if part)
        label = "错误" if issue.severity == "error" else "警告"
        click.echo(f"  {label}  {where or '文件'}：{issue.message}（{issue.code}）")
    if r.errors + r.warnings > len(r.issues):
        click.echo(f"  ……只保存了前 {len(r.issues)} 个问题。")
    if not r.issues:
        click.echo("  没有发现问题。")
