"""The shape of the SQL schema as plain data, without SQLAlchemy: table and column names, the extra columns, the
indexes' columns and which columns hold integers.

:mod:`.schema` builds SQLAlchemy's tables and indexes from it, and the storage's fixed statement texts (the reads
a command that only reads makes on SQLite) are written from it, so such a command never imports SQLAlchemy
(with making the engine, about 0.2 s of every command).
"""

from __future__ import annotations

import functools
import re

import attrs

from xcert_core.model import Candidate, Entity, PilotApplication, Registration, SeatAssignment

SCHEMA_VERSION = 13

QUOTA_COLUMNS = ("approved_quota", "used_quota")

FILTER_COLUMNS: dict[type[Entity], tuple[str, ...]] = {Registration: ("school_code",), Candidate: ("state",)}
"""Fields stored as columns of their own so that filters on them run (indexed) in SQL: a school's registrations
of a plan, which each school's package needs, without reading the plan's; a school's candidates in one
verification state, which a page of the workbench's and the API's student list shows, counted and paged without
reading the others."""

INDEXES: dict[str, tuple[type[Entity], tuple[str, ...]]] = {
    "candidate_by_id_number": (Candidate, ("id_number",)),
    "registration_by_id_number": (Registration, ("id_number",)),
    "registration_by_plan_and_school": (Registration, ("plan_code", "school_code")),
    "seat_assignment_by_id_number": (SeatAssignment, ("id_number",)),
    "candidate_by_school_and_state": (Candidate, ("school_code", "state", "id_number")),
}
"""Index name → its table's entity type and columns, besides the primary keys and unique constraints. Why each
exists is said where :mod:`.schema` builds it."""


def table_name(entity_type: type[Entity]) -> str:
    """``SeatAssignment`` -> ``seat_assignment``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", entity_type.__name__).lower()


@functools.cache
def extra_column_names(entity_type: type[Entity]) -> tuple[str, ...]:
    """Fields stored as real columns besides the key, in a stable order (worked out once per type: a batch insert
    asks for every row, 200,000 times when a plan is scheduled)."""
    names = [name for fields in entity_type.unique_fields for name in fields]
    if entity_type is PilotApplication:
        names += QUOTA_COLUMNS
    names += FILTER_COLUMNS.get(entity_type, ())
    return tuple(dict.fromkeys(name for name in names if name not in entity_type.key_fields))


def is_integer_column(entity_type: type[Entity], name: str) -> bool:
    """Whether the column ``name`` of ``entity_type``'s table holds integers (an ``int`` field that is a column:
    key columns are always text)."""
    if name in entity_type.key_fields:
        return False
    field_type: object = attrs.fields_dict(entity_type)[name].type  # type: ignore[arg-type]
    return field_type in (int, "int")


def leading_columns(entity_type: type[Entity]) -> frozenset[str]:
    """The first column of the table's primary key, of each unique constraint and of each index: a column an
    index can look values up by."""
    firsts = {entity_type.key_fields[0], *(fields[0] for fields in entity_type.unique_fields)}
    firsts |= {columns[0] for kind, columns in INDEXES.values() if kind is entity_type}
    return frozenset(firsts)


def quote(name: str) -> str:
    """An SQL identifier quoted (SQLite and PostgreSQL alike): ``"name"``."""
    return '"' + name.replace('"', '""') + '"'
