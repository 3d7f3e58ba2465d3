"""``xcert imports``: the import history (导入记录) — which file was imported when, by whom, with what result."""

from __future__ import annotations

from pathlib import Path

import click

from xcert_adapters.app.import_history import KINDS, file_sha256, import_history
from xcert_adapters.cli.output import echo_json
from xcert_adapters.cli.workspace_option import current_workspace


@click.command("imports")
@click.option("--kind", type=click.Choice(KINDS), help="只看这一类 / only this kind of file.")
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="只看内容与这个文件相同的导入（按 SHA-256，文件改名也认得）/ imports of this very file.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="最多几条 / at most.")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
def imports(kind: str | None, file: Path | None, limit: int, as_json: bool) -> None:
    """导入记录：每次导入的文件、时间、操作人、结果（最新在前）/ the import history, newest first.

    \b
    xcert imports --file 学生名单.xlsx      这个文件导入过吗？哪一次？
    """
    records = import_history(current_workspace(), kind=kind, sha256=file_sha256(file) if file else None,
                             limit=limit)
    if as_json:
        echo_json({"imports": [{"at": r.at.isoformat(), "kind": r.kind, "file": r.file_name, "sha256": r.sha256,
                                "actor": r.actor, "channel": r.channel, "stored": r.stored, "added": r.added,
                                "changed": r.changed, "unchanged": r.unchanged, "errors": r.errors,
                                "warnings": r.warnings} for r in records]})
        return
    if not records:
        click.echo("没有符合条件的导入记录。")
        return
    for r in records:
        result = (f"已导入：新增 {r.added}、更新 {r.changed}、未变 {r.unchanged}" if r.stored
                  else f"未导入：{r.errors} 个错误")
        click.echo(f"{r.at.astimezone():%Y-%m-%d %H:%M}  {r.kind}  {r.file_name}  {r.actor}（{r.channel}）  {result}"
                   f"  SHA-256 {r.sha256[:12]}…")
