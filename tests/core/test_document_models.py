"""The printed pack's document models (``xcert_core.model.documents``, ``xcert_core.scheduling.documents``),
pinned field by field on one small hand-made plan.

The property test of ``test_scheduling.py`` holds the pack's invariants on generated allocations (every sitting on
one door label, desk label and sign-in sheet); mutation testing (#25) asks what a page *says*. So here: session
codes whose order is not the time order, rooms given in an order that is not alphabetical, two sites with a
room of the same name, a candidate who sits two exams in two rooms, two candidates at one desk in different
sessions, a missing name, a passport, proctors with and without names, an inspector, provisional numbers for one
candidate only.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import attrs
import pytest

from photo_files import id_number
from xcert_core.labels import (
    CandidateType,
    CertificateLevel,
    Gender,
    IdType,
    ProctorRole,
    RegistrationMode,
    SubjectKind,
)
from xcert_core.model import (
    AdmissionTicket,
    CertificateSignOff,
    Chart,
    ChartKind,
    ChartPoint,
    DeskLabel,
    DoorLabel,
    ExamPlan,
    ExamRoom,
    ExamSession,
    PhotoRef,
    ProctorAssignment,
    Registration,
    ReportSection,
    SeatAssignment,
    SignInRow,
    SignInSheet,
    SignOffRow,
    StatisticsReport,
    Subject,
    SubjectTime,
)
from xcert_core.model.documents import number_runs
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.allocation import AllocationResult, Placement, allocate
from xcert_core.scheduling.documents import (
    DEFAULT_RULES,
    DOCUMENT_KINDS_IN_ORDER,
    CandidateFacts,
    RoomDocuments,
    build_documents,
    gender_of,
    stored_result,
)

LEVEL = CertificateLevel.INTERMEDIATE
DAY1, DAY2 = dt.date(2026, 6, 6), dt.date(2026, 6, 7)
# The code order (S1 < S9) is the reverse of the time order: S9 is the first sitting.
EARLY = ExamSession("S9", "T", DAY1, dt.time(9), dt.time(10, 30))
LATE = ExamSession("S1", "P", DAY2, dt.time(14), dt.time(16))
PLAN = ExamPlan("P1", "2026年第一批", 2026, "O1", "C1", LEVEL,
                subjects=(Subject("T", "理论考试"), Subject("P", "实操考试", SubjectKind.PRACTICAL)),
                sessions=(LATE, EARLY))
# Given order: B楼 (site Z2) first, then A楼 and C楼 at Z1; an A楼 at Z2 too, with another size.
ROOMS = [ExamRoom("P1", "Z2", "B楼", seats=5), ExamRoom("P1", "Z1", "A楼", seats=4),
         ExamRoom("P1", "Z2", "A楼", seats=9), ExamRoom("P1", "Z1", "C楼", seats=3)]
X, Y, Z, W = "110101200801011234", "110101200801011244", "E12345678", "110101200801011260"
PLACEMENTS = (
    Placement("S9", "Z1", "A楼", 2, X), Placement("S1", "Z1", "C楼", 1, X),   # two exams, two rooms
    Placement("S9", "Z1", "A楼", 1, Y), Placement("S1", "Z1", "A楼", 1, Y),   # two exams, one desk
    Placement("S9", "Z2", "B楼", 3, Z),
    Placement("S1", "Z1", "A楼", 2, W),                                       # X's desk, the other exam
)
TICKETS = {Y: "0001", Z: "0002", X: "0003", W: "0004"}
FACTS = {X: CandidateFacts("张三", X, photo=PhotoRef("x.jpg", "ab")), Y: CandidateFacts("李四", Y, Gender.MALE),
         Z: CandidateFacts("", Z)}  # W is not given at all; Z has no name
PROCTORS = [ProctorAssignment("P1", "S9", "Z1", "SCH", "T01", ProctorRole.PROCTOR, "A楼"),
            ProctorAssignment("P1", "S9", "Z1", "SCH", "T02", ProctorRole.PROCTOR, "A楼"),
            ProctorAssignment("P1", "S9", "Z2", "SCH", "T03", ProctorRole.PROCTOR, "A楼"),   # the other A楼
            ProctorAssignment("P1", "S1", "Z1", "SCH", "T04", ProctorRole.PROCTOR, "A楼"),   # the other session
            ProctorAssignment("P1", "S9", "Z1", "SCH", "T05", ProctorRole.INSPECTOR)]


def pack(**options: object) -> object:
    arguments: dict[str, object] = {
        "certificate_name": "数字媒体交互设计", "proctors": PROCTORS, "proctor_names": {("SCH", "T01"): "王老师"},
        "site_addresses": {"Z1": "示范路 1 号"}, "provisional_ids": {X}}
    arguments.update(options)
    return build_documents(AllocationResult("P1", PLACEMENTS, TICKETS, (), 0, {}), PLAN, ROOMS, {"Z1": "一号考点"},
                           FACTS, **arguments)  # type: ignore[arg-type]


def test_each_room_builds_any_one_kind_alone_as_the_whole_pack_has_it() -> None:
    """The printed pack builds a room's documents one kind at a time (a door label needs no candidate's facts):
    room by room, for one kind or any set of kinds, :class:`RoomDocuments` gives exactly the documents of the
    whole pack, in its order, and nothing of the kinds not asked for."""
    whole = pack()
    builder = RoomDocuments(PLAN, ROOMS, {"Z1": "一号考点"}, certificate_name="数字媒体交互设计",
                            ticket_numbers=TICKETS.values(), proctors=PROCTORS,
                            proctor_names={("SCH", "T01"): "王老师"}, site_addresses={"Z1": "示范路 1 号"})
    rooms = sorted({(p.site_code, p.room_name) for p in PLACEMENTS}, key=lambda key: builder.room_key(*key))
    assert rooms == [("Z2", "B楼"), ("Z1", "A楼"), ("Z1", "C楼")]
    subsets = [set(kinds) for size in range(1, 5) for kinds in itertools.combinations(DOCUMENT_KINDS_IN_ORDER, size)]
    for kinds in subsets:  # one kind alone, as the pack asks, and any other choice of kinds an embedding system makes
        built: dict[str, list[object]] = {kind: [] for kind in kinds}
        for site, room in rooms:
            holders = {i: [p for p in PLACEMENTS if p.id_number == i] for i in TICKETS
                       if builder.ticket_room([p for p in PLACEMENTS if p.id_number == i]) == (site, room)}
            here = [p for p in PLACEMENTS if (p.site_code, p.room_name) == (site, room)]
            part = builder.room(site, room, here, holders, TICKETS, FACTS, {X}, kinds=kinds)
            assert all(not getattr(part, other) for other in DOCUMENT_KINDS_IN_ORDER if other not in kinds)
            for kind in kinds:
                built[kind] += getattr(part, kind)
        for kind in kinds:
            assert tuple(built[kind]) == getattr(whole, kind), (kinds, kind)


def time_of(session: ExamSession, room: str = "", seat: int | None = None) -> SubjectTime:
    subject = {"T": ("理论考试", SubjectKind.THEORY), "P": ("实操考试", SubjectKind.PRACTICAL)}[session.subject_code]
    return SubjectTime(*subject, session.date, session.start, session.end, room, seat)


def test_one_ticket_per_candidate_with_every_sitting_in_time_order() -> None:
    tickets = pack().tickets  # type: ignore[attr-defined]
    assert [t.ticket_number for t in tickets] == ["0002", "0001", "0003", "0004"]  # rooms' order, then seats
    z, y, x, w = tickets
    assert x == AdmissionTicket(
        "2026年第一批", "数字媒体交互设计", LEVEL, "张三", Gender.MALE, X, "0003", "一号考点", "示范路 1 号", "A楼", 2,
        (time_of(EARLY, "A楼", 2), time_of(LATE, "C楼", 1)), DEFAULT_RULES, PhotoRef("x.jpg", "ab"), True)
    assert not x.one_room and x.title == "数字媒体交互设计（" + LEVEL.label + "）准考证"
    assert (y.gender, y.provisional, y.one_room, y.room_name, y.seat) == (Gender.MALE, False, True, "A楼", 1)
    # No name: the ID number stands in; a passport encodes no gender; a site without a name prints its code.
    assert (z.candidate_name, z.gender, z.site_name, z.site_address) == (Z, None, "Z2", "")
    assert (w.candidate_name, w.id_number, w.gender, w.photo) == (W, W, Gender.FEMALE, None)
    assert w.subjects == (time_of(LATE, "A楼", 2),)


def test_desk_labels_go_by_room_then_sitting_and_mask_the_id_number() -> None:
    labels = pack().desk_labels  # type: ignore[attr-defined]
    assert [(d.room_name, d.seat, d.ticket_number) for d in labels] == [
        ("B楼", 3, "0002"), ("A楼", 1, "0001"), ("A楼", 2, "0003"), ("A楼", 2, "0004"), ("C楼", 1, "0003")]
    _, y, x, w, x_again = labels
    assert y.sessions == (time_of(EARLY), time_of(LATE))  # one desk, both exams, in time order
    assert x.sessions == (time_of(EARLY),) and w.sessions == (time_of(LATE),)  # one desk, two people
    assert x.masked_id_number == "110***********1234" and x.photo == PhotoRef("x.jpg", "ab")
    assert [d.provisional for d in labels] == [False, False, True, False, True]
    assert x_again.candidate_name == "张三" and w.candidate_name == W


def test_door_labels_go_by_room_and_session_with_the_rooms_own_size() -> None:
    doors = pack().door_labels  # type: ignore[attr-defined]
    assert [(d.room_name, d.site_name, d.session.subject_name) for d in doors] == [
        ("B楼", "Z2", "理论考试"), ("A楼", "一号考点", "理论考试"), ("A楼", "一号考点", "实操考试"),
        ("C楼", "一号考点", "实操考试")]
    b, a_early, a_late, c = doors
    assert a_early == DoorLabel("A楼", "一号考点", "2026年第一批", "数字媒体交互设计", LEVEL, time_of(EARLY), (1, 2),
                                ("0001", "0003"), False, 4, True)
    assert (a_late.seats, a_late.ticket_numbers, a_late.provisional, a_late.room_seats) == (
        (1, 2), ("0001", "0004"), False, 4)
    # One ticket is one unbroken stretch; 0001 and 0003 are not (0002 lies between), nor 0001 and 0004.
    assert (b.ticket_range, c.ticket_range, a_early.ticket_range, a_late.ticket_range) == (
        ("0002", "0002"), ("0003", "0003"), None, None)
    assert (b.room_seats, c.room_seats, c.provisional, c.candidate_count, a_early.seat_runs) == (
        5, 3, True, 1, ((1, 2),))


def test_contiguous_tickets_of_a_room_print_as_a_range() -> None:
    placements = (Placement("S9", "Z1", "A楼", 1, Y), Placement("S9", "Z1", "A楼", 3, X),
                  Placement("S9", "Z1", "C楼", 1, Z))
    tickets = {Y: "0001", X: "0002", Z: "0003"}
    built = build_documents(AllocationResult("P1", placements, tickets, (), 0, {}), PLAN, ROOMS, {}, FACTS,
                            certificate_name="证书")
    assert [d.ticket_range for d in built.door_labels] == [("0001", "0002"), ("0003", "0003")]
    assert [d.seat_runs for d in built.door_labels] == [((1, 1), (3, 3)), ((1, 1),)]
    assert all(d.provisional for d in built.door_labels)  # provisional_ids None: every number is xcert's


def test_sign_in_sheets_name_the_rooms_proctors_of_that_session_only() -> None:
    sheets = pack().sign_in_sheets  # type: ignore[attr-defined]
    assert [(s.room_name, s.subject_name, s.proctor_names) for s in sheets] == [
        ("B楼", "理论考试", ()), ("A楼", "理论考试", ("王老师", "T02")), ("A楼", "实操考试", ("T04",)),
        ("C楼", "实操考试", ())]
    a_early = sheets[1]
    assert a_early == SignInSheet("一号考点", "A楼", "理论考试", DAY1, dt.time(9), dt.time(10, 30), ("王老师", "T02"),
                                  (SignInRow(1, "李四", Y, "0001"), SignInRow(2, "张三", X, "0003",
                                                                             PhotoRef("x.jpg", "ab"))), True)
    assert a_early.expected_count == 2 and sheets[0].rows == (SignInRow(3, Z, Z, "0002"),)
    assert [s.provisional for s in sheets] == [False, True, False, True]


def test_rules_given_replace_the_default_notes() -> None:
    built = pack(rules=["只带身份证。"])
    assert all(t.rules == ("只带身份证。",) for t in built.tickets)  # type: ignore[attr-defined]
    assert built.issues == ()  # type: ignore[attr-defined]


def test_stored_seats_read_back_as_the_allocation_of_one_plan_in_order() -> None:
    seats = [SeatAssignment("P1", "S9", X, "Z1", "A楼", 2, "0003"),
             SeatAssignment("P2", "S1", W, "Z1", "A楼", 1, "9"),  # another plan's
             SeatAssignment("P1", "S1", X, "Z1", "C楼", 1, "0003"),
             SeatAssignment("P1", "S9", Y, "Z1", "A楼", 1, "0001"),
             SeatAssignment("P1", "S9", Z, "Z0", "B楼", 3, "0002")]
    result = stored_result("".join(["P", "1"]), seats)
    assert result.placements == (Placement("S1", "Z1", "C楼", 1, X), Placement("S9", "Z0", "B楼", 3, Z),
                                 Placement("S9", "Z1", "A楼", 1, Y), Placement("S9", "Z1", "A楼", 2, X))
    assert dict(result.tickets) == {X: "0003", Y: "0001", Z: "0002"} and result.plan_code == "P1"
    assert (result.issues, result.adjacencies, dict(result.room_adjacencies)) == ((), 0, {})


@pytest.mark.parametrize(("number", "id_type", "gender"), [
    ("110101200801011234", None, Gender.MALE), ("110101200801011244", None, Gender.FEMALE),
    (" 110101200801011254 ", IdType.RESIDENT_ID, Gender.MALE),
    ("110101200801011260", IdType.RESIDENT_ID, Gender.FEMALE),
    ("11010120080101129X", None, Gender.MALE), ("1101012008010112X4", None, None),
    ("11010120080101123", None, None), ("1101012008010112345", None, None),
    ("110101200801011234", IdType.PASSPORT, None), ("E12345678", None, None)])
def test_gender_is_read_from_the_17th_character_of_a_resident_id_only(number: str, id_type: IdType | None,
                                                                        gender: Gender | None) -> None:
    assert gender_of(number, id_type) is gender


def test_seat_runs_join_consecutive_seats() -> None:
    assert number_runs((7, 1, 3, 2, 3)) == ((1, 3), (7, 7))
    assert number_runs([5, 9, 10, 12]) == ((5, 5), (9, 10), (12, 12))
    assert number_runs(()) == ()


def test_a_door_label_refuses_a_head_count_that_does_not_add_up() -> None:
    def door(seats: tuple[int, ...], tickets: tuple[str, ...], room_seats: int | None) -> DoorLabel:
        return DoorLabel("A楼", "考点", "计划", "证书", LEVEL, time_of(EARLY), seats, tickets, True, room_seats)

    assert door((1, 2), ("1", "2"), 2).candidate_count == 2  # a full room is fine
    assert door((1, 2), ("1", "2"), None).ticket_range == ("1", "2")
    assert door((), (), 2).ticket_range is None
    with pytest.raises(ValueError, match="2 candidates in 1 seats"):
        door((1, 2), ("1", "2"), 1)
    with pytest.raises(ValueError, match="2 seats but 1 ticket numbers"):
        door((1, 2), ("1",), 4)


def test_a_ticket_whose_sittings_name_no_room_is_in_one_room() -> None:
    ticket = AdmissionTicket("计划", "证书", LEVEL, "张三", None, X, "1", "考点", "", "A楼", 1,
                             (time_of(EARLY), time_of(LATE)))
    assert ticket.one_room
    moved = AdmissionTicket("计划", "证书", LEVEL, "张三", None, X, "1", "考点", "", "A楼", 1,
                            (time_of(EARLY, "A楼", 1), time_of(LATE, "A楼", 2)))
    assert not moved.one_room


def test_a_document_is_not_provisional_unless_it_says_so() -> None:
    ticket = AdmissionTicket("计划", "证书", LEVEL, "张三", None, X, "1", "考点", "", "A楼", 1)
    desk = DeskLabel("A楼", 1, "张三", "1", "110***********1234")
    door = DoorLabel("A楼", "考点", "计划", "证书", LEVEL, time_of(EARLY))
    sheet = SignInSheet("考点", "A楼", "理论考试", DAY1, dt.time(9), dt.time(10))
    assert not (ticket.provisional or desk.provisional or door.provisional or sheet.provisional)


def test_a_door_label_refuses_more_ticket_numbers_than_seats_too() -> None:
    with pytest.raises(ValueError, match="1 seats but 2 ticket numbers"):
        DoorLabel("A楼", "考点", "计划", "证书", LEVEL, time_of(EARLY), (1,), ("1", "2"))


def test_the_pack_is_built_from_keywords_only() -> None:
    with pytest.raises(TypeError):
        build_documents(AllocationResult("P1", PLACEMENTS, TICKETS, (), 0, {}), PLAN, ROOMS, {}, FACTS,  # type: ignore[misc]
                        "数字媒体交互设计")


def test_the_id_number_printed_is_the_one_the_candidate_gave() -> None:
    """The facts' own spelling of the number (a lower-case x) is printed on the ticket and the sign-in sheet;
    a candidate given without a number is printed with the seat's."""
    facts = {X: CandidateFacts("张三", X.lower()), Y: CandidateFacts("李四", "")}
    placements = (Placement("S9", "Z1", "A楼", 1, X), Placement("S9", "Z1", "A楼", 2, Y))
    built = build_documents(AllocationResult("P1", placements, {X: "0001", Y: "0002"}, (), 0, {}), PLAN, ROOMS,
                            {}, facts, certificate_name="证书")
    assert [t.id_number for t in built.tickets] == [X.lower(), Y]
    assert [r.id_number for r in built.sign_in_sheets[0].rows] == [X.lower(), Y]


