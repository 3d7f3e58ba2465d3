"""The failure-injecting storage counts every write, in and out of transactions (#25 item 3), so an
all-or-nothing test notices a use case that writes outside its transaction."""

from __future__ import annotations

import pytest

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.model import PilotApplication, School
from xcert_core.testing.failing_storage import FailingStorage
from xcert_core.testing.storage_contract import sample_application


def all_or_nothing(storage: FailingStorage) -> None:
    with storage.transaction() as tx:
        tx.add(School("S1", "甲"))
        with tx.transaction() as inner:
            inner.put(School("S2", "乙"))
        tx.adjust_quota(sample_application(approved=5).key, 1)


def bypassing(storage: FailingStorage) -> None:
    storage.add(School("S1", "甲"))  # before its transaction: not all-or-nothing
    with storage.transaction() as tx:
        tx.put(School("S2", "乙"))
        tx.adjust_quota(sample_application(approved=5).key, 1)


@pytest.mark.parametrize("fail_at", [0, 1, 2])
def test_each_write_can_fail_and_a_transaction_leaves_nothing(fail_at: int) -> None:
    storage = FailingStorage(MemoryStorage())
    storage.add(sample_application(approved=5))
    assert storage.writes == 1  # outside a transaction: counted too
    before = (storage.inner.list(School), storage.inner.list(PilotApplication))
    storage.writes, storage.fail_at = 0, fail_at
    with pytest.raises(OSError, match="simulated"):
        all_or_nothing(storage)
    assert (storage.inner.list(School), storage.inner.list(PilotApplication)) == before
    assert storage.writes == fail_at


def test_a_use_case_writing_outside_its_transaction_is_caught() -> None:
    storage = FailingStorage(MemoryStorage())
    storage.add(sample_application(approved=5))
    storage.writes, storage.fail_at = 0, 1
    with pytest.raises(OSError):
        bypassing(storage)
    assert storage.inner.list(School) == [School("S1", "甲")]  # half-written: what a snapshot test will see


def test_without_fail_at_it_only_counts() -> None:
    storage = FailingStorage(MemoryStorage())
    storage.add(sample_application(approved=5))
    all_or_nothing(storage)
    assert storage.writes == 4 and storage.inner.count(School) == 2
    assert storage.count(School) == 2  # reads pass through
