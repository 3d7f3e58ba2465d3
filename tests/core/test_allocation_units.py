"""Allocation's parts, each pinned to exact values (mutation testing, #25): room shapes and their fill order,
adjacency counts, class keys, a registration's sessions, the fill policies' quotas, seating one room (with the
repair and the in-order fallback), spreading classes, and the plan-level choices of :func:`allocate` — which
registrations and rooms count, how tickets are numbered, what a shortfall and an overlap say.

The properties of ``test_scheduling.py`` hold the invariants over generated plans; these say which answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from xcert_core.labels import CertificateLevel, RegistrationStatus
from xcert_core.model import ExamPlan, ExamRoom, ExamSession, Registration, SeatLayout, Subject
from xcert_core.ports.numbering import TicketContext
from xcert_core.scheduling.allocation import (
    AllocationOptions,
    Fill,
    _place_room,
    _quotas,
    _repair,
    _spread,
    _without_overlaps,
    allocate,
    class_key,
    count_adjacencies,
    room_shape,
    seat_positions,
    sessions_of,
)

DAY = dt.date(2026, 6, 6)
T1 = ExamSession("S5", "T", DAY, dt.time(9), dt.time(10))
T2 = ExamSession("S6", "T", DAY, dt.time(15), dt.time(16))  # T's second sitting in the plan: never chosen
P1 = ExamSession("S1", "P", DAY, dt.time(9, 30), dt.time(11))  # overlaps T1, starts later
Q1 = ExamSession("S2", "Q", DAY, dt.time(10), dt.time(11))  # starts when T1 ends: no overlap
PLAN = ExamPlan("PL", "计划", 2026, "O1", "C1", CertificateLevel.ELEMENTARY,
                subjects=(Subject("T", "理论"), Subject("P", "实操"), Subject("Q", "综合")), sessions=(P1, T1, Q1, T2))


def reg(who: str, site: str = "Z1", subjects: tuple[str, ...] = ("T",), label: str | None = None, *,
        plan: str = "PL", status: RegistrationStatus = RegistrationStatus.ACTIVE, school: str = "SCH") -> Registration:
    return Registration(plan, who, school, "C1", site, subject_codes=subjects, class_label=label, status=status)


# --- shapes -------------------------------------------------------------------------------------------------------


def test_seats_without_a_layout_fill_rows_of_the_given_columns() -> None:
    assert seat_positions(5, None, 2) == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1)]
    assert seat_positions(3, SeatLayout(2, 2, frozenset({(1, 2)}))) == [(1, 1), (2, 1), (2, 2)]


def test_a_shape_lists_neighbours_left_right_front_back_and_fills_black_squares_first() -> None:
    shape = room_shape(6, None, 3, 0)
    assert shape.neighbours == ((), (2, 4), (1, 3, 5), (2, 6), (5, 1), (4, 6, 2), (5, 3))
    assert (shape.capacity, shape.fill_order, shape.black_count) == (6, (1, 3, 5, 2, 4, 6), 3)


def test_reserved_seats_are_the_highest_and_never_filled() -> None:
    shape = room_shape(6, None, 3, 2)
    assert (shape.capacity, shape.fill_order, shape.black_count) == (4, (1, 3, 2, 4), 2)
    assert room_shape(2, None, 3, 5).capacity == 0


def test_a_layouts_unusable_positions_are_no_seats_and_no_neighbours() -> None:
    shape = room_shape(5, SeatLayout(2, 3, frozenset({(1, 2)})), 6, 0)
    assert shape.neighbours == ((), (3,), (5,), (4, 1), (3, 5), (4, 2))
    assert (shape.fill_order, shape.black_count) == ((1, 2, 4, 3, 5), 3)


def test_adjacent_pairs_of_one_class_are_counted_once_and_free_seats_never() -> None:
    shape = room_shape(6, None, 3, 0)  # 1 2 3 / 4 5 6
    assert count_adjacencies([-1, 7, 7, 8, 7, -1, 9], shape) == 2  # 1-2 and 1-4
    assert count_adjacencies({1: 7, 2: 7, 3: 8, 4: 7, 6: 8}, shape) == 3  # and 3-6
    assert count_adjacencies({5: 1}, shape) == 0
    assert count_adjacencies([-1, -1, -1, -1, -1, -1, -1], shape) == 0


# --- classes and sessions -----------------------------------------------------------------------------------------


def test_a_class_is_the_schools_label_else_the_rosters_key_else_none() -> None:
    assert class_key(reg("IDA", label="1班"), {"IDA": ("710201", 2024)}) == ("label", "SCH", "1班")
    assert class_key(reg("IDA"), {"IDA": ("710201", 2024)}) == ("roster", "SCH", ("710201", 2024))
    assert class_key(reg("IDA"), {"IDB": ("710201", 2024)}) is None
    assert class_key(reg("IDA"), None) is None
    assert class_key(reg("IDA", label=""), {}) is None


def test_a_registration_sits_the_first_session_of_each_subject_in_time_order() -> None:
    assert sessions_of(reg("IDA", subjects=("Q", "T")), PLAN) == [T1, Q1]
    assert sessions_of(reg("IDA", subjects=()), PLAN) == [T1, P1, Q1]  # every subject of the plan
    assert sessions_of(reg("IDA", subjects=("T", "T", "X")), PLAN) == [T1]


def test_an_overlapping_session_is_dropped_and_named_with_the_one_kept() -> None:
    assert _without_overlaps([T1, P1, Q1]) == ([T1, Q1], [("S5", "S1")])
    assert _without_overlaps([T1, Q1]) == ([T1, Q1], [])


# --- the fill policies ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "capacities", "fill", "quotas"), [
    (7, [4, 4, 2], Fill.IN_ORDER, [4, 3, 0]), (20, [4, 4, 2], Fill.IN_ORDER, [4, 4, 2]),
    (7, [4, 4, 2], Fill.BALANCED, [3, 3, 1]), (20, [4, 4, 2], Fill.BALANCED, [4, 4, 2]),
    (5, [3, 3, 3], Fill.BALANCED, [2, 2, 1]), (4, [5, 3], Fill.BALANCED, [3, 1]), (3, [0, 0], Fill.BALANCED, [0, 0]),
    (6, [1, 9], Fill.BALANCED, [1, 5]), (3, [2, 2, 2], Fill.BALANCED, [1, 1, 1]), (0, [3, 3], Fill.BALANCED, [0, 0]),
    (7, [5, 2, 2], Fill.BALANCED, [4, 2, 1]),
    (7, [3, 5, 2], Fill.BALANCED, [2, 4, 1])])  # remainders 1, 5, 4: the largest takes the place, not the first
def test_quotas(count: int, capacities: list[int], fill: Fill, quotas: list[int]) -> None:
    assert _quotas(count, capacities, fill) == quotas


# --- one room -------------------------------------------------------------------------------------------------------


def test_strangers_or_few_enough_for_the_black_seats_go_in_fill_order() -> None:
    shape = room_shape(4, None, 2, 0)  # fill order 1 4 2 3; black seats 1 and 4
    assert _place_room([5, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7], shape, 4) == ([-1, 5, 7, -1, 6], 0)
    assert _place_room([0, 1], [0, 0], shape, 4) == ([-1, 0, -1, -1, 1], 0)


def test_as_many_as_the_black_seats_go_in_the_order_given_even_with_classmates() -> None:
    shape = room_shape(6, None, 3, 0)  # black seats 1 3 5: none beside another
    assert _place_room([7, 8, 9], [0] * 7 + [0, 1, 0], shape, 6) == ([-1, 7, -1, 8, -1, 9, -1], 0)


def test_two_classes_of_two_sit_on_their_own_diagonals() -> None:
    board, adjacent = _place_room([0, 1, 2, 3], [0, 0, 1, 1], room_shape(4, None, 2, 0), 4)
    assert adjacent == 0 and {board[1], board[4]} in ({0, 1}, {2, 3}) and {board[2], board[3]} in ({0, 1}, {2, 3})


def test_one_class_too_big_for_the_black_seats_keeps_the_fewest_pairs() -> None:
    assert _place_room([0, 1, 2], [0, 0, 0], room_shape(4, None, 2, 0), 4) == ([-1, 0, 2, -1, 1], 2)


def test_the_repair_moves_a_candidate_into_a_free_seat_away_from_classmates() -> None:
    shape = room_shape(6, None, 3, 0)  # 1 2 3 / 4 5 6
    board = [-1, 10, 11, -1, -1, -1, -1]
    cls = [-1, 0, 0, -1, -1, -1, -1]
    assert _repair(board, cls, shape, 1) == 0
    assert board.count(10) == board.count(11) == 1 and count_adjacencies(cls, shape) == 0


def test_the_repair_swaps_two_candidates_when_no_seat_is_free() -> None:
    shape = room_shape(4, None, 2, 0)  # 1 2 / 3 4
    board = [-1, 10, 11, 20, 21]
    cls = [-1, 0, 0, 1, 1]  # two pairs side by side
    assert _repair(board, cls, shape, 2) == 0
    assert cls[1] == cls[4] and cls[2] == cls[3] and sorted(board[1:]) == [10, 11, 20, 21]


def test_the_repair_stops_when_nothing_helps() -> None:
    shape = room_shape(2, None, 2, 0)
    board, cls = [-1, 10, 11], [-1, 0, 0]
    assert _repair(board, cls, shape, 1) == 1 and board == [-1, 10, 11]


def test_spreading_alternates_two_equal_classes_and_leaves_strangers_shuffled() -> None:
    spread = _spread(list(range(8)), [0, 0, 0, 0, 1, 1, 1, 1], random.Random(1))
    assert sorted(spread) == list(range(8))
    assert all((a < 4) != (b < 4) for a, b in itertools.pairwise(spread))
    strangers = _spread(list(range(6)), [0, 1, 2, 3, 4, 5], random.Random(3))
    assert sorted(strangers) == list(range(6))


# --- the plan -------------------------------------------------------------------------------------------------------


class Recording:
    def __init__(self) -> None:
        self.contexts: list[TicketContext] = []

    def ticket_number(self, context: TicketContext) -> str:
        self.contexts.append(context)
        return f"{context.site_code}-{context.room_index}-{context.seat}-{context.sequence}"


def test_only_the_plans_active_registrations_and_rooms_count() -> None:
    rooms = [ExamRoom("OTHER", "Z1", "R0", seats=9), ExamRoom("PL", "Z1", "R1", seats=2)]
    regs = [reg("IDA"), reg("IDB", plan="OTHER"), reg("IDC", status=RegistrationStatus.WITHDRAWN), reg("IDD")]
    result = allocate(regs, rooms, PLAN, 1)
    assert sorted(p.id_number for p in result.placements) == ["IDA", "IDD"]
    assert {p.room_name for p in result.placements} == {"R1"} and result.issues == ()


def test_tickets_follow_the_first_seat_by_session_site_room_and_seat() -> None:
    # Z1 has R1 (2 seats) and R2; Z0 sorts first. Every candidate sits T only, one class each.
    rooms = [ExamRoom("PL", "Z1", "R1", seats=2), ExamRoom("PL", "Z1", "R2", seats=4),
             ExamRoom("PL", "Z0", "RA", seats=1)]
    regs = [reg(f"ID{n}", "Z1") for n in range(4)] + [reg("IDZ", "Z0")]
    scheme = Recording()
    result = allocate(regs, rooms, PLAN, 3, AllocationOptions(ticket_scheme=scheme))
    seats = {p.id_number: (p.site_code, p.room_name, p.seat) for p in result.placements}
    order = sorted(seats, key=lambda who: (seats[who][0], [r.name for r in rooms].index(seats[who][1]),
                                           seats[who][2]))
    assert [c.sequence for c in scheme.contexts] == [1, 2, 3, 4, 5]
    assert [result.tickets[who] for who in order] == [
        f"{seats[who][0]}-{1 if seats[who][1] in ('R1', 'RA') else 2}-{seats[who][2]}-{n}"
        for n, who in enumerate(order, start=1)]
    assert {c.plan_code for c in scheme.contexts} == {"PL"} and {c.year for c in scheme.contexts} == {2026}


def test_a_shortfall_and_an_overlap_say_how_many_and_whom() -> None:
    rooms = [ExamRoom("PL", "Z1", "R1", seats=2)]
    regs = [reg("110101200801011234", subjects=("T", "P")), reg("IDB"), reg("IDC")]
    result = allocate(regs, rooms, PLAN, 1)
    assert [i.code for i in result.issues] == ["sched-session-overlap", "sched-seat-shortfall"]
    overlap, short = result.issues
    assert overlap.message == "考生 110***********1234 的场次“S5”与“S1”时间重叠，只安排了“S5”。"
    assert short.message == "考核站点“Z1”场次“S5”考位不足：报考 3 人，可用考位 2 个，还差 1 个。"
    assert len(result.placements) == 2


def test_the_sessions_of_a_seating_share_one_seat_when_everyone_fits() -> None:
    rooms = [ExamRoom("PL", "Z1", "R1", seats=4)]
    regs = [reg("IDA", subjects=("T", "Q")), reg("IDB", subjects=("Q",)), reg("IDC", subjects=("T",))]
    result = allocate(regs, rooms, PLAN, 5)
    seat_of = {}
    for p in result.placements:
        assert seat_of.setdefault(p.id_number, (p.room_name, p.seat)) == (p.room_name, p.seat)
    assert [p.session_code for p in result.placements] == ["S5", "S5", "S2", "S2"]  # in session order
    for seed in range(12):  # three seats for three people: still one seat each, whatever the draw
        exactly = allocate(regs, [ExamRoom("PL", "Z1", "R1", seats=3)], PLAN, seed)
        assert len({(p.id_number, p.seat) for p in exactly.placements}) == 3 and exactly.issues == ()


def test_unavoidable_neighbours_are_counted_per_room_and_session() -> None:
    rooms = [ExamRoom("PL", "Z1", "R1", seats=2, layout=SeatLayout(1, 2))]
    regs = [reg("IDA", label="1班"), reg("IDB", label="1班")]
    result = allocate(regs, rooms, PLAN, 1)
    assert result.adjacencies == 1 and dict(result.room_adjacencies) == {("S5", "Z1", "R1"): 1}
    apart = allocate([reg("IDA", label="1班"), reg("IDB", label="2班")], rooms, PLAN, 1)
    assert apart.adjacencies == 0 and dict(apart.room_adjacencies) == {}


# --- what the mutation run of these tests left (boards found by a search, then checked by hand) -----------------


def test_the_seat_in_front_is_one_row_up_in_every_row() -> None:
    assert room_shape(6, None, 2, 0).neighbours == ((), (2, 3), (1, 4), (4, 1, 5), (3, 2, 6), (6, 3), (5, 4))


def test_fewer_than_the_black_seats_go_in_the_order_given_even_with_classmates() -> None:
    shape = room_shape(8, None, 4, 0)  # black seats 1 3 6 8
    assert _place_room([0, 1, 2], [0, 1, 0], shape, 8) == ([-1, 0, -1, 1, -1, -1, 2, -1, -1], 0)


def test_when_the_in_order_fill_beats_the_repaired_board_the_in_order_fill_is_kept() -> None:
    """Two rows of five with two seats reserved: the checkerboard and its repair leave two pairs, seats 1 to 8
    in order leave one."""
    assert _place_room(list(range(8)), [0, 1, 0, 1, 1, 1, 0, 1], room_shape(10, None, 5, 2), 10) == (
        [-1, 0, 1, 2, 3, 4, 5, 6, 7, -1, -1], 1)
    assert _place_room(list(range(8)), [2, 0, 1, 0, 1, 1, 2, 0], room_shape(10, None, 5, 2), 10) == (
        [-1, 0, 1, 2, 3, 4, 5, 6, 7, -1, -1], 0)


@pytest.mark.parametrize(("rows", "columns", "cls", "after", "left"), [
    # one row of three, classmates at 1 and 2: the swap of 2 and 3 parts them
    (1, 3, [-1, 2, 2, 0], [-1, 101, 103, 102], 0),
    # classes 1 and 2 only (no class 0): the repair still works on them
    (2, 3, [-1, 2, 2, 0, -1, 2, -1], [-1, -1, 102, 103, 101, -1, 105], 0),
    (3, 3, [-1, 1, 2, -1, 2, -1, 1, 2, 0, 0], [-1, 108, 102, -1, 104, -1, 106, 109, 101, 107], 0),
    (3, 3, [-1, 0, 2, 0, -1, 2, 1, 2, -1, 1], [-1, 101, 102, 106, -1, 109, 103, 107, -1, 105], 0),
    # the third round of moves is the one that parts the last pair
    (4, 5, [-1, 1, 1, -1, -1, 1, 0, 1, 1, -1, -1, 0, 0, -1, -1, 1, 1, 1, -1, 1, 0],
     [-1, 107, -1, 102, -1, 105, 106, -1, -1, 116, -1, 101, 112, 108, -1, 115, 111, 117, -1, 119, 120], 0),
    # and the repair stops after three rounds, where a fourth would move more
    (4, 4, [-1, 0, -1, 1, 1, 1, 1, 0, 0, -1, -1, 1, 1, 1, 1, 0, 0],
     [-1, 101, 106, 103, 104, 105, -1, 107, -1, 108, 111, -1, 112, 113, 115, 114, 116], 2)])
def test_the_repair_on_boards_a_search_found(rows: int, columns: int, cls: list[int], after: list[int],
                                             left: int) -> None:
    shape = room_shape(rows * columns, None, columns, 0)
    board = [-1] + [100 + seat if klass >= 0 else -1 for seat, klass in enumerate(cls[1:], start=1)]
    assert _repair(board, list(cls), shape, count_adjacencies(cls, shape)) == left
    assert board == after


def test_unavoidable_neighbours_are_counted_when_sessions_share_one_seating() -> None:
    rooms = [ExamRoom("PL", "Z1", "R1", seats=2, layout=SeatLayout(1, 2))]
    regs = [reg("IDA", subjects=("T", "Q"), label="1班"), reg("IDB", subjects=("T", "Q"), label="1班")]
    result = allocate(regs, rooms, PLAN, 1)
    assert {p.session_code for p in result.placements} == {"S5", "S2"}
    assert result.adjacencies == 1 and dict(result.room_adjacencies) == {("S5", "Z1", "R1"): 1}


def test_a_candidates_ticket_follows_the_earliest_session_they_sit() -> None:
    """One seating for T (S5, first) and Q (S2): IDB sits both at one seat, IDA only Q. IDB's first sitting is
    the earlier session, so IDB is numbered first, whatever the seats."""
    rooms = [ExamRoom("PL", "Z1", "R1", seats=2)]
    for seed in range(6):
        scheme = Recording()
        result = allocate([reg("IDA", subjects=("Q",)), reg("IDB", subjects=("T", "Q"))], rooms, PLAN, seed,
                          AllocationOptions(ticket_scheme=scheme))
        assert result.tickets["IDB"].endswith("-1") and result.tickets["IDA"].endswith("-2")


def test_in_separate_seatings_the_ticket_takes_the_first_sessions_seat() -> None:
    """Two seats, three candidates of T, two of Q: each session is seated on its own, and IDC's ticket context
    is its seat in S5, the earlier session."""
    rooms = [ExamRoom("PL", "Z1", "R1", seats=2)]
    regs = [reg("IDA", subjects=("T",)), reg("IDB", subjects=("Q",)), reg("IDC", subjects=("T", "Q"))]
    for seed in range(6):
        scheme = Recording()
        result = allocate(regs, rooms, PLAN, seed, AllocationOptions(ticket_scheme=scheme))
        seat_in = {(p.session_code, p.id_number): p.seat for p in result.placements}
        if ("S5", "IDC") in seat_in:
            assert result.tickets["IDC"].split("-")[2] == str(seat_in[("S5", "IDC")])


# --- written from the surviving mutants of `nox -s mutants -- allocation` ------------------------------------------


def test_a_room_without_a_layout_has_six_seats_to_a_row_by_default() -> None:
    """Seat 7 sits behind seat 1, the docstring's ``(n-1)//6``."""
    shape = room_shape(12, None, AllocationOptions().columns, 0)
    assert shape.neighbours[1] == (2, 7) and shape.neighbours[7] == (8, 1)


