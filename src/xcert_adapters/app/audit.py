"""操作记录 (the audit log): who changed what, when and through which face, in the workspace's database.

:func:`record` appends one :class:`~xcert_core.model.AuditEntry`; :func:`audit_log` reads them newest first.
Callers pass a short action code (``students.confirm``), the target in words a school person recognises
(masked: never a full ID or phone number) and a one-line detail. The workbench and the API record every change
they make; the command line records the account commands.
"""

from __future__ import annotations

import datetime as dt
import secrets

from xcert_adapters.workspace import Workspace
from xcert_core.model import AuditEntry
from xcert_core.ports.storage import Storage

WORKBENCH = "工作台"
API = "API"
COMMAND_LINE = "命令行"


def record(workspace: Workspace, actor: str, channel: str, action: str, *, target: str = "",
           detail: str = "") -> AuditEntry:
    """Append one entry to the workspace's log (for a face recording what it did through the application)."""
    return append(workspace.storage, actor, channel, action, target=target, detail=detail)


def append(storage: Storage, actor: str, channel: str, action: str, *, target: str = "",
           detail: str = "", at: dt.datetime | None = None,
           changes: tuple[tuple[str, str], ...] = ()) -> AuditEntry:
    """Append one entry to ``storage``: inside an application function's transaction, so it commits with the
    change it records. ``changes``: the edited fields and their new values as shown (personal ones masked)."""
    entry = AuditEntry(at=at or dt.datetime.now(dt.UTC), entry_id=secrets.token_hex(8), actor=actor or "（未知）",
                       channel=channel, action=action, target=target, detail=detail, changes=changes)
    storage.add(entry)
    return entry


def audit_log(workspace: Workspace, *, actor: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """The entries, newest first; only ``actor``'s when given; at most ``limit``."""
    entries = workspace.storage.list(AuditEntry, **({"actor": actor} if actor else {}))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit] if limit is not None else entries
