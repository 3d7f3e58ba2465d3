"""Tables: one per stored entity, shaped from the entity's ``key_fields`` and ``unique_fields``.

Contract: every type in :data:`xcert_core.model.STORED_ENTITIES` has a table here, with its ``key_fields`` as
the primary key, ``revision`` and ``data`` (the whole entity as JSON). Fields an invariant depends on are
real columns too (:func:`extra_column_names`): every field of ``unique_fields`` (with a UNIQUE constraint)
and the pilot application's quota counters (with a CHECK constraint). On read, column values win over the
JSON copy, so an UPDATE of the counter column alone is enough. Names, columns and indexes come from
:mod:`.layout`, the same description the storage's fixed statement texts are written from.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from xcert_adapters.storage.sql.layout import INDEXES, extra_column_names, is_integer_column, table_name
from xcert_core.model import STORED_ENTITIES, Entity, PilotApplication

metadata = MetaData()

xcert_meta = Table(
    "xcert_meta", metadata,
    Column("name", String(), primary_key=True),
    Column("value", String(), nullable=False),
)

CHECKS: dict[type[Entity], tuple[CheckConstraint, ...]] = {
    PilotApplication: (
        CheckConstraint("used_quota >= 0 AND used_quota <= approved_quota", name="quota_within_approved"),
    ),
}


def _column(entity_type: type[Entity], name: str) -> Column[int] | Column[str]:
    if is_integer_column(entity_type, name):
        return Column(name, Integer, nullable=False)
    return Column(name, String(), nullable=False)


def _entity_table(entity_type: type[Entity]) -> Table:
    name = table_name(entity_type)
    return Table(
        name, metadata,
        *(Column(field, String(), primary_key=True) for field in entity_type.key_fields),
        *(_column(entity_type, field) for field in extra_column_names(entity_type)),
        Column("revision", Integer, nullable=False),
        Column("data", JSON, nullable=False),
        *(UniqueConstraint(*fields, name=f"{name}_unique_{n}") for n, fields in enumerate(entity_type.unique_fields)),
        *CHECKS.get(entity_type, ()),
    )


TABLES: dict[type[Entity], Table] = {entity_type: _entity_table(entity_type) for entity_type in STORED_ENTITIES}
_INDEX = {name: Index(name, *(TABLES[kind].c[column] for column in columns))
          for name, (kind, columns) in INDEXES.items()}
REGISTRATION_BY_ID_NUMBER = _INDEX["registration_by_id_number"]
"""A person's registrations across plans (the registration rules look for the same person in other plans, once per
imported row): the primary key starts with the plan code, so without it every look-up reads the whole table."""
REGISTRATIONS_BY_SCHOOL = _INDEX["registration_by_plan_and_school"]
"""A school's registrations of a plan (:data:`~.layout.FILTER_COLUMNS`)."""
SEATS_BY_ID_NUMBER = _INDEX["seat_assignment_by_id_number"]
"""A school's part of a plan's seats, read by its candidates' ID numbers (:meth:`SqlStorage.list_in`): the primary
key starts with the plan and the session, so without it each look-up reads every seat of the plan."""
CANDIDATES_BY_STATE = _INDEX["candidate_by_school_and_state"]
"""A school's candidates in one state, in key order (:data:`~.layout.FILTER_COLUMNS`): the tabs' counts and a
page of one."""
