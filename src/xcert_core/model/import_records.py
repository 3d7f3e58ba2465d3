"""导入记录: what was imported, from which file, by whom — so a school can answer "which file did this come from?"."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty, non_negative

KEPT_ISSUES = 1000
"""How many of a report's issues an import record keeps (a refused 100,000-row file may have one per row; the
counts by severity are always whole)."""


@frozen
class ImportIssue:
    """One problem of an import's report as 导入记录 keeps it: its code, severity (English value), message and where
    (``row`` and ``column`` of a sheet, or ``entry`` of a zip), as every face shows them: personal numbers masked
    in the message, an ID-like entry name masked."""

    code: str = field(validator=non_empty)
    severity: str = field(validator=non_empty)
    message: str
    row: int | None = None
    column: str | None = None
    entry: str | None = None


@frozen
class ImportRecord(Keyed):
    """One import of a file into the workspace, stored or refused: ``kind`` (学生名单, 学生照片, 报考表, 考场表,
    监考人员表, 考试计划), the file's name as the user gave it and its SHA-256, when, who (``actor``) through which
    face (``channel``), whether anything was stored, how many records were added, changed and left unchanged, and
    how many errors and warnings the check found, and the check's report (``issues``: the first
    :data:`KEPT_ISSUES` of them, as shown). Holds no full ID or phone number."""

    at: dt.datetime
    record_id: str = field(validator=non_empty)
    kind: str = field(validator=non_empty)
    file_name: str = field(validator=non_empty)
    sha256: str = field(validator=non_empty)
    actor: str
    channel: str
    stored: bool
    added: int = field(default=0, validator=non_negative)
    changed: int = field(default=0, validator=non_negative)
    unchanged: int = field(default=0, validator=non_negative)
    errors: int = field(default=0, validator=non_negative)
    warnings: int = field(default=0, validator=non_negative)
    issues: tuple[ImportIssue, ...] = ()

    key_fields: ClassVar[tuple[str, ...]] = ("at", "record_id")
