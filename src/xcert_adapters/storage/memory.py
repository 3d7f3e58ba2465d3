"""In-memory storage (``memory://``): for tests, demos and embedding systems that keep their own records.

Thread-safe: one re-entrant lock serialises every operation, and a transaction holds it from start to end,
so other threads never see a half-applied batch; a transaction keeps an undo log of the records it changed
and replays it backwards when the block raises (cost proportional to the changes, not to the store).
Nothing survives the process.
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import attrs

from xcert_core.errors import (
    ConcurrencyError,
    ConstraintError,
    DuplicateKeyError,
    NotFoundError,
    QuotaExceededError,
)
from xcert_core.hookspecs import Register, hookimpl
from xcert_core.model import STORED_ENTITIES, Candidate, Entity, PilotApplication, describe_key
from xcert_core.ports.storage import Storage, check_page
from xcert_core.serialization import plain_field_types

E = TypeVar("E", bound=Entity)
Record = tuple[Entity, int]


class MemoryStorage:
    """A :class:`~xcert_core.ports.storage.Storage` kept in dictionaries."""

    def __init__(self, url: str = "memory://") -> None:
        self.url = url
        self._lock = threading.RLock()
        self._tables: dict[type[Entity], dict[tuple[str, ...], Record]] = {t: {} for t in STORED_ENTITIES}
        # (type, fields) -> unique values -> key of the entity holding them
        self._unique: dict[tuple[type[Entity], tuple[str, ...]], dict[tuple[Any, ...], tuple[str, ...]]] = {
            (t, fields): {} for t in STORED_ENTITIES for fields in t.unique_fields
        }
        self._undo: list[tuple[type[Entity], tuple[str, ...], Record | None]] | None = None
        """While a transaction is open: (type, key, previous record) for every write, to roll back."""
        self._closed = False

    def _table(self, entity_type: type[Entity]) -> dict[tuple[str, ...], Record]:
        if self._closed:
            raise RuntimeError("this MemoryStorage is closed")
        try:
            return self._tables[entity_type]
        except KeyError:
            raise TypeError(f"{entity_type.__name__} is not a stored entity type") from None

    def _store(self, entity: Entity, revision: int) -> None:
        """Write one record, keeping the unique indexes right; ``ConstraintError`` leaves everything as it was."""
        entity_type = type(entity)
        for fields in entity_type.unique_fields:
            holder = self._unique[(entity_type, fields)].get(tuple(getattr(entity, f) for f in fields))
            if holder is not None and holder != entity.key:
                raise ConstraintError(
                    f"{describe_key(entity_type, entity.key)} would share {', '.join(fields)} with "
                    f"{describe_key(entity_type, holder)}"
                )
        self._set(entity_type, entity.key, (entity, revision))

    def _set(self, entity_type: type[Entity], key: tuple[str, ...], record: Record | None) -> None:
        """Make ``key``'s record ``record`` (``None``: absent), with unique indexes and the undo log kept."""
        table = self._table(entity_type)
        old = table.get(key)
        if self._undo is not None:
            self._undo.append((entity_type, key, old))
        for fields in entity_type.unique_fields:
            index = self._unique[(entity_type, fields)]
            if old is not None:
                index.pop(tuple(getattr(old[0], f) for f in fields), None)
            if record is not None:
                index[tuple(getattr(record[0], f) for f in fields)] = key
        if record is None:
            table.pop(key, None)
        else:
            table[key] = record

    def add(self, entity: Entity) -> int:
        with self._lock:
            if entity.key in self._table(type(entity)):
                raise DuplicateKeyError(f"{describe_key(type(entity), entity.key)} is already stored")
            self._store(entity, 1)
            return 1

    def put(self, entity: Entity) -> int:
        with self._lock:
            table = self._table(type(entity))
            revision = table[entity.key][1] + 1 if entity.key in table else 1
            self._store(entity, revision)
            return revision

    def add_all(self, entities: Iterable[Entity]) -> int:
        count = 0
        with self.transaction():
            for entity in entities:
                self.add(entity)
                count += 1
        return count

    def get(self, entity_type: type[E], key: tuple[str, ...]) -> E:
        return self.get_with_revision(entity_type, key)[0]

    def find(self, entity_type: type[E], key: tuple[str, ...]) -> E | None:
        with self._lock:
            record = self._table(entity_type).get(tuple(key))
            return None if record is None else record[0]  # type: ignore[return-value]

    def get_with_revision(self, entity_type: type[E], key: tuple[str, ...]) -> tuple[E, int]:
        with self._lock:
            record = self._table(entity_type).get(tuple(key))
            if record is None:
                raise NotFoundError(f"{describe_key(entity_type, tuple(key))} is not stored")
            return record  # type: ignore[return-value]

    def replace(self, entity: Entity, expected_revision: int) -> int:
        with self._lock:
            _, revision = self.get_with_revision(type(entity), entity.key)
            if revision != expected_revision:
                raise ConcurrencyError(
                    f"{describe_key(type(entity), entity.key)} changed since it was read "
                    f"(revision {revision}, expected {expected_revision})"
                )
            self._store(entity, revision + 1)
            return revision + 1

    def delete(self, entity_type: type[Entity], key: tuple[str, ...]) -> None:
        with self._lock:
            if tuple(key) not in self._table(entity_type):
                raise NotFoundError(f"{describe_key(entity_type, tuple(key))} is not stored")
            self._set(entity_type, tuple(key), None)

    def delete_all(self, entity_type: type[Entity], keys: Iterable[tuple[str, ...]]) -> int:
        count = 0
        with self.transaction():
            for key in keys:
                self.delete(entity_type, key)
                count += 1
        return count

    def values(self, entity_type: type[Entity], fields: Sequence[str],
               **equals: Any) -> builtins.list[tuple[Any, ...]]:
        plain_field_types(entity_type, tuple(fields))
        return [tuple(getattr(entity, name) for name in fields) for entity in self.list(entity_type, **equals)]

    def list(self, entity_type: type[E], **equals: Any) -> list[E]:
        names = {field.name for field in attrs.fields(entity_type)}  # type: ignore[arg-type]
        unknown = set(equals) - names
        if unknown:
            raise TypeError(f"{entity_type.__name__} has no attribute(s) {', '.join(sorted(unknown))}")
        with self._lock:
            rows = sorted(self._table(entity_type).items())
        matches: Callable[[Entity], bool] = lambda e: all(getattr(e, k) == v for k, v in equals.items())  # noqa: E731
        return [entity for _, (entity, _) in rows if matches(entity)]  # type: ignore[misc]

    def list_in(self, entity_type: type[E], field: str, values: Iterable[Any], **equals: Any) -> builtins.list[E]:
        plain_field_types(entity_type, (field,))
        wanted = set(values)
        return [entity for entity in self.list(entity_type, **equals) if getattr(entity, field) in wanted] \
            if wanted else []

    def page(self, entity_type: type[E], offset: int, limit: int, **equals: Any) -> builtins.list[E]:
        check_page(offset, limit)
        return self.list(entity_type, **equals)[offset:offset + limit]

    def count(self, entity_type: type[Entity], **equals: Any) -> int:
        if equals:
            return len(self.list(entity_type, **equals))
        with self._lock:
            return len(self._table(entity_type))

    def candidates_by_id_number(self, id_number: str) -> builtins.list[Candidate]:
        return self.list(Candidate, id_number=id_number)

    def adjust_quota(self, key: tuple[str, ...], delta: int) -> PilotApplication:
        with self._lock:
            application, revision = self.get_with_revision(PilotApplication, key)
            used = application.used_quota + delta
            if not 0 <= used <= application.approved_quota:
                raise QuotaExceededError(
                    f"{describe_key(PilotApplication, tuple(key))}: 已使用指标数 {application.used_quota} "
                    f"{'+' if delta >= 0 else '-'} {abs(delta)} 超出 0..{application.approved_quota}"
                )
            updated = attrs.evolve(application, used_quota=used)
            self._set(PilotApplication, updated.key, (updated, revision + 1))
            return updated

    @contextmanager
    def transaction(self) -> Iterator[Storage]:
        with self._lock:
            outer, self._undo = self._undo, []
            try:
                yield self
            except BaseException:
                undo, self._undo = self._undo, None
                for entity_type, key, old in reversed(undo):
                    self._set(entity_type, key, old)
                self._undo = outer
                raise
            if outer is not None:  # a nested transaction's changes belong to the enclosing one
                outer.extend(self._undo)
            self._undo = outer

    def close(self) -> None:
        self._closed = True


@hookimpl
def xcert_register_storage(register: Register[Callable[[str], Storage]]) -> None:
    register("memory", MemoryStorage)
