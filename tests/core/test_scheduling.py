"""Scheduling (排考): allocation, changes after publication, proctoring and the plan report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xcert_core.errors import UnreadableFileError
from xcert_core.labels import CertificateLevel, FeePayer, ProctorRole, SeatOrigin
from xcert_core.model import (
    ExamPlan,
    ExamRoom,
    ExamSession,
    Proctor,
    Registration,
    SeatAssignment,
    SeatLayout,
    Subject,
)
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.numbering import TicketContext
from xcert_core.registry import AdapterKind
from xcert_core.scheduling import changes
from xcert_core.scheduling.allocation import (
    AllocationOptions,
    Fill,
    allocate,
    count_adjacencies,
    room_shape,
)
from xcert_core.scheduling.by_site import number_tickets
from xcert_core.scheduling.documents import CandidateFacts, build_documents
from xcert_core.scheduling.numbering import DefaultTicketScheme
from xcert_core.scheduling.plan_file import parse_plan_file
from xcert_core.scheduling.proctoring import assign_proctors
from xcert_core.scheduling.report import SeatTally, room_summaries, seat_tallies, summaries_of
from xcert_core.scheduling.stored import registration_sessions

LEVEL = next(iter(CertificateLevel))
DAY = dt.date(2025, 6, 1)
S1 = ExamSession("S1", "T", DAY, dt.time(9), dt.time(10, 30))
S2 = ExamSession("S2", "P", DAY, dt.time(10), dt.time(11))  # overlaps S1
S3 = ExamSession("S3", "Q", DAY, dt.time(14), dt.time(16))
PLAN = ExamPlan("P1", "计划", 2025, "O1", "C1", LEVEL,
                subjects=(Subject("T", "理论"), Subject("P", "实操"), Subject("Q", "综合")), sessions=(S1, S2, S3))
NOW = dt.datetime(2025, 5, 20, 10)
SITES = ("Z0001", "Z0002")


def reg(n: int, site: str, subjects: tuple[str, ...] = ("T",), label: str | None = None) -> Registration:
    return Registration("P1", f"ID{n:06d}", "S001", "C1", site, subject_codes=subjects, class_label=label)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Registration], list[ExamRoom]]:
    count = draw(st.integers(0, 60))
    classes = draw(st.integers(1, 6))
    regs = [reg(n, draw(st.sampled_from(SITES)), draw(st.sampled_from([("T",), ("T", "Q"), ("T", "P"), ("Q",)])),
                f"{draw(st.integers(1, classes))}班")
            for n in range(count)]
    rooms = []
    for site in SITES:
        for i in range(draw(st.integers(0, 3))):
            if draw(st.booleans()):
                rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 6))
                layout = SeatLayout(rows, cols)
                rooms.append(ExamRoom("P1", site, f"R{i}", seats=draw(st.integers(1, rows * cols)), layout=layout))
            else:
                rooms.append(ExamRoom("P1", site, f"R{i}", seats=draw(st.integers(1, 30))))
    return regs, rooms


options_st = st.builds(AllocationOptions, fill=st.sampled_from(list(Fill)), reserve=st.integers(0, 3),
                       columns=st.integers(1, 8))


def capacity(rooms: list[ExamRoom], site: str, options: AllocationOptions) -> int:
    return sum(max(0, r.seats - options.reserve) for r in rooms if r.site_code == site)


@settings(max_examples=150, deadline=None)
@given(scenarios(), options_st, st.integers(0, 10**6))
def test_allocation_rules(scenario: tuple[list[Registration], list[ExamRoom]], options: AllocationOptions,
                          seed: int) -> None:
    regs, rooms = scenario
    result = allocate(regs, rooms, PLAN, seed, options)
    placements = result.placements
    # never two candidates in one seat; one seat per candidate per session
    assert len({(p.session_code, p.site_code, p.room_name, p.seat) for p in placements}) == len(placements)
    assert len({(p.session_code, p.id_number) for p in placements}) == len(placements)
    # capacity respected, reserve kept free
    size = {(r.site_code, r.name): r.seats for r in rooms}
    for p in placements:
        assert 1 <= p.seat <= size[(p.site_code, p.room_name)] - options.reserve
    # never in two rooms at overlapping times
    by_id: dict[str, set[str]] = {}
    for p in placements:
        by_id.setdefault(p.id_number, set()).add(p.session_code)
    assert not any({"S1", "S2"} <= sessions for sessions in by_id.values())
    # everyone seated once per session when capacity suffices, else a shortfall naming site and number
    wanted = Counter((s, r.site_code) for r in regs for s in {"T": "S1", "P": "S2", "Q": "S3"}
                     if s in r.subject_codes and not (s == "P" and "T" in r.subject_codes))
    seated = Counter((p.session_code, p.site_code) for p in placements)
    codes = {"T": "S1", "P": "S2", "Q": "S3"}
    shortfalls = {(i.message) for i in result.issues if i.code == "sched-seat-shortfall"}
    for (subject, site), count in wanted.items():
        session = codes[subject]
        seats = capacity(rooms, site, options)
        if count <= seats:
            assert seated[(session, site)] == count
        else:
            assert seated[(session, site)] == seats
            assert any(site in m and session in m and f"还差 {count - seats} 个" in m for m in shortfalls)
    # ticket numbers: one per seated candidate, unique
    assert set(result.tickets) == set(by_id)
    assert len(set(result.tickets.values())) == len(result.tickets)


@settings(max_examples=60, deadline=None)
@given(scenarios(), options_st, st.integers(0, 10**6))
def test_allocation_is_deterministic_and_order_independent(
        scenario: tuple[list[Registration], list[ExamRoom]], options: AllocationOptions, seed: int) -> None:
    regs, rooms = scenario
    first = allocate(regs, rooms, PLAN, seed, options)
    again = allocate(list(reversed(regs)), rooms, PLAN, seed, options)
    assert first == again


def test_a_different_seed_usually_gives_a_different_order() -> None:
    regs = [reg(n, "Z0001") for n in range(40)]
    rooms = [ExamRoom("P1", "Z0001", "R1", seats=40)]
    plans = {tuple(allocate(regs, rooms, PLAN, seed).placements) for seed in range(10)}
    assert len(plans) >= 9


def adjacencies_per_room(placements: list[tuple[str, str, int, str]], rooms: list[ExamRoom],
                         klass: dict[str, str], columns: int) -> dict[tuple[str, str], int]:
    boards: dict[tuple[str, str], dict[int, int]] = {}
    ids = {name: i for i, name in enumerate(sorted(set(klass.values())))}
    for session, room_name, seat, who in placements:
        boards.setdefault((session, room_name), {})[seat] = ids[klass[who]]
    shapes = {r.name: room_shape(r.seats, r.layout, columns, 0) for r in rooms}
    return {key: count_adjacencies(board, shapes[key[1]]) for key, board in boards.items()}


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 5), st.integers(1, 6), st.lists(st.integers(1, 4), min_size=1, max_size=30),
       st.integers(0, 1000), st.integers(1, 8))
def test_adjacency_reported_and_never_worse_than_in_order_fill(rows: int, cols: int, labels: list[int], seed: int,
                                                               columns: int) -> None:
    layout = SeatLayout(rows, cols) if seed % 2 else None
    seats = rows * cols
    regs = [reg(n, "Z0001", label=f"{c}班") for n, c in enumerate(labels[:seats])]
    rooms = [ExamRoom("P1", "Z0001", "R1", seats=seats, layout=layout)]
    options = AllocationOptions(columns=columns)
    result = allocate(regs, rooms, PLAN, seed, options)
    klass = {r.id_number: r.class_label or "" for r in regs}
    mine = adjacencies_per_room([(p.session_code, p.room_name, p.seat, p.id_number) for p in result.placements],
                                rooms, klass, columns)
    assert sum(mine.values()) == result.adjacencies
    naive = [("S1", "R1", seat, r.id_number) for seat, r in enumerate(sorted(regs, key=lambda r: r.id_number), 1)]
    assert result.adjacencies <= sum(adjacencies_per_room(naive, rooms, klass, columns).values())
    # feasible case: at most half the room (the checkerboard's black seats) occupied, or every class distinct
    if len(regs) <= (seats + 1) // 2 or len(set(labels[:seats])) == len(labels[:seats]):
        assert result.adjacencies == 0


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 6), st.integers(0, 1000))
def test_two_equal_classes_fill_a_full_room_without_adjacency(half: int, seed: int) -> None:
    layout = SeatLayout(2, half)  # 2 x half seats, half of each class: a checkerboard exists
    regs = [reg(n, "Z0001", label=f"{n % 2}班") for n in range(2 * half)]
    result = allocate(regs, [ExamRoom("P1", "Z0001", "R1", seats=2 * half, layout=layout)], PLAN, seed)
    assert len(result.placements) == 2 * half and result.adjacencies == 0


def test_many_rooms_with_class_blocks_have_no_adjacency() -> None:
    regs = [reg(n, "Z0001", label=f"{n // 30}班") for n in range(300)]  # ten classes of 30
    rooms = [ExamRoom("P1", "Z0001", f"R{i}", seats=30, layout=SeatLayout(5, 6)) for i in range(10)]
    result = allocate(regs, rooms, PLAN, 7)
    assert len(result.placements) == 300 and result.adjacencies == 0


def test_balanced_fill_spreads_candidates() -> None:
    regs = [reg(n, "Z0001") for n in range(30)]
    rooms = [ExamRoom("P1", "Z0001", f"R{i}", seats=30) for i in range(3)]
    balanced = Counter(p.room_name for p in allocate(regs, rooms, PLAN, 1, AllocationOptions(Fill.BALANCED))
                       .placements)
    in_order = Counter(p.room_name for p in allocate(regs, rooms, PLAN, 1).placements)
    assert balanced == {"R0": 10, "R1": 10, "R2": 10} and in_order == {"R0": 30}


def test_shortfall_and_overlap_are_reported_in_chinese() -> None:
    regs = [reg(n, "Z0001", ("T", "P")) for n in range(5)]
    result = allocate(regs, [ExamRoom("P1", "Z0001", "R1", seats=3)], PLAN, 1)
    codes = Counter(issue.code for issue in result.issues)
    assert codes == {"sched-session-overlap": 5, "sched-seat-shortfall": 1}
    shortfall = next(i for i in result.issues if i.code == "sched-seat-shortfall")
    assert "Z0001" in shortfall.message and "S1" in shortfall.message and "还差 2 个" in shortfall.message


def test_default_ticket_scheme_is_documented_deterministic_and_registered() -> None:
    context = TicketContext("P1", 2025, "Z0001", 2, 7, 42)
    assert DefaultTicketScheme().ticket_number(context) == "20250001000042"
    assert DefaultTicketScheme().ticket_number(context) == DefaultTicketScheme().ticket_number(context)
    plugins = make_plugin_manager(env={})
    assert "default" in plugins.registry.names(AdapterKind.TICKET_SCHEME)
    assert "sched-seat-shortfall" in {t.code for t in plugins.catalogue}


# --- changes after publication ------------------------------------------------------------------------------


def published(count: int, seed: int) -> tuple[list[Registration], list[ExamRoom], list[object]]:
    regs = [reg(n, "Z0001", ("T", "Q"), f"{n % 3}班") for n in range(count)]
    rooms = [ExamRoom("P1", "Z0001", f"R{i}", seats=12, layout=SeatLayout(3, 4)) for i in range(3)]
    return regs, rooms, list(allocate(regs, rooms, PLAN, seed).seat_assignments())


def unchanged_except(before: list[object], after: tuple[object, ...], ids: set[str]) -> bool:
    keep_before = {a for a in before if a.id_number not in ids}  # type: ignore[attr-defined]
    keep_after = {a for a in after if a.id_number not in ids}  # type: ignore[attr-defined]
    return keep_before == keep_after


def no_double_seats(assignments: tuple[object, ...]) -> bool:
    keys = [a.seat_key for a in assignments]  # type: ignore[attr-defined]
    return len(keys) == len(set(keys))


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 30), st.integers(0, 1000), st.data())
def test_changes_never_move_anyone_else(count: int, seed: int, data: st.DataObject) -> None:
    regs, rooms, before = published(count, seed)
    klass = {r.id_number: r.class_label for r in regs}
    ids = [r.id_number for r in regs]
    late = changes.add_late(before, plan_code="P1", year=2025, id_number="LATE01", site_code="Z0001",  # type: ignore[arg-type]
                            session_codes=["S1"], rooms=rooms, class_of={**klass, "LATE01": "1班"}, actor="王老师",
                            at=NOW)
    assert late.audit is not None and unchanged_except(before, late.assignments, {"LATE01"})
    assert no_double_seats(late.assignments)
    assert len({a.ticket_number for a in late.assignments if a.session_code == "S1"}) == count + 1

    who = data.draw(st.sampled_from(ids))
    gone = changes.withdraw(before, id_number=who, actor="王老师", at=NOW)  # type: ignore[arg-type]
    assert unchanged_except(before, gone.assignments, {who}) and all(a.id_number != who for a in gone.assignments)

    other = data.draw(st.sampled_from(ids))
    swapped = changes.swap(before, first=who, second=other, session_code="S1", actor="王老师", at=NOW)  # type: ignore[arg-type]
    if who != other:
        assert swapped.audit is not None and unchanged_except(before, swapped.assignments, {who, other})
        assert no_double_seats(swapped.assignments)
    else:
        assert swapped.issues and swapped.assignments == tuple(before)

    taken = {(a.room_name, a.seat) for a in before if a.session_code == "S1"}  # type: ignore[attr-defined]
    free = [(r, s) for r in rooms for s in range(1, r.seats + 1) if (r.name, s) not in taken]
    room, seat = data.draw(st.sampled_from(free))
    moved = changes.move(before, id_number=who, session_code="S1", room=room, seat=seat, actor="王老师", at=NOW)  # type: ignore[arg-type]
    assert unchanged_except(before, moved.assignments, {who}) and no_double_seats(moved.assignments)
    assert any(a.id_number == who and a.room_name == room.name and a.seat == seat for a in moved.assignments)

    closing = data.draw(st.sampled_from(rooms))
    closed = changes.close_room(before, room=closing, rooms=rooms, class_of=klass, actor="王老师", at=NOW)  # type: ignore[arg-type]
    inside = {a.id_number for a in before if a.room_name == closing.name}  # type: ignore[attr-defined]
    assert unchanged_except(before, closed.assignments, inside) and no_double_seats(closed.assignments)
    assert all(a.room_name != closing.name for a in closed.assignments)
    free_elsewhere = 24 - sum(1 for a in before if a.session_code == "S1" and a.room_name != closing.name)  # type: ignore[attr-defined]
    in_s1 = sum(1 for a in before if a.session_code == "S1" and a.room_name == closing.name)  # type: ignore[attr-defined]
    assert bool(closed.issues) == (in_s1 > free_elsewhere)


def test_move_to_a_taken_seat_is_refused_without_change() -> None:
    _regs, rooms, before = published(5, 1)
    a, b = [x for x in before if x.session_code == "S1"][:2]  # type: ignore[attr-defined]
    result = changes.move(before, id_number=a.id_number, session_code="S1",  # type: ignore[arg-type]
                          room=next(r for r in rooms if r.name == b.room_name), seat=b.seat, actor="x", at=NOW)
    assert result.assignments == tuple(before) and result.issues[0].code == "sched-change-refused"


def test_refusals_say_what_is_wrong() -> None:
    _regs, rooms, before = published(5, 1)
    a = next(x for x in before if x.session_code == "S1")  # type: ignore[attr-defined]
    room = next(r for r in rooms if r.name == a.room_name)
    beyond = changes.move(before, id_number=a.id_number, session_code="S1",  # type: ignore[arg-type]
                          room=room, seat=room.seats + 1, actor="x", at=NOW)
    assert f"只有 {room.seats} 个考位" in beyond.issues[0].message and beyond.assignments == tuple(before)
    same = changes.swap(before, first=a.id_number, second=a.id_number, session_code="S1",  # type: ignore[arg-type]
                        actor="x", at=NOW)
    assert "两名不同的考生" in same.issues[0].message and same.assignments == tuple(before)


# --- proctoring ---------------------------------------------------------------------------------------------


@st.composite
def proctor_cases(draw: st.DrawFn) -> tuple[dict[str, list[tuple[str, str]]], list[Proctor], int]:
    use = {code: [(site, f"R{i}") for site in SITES for i in range(draw(st.integers(0, 3)))]
           for code in ("S1", "S2", "S3")}
    people = [Proctor("S001", f"T{n:03d}", "老师", role=draw(st.sampled_from(list(ProctorRole))),
                      unavailable_sessions=frozenset(draw(st.sets(st.sampled_from(["S1", "S2", "S3"])))))
              for n in range(draw(st.integers(0, 30)))]
    return use, people, draw(st.integers(1, 3))


@settings(max_examples=150, deadline=None)
@given(proctor_cases())
def test_proctor_rules(case: tuple[dict[str, list[tuple[str, str]]], list[Proctor], int]) -> None:
    use, people, per_room = case
    plan = assign_proctors("P1", [S1, S2, S3], use, people, per_room=per_room)
    sessions = {s.code: s for s in (S1, S2, S3)}
    person = {(p.school_code, p.teacher_number): p for p in people}
    seen: dict[tuple[str, str], list[str]] = {}
    for a in plan.assignments:
        key = (a.school_code, a.teacher_number)
        assert a.session_code not in person[key].unavailable_sessions
        assert person[key].role is a.role
        for other in seen.get(key, []):  # never two places in one or overlapping sessions
            assert not sessions[other].overlaps(sessions[a.session_code])
        seen.setdefault(key, []).append(a.session_code)
    for code, places in use.items():
        for site, room in places:
            got = sum(1 for a in plan.assignments if a.session_code == code and a.room_name == room
                      and a.site_code == site)
            short = [i for i in plan.issues if i.code == "sched-proctor-shortfall" and site in i.message
                     and code in i.message and "监考" in i.message]
            assert got == per_room or (got < per_room and short)
        for site in {s for s, _ in places}:
            got = sum(1 for a in plan.assignments if a.session_code == code and a.site_code == site
                      and a.role is ProctorRole.INSPECTOR)
            assert got == 1 or any("巡考" in i.message and site in i.message and code in i.message
                                   for i in plan.issues)


@st.composite
def cross_cases(draw: st.DrawFn) -> tuple[dict[str, list[tuple[str, str]]], list[Proctor],
                                         dict[tuple[str, str, str | None], frozenset[str]]]:
    """Rooms in use per session, proctors of three schools, and the schools seated in each room (a site's
    schools: those of its rooms)."""
    schools = ("A01", "B02", "C03")
    use = {code: [(site, f"R{i}") for site in SITES for i in range(draw(st.integers(0, 3)))]
           for code in ("S1", "S2", "S3")}
    people = [Proctor(draw(st.sampled_from(schools)), f"T{n:03d}", "老师",
                      role=draw(st.sampled_from(list(ProctorRole))),
                      unavailable_sessions=frozenset(draw(st.sets(st.sampled_from(["S1", "S2", "S3"])))))
              for n in range(draw(st.integers(0, 40)))]
    seated: dict[tuple[str, str, str | None], frozenset[str]] = {}
    for code, places in use.items():
        for site, room in places:
            seated[(code, site, room)] = frozenset(draw(st.sets(st.sampled_from(schools), min_size=1, max_size=2)))
        for site in {s for s, _ in places}:
            seated[(code, site, None)] = frozenset().union(*(v for (c, s, r), v in seated.items()
                                                            if c == code and s == site and r is not None))
    return use, people, seated


@settings(max_examples=150, deadline=None)
@given(cross_cases(), st.integers(1, 2))
def test_cross_invigilation_never_watches_ones_own_school(case: tuple[Any, Any, Any], per_room: int) -> None:
    """交叉监考: no 监考 in a room, and no 巡考 at a site, where a candidate of their own school sits; every place is
    filled or its shortfall reported."""
    use, people, seated = case
    cross = assign_proctors("P1", [S1, S2, S3], use, people, per_room=per_room,
                            schools_in=lambda code, site, room: seated[(code, site, room)])
    for a in cross.assignments:
        place = (a.session_code, a.site_code, a.room_name if a.role is ProctorRole.PROCTOR else None)
        assert a.school_code not in seated[place], a
    for code, places in use.items():
        for site, room in places:
            got = sum(1 for a in cross.assignments if (a.session_code, a.site_code, a.room_name) == (code, site, room))
            assert got == per_room or any(i.code == "sched-proctor-shortfall" and site in i.message
                                          and code in i.message for i in cross.issues)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(("A01", "B02", "C03")), st.sampled_from(("甲班", "乙班", None))),
                max_size=60),
       st.lists(st.integers(4, 20), min_size=1, max_size=6), st.integers(0, 1000), st.sampled_from(Fill),
       st.sampled_from((("T",), ("T", "Q"))))
def test_by_school_rooms_hold_one_school_but_where_one_ends(people: list[tuple[str, str | None]], sizes: list[int],
                                                            seed: int, fill: Fill, subjects: tuple[str, ...]) -> None:
    """With ``by_school`` (cross-invigilation) each school's candidates fill a run of rooms: at most one room per
    boundary between two schools holds both, so rooms holding two schools are fewer than the schools; as many are
    seated as without the option, and with seats enough the same people."""
    regs = [attrs.evolve(reg(n, "Z0001", subjects, label), school_code=school)
            for n, (school, label) in enumerate(people)]
    rooms = [ExamRoom("P1", "Z0001", f"R{i}", seats=size) for i, size in enumerate(sizes)]
    grouped = allocate(regs, rooms, PLAN, seed, AllocationOptions(fill=fill, by_school=True))
    plain = allocate(regs, rooms, PLAN, seed, AllocationOptions(fill=fill))
    school = {r.id_number: r.school_code for r in regs}
    for session in {p.session_code for p in grouped.placements}:
        in_room: dict[str, set[str]] = {}
        for p in grouped.placements:
            if p.session_code == session:
                in_room.setdefault(p.room_name, set()).add(school[p.id_number])
        seated_schools = set().union(*in_room.values())
        assert sum(len(found) > 1 for found in in_room.values()) <= max(0, len(seated_schools) - 1)
        assert sum(len(found) - 1 for found in in_room.values()) <= max(0, len(seated_schools) - 1)
    assert len(grouped.placements) == len(plain.placements)
    if len(people) <= sum(sizes):
        assert sorted((p.session_code, p.id_number) for p in grouped.placements) == sorted(
            (p.session_code, p.id_number) for p in plain.placements)
    assert no_double_seats(tuple(grouped.seat_assignments()))


@settings(max_examples=100, deadline=None)
@given(scenarios(), options_st, st.integers(0, 1000))
def test_tickets_numbered_over_stored_seats_are_the_allocations_own(scenario: tuple[Any, Any],
                                                                    options: AllocationOptions, seed: int) -> None:
    """Numbering the stored seats of a plan (what finishes a plan seated site by site) gives every candidate the
    number the allocation itself gives: the order and the scheme are the same, whoever seats the sites."""
    regs, rooms = scenario
    allocation = allocate(regs, rooms, PLAN, seed, options)
    seats = allocation.seat_assignments()
    renumbered = number_tickets(PLAN, [attrs.evolve(s, ticket_number="0") for s in seats], rooms)
    assert {s.id_number: s.ticket_number for s in renumbered} == dict(allocation.tickets)
    assert [attrs.evolve(s, ticket_number="x") for s in renumbered] == [attrs.evolve(s, ticket_number="x")
                                                                        for s in seats]


def test_a_proctor_set_aside_for_one_room_watches_the_next() -> None:
    people = [Proctor("A01", "T1", "甲"), Proctor("B02", "T2", "乙")]
    seated = {("S1", "Z0001", "R0"): frozenset({"A01"}), ("S1", "Z0001", "R1"): frozenset({"B02"})}
    plan = assign_proctors("P1", [S1], {"S1": [("Z0001", "R0"), ("Z0001", "R1")]}, people, per_room=1,
                           inspectors_per_site=0, schools_in=lambda code, site, room: seated[(code, site, room)])
    assert {(a.room_name, a.school_code) for a in plan.assignments} == {("R0", "B02"), ("R1", "A01")}
    assert not plan.issues


def test_workload_is_balanced_and_report_summarises_rooms() -> None:
    people = [Proctor("S001", f"T{n}", "老师") for n in range(4)]
    use = {"S1": [("Z0001", "R0")], "S3": [("Z0001", "R0")]}
    plan = assign_proctors("P1", [S1, S3], use, people, inspectors_per_site=0)
    assert plan.spread_minutes[ProctorRole.PROCTOR] <= 120 - 0
    assert sorted(plan.minutes.values()) == [90, 90, 120, 120] and not plan.issues
    _regs, rooms, seats = published(10, 3)
    summaries = room_summaries(seats, rooms, plan.assignments)  # type: ignore[arg-type]
    s1 = [s for s in summaries if s.session_code == "S1"]
    assert sum(s.occupied for s in s1) == 10 and all(s.occupied + s.free == s.seats for s in s1)
    r0 = next(s for s in s1 if s.room_name == "R0")
    assert len(r0.proctors) == 2 and r0.first_ticket <= r0.last_ticket


@settings(max_examples=100, deadline=None)
@given(scenarios(), options_st, st.integers(0, 10**6), st.booleans())
def test_every_sitting_is_on_one_door_label_desk_label_and_sign_in_sheet(
        scenario: tuple[list[Registration], list[ExamRoom]], options: AllocationOptions, seed: int,
        from_platform: bool) -> None:
    """The printed pack agrees with itself: every candidate of a session is on exactly one door label, one desk
    label and one sign-in sheet of that session; no door label counts more candidates than its room has seats;
    a ticket range is printed only when no other ticket of the plan falls inside it."""
    regs, rooms = scenario
    result = allocate(regs, rooms, PLAN, seed, options)
    facts = {p.id_number: CandidateFacts(f"考生{p.id_number}", p.id_number) for p in result.placements}
    provisional = frozenset() if from_platform else None
    built = build_documents(result, PLAN, rooms, {}, facts, certificate_name="证书", provisional_ids=provisional)
    times = {s.code: (PLAN.subjects[[x.code for x in PLAN.subjects].index(s.subject_code)].name, s.date, s.start)
             for s in PLAN.sessions}
    all_tickets = sorted(set(result.tickets.values()))
    seats = {(room.site_code, room.name): room.seats for room in rooms}
    for code, when in times.items():
        sitting = {p.id_number for p in result.placements if p.session_code == code}
        doors = Counter(result_id for door in built.door_labels
                        if (door.session.subject_name, door.session.date, door.session.start) == when
                        for result_id in door.ticket_numbers)
        sheets = Counter(row.id_number for sheet in built.sign_in_sheets
                         if (sheet.subject_name, sheet.date, sheet.start) == when for row in sheet.rows)
        desks = Counter(label.ticket_number for label in built.desk_labels
                        if when in {(s.subject_name, s.date, s.start) for s in label.sessions})
        assert sheets == Counter(sitting)
        assert doors == desks == Counter(result.tickets[i] for i in sitting)
    for door in built.door_labels:
        assert door.candidate_count <= (door.room_seats or 0)
        assert door.room_seats in seats.values()
        assert door.provisional is not from_platform
        if door.ticket_range is not None:
            first, last = door.ticket_range
            assert [t for t in all_tickets if first <= t <= last] == list(door.ticket_numbers)
        else:  # not one stretch: some other ticket of the plan lies between the first and the last
            inside = [t for t in all_tickets if door.ticket_numbers[0] <= t <= door.ticket_numbers[-1]]
            assert inside != list(door.ticket_numbers)
    assert all(t.provisional is not from_platform for t in built.tickets)


@settings(max_examples=150, deadline=None)
@given(scenarios(), options_st, st.integers(0, 10**6))
def test_a_candidate_keeps_one_room_and_seat_across_the_sessions_of_a_plan(
        scenario: tuple[list[Registration], list[ExamRoom]], options: AllocationOptions, seed: int) -> None:
    """One seat per candidate per plan: when a site's usable seats hold every candidate of its sessions at
    once, each candidate sits all their sessions in the same room and seat; otherwise each session is seated
    on its own and no session is short that would fit by itself."""
    regs, rooms = scenario
    result = allocate(regs, rooms, PLAN, seed, options)
    for site in SITES:
        here = [p for p in result.placements if p.site_code == site]
        registered = {r.id_number for r in regs if r.site_code == site}
        if len(registered) <= capacity(rooms, site, options):
            assert {p.id_number for p in here} == registered
            for person in registered:
                assert len({(p.room_name, p.seat) for p in here if p.id_number == person}) == 1
        for session in (s.code for s in PLAN.sessions):  # short exactly when the session does not fit by itself
            registrants = sum(1 for r in regs if r.site_code == site and session in registration_sessions(r, PLAN))
            short = [i for i in result.issues if i.code == "sched-seat-shortfall" and f"“{site}”" in i.message
                     and f"“{session}”" in i.message]
            assert bool(short) is (registrants > capacity(rooms, site, options))
            seated = sum(1 for p in here if p.session_code == session)
            assert seated == min(registrants, capacity(rooms, site, options))


def test_a_subject_that_needs_another_room_type_is_seated_there_and_the_ticket_says_so() -> None:
    """The practical needs a 实训室: theory and practical are two seatings, the practical only in 实训室 rooms;
    a candidate's ticket then lists each sitting's own room and seat."""
    plan = ExamPlan("P1", "计划", 2025, "O1", "C1", LEVEL,
                    subjects=(Subject("T", "理论"), Subject("Q", "实操", room_type="实训室")), sessions=(S1, S3))
    regs = [reg(n, "Z0001", ("T", "Q")) for n in range(8)]
    rooms = [ExamRoom("P1", "Z0001", "信息楼301", seats=10), ExamRoom("P1", "Z0001", "实训楼201", "实训室", seats=10)]
    result = allocate(regs, rooms, plan, 7)
    practical = {p.room_name for p in result.placements if p.session_code == "S3"}
    assert practical == {"实训楼201"}
    assert len(result.placements) == 16 and result.issues == ()
    facts = {r.id_number: CandidateFacts(r.id_number, r.id_number) for r in regs}
    built = build_documents(result, plan, rooms, {}, facts, certificate_name="证书")
    assert all(not t.one_room and {s.room_name for s in t.subjects} == {t.room_name, "实训楼201"}
               for t in built.tickets if t.room_name != "实训楼201")
    one = ExamPlan("P1", "计划", 2025, "O1", "C1", LEVEL, subjects=(Subject("T", "理论"), Subject("Q", "实操")),
                   sessions=(S1, S3))
    same = build_documents(allocate(regs, rooms, one, 7), one, rooms, {}, facts, certificate_name="证书")
    assert all(t.one_room for t in same.tickets)  # no room type needed: one room and seat on every ticket
    assert len(same.desk_labels) == 8  # one desk label per candidate, naming both exams


def test_the_plan_file_names_the_room_type_a_subject_needs() -> None:
    text = """[[exam]]