def test_sittings_are_grouped_by_session_whatever_string_object_names_it() -> None:
    placements = (Placement("S9", "Z1", "A楼", 1, X), Placement("".join(["S", "9"]), "Z1", "A楼", 2, Y))
    built = build_documents(AllocationResult("P1", placements, {X: "0001", Y: "0002"}, (), 0, {}), PLAN, ROOMS,
                            {}, FACTS, certificate_name="证书")
    assert [d.seats for d in built.door_labels] == [(1, 2)]
    assert [len(s.rows) for s in built.sign_in_sheets] == [2]


def test_a_door_label_prints_no_range_unless_told_its_tickets_are_one_stretch() -> None:
    door = DoorLabel("A楼", "考点", "计划", "证书", LEVEL, time_of(EARLY), (1, 2), ("1", "2"))
    assert door.ticket_range is None


def test_a_hall_of_300_candidates_prints_its_one_stretch_of_tickets_as_a_range() -> None:
    """Counts past CPython's small integers (256) are compared by value."""
    hall = ExamRoom("P1", "Z1", "礼堂", seats=300)
    ids = [f"ID{n:04d}" for n in range(300)]
    placements = tuple(Placement("S9", "Z1", "礼堂", n + 1, who) for n, who in enumerate(ids))
    tickets = {who: f"{n + 1:06d}" for n, who in enumerate(ids)}
    built = build_documents(AllocationResult("P1", placements, tickets, (), 0, {}), PLAN, [hall], {}, {},
                            certificate_name="证书")
    (door,) = built.door_labels
    assert door.candidate_count == 300 and door.ticket_range == ("000001", "000300")
    assert door.seat_runs == ((1, 300),)


