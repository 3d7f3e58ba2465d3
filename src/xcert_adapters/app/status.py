"""Step 11 as a use case: the workspace's readiness checklist, step by step as in the platform's guide, with the
next command for each step that is not done."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xcert_adapters.workspace import Workspace
from xcert_core.model import ExamPlan, SeatChange
from xcert_core.ports.storage import Storage
from xcert_core.readiness import Readiness, readiness

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


def workspace_status(workspace: Workspace) -> Readiness:
    """The checklist of the workspace's school and year: the stored data, the printed pack in the workspace's
    output folder, and whether each stored photo's file is still there."""
    storage, config = workspace.storage, workspace.config
    return readiness(storage, config.school_code, config.year, proctors_per_room=config.proctors_per_room,
                     inspectors_per_site=config.inspectors_per_site,
                     documents=documents_current(workspace.output_dir, storage, storage.list(ExamPlan)),
                     photo_missing=lambda c: c.photo is not None
                     and not (workspace.root / c.photo.location).is_file())
