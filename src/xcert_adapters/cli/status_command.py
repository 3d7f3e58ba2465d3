"""``xcert status``: the readiness checklist of the workspace, step by step as in the platform's guide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xcert_adapters.cli.output import echo_json
from xcert_adapters.cli.workspace_option import current_workspace
from xcert_core.model import ExamPlan, SeatChange
from xcert_core.ports.storage import Storage
from xcert_core.readiness import readiness

MARKS = {True: "✓", False: "✗", None: "·"}
MANIFEST = "manifest.json"


def documents_current(output_dir: Path, storage: Storage, plans: list[ExamPlan]) -> dict[str, bool]:
    """Plan code → the printed pack in ``output_dir / plan code`` (``xcert documents``) was written after the
    plan's last scheduling run or seat change (its ``manifest.json`` is newer than the last SeatChange)."""
    current: dict[str, bool] = {}
    for plan in plans:
        manifest = output_dir / plan.code / MANIFEST
        if not manifest.is_file():
            current[plan.code] = False
            continue
        written = dt.datetime.fromtimestamp(manifest.stat().st_mtime, dt.UTC)
        changes = [c.at if c.at.tzinfo else c.at.replace(tzinfo=dt.UTC)
                   for c in storage.list(SeatChange, plan_code=plan.code)]
        current[plan.code] = not changes or written >= max(changes)
    return current


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print one JSON object.")
def status(as_json: bool) -> None:
    """报考准备情况：按操作手册的步骤逐项检查，并提示下一步 / the readiness checklist, with next steps.

    退出码 / exit: 0 全部就绪 · 1 还有步骤未完成.
    """
    workspace = current_workspace()
    storage, config = workspace.storage, workspace.config
    plans = storage.list(ExamPlan)
    result = readiness(storage, config.school_code, config.year, proctors_per_room=config.proctors_per_room,
                       inspectors_per_site=config.inspectors_per_site,
                       documents=documents_current(workspace.output_dir, storage, plans),
                       photo_missing=lambda c: c.photo is not None
                       and not (workspace.root / c.photo.location).is_file())
    if as_json:
        echo_json({"workspace": str(workspace.root), "school": config.school_name, "year": config.year,
                   "ready": result.ready,
                   "steps": [{"step": i.step, "title": i.title, "ok": i.ok, "detail": i.detail,
                              "next": i.next_step} for i in result.items]})
    else:
        click.echo(f"{config.school_name} {config.year} 年报考准备情况（{workspace.root}）")
        for item in result.items:
            click.echo(f" {MARKS[item.ok]} {item.step:>2}. {item.title}：{item.detail}")
            if item.next_step:
                click.echo(f"       下一步：{item.next_step}")
    raise SystemExit(0 if result.ready else 1)
