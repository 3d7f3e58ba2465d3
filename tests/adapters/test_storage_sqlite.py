"""The SQL storage on SQLite against the storage contract suite, plus what only a file database shows."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import create_engine, text

from xcert_adapters.storage.sql.layout import SCHEMA_VERSION
from xcert_adapters.storage.sql.migrations import SchemaTooNewError
from xcert_adapters.storage.sql.schema import TABLES
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


_READ_ONLY_SESSION = """
import os
import sys
from xcert_adapters.storage.sql.storage import SqlStorage
from xcert_core.model import Candidate, School
storage = SqlStorage(sys.argv[1])
assert storage.get(School, ("S001",)).name == "学校" and storage.find(School, ("S002",)) is None
assert [c.id_number for c in storage.list(Candidate)] == ["ID1", "ID2"]
assert [c.id_number for c in storage.page(Candidate, 1, 5, school_code="S001")] == ["ID2"]
assert storage.count(Candidate, school_code="S001") == 2 and storage.count(School) == 1
assert storage.list_in(Candidate, "id_number", ["ID2"]) == storage.list(Candidate, id_number="ID2")
print("read without:", "sqlalchemy" not in sys.modules, oct(os.stat(sys.argv[2]).st_mode & 0o777))
storage.put(School("S002", "又一所"))
print("written with:", "sqlalchemy" in sys.modules, storage.get(School, ("S002",)).name)
storage.close()
"""


def test_a_session_that_only_reads_a_current_database_never_imports_sqlalchemy(tmp_path: Path) -> None:
    """Look-ups, lists, pages and counts of a SQLite file at the current schema run on sqlite3 alone (every
    command that only reads starts sooner); the first write makes the engine, and reads see it."""
    url = f"sqlite:///{tmp_path / 'xcert.db'}"
    storage = SqlStorage(url)
    storage.add_all([School("S001", "学校"), sample_candidate("S001", "ID1"), sample_candidate("S001", "ID2")])
    storage.close()
    (tmp_path / "xcert.db").chmod(0o644)
    run = subprocess.run([sys.executable, "-c", _READ_ONLY_SESSION, url, str(tmp_path / "xcert.db")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    # made private at opening, as the engine makes it
    assert run.stdout.split("\n")[:2] == ["read without: True 0o600", "written with: True 又一所"]


def test_an_older_database_is_still_upgraded_at_opening(tmp_path: Path) -> None:
    """Only a file at the current schema is opened without the engine: one a version behind is upgraded when
    it is opened, before anything is read."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    SqlStorage(url).close()
    as_left_by(url, SCHEMA_VERSION - 1, "DROP INDEX candidate_by_school_and_state")
    SqlStorage(url).close()  # opened, nothing read
    assert "candidate_by_school_and_state" in upgraded_query_plan(
        url, "SELECT * FROM candidate WHERE school_code = 'S' AND state = 'verified'")


def test_each_thread_reads_on_its_own_connection_and_close_ends_them_all(tmp_path: Path) -> None:
    storage = SqlStorage(f"sqlite:///{tmp_path / 'xcert.db'}")
    storage.add(School("S001", "学校"))
    reopened = SqlStorage(storage.url)
    found: list[object] = []
    workers = [threading.Thread(target=lambda: found.append(reopened.get(School, ("S001",)))) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [school.name for school in found] == ["学校"] * 3  # type: ignore[attr-defined]
    storage.add(School("S002", "后来的"))  # written elsewhere after the readers opened: they see it
    assert reopened.get(School, ("S002",)).name == "后来的"
    reopened.close()  # the worker threads' readers are closed from this thread
    storage.close()
