"""The storage contract suite: what every :class:`~xcert_core.ports.storage.Storage` adapter must do.

Use it from a test module of your own adapter::

    from xcert_core.testing.storage_contract import StorageContract

    class TestMyStorage(StorageContract):
        def make_storage(self):
            return MyStorage("mystore://…")          # a fresh, empty store every call

Override :meth:`StorageContract.connect_again` when one handle must not be shared between threads (the SQL
adapters return a second connection to the same database there). Needs pytest and hypothesis.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xcert_core.errors import (
    ConcurrencyError,
    ConstraintError,
    DuplicateKeyError,
    NotFoundError,
    QuotaExceededError,
)
from xcert_core.labels import CandidateType, Gender, IdType, ReviewStatus, VerificationState
from xcert_core.model import STORED_ENTITIES, Candidate, Entity, PilotApplication, School, SeatAssignment
from xcert_core.ports.storage import Storage
from xcert_core.serialization import plain_field_types
from xcert_core.testing.strategies import STRATEGIES


def _is_plain(entity_type: type[Entity], name: str) -> bool:
    try:
        plain_field_types(entity_type, (name,))
    except TypeError:
        return False
    return True


def sample_candidate(school_code: str, id_number: str, name: str = "张三") -> Candidate:
    """A minimal school candidate for storage tests."""
    return Candidate(
        school_code=school_code, name=name, name_pinyin="Zhang San", gender=Gender.MALE,
        id_type=IdType.RESIDENT_ID, id_number=id_number, mobile="13800000000",
        candidate_type=CandidateType.SCHOOL,
    )


def sample_application(approved: int, used: int = 0) -> PilotApplication:
    """An approved pilot application with the given quota."""
    return PilotApplication(
        school_code="S001", certificate_code="1550001066010252", year=2022, batch="第一次",
        status=ReviewStatus.APPROVED, applied_quota=approved, approved_quota=approved, used_quota=used,
    )


def sample_seat(id_number: str, seat: int, ticket: str) -> SeatAssignment:
    """A seat of plan P1, session S1, room 信息楼301 (one seat and one ticket number per candidate)."""
    return SeatAssignment("P1", "S1", id_number, "Z01", "信息楼301", seat, ticket)


class StorageContract:
    """Subclass with ``make_storage`` returning a fresh, empty storage; pytest then runs every check."""

    threads = 8

    def make_storage(self) -> Storage:
        raise NotImplementedError("a StorageContract subclass must implement make_storage()")

    def connect_again(self, storage: Storage) -> Storage:
        """Another handle on the same data, for another thread. Default: the same object."""
        return storage

    def close_again(self, handle: Storage, storage: Storage) -> None:
        if handle is not storage:
            handle.close()

    @pytest.fixture
    def storage(self) -> Any:
        store = self.make_storage()
        yield store
        store.close()

    # -- CRUD for every entity ------------------------------------------------------------------------

    @pytest.mark.parametrize("entity_type", STORED_ENTITIES, ids=lambda t: t.__name__)
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def test_add_get_round_trip(self, entity_type: type[Entity], data: st.DataObject) -> None:
        """Any entity, added one by one or in bulk, reads back equal, at revision 1."""
        entity = data.draw(STRATEGIES[entity_type]())
        store = self.make_storage()
        try:
            assert store.add(entity) == 1
            assert store.get(entity_type, entity.key) == entity
            assert store.find(entity_type, entity.key) == entity
            assert store.get_with_revision(entity_type, entity.key) == (entity, 1)
            assert store.count(entity_type) == 1
            assert store.list(entity_type) == [entity]
            store.delete(entity_type, entity.key)  # the bulk path writes the same (a COPY escapes text its own way)
            assert store.add_all([entity]) == 1
            assert store.get_with_revision(entity_type, entity.key) == (entity, 1)
        finally:
            store.close()

    def test_add_never_overwrites(self, storage: Storage) -> None:
        storage.add(School("S001", "太原市信息技术学校"))
        with pytest.raises(DuplicateKeyError):
            storage.add(School("S001", "另一个名字"))
        assert storage.get(School, ("S001",)).name == "太原市信息技术学校"

    def test_put_overwrites_and_counts_revisions(self, storage: Storage) -> None:
        assert storage.put(School("S001", "旧名")) == 1
        assert storage.put(School("S001", "新名")) == 2
        assert storage.get_with_revision(School, ("S001",)) == (School("S001", "新名"), 2)
        assert storage.count(School) == 1

    def test_missing_keys(self, storage: Storage) -> None:
        assert storage.find(School, ("nope",)) is None
        with pytest.raises(NotFoundError):
            storage.get(School, ("nope",))
        with pytest.raises(NotFoundError):
            storage.delete(School, ("nope",))
        with pytest.raises(NotFoundError):
            storage.replace(School("nope", "x"), expected_revision=1)

    def test_delete(self, storage: Storage) -> None:
        storage.add(School("S001", "甲"))
        storage.add(School("S002", "乙"))
        storage.delete(School, ("S001",))
        assert storage.list(School) == [School("S002", "乙")]

    def test_list_filters_by_attributes_and_orders_by_key(self, storage: Storage) -> None:
        for school, id_number in [("S2", "3"), ("S1", "2"), ("S1", "1"), ("S2", "1")]:
            storage.add(sample_candidate(school, id_number))
        assert [c.key for c in storage.list(Candidate)] == [("S1", "1"), ("S1", "2"), ("S2", "1"), ("S2", "3")]
        assert [c.key for c in storage.list(Candidate, school_code="S2")] == [("S2", "1"), ("S2", "3")]
        assert storage.list(Candidate, school_code="S2", gender=Gender.FEMALE) == []

    @pytest.mark.parametrize("entity_type", STORED_ENTITIES, ids=lambda t: t.__name__)
    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def test_values_are_the_listed_entities_attributes(self, entity_type: type[Entity], data: st.DataObject) -> None:
        """``values`` reads, for any plain fields and any filter on them, what ``list`` gives, in its order."""
        plain = [f.name for f in attrs.fields(entity_type) if _is_plain(entity_type, f.name)]  # type: ignore[arg-type]
        entities = data.draw(st.lists(STRATEGIES[entity_type](), max_size=6, unique_by=lambda e: e.key))
        fields = data.draw(st.lists(st.sampled_from(plain), min_size=1, max_size=4))
        store = self.make_storage()
        try:
            with contextlib.suppress(ConstraintError):  # two drawn entities may share a unique field
                store.add_all(entities)
            stored = store.list(entity_type)
            assert store.values(entity_type, fields) == [tuple(getattr(e, n) for n in fields) for e in stored]
            if stored:
                name = data.draw(st.sampled_from(plain))
                value = getattr(data.draw(st.sampled_from(stored)), name)
                listed = store.list(entity_type, **{name: value})
                assert listed and store.values(entity_type, fields, **{name: value}) == [
                    tuple(getattr(e, n) for n in fields) for e in listed]
        finally:
            store.close()

    def test_values_refuse_fields_that_are_not_plain(self, storage: Storage) -> None:
        storage.add(sample_candidate("S1", "1"))
        assert storage.values(Candidate, ("id_number", "name")) == [("1", "张三")]
        with pytest.raises(TypeError):
            storage.values(Candidate, ("gender",))  # an enum: its stored form is not the attribute
        with pytest.raises(TypeError):
            storage.values(Candidate, ("no_such_field",))

    def test_delete_all_is_all_or_nothing(self, storage: Storage) -> None:
        for code in ("S1", "S2", "S3"):
            storage.add(School(code, code))
        with pytest.raises(NotFoundError):
            storage.delete_all(School, [("S1",), ("nope",), ("S2",)])
        assert [s.code for s in storage.list(School)] == ["S1", "S2", "S3"]
        with pytest.raises(NotFoundError):
            storage.delete_all(School, [("S1",), ("S1",)])  # the second time it is not stored
        assert storage.count(School) == 3
        assert storage.delete_all(School, [("S3",), ("S1",)]) == 2
        assert storage.list(School) == [School("S2", "S2")]
        assert storage.delete_all(School, []) == 0
        with storage.transaction() as tx:
            assert tx.delete_all(School, [("S2",)]) == 1
            assert tx.count(School) == 0
        assert storage.count(School) == 0

    def test_delete_all_deletes_exactly_the_keys_given(self) -> None:
        """Of seats whose keys share their plan, session or person, ``delete_all`` removes exactly the keys it is
        given and says how many: a key matched on some of its fields only would take others with it. (The
        property is a function of its own: a method given to hypothesis would be run by each adapter's class in
        one process, which hypothesis refuses.)"""
        seats = [SeatAssignment(plan, session, f"ID{person}", "Z1", "R1", person + 1, f"{plan}{session}{person}")
                 for plan in ("P1", "P2") for session in ("S1", "S2") for person in range(6)]

        @settings(max_examples=10, deadline=None)
        @given(chosen=st.sets(st.tuples(st.sampled_from(["P1", "P2"]), st.sampled_from(["S1", "S2"]),
                                        st.integers(0, 5)), max_size=24))
        def deletes_exactly(chosen: set[tuple[str, str, int]]) -> None:
            gone = {(plan, session, f"ID{person}") for plan, session, person in chosen}
            store = self.make_storage()
            try:
                store.add_all(seats)
                assert store.delete_all(SeatAssignment, sorted(gone)) == len(gone)
                assert {seat.key for seat in store.list(SeatAssignment)} == {seat.key for seat in seats} - gone
            finally:
                store.close()

        deletes_exactly()

    def test_list_in_is_list_kept_to_the_values_given(self) -> None:
        """``list_in`` gives what ``list`` gives for the same filters, kept to the entities whose field is one of
        the values: for any choice of ID numbers (some not stored), with or without a plan, by a key column of
        the seats and by a field held only in the data (a candidate's name)."""
        seats = [SeatAssignment(plan, session, f"ID{person}", "Z1", "R1", person + 1, f"{plan}{session}{person}")
                 for plan in ("P1", "P2") for session in ("S1", "S2") for person in range(6)]
        people = [sample_candidate("S1", f"ID{person}", name=f"学生{person % 3}") for person in range(6)]

        @settings(max_examples=10, deadline=None)
        @given(chosen=st.sets(st.integers(0, 8), max_size=9), plan=st.sampled_from([None, "P1", "P2"]),
               names=st.sets(st.sampled_from(["学生0", "学生1", "学生2", "无此人"]), max_size=4))
        def kept(chosen: set[int], plan: str | None, names: set[str]) -> None:
            ids = {f"ID{person}" for person in chosen}
            equals = {"plan_code": plan} if plan else {}
            store = self.make_storage()
            try:
                store.add_all([*seats, *people])
                assert store.list_in(SeatAssignment, "id_number", ids, **equals) == \
                    [seat for seat in store.list(SeatAssignment, **equals) if seat.id_number in ids]
                assert store.list_in(Candidate, "name", names) == [c for c in people if c.name in names]
            finally:
                store.close()

        kept()

    def test_list_in_takes_many_values_and_refuses_fields_it_cannot_compare(self, storage: Storage) -> None:
        seats = [SeatAssignment("P1", "S1", f"ID{n:04d}", "Z1", "R1", n + 1, f"T{n:04d}") for n in range(1200)]
        storage.add_all(seats)
        wanted = {f"ID{n:04d}" for n in range(0, 1200, 2)} | {"ID9999"}  # 601 values: more than one batch
        assert storage.list_in(SeatAssignment, "id_number", wanted, plan_code="P1") == seats[::2]
        assert storage.list_in(SeatAssignment, "id_number", wanted, plan_code="P2") == []
        assert storage.list_in(SeatAssignment, "id_number", []) == []
        assert storage.list_in(SeatAssignment, "seat", range(1, 4)) == seats[:3]  # an int column
        with pytest.raises(TypeError):
            storage.list_in(SeatAssignment, "no_such_field", ["x"])
        with pytest.raises(TypeError):
            storage.list_in(Candidate, "gender", ["male"])  # an enum: its stored form is not the attribute

    def test_page_and_count_are_the_list_sliced_and_measured(self) -> None:
        """``page`` gives ``list(...)[offset:offset + limit]`` and ``count`` its length, for any offset and limit
        (past the end too) and filters: none, a key column (the school), a field with a column of its own on SQL
        (the verification state), a field held only in the data (the name), and together."""
        states = list(VerificationState)
        people = [attrs.evolve(sample_candidate(("S1", "S2")[n % 2], f"ID{n:02d}", name=f"学生{n % 3}"),
                               state=states[n % len(states)]) for n in range(14)]

        @settings(max_examples=15, deadline=None)
        @given(offset=st.integers(0, 16), limit=st.integers(0, 16),
               school=st.sampled_from([None, "S1", "S2", "S9"]), state=st.sampled_from([None, *states]),
               name=st.sampled_from([None, "学生0", "学生2"]))
        def sliced(offset: int, limit: int, school: str | None, state: VerificationState | None,
                   name: str | None) -> None:
            equals = {key: value for key, value in (("school_code", school), ("state", state), ("name", name))
                      if value is not None}
            store = self.make_storage()
            try:
                store.add_all(people)
                listed = store.list(Candidate, **equals)
                assert store.page(Candidate, offset, limit, **equals) == listed[offset:offset + limit]
                assert store.count(Candidate, **equals) == len(listed)
            finally:
                store.close()

        sliced()

    def test_page_refuses_negative_bounds_and_unknown_fields(self, storage: Storage) -> None:
        storage.add(sample_candidate("S1", "ID01"))
        assert storage.count(Candidate) == 1 and storage.count(Candidate, school_code="S2") == 0
        for offset, limit in ((-1, 5), (0, -1)):
            with pytest.raises(ValueError, match="offset"):
                storage.page(Candidate, offset, limit)
        with pytest.raises(TypeError):
            storage.page(Candidate, 0, 5, no_such_field="x")
        with pytest.raises(TypeError):
            storage.count(Candidate, no_such_field="x")

    def test_candidates_by_id_number_across_schools(self, storage: Storage) -> None:
        storage.add(sample_candidate("S2", "110101199003074514"))
        storage.add(sample_candidate("S1", "110101199003074514"))
        storage.add(sample_candidate("S1", "110101199003070011"))
        found = storage.candidates_by_id_number("110101199003074514")
        assert [c.school_code for c in found] == ["S1", "S2"]
        assert storage.candidates_by_id_number("000000000000000000") == []

    def test_unique_fields_are_protected(self, storage: Storage) -> None:
        storage.add(sample_seat("A", 1, "T1"))
        with pytest.raises(ConstraintError):
            storage.add(sample_seat("B", 1, "T2"))  # two candidates in one seat
        with pytest.raises(ConstraintError):
            storage.put(sample_seat("B", 2, "T1"))  # one ticket number for two candidates
        with pytest.raises(ConstraintError), storage.transaction() as tx:
            tx.add(sample_seat("C", 3, "T3"))
            tx.add(sample_seat("D", 3, "T4"))
        assert [a.id_number for a in storage.list(SeatAssignment)] == ["A"]
        storage.put(sample_seat("A", 5, "T1"))  # moving A frees seat 1
        storage.add(sample_seat("B", 1, "T2"))
        storage.delete(SeatAssignment, ("P1", "S1", "A"))  # deleting A frees seat 5 and ticket T1
        storage.add(sample_seat("C", 5, "T1"))
        assert sorted((a.id_number, a.seat) for a in storage.list(SeatAssignment)) == [("B", 1), ("C", 5)]

    # -- atomic batches -----------------------------------------------------------------------------

    def test_add_all_is_all_or_nothing(self, storage: Storage) -> None:
        storage.add(sample_candidate("S1", "5"))
        batch = [sample_candidate("S1", str(n)) for n in range(10)]  # "5" collides in the middle
        with pytest.raises(DuplicateKeyError):
            storage.add_all(batch)
        assert [c.key for c in storage.list(Candidate)] == [("S1", "5")]
        assert storage.add_all(sample_candidate("S2", str(n)) for n in range(10)) == 10
        assert storage.count(Candidate) == 11

    def test_add_all_refuses_a_batch_breaking_a_unique_constraint(self, storage: Storage) -> None:
        """A batched write is checked like single ones (the SQL adapter's SQLite batch runs on the driver)."""
        with pytest.raises(ConstraintError):
            storage.add_all([sample_seat("A", 1, "T1"), sample_seat("B", 2, "T2"),
                             sample_seat("C", 1, "T3")])  # two candidates in seat 1
        assert storage.count(SeatAssignment) == 0
        storage.add(sample_seat("A", 1, "T1"))
        with pytest.raises(ConstraintError):
            storage.add_all([sample_seat("B", 2, "T2"), sample_seat("C", 3, "T1")])  # ticket T1 is A's
        assert [a.id_number for a in storage.list(SeatAssignment)] == ["A"]

    def test_transaction_commits_together(self, storage: Storage) -> None:
        with storage.transaction() as tx:
            tx.add(School("S001", "甲"))
            tx.put(School("S002", "乙"))
        assert storage.count(School) == 2

    def test_transaction_rolls_back_on_error(self, storage: Storage) -> None:
        storage.add(School("S000", "原有"))
        with pytest.raises(RuntimeError, match="boom"), storage.transaction() as tx:
            tx.add(School("S001", "甲"))
            tx.put(School("S000", "改名"))
            tx.delete(School, ("S000",))
            raise RuntimeError("boom")
        assert storage.list(School) == [School("S000", "原有")]
        assert storage.get_with_revision(School, ("S000",))[1] == 1

    # -- nested transactions: savepoints ------------------------------------------------------------

    def test_a_caught_failure_in_a_nested_transaction_undoes_only_the_inner_writes(self, storage: Storage) -> None:
        """A nested transaction is a savepoint: when it raises and the caller catches, its writes are undone
        and the enclosing transaction goes on and commits its own."""
        storage.add(School("S000", "原有"))
        with storage.transaction() as outer:
            outer.add(School("S001", "外层"))
            with contextlib.suppress(RuntimeError), outer.transaction() as inner:
                inner.add(School("S002", "内层"))
                inner.put(School("S000", "内层改名"))
                inner.delete(School, ("S001",))
                raise RuntimeError("inner")
            outer.add(School("S003", "外层之后"))
        assert storage.list(School) == [School("S000", "原有"), School("S001", "外层"), School("S003", "外层之后")]
        assert storage.get_with_revision(School, ("S000",))[1] == 1

    def test_a_storage_refusal_in_a_nested_transaction_leaves_the_outer_one_usable(self, storage: Storage) -> None:
        """A write the storage refuses inside a savepoint (a duplicate key, quota) is undone with the savepoint
        alone; the enclosing transaction can still write and commit (PostgreSQL would otherwise have aborted it)."""
        application = sample_application(approved=1)
        storage.add(application)
        storage.add(School("S001", "甲"))
        with storage.transaction() as outer:
            outer.add(School("S002", "乙"))
            with pytest.raises(DuplicateKeyError), outer.transaction() as inner:
                inner.add(School("S003", "丙"))
                inner.add(School("S001", "重复"))
            with pytest.raises(QuotaExceededError), outer.transaction() as inner:
                inner.adjust_quota(application.key, 1)
                inner.adjust_quota(application.key, 1)
            outer.add(School("S004", "丁"))
        assert [s.code for s in storage.list(School)] == ["S001", "S002", "S004"]
        assert storage.get(PilotApplication, application.key).used_quota == 0

    def test_a_nested_transaction_commits_with_the_outer_one_and_not_without(self, storage: Storage) -> None:
        with storage.transaction() as outer:
            with outer.transaction() as inner:
                inner.add(School("S001", "甲"))
            assert outer.find(School, ("S001",)) is not None  # visible inside the enclosing transaction
        assert storage.count(School) == 1
        with pytest.raises(RuntimeError, match="outer"), storage.transaction() as outer:
            with outer.transaction() as inner:
                inner.add(School("S002", "乙"))
            raise RuntimeError("outer")
        assert [s.code for s in storage.list(School)] == ["S001"]  # the outer failure takes the inner writes too

    # -- optimistic concurrency and quota -----------------------------------------------------------

    def test_replace_is_optimistic(self, storage: Storage) -> None:
        storage.add(School("S001", "甲"))
        _, first = storage.get_with_revision(School, ("S001",))
        _, second = storage.get_with_revision(School, ("S001",))
        assert storage.replace(School("S001", "乙"), expected_revision=first) == 2
        with pytest.raises(ConcurrencyError):
            storage.replace(School("S001", "丙"), expected_revision=second)
        assert storage.get(School, ("S001",)).name == "乙"

    def test_adjust_quota_stays_within_bounds(self, storage: Storage) -> None:
        application = sample_application(approved=3)
        storage.add(application)
        assert storage.adjust_quota(application.key, 2).used_quota == 2
        with pytest.raises(QuotaExceededError):
            storage.adjust_quota(application.key, 2)
        assert storage.get(PilotApplication, application.key).used_quota == 2
        with pytest.raises(QuotaExceededError):
            storage.adjust_quota(application.key, -3)
        assert storage.adjust_quota(application.key, -2).used_quota == 0
        with pytest.raises(NotFoundError):
            storage.adjust_quota(("S9", "x", "2022", "b"), 1)

    def _run_threads(self, storage: Storage, work: Callable[[Storage], int]) -> list[int]:
        results: list[int] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def run() -> None:
            handle = self.connect_again(storage)
            try:
                outcome = work(handle)
                with lock:
                    results.append(outcome)
            except BaseException as exc:
                with lock:
                    errors.append(exc)
            finally:
                self.close_again(handle, storage)

        workers = [threading.Thread(target=run) for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert not errors, errors
        return results

    def test_concurrent_quota_never_exceeds_approved(self, storage: Storage) -> None:
        application = sample_application(approved=37)
        storage.add(application)

        def register_many(handle: Storage) -> int:
            granted = 0
            for _ in range(10):
                try:
                    handle.adjust_quota(application.key, 1)
                    granted += 1
                except QuotaExceededError:
                    pass
            return granted

        granted = self._run_threads(storage, register_many)
        assert sum(granted) == 37
        assert storage.get(PilotApplication, application.key).used_quota == 37

    def test_optimistic_counter_loses_no_update(self, storage: Storage) -> None:
        application = sample_application(approved=1000)
        storage.add(application)

        def increment(handle: Storage) -> int:
            retries = 0
            for _ in range(5):
                while True:
                    current, revision = handle.get_with_revision(PilotApplication, application.key)
                    try:
                        handle.replace(attrs.evolve(current, used_quota=current.used_quota + 1), revision)
                        break
                    except ConcurrencyError:
                        retries += 1
            return retries

        self._run_threads(storage, increment)
        assert storage.get(PilotApplication, application.key).used_quota == 5 * self.threads

    def test_rejects_types_that_are_not_stored_entities(self, storage: Storage) -> None:
        @attrs.frozen
        class Stranger:
            key_fields = ("code",)
            code: str = "x"

            @property
            def key(self) -> tuple[str, ...]:
                return (self.code,)

        with pytest.raises(TypeError):
            storage.add(Stranger())  # type: ignore[arg-type]
