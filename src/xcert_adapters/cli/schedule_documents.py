"""``xcert schedule --documents DIR``: the printed pack of a stateless scheduling run as PDF files.

Per document kind one file per room (``准考证-信息楼301.pdf``, ``桌贴-…``, ``门贴-…``, ``签到表-…`` with every
session of the room) and one combined file (``准考证-全部.pdf`` …), plus ``manifest.json`` listing every file
with its kind, room (``null`` for 全部), pages and candidates. Characters the font cannot draw become
``sched-glyph-missing`` warnings. No photos are known here: the renderer draws an empty 照片 box.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xcert_core.issues import Issue
from xcert_core.model import DeskLabel, DoorLabel, SignInSheet
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.rendering import Document, Renderer
from xcert_core.registry import AdapterKind
from xcert_core.scheduling.documents import DocumentSet
from xcert_core.scheduling.issue_types import GLYPH_MISSING

ALL = "全部"
_UNSAFE = re.compile(r'[/\\:*?"<>|]')


def safe_file_name(name: str) -> str:
    """``name`` with the characters file systems refuse (``/ \\ : * ? " < > |``) replaced by ``_``."""
    return _UNSAFE.sub("_", name).strip() or "_"


def _candidates(kind: str, documents: Sequence[Document]) -> int:
    if kind == "门贴":
        return sum(d.candidate_count for d in documents if isinstance(d, DoorLabel))
    if kind == "签到表":
        return len({r.id_number for d in documents if isinstance(d, SignInSheet) for r in d.rows})
    if kind == "桌贴":
        return len({d.ticket_number for d in documents if isinstance(d, DeskLabel)})
    return len(documents)


def write_documents(sets: Sequence[DocumentSet], out: Path, plugins: XcertPlugins,
                    renderer: Renderer | None = None) -> list[Issue]:
    """Render ``sets`` (one per plan) into ``out`` (created if missing); returns the glyph warnings."""
    out.mkdir(parents=True, exist_ok=True)
    pdf: Renderer = renderer or plugins.create(AdapterKind.RENDERER, "pdf")
    kinds: list[tuple[str, list[Document]]] = [
        ("准考证", [t for s in sets for t in s.tickets]), ("桌贴", [d for s in sets for d in s.desk_labels]),
        ("门贴", [d for s in sets for d in s.door_labels]), ("签到表", [d for s in sets for d in s.sign_in_sheets])]
    manifest: list[dict[str, Any]] = []
    issues: list[Issue] = []
    for kind, documents in kinds:
        if not documents:
            continue
        groups: dict[str | None, list[Document]] = {None: documents}
        for document in documents:
            groups.setdefault(document.room_name, []).append(document)
        for room, members in groups.items():
            file_name = f"{kind}-{safe_file_name(room) if room is not None else ALL}.pdf"
            report = pdf.render(members, out / file_name)
            if report:
                issues.append(GLYPH_MISSING.at(file=file_name, file_name=file_name,
                                               chars="、".join(sorted(report))))
            manifest.append({"file": file_name, "kind": kind, "room": room,
                             "pages": getattr(report, "pages", None), "candidates": _candidates(kind, members)})
    (out / "manifest.json").write_text(json.dumps({"files": manifest}, ensure_ascii=False, indent=2) + "\n",
                                       "utf-8")
    return issues

