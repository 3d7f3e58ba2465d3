"""Exceptions: for programmer and infrastructure errors only.

Problems in user data are :class:`~xcert_core.issues.Issue` values, never exceptions. Everything xcert raises
on purpose derives from :class:`XcertError`, so an embedding system can catch one base class.
"""

from __future__ import annotations


class XcertError(Exception):
    """Base class of every exception xcert raises on purpose."""


class PluginError(XcertError):
    """A plug-in could not be loaded, or contributes something inconsistent."""


class DuplicateAdapterError(PluginError):
    """Two plug-ins register the same name for the same kind of adapter without ``replace=True``."""


class UnknownAdapterError(PluginError, LookupError):
    """No plug-in registered an adapter of that kind under that name."""


class DuplicateIssueCodeError(PluginError):
    """Two different issue types claim the same code."""


class UnknownIssueCodeError(XcertError, LookupError):
    """An issue was reported with a code that is not in the catalogue."""


class StorageError(XcertError):
    """Base class of storage failures."""


class NotFoundError(StorageError, LookupError):
    """The entity asked for is not stored."""


class DuplicateKeyError(StorageError):
    """An entity with the same key is already stored (``add`` never overwrites)."""


class ConstraintError(StorageError):
    """A write would break an invariant the storage protects (e.g. two candidates in one seat)."""


class ConcurrencyError(StorageError):
    """An optimistic update lost: the stored revision is not the one the caller read."""


class QuotaExceededError(StorageError):
    """A quota adjustment would take 已使用指标数 above 批准总培训人数 (or below zero)."""


class UnreadableFileError(XcertError):
    """An input file cannot be used at all (not a spreadsheet, encrypted, corrupt, hostile).

    ``reason`` is a one-line Chinese explanation for the school person; the command exits with code 2.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