def test_balanced_quotas_give_the_extra_places_by_the_largest_remainder() -> None:
    """5 of 10 seats over rooms of 4, 3, 3: 2 + 1 + 1 and one place left; the remainders are 0, 5 and 5, so the
    second room (the first of the largest) takes it."""
    assert _quotas(5, [4, 3, 3], Fill.BALANCED) == [2, 2, 1]


def test_a_repair_that_parts_every_pair_is_kept() -> None:
    """Two classmates, one black seat: the checkerboard puts them side by side, the repair moves one away."""
    assert _place_room([0, 1], [0, 0], room_shape(4, None, 2, 1), 4) == ([-1, -1, 1, 0, -1], 0)


def test_the_in_order_fill_is_taken_only_when_it_has_fewer_pairs() -> None:
    """Four classmates in five seats (two to a row): the repaired board keeps two pairs, the in-order fill has
    more, so the repaired board stays."""
    assert _place_room([0, 1, 2, 3], [0, 0, 0, 0], room_shape(6, None, 2, 1), 6) == (
        [-1, 0, 3, -1, 1, 2, -1], 2)


def test_strangers_are_seated_in_the_shuffled_order_however_many() -> None:
    """Without classmates the spread is the seed's shuffle itself, past CPython's small integers too."""
    shuffled = list(range(300))
    random.Random(2).shuffle(shuffled)
    assert _spread(list(range(300)), list(range(300)), random.Random(2)) == shuffled


