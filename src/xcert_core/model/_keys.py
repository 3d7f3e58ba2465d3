"""The key every stored entity has: a tuple of strings naming it uniquely within its type."""

from __future__ import annotations

import enum
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
        return tuple(_key_part(getattr(self, name)) for name in self.key_fields)


def _key_part(value: object) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def describe_key(entity_type: type[Any], key: tuple[str, ...]) -> str:
    """A key for messages and logs, with personal parts (ID numbers) masked: ``Candidate(S001, 110***4514)``."""
    parts = [
        mask_id_number(value) if name in PERSONAL_KEY_FIELDS else value
        for name, value in zip(entity_type.key_fields, key, strict=False)
    ]
    return f"{entity_type.__name__}({', '.join(parts)})"