certificate = "C1"
[[exam.subject]]
code = "T"
name = "理论"
[[exam.subject]]
code = "P"
name = "实操"
kind = "实操"
room_type = " 实训室 "
[[exam.session]]
code = "S1"
subject = "T"
date = 2026-06-13
start = "09:00"
end = "10:30"
"""
    plan = parse_plan_file(text, "计划.toml", {"C1": LEVEL}, 2026).plans["C1"]
    assert [(s.code, s.room_type) for s in plan.subjects] == [("T", None), ("P", "实训室")]
    with pytest.raises(UnreadableFileError, match="room_type"):
        parse_plan_file(text.replace('" 实训室 "', "3"), "计划.toml", {"C1": LEVEL}, 2026)


def test_the_plan_file_sets_the_fee_who_pays_it_and_when() -> None:
    text = """[[exam]]
certificate = "C1"
closes = 2026-05-15
fee = 180.5
fee_payer = "学校"
fee_due = 2026-05-20
[[exam.session]]
code = "S1"
date = 2026-06-13
start = "09:00"
end = "10:30"
"""
    plan = parse_plan_file(text, "计划.toml", {"C1": LEVEL}, 2026).plans["C1"]
    assert (plan.fee_fen, plan.fee_payer, plan.fee_deadline) == (18050, FeePayer.SCHOOL, dt.date(2026, 5, 20))
    plain = parse_plan_file(text.replace('fee = 180.5\nfee_payer = "学校"\nfee_due = 2026-05-20\n', ""),
                            "计划.toml", {"C1": LEVEL}, 2026).plans["C1"]
    assert (plain.fee_fen, plain.fee_payer, plain.fee_deadline) == (None, FeePayer.CANDIDATE, dt.date(2026, 5, 15))
    assert parse_plan_file(text.replace("fee = 180.5", 'fee = "¥200"'), "计划.toml", {"C1": LEVEL},
                           2026).plans["C1"].fee_fen == 20000
    for wrong, key in (("fee = -1", "fee"), ("fee = true", "fee"), ("fee = 1.234", "fee"),
                       ('fee_payer = "财政"', "fee_payer"), ('fee_due = "明天"', "fee_due")):
        line = wrong.split(" = ")[0]
        broken = "\n".join(wrong if row.startswith(line + " =") else row for row in text.splitlines())
        with pytest.raises(UnreadableFileError, match=key):
            parse_plan_file(broken, "计划.toml", {"C1": LEVEL}, 2026)


SEAT = st.builds(
    lambda session, room, seat, number, ticket, platform: SeatAssignment(
        "P1", session, f"11010120000101{number:04d}", "Z1", room, seat, f"T{ticket:03d}",
        SeatOrigin.PLATFORM if platform else SeatOrigin.XCERT),
    st.sampled_from(["S1", "S2"]), st.sampled_from(["R0", "R1", "R2"]), st.integers(1, 40), st.integers(0, 9999),
    st.integers(0, 999), st.booleans())


@settings(max_examples=200)
@given(st.lists(SEAT, max_size=30))
def test_seat_tallies_are_each_groups_count_ticket_range_and_origins(seats: list[Any]) -> None:
    """The printed pack tallies a plan's seats as it reads them, page by page, instead of holding them for
    考场列表: each session and room's tally is what its seats give, counted the long way, whatever their order."""
    tallies = seat_tallies(iter(seats))
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for a in seats:
        groups.setdefault((a.session_code, a.site_code, a.room_name), []).append(a)
    assert list(tallies) == list(groups)  # in the order the groups first appear
    for key, members in groups.items():
        tickets = sorted(a.ticket_number for a in members)
        assert tallies[key] == SeatTally(len(members), tickets[0], tickets[-1],
                                         frozenset(a.origin for a in members))
    assert summaries_of(tallies, []) == room_summaries(seats, [])