def test_a_small_class_is_spread_through_a_big_one_and_a_seed_gives_one_order() -> None:
    """Six of one class and two of another: three of the six between the two, wherever the seed starts; and the
    same seed gives the same order in every version (``--seed`` reproduces a plan, schedule-exams.md)."""
    for seed in range(20):
        spread = _spread(list(range(8)), [0] * 6 + [1] * 2, random.Random(seed))
        first, second = sorted(spread.index(member) for member in (6, 7))
        assert second - first == 4, (seed, spread)
    assert _spread(list(range(8)), [0] * 6 + [1] * 2, random.Random(4)) == [1, 5, 6, 4, 0, 2, 7, 3]


def test_a_registration_of_a_plan_whose_code_sorts_after_is_not_seated() -> None:
    rooms = [ExamRoom("QQ", "Z1", "R0", seats=9), ExamRoom("PL", "Z1", "R1", seats=4)]
    result = allocate([reg("IDA"), reg("IDB", plan="QQ"), reg("IDC", plan="PM")], rooms, PLAN, 1)
    assert [(p.id_number, p.room_name) for p in result.placements] == [("IDA", "R1")]  # nor a room of QQ


ROOMS_BY_TYPE = ExamPlan(
    "PT", "计划", 2026, "O1", "C1", CertificateLevel.ELEMENTARY,
    subjects=(Subject("T", "理论"), Subject("Q", "综合"), Subject("P", "实操", room_type="机房")),
    sessions=(ExamSession("S5", "T", DAY, dt.time(9), dt.time(10)),
              ExamSession("S2", "Q", DAY, dt.time(10, 30), dt.time(11, 30)),
              ExamSession("S9", "P", DAY, dt.time(14), dt.time(15))))