def test_stored_seats_of_plans_sorting_before_and_after_are_left_out() -> None:
    seats = [SeatAssignment("P0", "S9", X, "Z1", "A楼", 1, "1"), SeatAssignment("P1", "S9", Y, "Z1", "A楼", 2, "2"),
             SeatAssignment("P2", "S9", Z, "Z1", "A楼", 3, "3")]
    assert stored_result("P1", seats).placements == (Placement("S9", "Z1", "A楼", 2, Y),)


# --- the builder over a real allocation ----------------------------------------------------------------------


def _two_session_plan() -> ExamPlan:
    return ExamPlan("P1", "2026年第一批", 2026, "ORG", "1550001066020254", CertificateLevel.INTERMEDIATE,
                    (Subject("T", "理论考试"), Subject("P", "实操考试")),
                    (ExamSession("S1", "T", dt.date(2026, 6, 6), dt.time(9), dt.time(10, 30)),
                     ExamSession("S2", "P", dt.date(2026, 6, 6), dt.time(14), dt.time(16))))


def test_build_documents_from_an_allocation() -> None:
    """Seven resident ID holders and a passport holder in two rooms of five, two sessions: every document kind
    from one allocation (moved from the stateless CLI's tests)."""
    plan = _two_session_plan()
    ids = [id_number(n) for n in range(1, 8)] + ["H1234567"]
    regs = [Registration("P1", i, "本校", plan.certificate_code, "18", CandidateType.SCHOOL,
                         RegistrationMode.BY_CERTIFICATE) for i in ids]
    room_list = [ExamRoom("P1", "18", "信息楼301", seats=5), ExamRoom("P1", "18", "信息楼302", seats=5)]
    result = allocate(regs, room_list, plan, 3)
    facts = {i: CandidateFacts(f"考生{n}", i, gender_of(i)) for n, i in enumerate(ids)}
    built = build_documents(result, plan, room_list, {"18": "太原站点"}, facts, certificate_name="数字媒体")

    # the passport holder has no gender to print: a ticket all the same, with no gender on it
    assert built.issues == ()
    assert sorted(t.id_number for t in built.tickets) == sorted(ids)
    assert [t.gender for t in built.tickets if t.id_number == "H1234567"] == [None]
    assert all(t.gender is not None for t in built.tickets if t.id_number != "H1234567")
    assert all(len(t.subjects) == 2 and t.rules == DEFAULT_RULES and t.photo is None for t in built.tickets)
    assert all(t.site_name == "太原站点" and t.title == "数字媒体（中级）准考证" for t in built.tickets)
    assert {t.ticket_number for t in built.tickets} == {result.tickets[i] for i in ids}
    # every sitting carries its own room and seat, the ticket's own are the earliest sitting's
    for t in built.tickets:
        own = {(p.session_code, p.room_name, p.seat) for p in result.placements if p.id_number == t.id_number}
        assert {(s.room_name, s.seat) for s in t.subjects} == {(room, seat) for _, room, seat in own}
        first = next((room, seat) for code, room, seat in own if code == "S1")
        assert (t.room_name, t.seat) == first

    seated = {(p.room_name, p.seat, p.id_number) for p in result.placements}
    assert len(built.desk_labels) == len(seated)  # one per occupied seat (and its candidate, per session)
    assert {d.masked_id_number for d in built.desk_labels} == {mask_id_number(i) for i in ids}
    assert all("*" in d.masked_id_number for d in built.desk_labels)

    # one door label per room and session: its own candidates, seats and ticket numbers, never more than seats
    assert [(d.room_name, d.session.subject_name) for d in built.door_labels] == [
        ("信息楼301", "理论考试"), ("信息楼301", "实操考试"), ("信息楼302", "理论考试"), ("信息楼302", "实操考试")]
    subject_of = {"S1": "理论考试", "S2": "实操考试"}
    for door in built.door_labels:
        here = [p for p in result.placements
                if p.room_name == door.room_name and subject_of[p.session_code] == door.session.subject_name]
        assert door.candidate_count == len(here) <= door.room_seats == 5
        assert door.seats == tuple(sorted(p.seat for p in here))
        assert door.ticket_numbers == tuple(sorted(result.tickets[p.id_number] for p in here))
        assert door.provisional  # xcert's own allocation: its ticket numbers are a dry run
    assert len(built.sign_in_sheets) == 4  # two rooms x two sessions
    for sheet in built.sign_in_sheets:
        assert [r.seat for r in sheet.rows] == sorted(r.seat for r in sheet.rows)
        assert all(r.id_number in ids for r in sheet.rows)

    custom = build_documents(result, plan, room_list, {}, facts, certificate_name="X", rules=("只此一条",))
    assert all(t.rules == ("只此一条",) for t in custom.tickets)


