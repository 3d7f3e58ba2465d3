"""attrs validators shared by the entity modules.

They guard *programmer* errors (a negative seat count, an empty key). User data is never validated by raising:
readers and rules report it as :class:`~xcert_core.issues.Issue` values before an entity is built.
"""

from __future__ import annotations

from typing import Any

import attrs

non_negative = attrs.validators.ge(0)
positive = attrs.validators.ge(1)


def non_empty(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    """Reject an empty (or whitespace-only) identifier: every key part must name something."""
    if not value.strip():
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must not be empty")
