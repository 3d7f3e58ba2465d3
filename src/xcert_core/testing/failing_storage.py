"""A storage that fails on purpose, for all-or-nothing tests (of xcert's use cases and of a plug-in's).

:class:`FailingStorage` wraps any :class:`~xcert_core.ports.storage.Storage` and counts **every** write — on the
storage itself and on the views its transactions give, nested or not — raising :class:`OSError` ("disk full,
simulated") at the ``fail_at``-th write (counting from 0). Counting writes outside transactions too is the
point: a use case that wrote some rows before (or without) its transaction would then fail half-way and leave
them behind, and the test comparing the storage before and after would see it. Reads pass through untouched::

    storage = FailingStorage(MemoryStorage())
    import_candidates(storage, earlier)            # fail_at None: never fails; writes are counted
    before, storage.writes, storage.fail_at = snapshot(storage.inner), 0, 3
    with pytest.raises(OSError):
        import_candidates(storage, roster)         # the 4th write fails …
    assert snapshot(storage.inner) == before       # … and nothing of the import is left
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from xcert_core.ports.storage import Storage

WRITES = frozenset({"add", "add_all", "put", "replace", "delete", "delete_all", "adjust_quota"})
"""The storage methods that write."""


class FailingStorage:
    """``inner`` with every write counted in :attr:`writes` and the ``fail_at``-th one (``None``: none) raising
    ``OSError``; a failed write is not counted and writes nothing."""

    def __init__(self, inner: Storage, fail_at: int | None = None) -> None:
        self.inner = inner
        self.fail_at = fail_at
        self.writes = 0

    def counted(self, method: Callable[..., Any]) -> Callable[..., Any]:
        """``method`` (a write of some view of the storage) failing or counted as this storage decides."""
        def write(*args: Any, **kwargs: Any) -> Any:
            if self.fail_at is not None and self.writes == self.fail_at:
                raise OSError("disk full (simulated)")
            result = method(*args, **kwargs)
            self.writes += 1
            return result
        return write

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        return self.counted(attribute) if name in WRITES else attribute

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self.inner.transaction() as view:
            yield _View(self, view)


class _View:
    """A transaction's view, counted by its :class:`FailingStorage`; nested transactions stay counted."""

    def __init__(self, owner: FailingStorage, view: Storage) -> None:
        self._owner, self._view = owner, view

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._view, name)
        return self._owner.counted(attribute) if name in WRITES else attribute

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self._view.transaction() as view:
            yield _View(self._owner, view)
