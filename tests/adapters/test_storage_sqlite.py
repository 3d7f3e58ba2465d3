"""The SQL storage on SQLite against the storage contract suite, plus what only a file database shows."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import create_engine, text

from xcert_adapters.storage.sql.migrations import SchemaTooNewError
from xcert_adapters.storage.sql.schema import SCHEMA_VERSION, TABLES
from xcert_adapters.storage.sql.storage import IN_BATCH, SqlStorage, _select_all_text
from xcert_core.labels import VerificationState
from xcert_core.model import STORED_ENTITIES, Candidate, Registration, School, SeatAssignment, VerificationRecord
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.storage import Storage
from xcert_core.testing.storage_contract import StorageContract, sample_candidate
from xcert_core.testing.strategies import entities

_counter = itertools.count()


class TestSqliteStorage(StorageContract):
    @pytest.fixture(autouse=True)
    def _folder(self, tmp_path: Path) -> None:
        self.folder = tmp_path

    def make_storage(self) -> Storage:
        return SqlStorage(f"sqlite:///{self.folder / f'xcert-{next(_counter)}.db'}")

    def connect_again(self, storage: Storage) -> Storage:
        assert isinstance(storage, SqlStorage)
        return SqlStorage(storage.url)


def test_every_stored_entity_has_a_table() -> None:
    assert set(TABLES) == set(STORED_ENTITIES)


def test_sqlite_url_selects_sql_storage_and_data_persists(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'xcert.db'}"
    plugins = make_plugin_manager(env={})
    storage = plugins.open_storage(url)
    storage.add(School("S001", "太原市信息技术学校"))
    storage.close()
    reopened = plugins.open_storage(url)
    assert reopened.get(School, ("S001",)).name == "太原市信息技术学校"
    reopened.close()


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'xcert.db'}"
    SqlStorage(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE xcert_meta SET value = :v WHERE name = 'schema_version'"),
                           {"v": str(SCHEMA_VERSION + 1)})
    engine.dispose()
    with pytest.raises(SchemaTooNewError, match="请升级 xcert"):
        SqlStorage(url)


def as_left_by(url: str, version: int, *statements: str) -> None:
    """Make the database at ``url`` look as schema ``version`` left it: ``statements`` undo what came later."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        connection.execute(text(f"UPDATE xcert_meta SET value = '{version}' WHERE name = 'schema_version'"))
    engine.dispose()


def upgraded_query_plan(url: str, sql: str, parameters: Sequence[object] = ()) -> str:
    """SQLite's query plan of ``sql`` in the database at ``url``, after checking that it is at the current schema
    version (an upgraded database must have recorded it)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT value FROM xcert_meta")).scalar() == str(SCHEMA_VERSION)
        driver = connection.connection.driver_connection
        plan = driver.execute(f"EXPLAIN QUERY PLAN {sql}", list(parameters)).fetchall()
    engine.dispose()
    return " ".join(str(row) for row in plan)


def test_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    storage = SqlStorage(url)
    storage.add(School("S001", "旧库里的学校"))
    storage.close()
    as_left_by(url, 1, "DROP TABLE verification_record")
    upgraded = SqlStorage(url)
    assert upgraded.get(School, ("S001",)).name == "旧库里的学校"
    assert upgraded.count(VerificationRecord) == 0
    upgraded.close()
    engine = create_engine(url)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT value FROM xcert_meta")).scalar() == str(SCHEMA_VERSION)
    engine.dispose()


def test_version_6_database_gains_the_registration_index_and_uses_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    SqlStorage(url).close()
    as_left_by(url, 6, "DROP INDEX registration_by_id_number")
    SqlStorage(url).close()
    assert "registration_by_id_number" in upgraded_query_plan(url, "SELECT * FROM registration WHERE id_number = 'x'")


def test_version_11_database_gains_the_registrations_school_column_filled_from_their_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    storage = SqlStorage(url)
    storage.add_all([Registration("P1", f"ID{n}", "AB"[n % 2], "C1", "Z1") for n in range(6)])
    storage.close()
    as_left_by(url, 11, "DROP INDEX registration_by_plan_and_school",  # the school only in each one's data
               "ALTER TABLE registration DROP COLUMN school_code")
    upgraded = SqlStorage(url)
    assert upgraded.values(Registration, ("id_number",), plan_code="P1", school_code="B") == [("ID1",), ("ID3",),
                                                                                              ("ID5",)]
    assert [r.school_code for r in upgraded.list(Registration)] == list("ABABAB")
    upgraded.close()
    engine = create_engine(url)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT school_code FROM registration ORDER BY id_number")).scalars().all() \
            == list("ABABAB")
    engine.dispose()
    plan = upgraded_query_plan(url, "SELECT id_number FROM registration WHERE plan_code = 'P1' AND school_code = 'B'")
    assert "registration_by_plan_and_school" in plan, plan


def test_version_12_database_gains_the_candidates_state_column_and_a_page_uses_its_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    states = list(VerificationState)
    storage = SqlStorage(url)
    storage.add_all([attrs.evolve(sample_candidate("S1", f"ID{n}"), state=states[n % 2]) for n in range(6)])
    storage.close()
    as_left_by(url, 12, "DROP INDEX candidate_by_school_and_state",  # the state only in each one's data
               "ALTER TABLE candidate DROP COLUMN state")
    upgraded = SqlStorage(url)
    assert [c.id_number for c in upgraded.page(Candidate, 1, 5, school_code="S1", state=states[1])] == ["ID3", "ID5"]
    assert upgraded.count(Candidate, school_code="S1", state=states[0]) == 3
    upgraded.close()
    sql, _ = _select_all_text(Candidate, ("school_code", "state"), "sqlite", paged=True)  # what page runs
    plan = upgraded_query_plan(url, sql, ["S1", states[0].value, 50, 0])
    assert "candidate_by_school_and_state" in plan and "TEMP B-TREE" not in plan, plan  # no sort of the rows


def test_version_10_database_gains_the_seat_index_and_a_schools_seats_use_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    SqlStorage(url).close()
    as_left_by(url, 10, "DROP INDEX seat_assignment_by_id_number")
    SqlStorage(url).close()
    sql, _ = _select_all_text(SeatAssignment, ("plan_code",), "sqlite", "id_number")  # what list_in runs
    plan = upgraded_query_plan(url, sql, ["P1", *[f"ID{n}" for n in range(IN_BATCH)]])
    assert "seat_assignment_by_id_number" in plan, plan


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entity=entities())
def test_a_look_up_by_key_reads_what_a_listing_reads(tmp_path_factory: pytest.TempPathFactory, entity: Any) -> None:
    """The look-up on SQLite runs on the driver's connection (its own statement text, #21 item 3): for any entity
    of any kind it gives the entity and revision the SQLAlchemy path gives, inside a transaction what the
    transaction wrote, and for another key nothing."""
    storage = SqlStorage(f"sqlite:///{tmp_path_factory.mktemp('db') / 'x.db'}")
    kind = type(entity)
    with storage.transaction() as tx:
        tx.add(entity)
        assert tx.get_with_revision(kind, entity.key) == (entity, 1)  # the transaction's own write
    assert storage.get_with_revision(kind, entity.key) == (entity, 1) and storage.list(kind) == [entity]
    assert storage.find(kind, (*entity.key[:-1], entity.key[-1] + "x")) is None
    with pytest.raises(ValueError, match="key of"):
        storage.get(kind, (*entity.key, "extra"))
    storage.close()
