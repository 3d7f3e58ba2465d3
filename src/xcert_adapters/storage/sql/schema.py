"""Tables: one per stored entity, shaped from the entity's ``key_fields`` and ``unique_fields``.

Contract: every type in :data:`xcert_core.model.STORED_ENTITIES` has a table here, with its ``key_fields`` as
the primary key, ``revision`` and ``data`` (the whole entity as JSON). Fields an invariant depends on are
real columns too (:func:`extra_column_names`): every field of ``unique_fields`` (with a UNIQUE constraint)
and the pilot application's quota counters (with a CHECK constraint). On read, column values win over the
JSON copy, so an UPDATE of the counter column alone is enough.
"""

from __future__ import annotations

import re

import attrs
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

from xcert_core.model import STORED_ENTITIES, Candidate, Entity, PilotApplication, Registration, SeatAssignment

SCHEMA_VERSION = 13
metadata = MetaData()

xcert_meta = Table(
    "xcert_meta", metadata,
    Column("name", String(), primary_key=True),
    Column("value", String(), nullable=False),
)

QUOTA_COLUMNS = ("approved_quota", "used_quota")
CHECKS: dict[type[Entity], tuple[CheckConstraint, ...]] = {
    PilotApplication: (
        CheckConstraint("used_quota >= 0 AND used_quota <= approved_quota", name="quota_within_approved"),
    ),
}


def table_name(entity_type: type[Entity]) -> str:
    """``SeatAssignment`` -> ``seat_assignment``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", entity_type.__name__).lower()


FILTER_COLUMNS: dict[type[Entity], tuple[str, ...]] = {Registration: ("school_code",), Candidate: ("state",)}
"""Fields stored as columns of their own so that filters on them run (indexed) in SQL: a school's registrations
of a plan, which each school's package needs, without reading the plan's; a school's candidates in one
verification state, which a page of the workbench's and the API's student list shows, counted and paged without
reading the others."""


def extra_column_names(entity_type: type[Entity]) -> tuple[str, ...]:
    """Fields stored as real columns besides the key, in a stable order."""
    names = [name for fields in entity_type.unique_fields for name in fields]
    if entity_type is PilotApplication:
        names += QUOTA_COLUMNS
    names += FILTER_COLUMNS.get(entity_type, ())
    return tuple(dict.fromkeys(name for name in names if name not in entity_type.key_fields))


def _column(entity_type: type[Entity], name: str) -> Column[int] | Column[str]:
    field_type = attrs.fields_dict(entity_type)[name].type  # type: ignore[arg-type]
    if field_type in (int, "int"):
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
Index("candidate_by_id_number", TABLES[Candidate].c.id_number)
REGISTRATION_BY_ID_NUMBER = Index("registration_by_id_number", TABLES[Registration].c.id_number)
"""A person's registrations across plans (the registration rules look for the same person in other plans, once per
imported row): the primary key starts with the plan code, so without it every look-up reads the whole table."""
REGISTRATIONS_BY_SCHOOL = Index("registration_by_plan_and_school", TABLES[Registration].c.plan_code,
                                TABLES[Registration].c.school_code)
"""A school's registrations of a plan (:data:`FILTER_COLUMNS`)."""
SEATS_BY_ID_NUMBER = Index("seat_assignment_by_id_number", TABLES[SeatAssignment].c.id_number)
"""A school's part of a plan's seats, read by its candidates' ID numbers (:meth:`SqlStorage.list_in`): the primary
key starts with the plan and the session, so without it each look-up reads every seat of the plan."""
CANDIDATES_BY_STATE = Index("candidate_by_school_and_state", TABLES[Candidate].c.school_code,
                            TABLES[Candidate].c.state, TABLES[Candidate].c.id_number)
"""A school's candidates in one state, in key order (:data:`FILTER_COLUMNS`): the tabs' counts and a page of one."""
