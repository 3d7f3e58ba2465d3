"""Step 11 as a use case: the workspace's readiness checklist, step by step as in the platform's guide, with the
next command for each step that is not done."""

from __future__ import annotations

from pathlib import Path

from xcert_adapters.app.documents import load_pack, planned_pack
from xcert_adapters.app.pack_files import pack_is_current, read_manifest
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError
from xcert_core.model import ExamPlan, SeatAssignment
from xcert_core.readiness import Readiness, readiness


def documents_current(workspace: Workspace, output_dir: Path | None = None) -> dict[str, bool]:
    """Plan code → the printed pack in ``output_dir / plan code`` (default: the workspace's output folder, where
    ``xcert documents`` writes) shows the current data: every file the pack would have now is there with the
    fingerprint its manifest recorded. Any change to what the pack prints — a seat, a name, a photo's bytes, a
    site's address, a proctor, the font — makes it stale; so does a photo file that has gone."""
    folder = output_dir if output_dir is not None else workspace.output_dir
    storage = workspace.storage  # the scheduled plans: each one's first seat, not every seat of the workspace
    plans = [plan.code for plan in storage.list(ExamPlan) if storage.page(SeatAssignment, 0, 1, plan_code=plan.code)]
    current: dict[str, bool] = {}
    for code in plans:
        if not read_manifest(folder / code):  # nothing printed there: stale, without planning the pack to say so
            current[code] = False
            continue
        try:
            pack = load_pack(workspace, code)
            planned, _ = planned_pack(workspace, pack)
            fresh = pack_is_current(planned, folder / code)  # plans every room: the missing photos are known then
        except XcertError:
            current[code] = False
            continue
        current[code] = fresh and not pack.missing_photos
    return current


def workspace_status(workspace: Workspace) -> Readiness:
    """The checklist of the workspace's school and year: the stored data, the printed pack in the workspace's
    output folder, and whether each stored photo's file is still there."""
    storage, config = workspace.storage, workspace.config
    return readiness(storage, config.school_code, config.year, proctors_per_room=config.proctors_per_room,
                     inspectors_per_site=config.inspectors_per_site, documents=documents_current(workspace),
                     photo_missing=lambda c: c.photo is not None
                     and not (workspace.root / c.photo.location).is_file())