@pytest.mark.parametrize("theory", [("T",), ("T", "Q")])
def test_a_ticket_follows_the_earliest_session_even_when_a_later_ones_seating_comes_first(
        theory: tuple[str, ...]) -> None:
    """IDA (the first by ID) sits only the practical, in a 机房, so the practical's seating is made first; IDB sits
    the theory too, in an ordinary room, earlier that day: IDB's ticket is numbered first, from its theory seat
    (room R1, index 1), whether the theory is one session or two sharing a seat."""
    rooms = [ExamRoom("PT", "Z1", "R1", seats=2), ExamRoom("PT", "Z1", "M1", room_type="机房", seats=2)]
    regs = [Registration("PT", "IDA", "SCH", "C1", "Z1", subject_codes=("P",)),
            Registration("PT", "IDB", "SCH", "C1", "Z1", subject_codes=(*theory, "P"))]
    scheme = Recording()
    result = allocate(regs, rooms, ROOMS_BY_TYPE, 1, AllocationOptions(ticket_scheme=scheme))
    theory_seat = next(p.seat for p in result.placements if (p.id_number, p.session_code) == ("IDB", "S5"))
    assert result.tickets["IDB"] == f"Z1-1-{theory_seat}-1"
    assert result.tickets["IDA"].startswith("Z1-2-") and result.tickets["IDA"].endswith("-2")


