"""The SQL storage on a real PostgreSQL server against the storage contract suite."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from xcert_adapters.storage.sql.schema import TABLES
from xcert_adapters.storage.sql.storage import SqlStorage
from xcert_core.model import Registration, School
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.storage import Storage
from xcert_core.testing.storage_contract import StorageContract


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


def test_version_11_database_gains_the_registrations_school_column_filled_from_their_data(
        postgresql_database: str) -> None:
    """The upgrade's PostgreSQL branch: the school is read out of the JSON data (``->>``) into the new column."""
    storage = SqlStorage(postgresql_database)
    storage.add_all([Registration("P1", f"ID{n}", "AB"[n % 2], "C1", "Z1") for n in range(6)])
    with storage._engine.begin() as connection:  # as version 11 left it: the school only in each one's data
        connection.execute(text("DROP INDEX registration_by_plan_and_school"))
        connection.execute(text("ALTER TABLE registration DROP COLUMN school_code"))
        connection.execute(text("UPDATE xcert_meta SET value = '11' WHERE name = 'schema_version'"))
    storage.close()
    upgraded = SqlStorage(postgresql_database)
    assert upgraded.values(Registration, ("id_number",), plan_code="P1", school_code="B") == [("ID1",), ("ID3",),
                                                                                              ("ID5",)]
    with upgraded._engine.begin() as connection:
        assert connection.execute(text("SELECT school_code FROM registration ORDER BY id_number")).scalars().all() \
            == list("ABABAB")
        assert connection.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                       "'registration_by_plan_and_school'")).scalar() == 1
    upgraded.close()
