"""``replace_changed``: the stored entities become the new ones, and only what differs is written (a redo of a
plan with the same seed writes nothing; a reseeded plan rewrites exactly the seats that moved)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hypothesis import given
from hypothesis import strategies as st

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.model import Entity, ExamRoom
from xcert_core.scheduling.stored import replace_changed


class Recording:
    """A storage that records what it was asked to delete and add."""

    def __init__(self, storage: MemoryStorage) -> None:
        self.storage = storage
        self.deleted: list[tuple[str, ...]] = []
        self.added: list[Entity] = []

    def delete_all(self, entity_type: type[Entity], keys: Sequence[tuple[str, ...]]) -> int:
        self.deleted += keys
        return self.storage.delete_all(entity_type, keys)

    def add_all(self, entities: Iterable[Entity]) -> int:
        entities = list(entities)
        self.added += entities
        return self.storage.add_all(entities)


ROOMS = st.dictionaries(st.sampled_from([f"R{n}" for n in range(12)]), st.integers(1, 3), max_size=12)


def rooms(seats: dict[str, int]) -> list[ExamRoom]:
    return [ExamRoom("P1", "Z1", name, seats=count) for name, count in seats.items()]


@given(ROOMS, ROOMS)
def test_only_what_differs_is_written_and_the_new_entities_are_stored(old_seats: dict[str, int],
                                                                      new_seats: dict[str, int]) -> None:
    storage = MemoryStorage()
    old, new = rooms(old_seats), rooms(new_seats)
    storage.add_all(old)
    recording = Recording(storage)
    replace_changed(recording, ExamRoom, storage.list(ExamRoom), new)  # type: ignore[arg-type]
    assert sorted(storage.list(ExamRoom), key=lambda room: room.key) == sorted(new, key=lambda room: room.key)
    assert sorted(recording.deleted) == sorted(room.key for room in old if room not in new)
    assert sorted(recording.added, key=lambda room: room.key) == sorted(
        (room for room in new if room not in old), key=lambda room: room.key)
