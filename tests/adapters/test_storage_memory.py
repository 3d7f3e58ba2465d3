"""The in-memory storage adapter against the storage contract suite."""

from __future__ import annotations

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.storage import Storage
from xcert_core.testing.storage_contract import StorageContract


class TestMemoryStorage(StorageContract):
    def make_storage(self) -> Storage:
        return MemoryStorage()


def test_memory_storage_is_selected_by_url() -> None:
    plugins = make_plugin_manager(env={})
    storage = plugins.open_storage("memory://")
    assert isinstance(storage, MemoryStorage)
    assert isinstance(storage, Storage)
