"""The readiness checklist (``xcert status``, :mod:`xcert_core.readiness`): what "ready for the exam" means.

Step 11 is done only when the registered candidates' steps (6–10) are, every registrant is 信息准确 with a
photo, every site in use has an address, the printed pack shows the current data and the exam client is
installed and tested in every room in use; students who are not registering do not block it."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.labels import CertificateLevel, Gender, IdType, ProctorRole, ReviewStatus, SeatOrigin
from xcert_core.labels import VerificationState as St
from xcert_core.model import (
    Candidate,
    ExamClientCheck,
    ExamPlan,
    ExamRoom,
    ExamSession,
    ExamSite,
    PhotoRef,
    PilotApplication,
    Proctor,
    ProctorAssignment,
    Registration,
    SeatAssignment,
    Subject,
    SubjectScore,
)
from xcert_core.readiness import Readiness, readiness

SCHOOL, CERT, PLAN, SITE = "4133010001", "1550001066010252", "P1", "S01"
ROOMS = ("信息楼301", "信息楼302")
PEOPLE = 4  # two per room


def ident(n: int) -> str:
    return f"14010520040301{n:03d}{n % 10}"


def candidate(n: int, state: St = St.VERIFIED, photo: bool = True) -> Candidate:
    return Candidate(SCHOOL, f"考生{n}", f"Kao Sheng {n}", Gender.MALE, IdType.RESIDENT_ID, ident(n), "13812345678",
                     2024, None, None, None, None, photo=PhotoRef(f"photos/{ident(n)}.jpg") if photo else None,
                     state=state)


def prepared(*, address: str = "示范路 1 号", clients: tuple[str, ...] = ROOMS,
             origin: SeatOrigin = SeatOrigin.PLATFORM) -> MemoryStorage:
    """A school ready for its exam: everything of the eleven steps stored, the client in ``clients``' rooms."""
    storage = MemoryStorage()
    plan = ExamPlan(PLAN, "第一批", 2026, "ORG", CERT, CertificateLevel.ELEMENTARY, (Subject("T", "理论考试"),),
                    (ExamSession("S1", "T", dt.date(2026, 6, 6), dt.time(9), dt.time(10, 30)),))
    storage.add(PilotApplication(SCHOOL, CERT, 2026, "1", ReviewStatus.APPROVED, 10, 10, PEOPLE))
    storage.add(ExamSite(SITE, "考点", SCHOOL, "ORG", (CERT,), ReviewStatus.APPROVED, address=address))
    storage.add(plan)
    for room in ROOMS:
        storage.add(ExamRoom(PLAN, SITE, room, seats=2))
    for n, room in enumerate(ROOMS):
        for teacher in (f"T{n}a", f"T{n}b"):
            storage.add(Proctor(SCHOOL, teacher, f"老师{teacher}"))
            storage.add(ProctorAssignment(PLAN, "S1", SITE, SCHOOL, teacher, ProctorRole.PROCTOR, room))
    storage.add(Proctor(SCHOOL, "X1", "巡考老师", role=ProctorRole.INSPECTOR))
    storage.add(ProctorAssignment(PLAN, "S1", SITE, SCHOOL, "X1", ProctorRole.INSPECTOR))
    for n in range(1, PEOPLE + 1):
        storage.add(candidate(n))
        storage.add(Registration(PLAN, ident(n), SCHOOL, CERT, SITE))
        storage.add(SeatAssignment(PLAN, "S1", ident(n), SITE, ROOMS[(n - 1) // 2], (n - 1) % 2 + 1,
                                   f"2612180{n:03d}", origin))
    for room in clients:
        storage.add(ExamClientCheck(PLAN, SITE, room, installed=True, tested=True))
    return storage


def check(storage: MemoryStorage, *, current: bool = True) -> Readiness:
    return readiness(storage, SCHOOL, 2026, documents={PLAN: current})


def step(result: Readiness, number: int) -> tuple[bool | None, str, str]:
    item = next(i for i in result.items if i.step == number)
    return item.ok, item.detail, item.next_step


def test_a_prepared_school_is_ready() -> None:
    result = check(prepared())
    assert result.ready, [(i.step, i.ok, i.detail) for i in result.items if not i.ok]
    assert "平台排考" in step(result, 9)[1]


def test_the_exam_client_must_be_installed_and_tested_in_every_room_in_use() -> None:
    result = check(prepared(clients=ROOMS[:1]))
    ok, detail, next_step = step(result, 11)
    assert not result.ready and ok is False and ROOMS[1] in detail and ROOMS[0] not in detail
    assert f"xcert rooms client --plan {PLAN} --room {ROOMS[1]}" in next_step
    untested = prepared()
    untested.put(ExamClientCheck(PLAN, SITE, ROOMS[0], installed=True, tested=False))
    assert not check(untested).ready


def test_an_empty_site_address_and_a_stale_pack_are_not_ready() -> None:
    no_address = check(prepared(address="  "))
    ok, detail, next_step = step(no_address, 10)
    assert ok is False and "没有考点地址" in detail and "--address" in next_step and not no_address.ready
    stale = check(prepared(), current=False)
    assert step(stale, 10)[0] is False and "数据已有改动" in step(stale, 10)[1] and not stale.ready


def test_students_who_are_not_registering_do_not_block_the_exam() -> None:
    storage = prepared()
    storage.add(candidate(9, St.NO_PHOTO, photo=False))
    storage.add(candidate(8, St.NEEDS_REVIEW))
    result = check(storage)
    assert step(result, 4)[0] is False and step(result, 5)[0] is False  # still shown as work to do
    assert result.ready
    # a registrant who is not 信息准确 does block it
    storage.put(attrs.evolve(storage.get(Candidate, (SCHOOL, ident(1))), state=St.NEEDS_REVIEW))
    assert not check(storage).ready and "1 名报考考生" in step(check(storage), 11)[1]


def test_xcerts_own_seating_is_said_to_be_a_dry_run() -> None:
    result = check(prepared(origin=SeatOrigin.XCERT))
    ok, detail, next_step = step(result, 9)
    assert ok and "xcert 试排" in detail and "sync platform" in next_step


def test_proctors_are_judged_before_scheduling_and_not_ticked_without_rooms() -> None:
    storage = prepared()
    for seat in storage.list(SeatAssignment):
        storage.delete(SeatAssignment, seat.key)
    for staff in storage.list(ProctorAssignment):
        storage.delete(ProctorAssignment, staff.key)
    assert step(check(storage), 8)[0] is True  # four proctors and an inspector for two rooms
    storage.add(ExamRoom(PLAN, SITE, "信息楼303", seats=30))  # a spare room the registrants will not need
    assert step(check(storage), 8)[0] is True  # judged on the rooms the registrants fill, not on every room
    for n in range(5, 8):  # three more registrants: the third room is needed now, and its two proctors
        storage.add(candidate(n))
        storage.add(Registration(PLAN, ident(n), SCHOOL, CERT, SITE))
    ok, detail, _ = step(check(storage), 8)
    assert ok is False and "还差 2 人" in detail
    for n in range(5, 8):
        storage.delete(Registration, (PLAN, ident(n)))
    storage.delete(Proctor, (SCHOOL, "T1b"))
    ok, detail, _ = step(check(storage), 8)
    assert ok is False and "还差 1 人" in detail  # two rooms need four proctors: one short
    for room in storage.list(ExamRoom):
        storage.delete(ExamRoom, room.key)
    assert step(check(storage), 8)[0] is None  # no rooms: cannot be judged, not ticked


@given(client=st.booleans(), address=st.booleans(), current=st.booleans(), idle_students=st.integers(0, 3))
def test_never_ready_while_the_client_the_address_or_a_current_pack_is_missing(
        client: bool, address: bool, current: bool, idle_students: int) -> None:
    storage = prepared(address="示范路 1 号" if address else "", clients=ROOMS if client else ROOMS[1:])
    for n in range(idle_students):
        storage.add(candidate(50 + n, St.NO_PHOTO, photo=False))
    assert check(storage, current=current).ready is (client and address and current)


def test_after_the_exam_the_results_are_judged_without_unreadying_the_school() -> None:
    """Step 12: not judged before any score, then done only when no registrant is 待出成绩; a school stays ready
    (step 11) whatever its results."""
    storage = prepared()
    ok, detail, next_step = step(check(storage), 12)
    assert ok is None and "xcert scores import" in next_step
    registrants = [r.id_number for r in storage.list(Registration, plan_code=PLAN)]
    storage.add(SubjectScore(PLAN, registrants[0], "T", 90.0))
    storage.add(SubjectScore(PLAN, registrants[1], "T", None, absent=True))
    result = check(storage)
    ok, detail, next_step = step(result, 12)
    assert ok is False and result.ready and "通过 1 人" in detail and "缺考 1 人" in detail
    assert f"待出成绩 {len(registrants) - 2} 人" in detail and f"--plan {PLAN}" in next_step
    for number in registrants[2:]:
        storage.add(SubjectScore(PLAN, number, "T", 40.0))
    ok, detail, next_step = step(check(storage), 12)
    assert ok is True and f"未通过 {len(registrants) - 2} 人" in detail and f"xcert results --plan {PLAN}" in next_step
