"""Importing a checked roster into storage (xcert_core.roster.importing): rows to candidates, one transaction,
unchanged candidates left alone, identity changes sending verified candidates back, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.labels import Gender, IdType, ProgramLevel
from xcert_core.labels import VerificationEvent as Ev
from xcert_core.labels import VerificationState as St
from xcert_core.model import Candidate, PhotoRef, VerificationRecord
from xcert_core.ports.storage import Storage
from xcert_core.roster.importing import (
    RosterImportError,
    candidate_from_row,
    candidates_from_table,
    identity_event,
    import_candidates,
)
from xcert_core.roster.table import RosterRow, RosterTable
from xcert_core.testing.failing_storage import FailingStorage
from xcert_core.verification.machine import replay
from xcert_core.verification.service import VerificationService

SCHOOL = "4133010001"
NOW = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)
NUMBERS = ("140105200403150017", "140105200507200023", "11010119900307451X", "H12345678", "E12345678")
ROW = {"name": "张三丰", "name_pinyin": "Zhang Sanfeng", "gender": "男", "id_type": "身份证",
       "id_number": "140105200403150017", "mobile": "13812345678", "enrolment_year": "2020",
       "program_level": "中专", "program_name": "计算机平面设计", "program_code": "090300",
       "catalogue_version": "2010"}


def clock() -> dt.datetime:
    return NOW


def snapshot(storage: Storage) -> tuple[list[Candidate], list[VerificationRecord]]:
    return storage.list(Candidate), storage.list(VerificationRecord)


def roster_candidate(number: str, name: str = "张三", pinyin: str = "Zhang San", id_type: IdType = IdType.RESIDENT_ID,
                     mobile: str = "13800000000", year: int = 2020, photo: PhotoRef | None = None) -> Candidate:
    return Candidate(school_code=SCHOOL, name=name, name_pinyin=pinyin, gender=Gender.MALE, id_type=id_type,
                     id_number=number, mobile=mobile, enrolment_year=year, program_level=ProgramLevel.SECONDARY,
                     program_name="计算机平面设计", program_code="090300", catalogue_version="2010", photo=photo)


photos = st.sampled_from([None, PhotoRef("photos/a.jpg", "a" * 64), PhotoRef("photos/b.jpg", "b" * 64)])
roster_candidates = st.builds(
    roster_candidate, number=st.sampled_from(NUMBERS), name=st.sampled_from(["张三", "李四"]),
    pinyin=st.sampled_from(["Zhang San", "Li Si"]), id_type=st.sampled_from([IdType.RESIDENT_ID, IdType.PASSPORT]),
    mobile=st.sampled_from(["13800000000", "13900000000"]), year=st.sampled_from([2020, 2021]), photo=photos,
)
rosters = st.lists(roster_candidates, max_size=5, unique_by=lambda c: c.id_number)


def assert_log_explains_states(storage: Storage) -> None:
    """Every stored candidate's state is what its records replay to, and its seq counts them."""
    service = VerificationService(storage)
    for candidate in storage.list(Candidate):
        history = service.history(candidate.key)
        assert replay(history) is candidate.state
        assert candidate.verification_seq == len(history)
        assert (candidate.photo is None) == (candidate.state is St.NO_PHOTO)


# -- rows to candidates --------------------------------------------------------------------------------------


def test_a_checked_row_becomes_a_school_candidate_in_no_photo() -> None:
    candidate = candidate_from_row(RosterRow(4, dict(ROW), dict(ROW)), SCHOOL)
    assert candidate == Candidate(
        school_code=SCHOOL, name="张三丰", name_pinyin="Zhang Sanfeng", gender=Gender.MALE,
        id_type=IdType.RESIDENT_ID, id_number="140105200403150017", mobile="13812345678", enrolment_year=2020,
        program_level=ProgramLevel.SECONDARY, program_name="计算机平面设计", program_code="090300",
        catalogue_version="2010",
    )
    assert candidate.state is St.NO_PHOTO and candidate.photo is None


@pytest.mark.parametrize(("field", "value", "says"), [
    ("gender", "男性", "性别"), ("id_type", "军官证", "证件类型"), ("enrolment_year", "二〇二〇", "入学年份"),
    ("mobile", None, "手机号码"), ("program_level", "硕士", "专业层次"),
])
def test_an_unusable_row_is_refused_naming_the_row(field: str, value: str | None, says: str) -> None:
    clean = {**ROW, field: value}
    with pytest.raises(RosterImportError, match=f"第 7 行.*{says}"):
        candidate_from_row(RosterRow(7, clean, clean), SCHOOL)


def test_a_repeated_id_number_is_refused_with_the_number_masked() -> None:
    rows = tuple(RosterRow(n, dict(ROW), dict(ROW)) for n in (4, 5))
    table = RosterTable("名单.xlsx", "Sheet1", 3, {}, rows)
    with pytest.raises(RosterImportError, match="第 4 行和第 5 行") as caught:
        candidates_from_table(table, SCHOOL)
    assert "140105200403150017" not in str(caught.value)


def test_the_clean_text_is_imported_not_the_raw_text() -> None:
    raw = {**ROW, "name": " 张三丰\u3000"}
    candidate = candidate_from_row(RosterRow(4, raw, dict(ROW)), SCHOOL)
    assert candidate.name == "张三丰"


# -- importing -----------------------------------------------------------------------------------------------