def test_gender_of() -> None:
    assert gender_of("110101199003074514") is Gender.MALE
    assert gender_of("110101199003074524") is Gender.FEMALE
    assert gender_of("110101199003074514", IdType.PASSPORT) is None
    assert gender_of("H1234567") is None


def test_the_room_documents_take_their_settings_by_keyword_only() -> None:
    with pytest.raises(TypeError):
        RoomDocuments(PLAN, ROOMS, {}, "数字媒体交互设计", TICKETS.values())  # type: ignore[misc]


# --- the statistics report's and the certificate sign-off's models -----------------------------------------------

def test_a_chart_point_refuses_a_negative_value_or_whole_and_takes_zero() -> None:
    assert ChartPoint("已用", 0, whole=0) == ChartPoint(label="已用", value=0, whole=0)
    assert ChartPoint("已用", 3).whole is None
    assert ChartPoint("已用", 3, whole=10).whole == 10
    with pytest.raises(ValueError, match="whole is never negative, not -1"):
        ChartPoint("已用", 3, whole=-1)
    with pytest.raises(ValueError):
        ChartPoint("已用", -1)


def test_a_report_lists_its_sections_charts_in_order() -> None:
    bars = Chart("培训额度", ChartKind.BARS, (ChartPoint("已用", 3, whole=10),), unit="人")
    line = Chart("每周报考", ChartKind.LINE, (ChartPoint("12-01", 5), ChartPoint("12-08", 7)))
    columns = Chart("成绩分布", ChartKind.COLUMNS)
    sections = (ReportSection("额度", ("已用 3 人",), (bars,)), ReportSection("说明"),
                ReportSection("报考", (), (line, columns)))
    report = StatisticsReport("统计分析报告", "太原市信息技术学校", dt.date(2026, 12, 5), sections)
    assert report.charts == (bars, line, columns)
    assert StatisticsReport("周报", "学校", dt.date(2026, 12, 5)).charts == ()


@pytest.mark.parametrize("make", [
    lambda: SignOffRow("张三", "140***********0017", ""),
    lambda: SignOffRow("", "140***********0017", "C2026001"),
    lambda: CertificateSignOff("计划", "证书", " "),
    lambda: Chart("", ChartKind.BARS),
    lambda: ReportSection(""),
    lambda: StatisticsReport("", "学校", dt.date(2026, 12, 5)),
])
def test_report_and_sign_off_models_refuse_an_empty_name(make: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        make()


def test_report_and_sign_off_models_are_frozen() -> None:
    row = SignOffRow("张三", "140***********0017", "C2026001")
    documents: list[object] = [
        row, CertificateSignOff("计划", "证书", "23级1班", (row,)), ChartPoint("已用", 1),
        Chart("额度", ChartKind.BARS), ReportSection("额度"), StatisticsReport("周报", "学校", dt.date(2026, 12, 5))]
    for document in documents:
        name = attrs.fields(type(document))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(document, name, "改")
