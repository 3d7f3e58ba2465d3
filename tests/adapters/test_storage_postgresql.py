"""The SQL storage on a real PostgreSQL server against the storage contract suite."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from sqlalchemy import text

from xcert_adapters.storage.sql.schema import TABLES
from xcert_adapters.storage.sql.storage import SqlStorage
from xcert_core.labels import VerificationState
from xcert_core.model import Candidate, Registration, School
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.storage import Storage
from xcert_core.testing.storage_contract import StorageContract, sample_candidate


class TestPostgresqlStorage(StorageContract):
    @pytest.fixture(autouse=True)
    def _server(self, postgresql_url: str) -> None:
        self.url = postgresql_url

    def make_storage(self) -> Storage:
        storage = SqlStorage(self.url)
        with storage._engine.begin() as connection:  # a fresh, empty store for every check
            connection.execute(text(f"TRUNCATE {', '.join(table.name for table in TABLES.values())}"))
        return storage

    def connect_again(self, storage: Storage) -> Storage:
        return SqlStorage(self.url)


def test_postgresql_url_selects_sql_storage(postgresql_url: str) -> None:
    storage = make_plugin_manager(env={}).open_storage(postgresql_url.replace("+psycopg", ""))
    assert isinstance(storage, SqlStorage)
    storage.put(School("PG1", "省教育厅"))
    assert storage.get(School, ("PG1",)).name == "省教育厅"
    storage.close()


def reopened_as_left_by(url: str, stored: list[Any], version: int, *statements: str) -> SqlStorage:
    """The database at ``url`` with ``stored`` in it, made to look as schema ``version`` left it (``statements``
    undo what came later), then opened again: upgraded."""
    storage = SqlStorage(url)
    storage.add_all(stored)
    with storage._engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        connection.execute(text(f"UPDATE xcert_meta SET value = '{version}' WHERE name = 'schema_version'"))
    storage.close()
    return SqlStorage(url)


def test_version_11_database_gains_the_registrations_school_column_filled_from_their_data(
        postgresql_database: str) -> None:
    """The upgrade's PostgreSQL branch: the school is read out of the JSON data (``->>``) into the new column."""
    upgraded = reopened_as_left_by(  # version 11: the school only in each one's data
        postgresql_database, [Registration("P1", f"ID{n}", "AB"[n % 2], "C1", "Z1") for n in range(6)], 11,
        "DROP INDEX registration_by_plan_and_school", "ALTER TABLE registration DROP COLUMN school_code")
    assert upgraded.values(Registration, ("id_number",), plan_code="P1", school_code="B") == [("ID1",), ("ID3",),
                                                                                              ("ID5",)]
    with upgraded._engine.begin() as connection:
        assert connection.execute(text("SELECT school_code FROM registration ORDER BY id_number")).scalars().all() \
            == list("ABABAB")
        assert connection.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                       "'registration_by_plan_and_school'")).scalar() == 1
    upgraded.close()


def test_version_12_database_gains_the_candidates_state_column_filled_from_their_data(
        postgresql_database: str) -> None:
    """The upgrade's PostgreSQL branch: the state is read out of the JSON data (``->>``) into the new column."""
    states = list(VerificationState)
    upgraded = reopened_as_left_by(  # version 12: the state only in each one's data
        postgresql_database, [attrs.evolve(sample_candidate("S1", f"ID{n}"), state=states[n % 2]) for n in range(6)],
        12, "DROP INDEX candidate_by_school_and_state", "ALTER TABLE candidate DROP COLUMN state")
    assert [c.id_number for c in upgraded.page(Candidate, 1, 5, school_code="S1", state=states[1])] == ["ID3", "ID5"]
    assert upgraded.count(Candidate, school_code="S1", state=states[0]) == 3
    with upgraded._engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                       "'candidate_by_school_and_state'")).scalar() == 1
    upgraded.close()


def test_a_page_is_in_the_order_python_sorts_the_keys_whatever_the_database_collation(
        postgresql_database: str) -> None:
    """Keys that a linguistic collation orders otherwise than code points (case, punctuation, Chinese), in a
    column given ICU's root collation (what a server created in en_US or zh_CN gives every text column): the page
    is still the slice of the list (sorted by Python), as the contract says."""
    storage = SqlStorage(postgresql_database)
    with storage._engine.begin() as connection:
        icu = connection.execute(text("SELECT collname FROM pg_collation WHERE collprovider = 'i' "
                                      "AND collname = 'und-x-icu'")).scalar()
        if icu is None:
            pytest.skip("this PostgreSQL server was built without ICU: no linguistic collation to try")
        connection.execute(text('ALTER TABLE candidate ALTER COLUMN id_number TYPE varchar COLLATE "und-x-icu"'))
        ordered = connection.execute(text("SELECT x FROM unnest(ARRAY['a1', 'B2', 'b1']) AS x ORDER BY x "
                                          'COLLATE "und-x-icu"')).scalars().all()
        assert ordered == ["a1", "b1", "B2"]  # the collation does order otherwise than Python
    numbers = ["a1", "B2", "_3", "b1", "张", "Z9", "-x", "10", "9"]
    storage.add_all([sample_candidate("S1", number) for number in numbers])
    listed = storage.list(Candidate, school_code="S1")
    assert [c.id_number for c in listed] == sorted(numbers)
    assert [storage.page(Candidate, n, 2, school_code="S1") for n in range(0, 10, 2)] == \
        [listed[n:n + 2] for n in range(0, 10, 2)]
    storage.close()