@settings(max_examples=60)
@given(roster=rosters, earlier=rosters)
def test_importing_the_same_roster_twice_changes_nothing_the_second_time(roster: list[Candidate],
                                                                          earlier: list[Candidate]) -> None:
    storage = MemoryStorage()
    import_candidates(storage, earlier, clock=clock)
    first = import_candidates(storage, roster, clock=clock)
    after_first = snapshot(storage)
    second = import_candidates(storage, roster, clock=clock)
    assert snapshot(storage) == after_first
    assert second.added == second.updated == second.sent_back == ()
    assert set(second.unchanged) == {c.id_number for c in roster}
    assert set(first.added) | set(first.updated) | set(first.unchanged) == {c.id_number for c in roster}
    assert_log_explains_states(storage)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(earlier=rosters, roster=rosters, fail_at=st.integers(0, 12))
def test_a_failing_import_stores_nothing(fresh_storage: Callable[[], Storage], earlier: list[Candidate],
                                         roster: list[Candidate], fail_at: int) -> None:
    """On memory, SQLite and PostgreSQL: whichever write fails, in the transaction or outside it, the import
    leaves the storage as it was."""
    storage = FailingStorage(fresh_storage())  # counts every write, in a transaction or not
    import_candidates(storage, earlier, clock=clock)  # type: ignore[arg-type]
    before = snapshot(storage.inner)
    storage.writes, storage.fail_at = 0, fail_at
    try:
        import_candidates(storage, roster, clock=clock)  # type: ignore[arg-type]
    except OSError:
        assert snapshot(storage.inner) == before
    else:
        assert storage.writes <= fail_at  # it needed fewer writes than that: nothing failed


def test_a_failure_after_the_first_writes_rolls_them_back() -> None:
    storage = FailingStorage(MemoryStorage())
    photo = PhotoRef("photos/a.jpg", "a" * 64)
    import_candidates(storage, [roster_candidate(NUMBERS[0], photo=photo)], clock=clock)  # type: ignore[arg-type]
    before = snapshot(storage.inner)
    storage.fail_at = storage.writes + 2  # the edit's record and the replaced candidate go, the new one fails
    with pytest.raises(OSError, match="simulated"):
        import_candidates(storage, [roster_candidate(NUMBERS[0], name="张珊"),  # type: ignore[arg-type]
                                    roster_candidate(NUMBERS[1])], clock=clock)
    assert snapshot(storage.inner) == before


@settings(max_examples=80)
@given(steps=st.lists(st.tuples(rosters, st.sets(st.sampled_from(NUMBERS)), st.sets(st.sampled_from(NUMBERS))),
                      min_size=1, max_size=5))
def test_states_after_imports_follow_the_machine(steps: list[tuple[list[Candidate], set[str], set[str]]]) -> None:
    """Imports interleaved with verification: the log always replays to the stored state, and a verified
    candidate whose name or ID type changes is sent back to 信息待认证."""
    storage = MemoryStorage()
    service = VerificationService(storage, clock=clock)
    for roster, to_verify, to_mismatch in steps:
        before = {c.id_number: c for c in storage.list(Candidate)}
        summary = import_candidates(storage, roster, clock=clock)
        assert_log_explains_states(storage)
        for incoming in roster:
            old = before.get(incoming.id_number)
            now = storage.get(Candidate, incoming.key)
            if old is None:
                assert incoming.id_number in summary.added
                assert now.state is (St.NO_PHOTO if incoming.photo is None else St.PENDING)
            elif (old.name, old.id_type) != (incoming.name, incoming.id_type) and old.state in (
                    St.VERIFIED, St.NEEDS_REVIEW):
                assert now.state is St.PENDING and incoming.id_number in summary.sent_back
            elif identity_event(old, now) is None and old.state is not St.NO_PHOTO:
                assert now.state is old.state
        for candidate in storage.list(Candidate):
            if candidate.state is St.PENDING and candidate.id_number in to_verify | to_mismatch:
                service.record(candidate.key, Ev.SUBMITTED, actor="t")
                verdict = Ev.MATCHED if candidate.id_number in to_verify else Ev.MISMATCHED
                service.record(candidate.key, verdict, actor="t")
        assert_log_explains_states(storage)


def test_a_verified_candidate_whose_name_changes_goes_back_to_pending() -> None:
    storage = MemoryStorage()
    photo = PhotoRef("photos/a.jpg", "a" * 64)
    import_candidates(storage, [roster_candidate(NUMBERS[0], photo=photo), roster_candidate(NUMBERS[1])],
                      clock=clock)
    service = VerificationService(storage, clock=clock)
    key = (SCHOOL, NUMBERS[0])
    service.record(key, Ev.SUBMITTED, actor="t")
    assert service.record(key, Ev.MATCHED, actor="t").state is St.VERIFIED
    summary = import_candidates(storage, [roster_candidate(NUMBERS[0], name="张珊"),
                                          roster_candidate(NUMBERS[1], mobile="13900000000")], clock=clock)
    assert summary.updated == (NUMBERS[0], NUMBERS[1]) and summary.sent_back == (NUMBERS[0],)
    renamed = storage.get(Candidate, key)
    assert (renamed.name, renamed.state, renamed.photo) == ("张珊", St.PENDING, photo)
    assert service.history(key)[-1].event is Ev.IDENTITY_EDITED
    mobile_only = storage.get(Candidate, (SCHOOL, NUMBERS[1]))
    assert mobile_only.mobile == "13900000000" and mobile_only.verification_seq == 0  # no identity change
    assert import_candidates(storage, [roster_candidate(NUMBERS[1])], clock=clock).not_in_roster == (NUMBERS[0],)


def test_candidates_of_two_schools_are_refused() -> None:
    other = attrs.evolve(roster_candidate(NUMBERS[1]), school_code="9999")
    storage = MemoryStorage()
    with pytest.raises(RosterImportError, match="一所学校"):
        import_candidates(storage, [roster_candidate(NUMBERS[0]), other])
    assert storage.count(Candidate) == 0
