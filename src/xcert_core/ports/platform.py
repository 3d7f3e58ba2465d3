"""The platform-package port: export a workspace in the X platform's upload templates; read its exports back.

``export`` writes exactly what the platform's upload dialogs take (the student template, the photo zip, the
registration, room and proctor templates) into a folder and says which file goes into which dialog, with the
issues met on the way (a candidate without a stored photo, a registration naming an unknown site …).
``read_export`` reads a file the platform exported (the candidate list with its 认证状态, or the 排考明细) into
plain data; applying it to the workspace is the core's job (:mod:`xcert_core.platform_sync`), so that the
state machine decides every candidate's change and a sync stays all-or-nothing whatever the packager.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from attrs import frozen

from xcert_core.issues import Issue
from xcert_core.labels import VerificationState
from xcert_core.ports.storage import Storage


@frozen
class ExportContext:
    """What an export needs besides storage: whose data (``school_code``) and where relative photo locations
    are found (``photos_dir``, then ``root``)."""

    school_code: str
    photos_dir: Path
    root: Path


@frozen
class ExportedFile:
    """One written file: where, which platform dialog takes it (Chinese, as the menus say) and how many data
    rows (or photos) it holds."""

    path: Path
    dialog: str
    rows: int


@frozen
class ExportResult:
    """The files an export wrote, in upload order, and the issues it found (errors: rows left out)."""

    files: tuple[ExportedFile, ...]
    issues: tuple[Issue, ...] = ()


class ExportKind(enum.Enum):
    """What a platform export is: the candidate list (考生管理 › 批量导出) or the assignment list (排考明细)."""

    CANDIDATE_STATES = "candidate-states"
    ASSIGNMENT_LIST = "assignment-list"


@frozen
class PlatformState:
    """One row of the candidate list: the candidate's ID number, the state the platform shows and the name
    (``None``: no name column or cell empty)."""

    row: int
    id_number: str
    state: VerificationState
    name: str | None = None


@frozen
class AssignmentRow:
    """One row of the 排考明细 as text (``None``: column absent or cell empty); the core resolves plan, session
    and site against the workspace. ``plan`` and ``subject`` may be a code or a name."""

    row: int
    ticket_number: str | None
    id_number: str | None
    room_name: str | None
    seat: str | None
    plan: str | None = None
    session_code: str | None = None
    subject: str | None = None
    site_code: str | None = None
    name: str | None = None


@frozen
class PlatformExport:
    """A platform export read into data: its kind, its rows (``states`` or ``assignments``) and the rows it
    could not read (``issues``, with row and column: a sync reporting any error stores nothing)."""

    file: str
    kind: ExportKind
    states: tuple[PlatformState, ...] = ()
    assignments: tuple[AssignmentRow, ...] = ()
    issues: tuple[Issue, ...] = ()


@runtime_checkable
class PlatformPackager(Protocol):
    def export(self, storage: Storage, out_dir: Path, context: ExportContext) -> ExportResult:
        """Write the upload package of ``context.school_code`` into ``out_dir`` (created if missing)."""
        ...

    def read_export(self, path: Path) -> PlatformExport:
        """Read a platform export, telling its kind by its header; an unusable file, or one that is neither
        kind, is an :class:`~xcert_core.errors.UnreadableFileError`. A row that cannot be read (an empty cell,
        an unknown state label) is an issue in the result, not an exception."""
        ...


PlatformPackagerFactory = Callable[[], PlatformPackager]
