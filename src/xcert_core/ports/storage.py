"""The storage port: keyed CRUD for every entity, atomic batches, optimistic concurrency, atomic quota.

Contract (checked for every adapter by :mod:`xcert_core.testing.storage_contract`):

* Entities are stored by ``(type(entity), entity.key)``. ``add`` never overwrites (``DuplicateKeyError``);
  ``put`` inserts or overwrites; ``get`` and ``delete`` of a missing key raise ``NotFoundError``;
  ``find`` returns ``None`` instead.
* Every stored record has a revision, starting at 1 and growing by one with each write. ``replace`` writes
  only when the caller's ``expected_revision`` is the stored one, else ``ConcurrencyError``: this is how
  read-modify-write stays correct with several processes.
* ``transaction()`` is a context manager giving a storage view whose writes become visible together when the
  block exits normally, and not at all when it raises. Nothing else may observe a half-written batch.
  ``transaction()`` on that view nests as a savepoint: when the nested block raises, its writes (and only
  its writes) are undone, whether or not the caller catches the error; the enclosing transaction can go on
  writing and commit, and its own failure undoes the nested writes too.
* ``adjust_quota`` changes a pilot application's 已使用指标数 by ``delta`` atomically and only when the result
  stays within ``0 <= used <= approved``; otherwise it raises ``QuotaExceededError`` and changes nothing.
* ``unique_fields`` of an entity type are unique among its stored entities: a write that would duplicate
  them raises ``ConstraintError`` and changes nothing.
* ``list`` returns the entities of a type whose attributes equal the given filters, ordered by key;
  ``values`` returns some of their plain attributes, in the same order, without building the entities;
  ``page`` returns a slice of that list and ``count`` its length, without reading the rest.
* ``add_all`` and ``delete_all`` are the bulk writes, each all or nothing: an adapter does each in as few
  statements as it can (a plan's 20,000 seats are not 20,000 round trips).
* All values go in and come out as the frozen entities of :mod:`xcert_core.model`; what comes out equals
  what went in.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar, runtime_checkable

from xcert_core.model import Candidate, Entity, PilotApplication

E = TypeVar("E", bound=Entity)


@runtime_checkable
class Storage(Protocol):
    """A place where xcert keeps a workspace's entities (see the module docstring for the contract)."""

    def add(self, entity: Entity) -> int:
        """Insert a new entity; returns its revision (1). ``DuplicateKeyError`` if the key exists."""
        ...

    def put(self, entity: Entity) -> int:
        """Insert or overwrite; returns the new revision."""
        ...

    def add_all(self, entities: Iterable[Entity]) -> int:
        """Insert many entities atomically (all or none); returns how many. For bulk imports."""
        ...

    def get(self, entity_type: type[E], key: tuple[str, ...]) -> E:
        """The stored entity, or ``NotFoundError``."""
        ...

    def find(self, entity_type: type[E], key: tuple[str, ...]) -> E | None:
        """The stored entity, or ``None``."""
        ...

    def get_with_revision(self, entity_type: type[E], key: tuple[str, ...]) -> tuple[E, int]:
        """The stored entity and its current revision, or ``NotFoundError``."""
        ...

    def replace(self, entity: Entity, expected_revision: int) -> int:
        """Overwrite only if the stored revision is ``expected_revision``; returns the new revision."""
        ...

    def delete(self, entity_type: type[Entity], key: tuple[str, ...]) -> None:
        """Remove the entity, or ``NotFoundError``."""
        ...

    def delete_all(self, entity_type: type[Entity], keys: Iterable[tuple[str, ...]]) -> int:
        """Remove the entities of ``keys`` atomically (all or none: ``NotFoundError`` if one is not stored);
        returns how many. For bulk changes, such as a plan's seats after a new seating."""
        ...

    def list(self, entity_type: type[E], **equals: Any) -> list[E]:
        """Entities of ``entity_type`` whose attributes equal ``equals``, ordered by key."""
        ...

    def list_in(self, entity_type: type[E], field: str, values: Iterable[Any], **equals: Any) -> builtins.list[E]:
        """The entities :meth:`list` would give for ``equals`` whose attribute ``field`` is one of ``values``,
        ordered by key: a school's part of a plan's seats, read by its candidates' ID numbers rather than by
        reading the plan's. ``field`` must be a plain field (:func:`~xcert_core.serialization.plain_field_types`),
        else ``TypeError``; no values give no entities."""
        ...

    def values(self, entity_type: type[Entity], fields: Sequence[str],
               **equals: Any) -> builtins.list[tuple[Any, ...]]:
        """The attributes ``fields`` of the entities :meth:`list` would give for ``equals``, one tuple per entity in
        the same order, without building the entities: for reading a few fields of many rows. Only plain fields
        (str, int or bool, optionally ``None``: :func:`~xcert_core.serialization.plain_field_types`), else
        ``TypeError``."""
        ...

    def page(self, entity_type: type[E], offset: int, limit: int, **equals: Any) -> builtins.list[E]:
        """``list(entity_type, **equals)[offset:offset + limit]``, read as one page: a list page of the workbench
        or the API without reading the other pages where the filters allow it (an adapter may read the whole
        list when a filter is a field it holds only in an entity's data). ``ValueError`` for a negative
        ``offset`` or ``limit``."""
        ...

    def count(self, entity_type: type[Entity], **equals: Any) -> int:
        """How many entities of ``entity_type`` are stored; with ``equals``, how many :meth:`list` would give."""
        ...

    def candidates_by_id_number(self, id_number: str) -> builtins.list[Candidate]:
        """Every candidate with this ID number, across schools, ordered by school code."""
        ...

    def adjust_quota(self, key: tuple[str, ...], delta: int) -> PilotApplication:
        """Atomically add ``delta`` to the application's used quota within ``0..approved``."""
        ...

    def transaction(self) -> AbstractContextManager[Storage]:
        """A view whose writes commit together on normal exit and roll back on an exception."""
        ...

    def close(self) -> None:
        """Release connections and files. Using the storage afterwards is a programmer error."""
        ...


def check_page(offset: int, limit: int) -> None:
    """``ValueError`` unless ``offset`` and ``limit`` are counts (≥ 0), as :meth:`Storage.page` requires: adapters
    call it first."""
    if offset < 0 or limit < 0:
        raise ValueError(f"a page needs offset >= 0 and limit >= 0, not {offset} and {limit}")


StorageFactory = Callable[[str], Storage]
"""What a storage plug-in registers: called with the storage URL (e.g. ``memory://``, ``sqlite:///x.db``)."""


def url_scheme(url: str) -> str:
    """The adapter name a storage URL selects: ``postgresql+psycopg://…`` -> ``postgresql``."""
    scheme, separator, _ = url.partition("://")
    if not separator or not scheme:
        raise ValueError(f"storage URL {url!r} has no scheme; expected e.g. 'sqlite:///xcert.db' or 'memory://'")
    return scheme.split("+", 1)[0].lower()
