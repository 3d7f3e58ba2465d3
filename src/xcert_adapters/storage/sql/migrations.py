"""Schema versioning: a version row in ``xcert_meta`` and upgrade steps from each version to the next.

Contract of :func:`prepare`: an empty database gets the current schema and version; an older one is upgraded
step by step inside one transaction; a newer one (made by a newer xcert) is refused with a clear message,
never touched. Add a step to :data:`UPGRADES` and bump ``SCHEMA_VERSION`` together.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Index, inspect, select, text

from xcert_adapters.storage.sql.layout import SCHEMA_VERSION
from xcert_adapters.storage.sql.schema import (
    CANDIDATES_BY_STATE,
    REGISTRATION_BY_ID_NUMBER,
    REGISTRATIONS_BY_SCHOOL,
    SEATS_BY_ID_NUMBER,
    TABLES,
    metadata,
    xcert_meta,
)
from xcert_core.errors import StorageError
from xcert_core.model import (
    Account,
    ApiToken,
    AuditEntry,
    Candidate,
    CertificateAward,
    Entity,
    ExamClientCheck,
    FeePayment,
    ImportRecord,
    Registration,
    SeatChange,
    SubjectScore,
    VerificationRecord,
)

VERSION_ROW = "schema_version"


def _create_all(connection: Connection) -> None:
    """An empty database gets every current table at once (later steps then find nothing to do)."""
    metadata.create_all(connection)


def _add_verification_log(connection: Connection) -> None:
    """Version 2: the verification event log (认证记录)."""
    TABLES[VerificationRecord].create(connection, checkfirst=True)


def _add_seat_change_log(connection: Connection) -> None:
    """Version 3: the log of seating changes (排考调整记录)."""
    TABLES[SeatChange].create(connection, checkfirst=True)


def _add_exam_client_checks(connection: Connection) -> None:
    """Version 4: the exam client's installation and test per room (考试客户端)."""
    TABLES[ExamClientCheck].create(connection, checkfirst=True)


def _add_accounts_and_audit_log(connection: Connection) -> None:
    """Version 5: workbench accounts, their API tokens and the audit log (账户、API 令牌、操作记录)."""
    for entity_type in (Account, ApiToken, AuditEntry):
        TABLES[entity_type].create(connection, checkfirst=True)


def _add_import_records(connection: Connection) -> None:
    """Version 6: the import history (导入记录)."""
    TABLES[ImportRecord].create(connection, checkfirst=True)


def _index_registrations_by_person(connection: Connection) -> None:
    """Version 7: registrations indexed by ID number (#21: a person's registrations in other plans)."""
    REGISTRATION_BY_ID_NUMBER.create(connection, checkfirst=True)


def _add_subject_scores(connection: Connection) -> None:
    """Version 8: subject scores (科目成绩), after the exam."""
    TABLES[SubjectScore].create(connection, checkfirst=True)


def _add_certificate_awards(connection: Connection) -> None:
    """Version 9: certificates awarded and handed out (证书发放)."""
    TABLES[CertificateAward].create(connection, checkfirst=True)


def _add_fee_payments(connection: Connection) -> None:
    """Version 10: exam fees paid and refunded (缴费管理)."""
    TABLES[FeePayment].create(connection, checkfirst=True)


def _index_seats_by_person(connection: Connection) -> None:
    """Version 11: seats indexed by ID number (#21: a school's part of a plan's seats, by its candidates)."""
    SEATS_BY_ID_NUMBER.create(connection, checkfirst=True)


def _column_from_data(connection: Connection, entity_type: type[Entity], name: str, index: Index) -> None:
    """The field ``name`` of each stored ``entity_type`` in a text column of its own, filled from its JSON data
    (SQLite's ``json_extract``, PostgreSQL's ``->>``), and ``index`` over it; nothing is done twice."""
    table = TABLES[entity_type]
    if name not in {column["name"] for column in inspect(connection).get_columns(table.name)}:
        connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} VARCHAR NOT NULL DEFAULT ''"))
        from_data = (f"json_extract(data, '$.{name}')" if connection.dialect.name == "sqlite"
                     else f"data ->> '{name}'")
        connection.execute(text(f"UPDATE {table.name} SET {name} = {from_data}"))
    index.create(connection, checkfirst=True)


def _registration_school_column(connection: Connection) -> None:
    """Version 12: each registration's school in a column of its own, filled from its data, and indexed with
    the plan (a school's registrations of a plan, without reading the plan's)."""
    _column_from_data(connection, Registration, "school_code", REGISTRATIONS_BY_SCHOOL)


def _candidate_state_column(connection: Connection) -> None:
    """Version 13: each candidate's verification state in a column of its own, filled from its data, and indexed
    with the school (a page of the student list, and the count of each state, without reading the others)."""
    _column_from_data(connection, Candidate, "state", CANDIDATES_BY_STATE)


UPGRADES: dict[int, Callable[[Connection], None]] = {
    0: _create_all,
    1: _add_verification_log,
    2: _add_seat_change_log,
    3: _add_exam_client_checks,
    4: _add_accounts_and_audit_log,
    5: _add_import_records,
    6: _index_registrations_by_person,
    7: _add_subject_scores,
    8: _add_certificate_awards,
    9: _add_fee_payments,
    10: _index_seats_by_person,
    11: _registration_school_column,
    12: _candidate_state_column,
}


class SchemaTooNewError(StorageError):
    """The database was made by a newer xcert than this one."""


def stored_version(connection: Connection) -> int:
    """The schema version recorded in the database; 0 for a database without xcert's tables."""
    if not inspect(connection).has_table(xcert_meta.name):
        return 0
    value = connection.execute(select(xcert_meta.c.value).where(xcert_meta.c.name == VERSION_ROW)).scalar()
    return int(value) if value is not None else 0


def prepare(connection: Connection, url_for_messages: str) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION` (see the module contract); returns the version found."""
    found = stored_version(connection)
    if found > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"数据库 {url_for_messages} 由更新版本的 xcert 创建（架构版本 {found}），当前 xcert 只支持到版本 "
            f"{SCHEMA_VERSION}，请升级 xcert 后再打开: database schema {found} is newer than this xcert "
            f"supports ({SCHEMA_VERSION}); upgrade xcert"
        )
    for version in range(found, SCHEMA_VERSION):
        UPGRADES[version](connection)
    if found < SCHEMA_VERSION:
        if found == 0:
            connection.execute(xcert_meta.insert().values(name=VERSION_ROW, value=str(SCHEMA_VERSION)))
        else:
            connection.execute(
                xcert_meta.update().where(xcert_meta.c.name == VERSION_ROW).values(value=str(SCHEMA_VERSION))
            )
    return found
