"""The SQL storage on a real PostgreSQL server against the storage contract suite."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from xcert_adapters.storage.sql.schema import TABLES
from xcert_adapters.storage.sql.storage import SqlStorage
from xcert_core.model import School
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
