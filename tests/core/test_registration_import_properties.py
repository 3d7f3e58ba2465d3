"""Properties of a registration import and of withdrawals after scheduling, held on every storage the project ships
(memory, SQLite, PostgreSQL when its server is there: the ``fresh_storage`` fixture), whatever the file and the
withdrawals: an import registers every row with its quota or changes nothing; a withdrawal gives its place and its
seats back, moves nobody else and is audited in sequence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from photo_files import id_number as ident
from xcert_core.labels import (
    CertificateLevel,
    Gender,
    IdType,
    RegistrationStatus,
    ReviewStatus,
    SiteStatus,
    VerificationState,
)
from xcert_core.model import (
    Candidate,
    ExamRoom,
    ExamSite,
    PilotApplication,
    Registration,
    SeatAssignment,
    SeatChange,
)
from xcert_core.ports.storage import Storage
from xcert_core.reference_data import SAMPLE_CERTIFICATES
from xcert_core.registration.importing import RegistrationRequest, import_registrations
from xcert_core.registration.withdrawal import withdraw_registration
from xcert_core.scheduling.plan_file import parse_plan_file
from xcert_core.scheduling.stored import schedule_plan

SCHOOL = "4133010001"
CERT = "1550001066010252"  # 数字媒体交互设计 初级
KEY = (SCHOOL, CERT, "2026", "1")
PLAN = """
[[exam]]
certificate = "1550001066010252"
code = "P1"
name = "数字媒体交互设计（初级）2026 第一次"
opens = 2026-01-01
closes = 2099-12-31
[[exam.subject]]
code = "T"
name = "理论考试"
[[exam.subject]]
code = "P"
name = "实操考试"
kind = "实操"
[[exam.session]]
code = "S1"
subject = "T"
date = 2026-06-13
start = "09:00"
end = "10:30"
[[exam.session]]
code = "S2"
subject = "P"
date = 2026-06-13
start = "13:00"
end = "15:00"
"""
SUPPRESSED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def candidate(n: int, state: VerificationState = VerificationState.VERIFIED) -> Candidate:
    return Candidate(SCHOOL, f"考生{n}", f"Kao Sheng{n}", Gender.MALE, IdType.RESIDENT_ID, ident(n),
                     "13812345678", 2024, None, None, None, None, state=state)


def school(storage: Storage, approved: int, candidates: list[Candidate], rooms: tuple[ExamRoom, ...] = ()) -> Storage:
    """The catalogue, plan P1, an approved application of ``approved`` places, an enabled site S001, ``rooms``
    and ``candidates``."""
    plan = next(iter(parse_plan_file(PLAN, "p", {CERT: CertificateLevel.ELEMENTARY}, 2026).plans.values()))
    storage.add_all([*SAMPLE_CERTIFICATES, plan,
                     PilotApplication(SCHOOL, CERT, 2026, "1", ReviewStatus.APPROVED, approved, approved),
                     ExamSite("S001", "站点", SCHOOL, "org", (CERT,), ReviewStatus.APPROVED, SiteStatus.ENABLED),
                     *rooms, *candidates])
    return storage


@settings(max_examples=25, deadline=None, suppress_health_check=SUPPRESSED)
@given(approved=st.integers(0, 6), numbers=st.lists(st.integers(1, 8), max_size=8), verified=st.sets(st.integers(1, 8)))
def test_import_is_all_or_nothing(fresh_storage: Callable[[], Storage], approved: int, numbers: list[int],
                                  verified: set[int]) -> None:
    """Whatever the file, either every row is registered with its quota, or nothing changes."""
    storage = school(fresh_storage(), approved, [
        candidate(n, VerificationState.VERIFIED if n in verified else VerificationState.PENDING) for n in range(1, 9)])
    requests = [RegistrationRequest(Registration("P1", ident(n), SCHOOL, CERT, "S001"), row)
                for row, n in enumerate(dict.fromkeys(numbers), start=2)]
    before = storage.list(Registration)
    outcome = import_registrations(storage, requests, today=lambda: dt.date(2026, 3, 1))
    application = storage.get(PilotApplication, KEY)
    active = [r for r in storage.list(Registration) if r.status is RegistrationStatus.ACTIVE]
    should_pass = len(requests) <= approved and all(int(r.registration.id_number[14:17]) in verified
                                                    for r in requests)
    assert outcome.refused is not should_pass
    if outcome.refused:
        assert storage.list(Registration) == before and application.used_quota == 0
    else:
        assert len(active) == len(requests) == application.used_quota


@settings(max_examples=20, deadline=None, suppress_health_check=SUPPRESSED)
@given(count=st.integers(1, 12), withdrawn=st.lists(st.integers(1, 12), max_size=12), seed=st.integers(0, 99))
def test_withdrawals_after_scheduling_keep_quota_seats_and_audit_consistent(
        fresh_storage: Callable[[], Storage], count: int, withdrawn: list[int], seed: int) -> None:
    """For any withdrawals after scheduling: used quota equals the active registrations, only active
    registrations hold seats, nobody else moved, and the audit records are numbered 1, 2, …"""
    rooms = (ExamRoom("P1", "S001", "信息楼301", seats=8), ExamRoom("P1", "S001", "信息楼302", seats=8))
    storage = school(fresh_storage(), 20, [candidate(n) for n in range(1, count + 1)], rooms)
    requests = [RegistrationRequest(Registration("P1", ident(n), SCHOOL, CERT, "S001"), n)
                for n in range(1, count + 1)]
    assert not import_registrations(storage, requests, today=lambda: dt.date(2026, 3, 1)).refused
    assert schedule_plan(storage, "P1", seed=seed, per_room=0, inspectors_per_site=0).stored
    for n in withdrawn:
        if n > count:
            continue
        before = {s.key: s for s in storage.list(SeatAssignment) if s.id_number != ident(n)}
        withdraw_registration(storage, "P1", ident(n), actor="t", at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
        assert {s.key: s for s in storage.list(SeatAssignment)} == before  # nobody else moved
    active = {r.id_number for r in storage.list(Registration) if r.status is RegistrationStatus.ACTIVE}
    assert storage.get(PilotApplication, KEY).used_quota == len(active)
    assert {s.id_number for s in storage.list(SeatAssignment)} == active
    assert sorted(c.seq for c in storage.list(SeatChange, plan_code="P1")) == list(
        range(1, 2 + len({n for n in withdrawn if n <= count})))
