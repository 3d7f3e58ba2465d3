"""What went wrong when the database refused a write, in words a school person can act on — told apart once,
here, for every face (the command line and the workbench word the advice their own way).

:func:`classify` turns an exception from the storage into a :class:`StorageFailure` — ``concurrent`` (someone
else wrote first: a UNIQUE constraint, a stale revision; the checks had passed, nothing of this request was
stored), ``disk-full``, ``locked``, ``read-only``, ``unreachable`` or ``other`` — with the driver's own first
line (never SQLAlchemy's statement and parameters, which may hold ID numbers) — or ``None`` when ``exc`` is not
a storage failure.
"""

from __future__ import annotations

from attrs import frozen

from xcert_core.errors import ConcurrencyError, ConstraintError, DuplicateKeyError
from xcert_core.privacy import mask_secrets

CONCURRENT, DISK_FULL, LOCKED, READ_ONLY, UNREACHABLE, OTHER = (
    "concurrent", "disk-full", "locked", "read-only", "unreachable", "other")


@frozen
class StorageFailure:
    """``kind`` (one of the module's constants) and ``detail``: the driver's own first line, secrets masked."""

    kind: str
    detail: str


def classify(exc: BaseException) -> StorageFailure | None:
    """See the module docstring."""
    if isinstance(exc, DuplicateKeyError | ConstraintError | ConcurrencyError):
        return StorageFailure(CONCURRENT, type(exc).__name__)
    if not type(exc).__module__.startswith("sqlalchemy"):
        return None
    from xcert_adapters.workspace.workspace import driver_message  # noqa: PLC0415

    text = mask_secrets(driver_message(exc))
    lowered = text.lower()
    if any(sign in lowered for sign in ("disk is full", "disk i/o error", "no such savepoint", "no space left")):
        return StorageFailure(DISK_FULL, text)  # a savepoint is lost when SQLite could not write its journal
    if "unique constraint" in lowered or "duplicate key" in lowered:
        return StorageFailure(CONCURRENT, text)
    if "locked" in lowered:
        return StorageFailure(LOCKED, text)
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return StorageFailure(READ_ONLY, text)
    if "timeout" in lowered or "could not connect" in lowered or "connection" in lowered:
        return StorageFailure(UNREACHABLE, text)
    return StorageFailure(OTHER, f"{type(exc).__name__}: {text}")
