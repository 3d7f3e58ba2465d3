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
from xcert_adapters.app.errors import RequestError
from xcert_adapters.workspace import Workspace
from xcert_core.issues import IssueReport
from xcert_core.model import KEPT_ISSUES, ImportIssue, ImportRecord

ROSTER, PHOTOS, REGISTRATIONS = "学生名单", "学生照片", "报考表"
ROOMS, PROCTORS, PLANS = "考场表", "监考人员表", "考试计划"
SCORES, AWARDS, FEES, EXAM_CLIENT = "科目成绩", "证书信息", "缴费记录", "考试客户端"
KINDS = (ROSTER, PHOTOS, REGISTRATIONS, ROOMS, PROCTORS, PLANS, SCORES, AWARDS, FEES, EXAM_CLIENT)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex), read in blocks."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def kept_issues(report: IssueReport) -> tuple[ImportIssue, ...]:
    """The first :data:`~xcert_core.model.KEPT_ISSUES` issues of ``report`` as an import record keeps them."""
    return tuple(ImportIssue(issue.code, issue.severity.value, issue.message, issue.row, issue.column, issue.entry)
                 for issue in report.issues[:KEPT_ISSUES])


def record_import(workspace: Workspace, kind: str, file: Path, report: IssueReport, *, stored: bool,
                  added: int = 0, changed: int = 0, unchanged: int = 0, actor: str = "",
                  channel: str = COMMAND_LINE, name: str | None = None) -> ImportRecord:
    """Append the record of one import of ``file`` (shown as ``name``, default its file name: the workbench saves
    an upload under a temporary path), with its check's ``report``: the counts by severity and the issues
    (:func:`kept_issues`)."""
    record = ImportRecord(at=dt.datetime.now(dt.UTC), record_id=secrets.token_hex(8), kind=kind,
                          file_name=name or file.name, sha256=file_sha256(file), actor=actor or "（未知）",
                          channel=channel, stored=stored, added=added, changed=changed, unchanged=unchanged,
                          errors=len(report.errors), warnings=len(report.warnings), issues=kept_issues(report))
    workspace.storage.add(record)
    return record


def import_record(workspace: Workspace, record_id: str) -> ImportRecord:
    """The import record ``record_id`` (its first characters are enough when they name one record);
    :class:`RequestError` when none or several match."""
    found = [r for r in workspace.storage.list(ImportRecord) if r.record_id.startswith(record_id.lower())]
    if len(found) != 1 or not record_id:
        raise RequestError(f"没有编号为“{record_id}”的导入记录（xcert imports 列出编号）/ no such import record"
                           if not found or not record_id else
                           f"有 {len(found)} 条导入记录的编号以“{record_id}”开头，请多写几位 / several records match")
    return found[0]


def import_history(workspace: Workspace, *, kind: str | None = None, sha256: str | None = None,
                   limit: int | None = None) -> list[ImportRecord]:
    """The import records, newest first: of one ``kind``, of one file's content (``sha256``), at most ``limit``."""
    records = workspace.storage.list(ImportRecord, **({"kind": kind} if kind else {}))
    if sha256 is not None:
        records = [r for r in records if r.sha256 == sha256.lower()]
    records.sort(key=lambda r: r.at, reverse=True)
    return records[:limit] if limit is not None else records
