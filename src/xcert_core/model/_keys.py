"""The key every stored entity has: a tuple of strings naming it uniquely within its type."""

from __future__ import annotations

import enum
import functools
import operator
from collections.abc import Callable
from typing import Any, ClassVar

from xcert_core.privacy import mask_id_number

PERSONAL_KEY_FIELDS = frozenset({"id_number"})


class Keyed:
    """Mixin for stored entities: ``key_fields`` names the attributes that make up ``key``.

    Storage adapters index by ``key`` (the SQL adapter makes ``key_fields`` the primary key). Each tuple in
    ``unique_fields`` names attributes whose values no two stored entities of the type may share; storage
    refuses such a write with ``ConstraintError``.
    """

    __slots__ = ()
    key_fields: ClassVar[tuple[str, ...]]
    unique_fields: ClassVar[tuple[tuple[str, ...], ...]] = ()

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(map(_key_part, _key_values(type(self))(self)))  # type: ignore[arg-type]


@functools.cache
def _key_values(entity_type: type[Keyed]) -> Callable[[Any], tuple[Any, ...]]:
    """The key fields' values of an instance of ``entity_type``, as one C-level call (keys are computed for every
    stored entity, often several times: 20,000 seats are 60,000 keys in one scheduling)."""
    names = entity_type.key_fields
    if len(names) == 1:
        name = names[0]
        return lambda entity: (getattr(entity, name),)
    return operator.attrgetter(*names)


def _key_part(value: object) -> str:
    return value if type(value) is str else str(value.value) if isinstance(value, enum.Enum) else str(value)


def describe_key(entity_type: type[Any], key: tuple[str, ...]) -> str:
    """A key for messages and logs, with personal parts (ID numbers) masked: ``Candidate(S001, 110***4514)``."""
    parts = [
        mask_id_number(value) if name in PERSONAL_KEY_FIELDS else value
        for name, value in zip(entity_type.key_fields, key, strict=False)
    ]
    return f"{entity_type.__name__}({', '.join(parts)})"
