"""The output port: where published files go (the packages ``xcert publish`` writes per school) — a folder, or
an object store a plug-in provides — so that workers on several machines need no shared folder.

A store is chosen by its target: a plain path is the built-in ``folder`` store; ``name://rest`` is the store a
plug-in registered as ``name`` (its factory gets the whole target).

Contract of :meth:`OutputStore.put`: ``name`` is a relative path with ``/`` between its parts, none of them empty,
``.`` or ``..`` (anything else is a :class:`ValueError`: nothing is written outside the store); the bytes of
``source`` end up under ``name`` whole or not at all (a reader never sees half a file); putting the same bytes
again changes nothing. It returns where the file now is, for messages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Protocol, runtime_checkable


@runtime_checkable
class OutputStore(Protocol):
    """Where published files are put (see the module contract)."""

    def put(self, name: str, source: Path) -> str: ...


OutputStoreFactory = Callable[[str], OutputStore]
"""Makes a store from its target (``/srv/发布`` for the folder store, ``name://…`` for a plug-in's)."""


def checked_name(name: str) -> PurePosixPath:
    """``name`` as a relative path inside the store; :class:`ValueError` for an absolute one, an empty part, or a
    ``.``/``..`` part."""
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a file name inside an output store: {name!r}")
    return PurePosixPath(*parts)


def store_name(target: str) -> str:
    """The registered store a target selects: ``name`` of ``name://…``, else ``folder``."""
    scheme, separator, _ = target.partition("://")
    return scheme if separator and scheme.isidentifier() else "folder"
