"""导入记录 (#24 item 3): every import of a school's file — stored or refused — kept with the file's name and
SHA-256, when, who, through which face, and its counts, so a school can answer "which file did this come from?".

The import use cases call :func:`record_import` themselves (every face gets it); :func:`import_history` lists
the records newest first, filtered by kind or by a file's content (its SHA-256, whatever it is called now).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path

from xcert_adapters.app.audit import COMMAND_LINE
from xcert_adapters.workspace import Workspace
from xcert_core.model import ImportRecord

ROSTER, PHOTOS, REGISTRATIONS = "学生名单", "学生照片", "报考表"
ROOMS, PROCTORS, PLANS = "考场表", "监考人员表", "考试计划"
KINDS = (ROSTER, PHOTOS, REGISTRATIONS, ROOMS, PROCTORS, PLANS)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex), read in blocks."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def record_import(workspace: Workspace, kind: str, file: Path, *, stored: bool, added: int = 0, changed: int = 0,
                  unchanged: int = 0, errors: int = 0, warnings: int = 0, actor: str = "",
                  channel: str = COMMAND_LINE, name: str | None = None) -> ImportRecord:
    """Append the record of one import of ``file`` (shown as ``name``, default its file name: the workbench saves
    an upload under a temporary path)."""
    record = ImportRecord(at=dt.datetime.now(dt.UTC), record_id=secrets.token_hex(8), kind=kind,
                          file_name=name or file.name, sha256=file_sha256(file), actor=actor or "（未知）",
                          channel=channel, stored=stored, added=added, changed=changed, unchanged=unchanged,
                          errors=errors, warnings=warnings)
    workspace.storage.add(record)
    return record


def import_history(workspace: Workspace, *, kind: str | None = None, sha256: str | None = None,
                   limit: int | None = None) -> list[ImportRecord]:
    """The import records, newest first: of one ``kind``, of one file's content (``sha256``), at most ``limit``."""
    records = workspace.storage.list(ImportRecord, **({"kind": kind} if kind else {}))
    if sha256 is not None:
        records = [r for r in records if r.sha256 == sha256.lower()]
    records.sort(key=lambda r: r.at, reverse=True)
    return records[:limit] if limit is not None else records