def test_plan_codes_are_compared_by_value_not_by_object() -> None:
    """Codes read from storage are other string objects than the plan's: still the plan's."""
    code = "".join(["P", "L"])  # equal to PLAN.code, another object
    rooms = [ExamRoom(code, "Z1", "R1", seats=4)]
    result = allocate([reg("IDA", plan="".join(["P", "L"]))], rooms, PLAN, 1)
    assert [(p.id_number, p.room_name) for p in result.placements] == [("IDA", "R1")]


def test_a_subject_needing_a_room_type_is_seated_only_in_rooms_of_that_type() -> None:
    """普通考场 sorts before 机房 and 综合楼 after it: neither is a 机房."""
    plan = ExamPlan("PT", "计划", 2026, "O1", "C1", CertificateLevel.ELEMENTARY,
                    subjects=(Subject("P", "实操", room_type="机房"),),
                    sessions=(ExamSession("S9", "P", DAY, dt.time(14), dt.time(15)),))
    computer_room = "".join(["机", "房"])  # as read from a file: equal to the plan's 机房, another object
    rooms = [ExamRoom("PT", "Z1", "A", room_type="普通考场", seats=4),
             ExamRoom("PT", "Z1", "B", room_type=computer_room, seats=2),
             ExamRoom("PT", "Z1", "C", room_type="综合楼", seats=4)]
    regs = [Registration("PT", f"ID{n}", "SCH", "C1", "Z1", subject_codes=("P",)) for n in range(3)]
    result = allocate(regs, rooms, plan, 1)
    assert [p.room_name for p in result.placements] == ["B", "B"]  # the third is short of a seat, not elsewhere
    assert [i.code for i in result.issues] == ["sched-seat-shortfall"]


def test_classes_are_compared_by_value_in_a_map_of_seats() -> None:
    """Class ids past CPython's small integers, made separately: still one class."""
    shape = room_shape(4, None, 2, 0)
    assert count_adjacencies({1: 1000, 2: int("1000"), 4: 7}, shape) == 1


def test_a_repair_in_a_hall_of_more_than_256_seats_skips_the_seat_it_moves_from() -> None:
    """One row: 280 seats kept apart by aisles, all of one class, then a free seat and two classmates side by side
    (seats 281-283, past CPython's small integers). Moving 282 into 281 parts the pair: 281's only other
    neighbour is 282 itself, which the move vacates."""
    unusable = frozenset((1, column) for column in range(2, 561, 2))
    shape = room_shape(283, SeatLayout(1, 563, unusable), 6, 0)
    assert shape.neighbours[281:284] == ((282,), (281, 283), (282,))
    cls = [-1] + [0] * 280 + [-1, 0, 0]
    board = [-1] + [100 + seat if klass >= 0 else -1 for seat, klass in enumerate(cls[1:], start=1)]
    assert _repair(board, cls, shape, 1) == 0
    assert board[281:284] == [382, -1, 383]
