"""Seat changes after publication (``xcert_core.scheduling.changes``), case by case at their edges.

The property test of ``test_scheduling.py`` holds the invariants (nobody else moves, no double seats) on one site,
one plan and same-class neighbours by chance; mutation testing (#25) found what it leaves open. Here each change
meets what a real school has: two sites whose rooms share names, a second plan's rooms at the same site, three
sessions, classmates beside a free seat, a ticket scheme that reads every field of its context, and codes that
are equal but not the same string object (a code read from a file is never the literal in the code).
"""

from __future__ import annotations

import datetime as dt

import pytest

from xcert_core.model import ExamRoom, SeatAssignment, SeatLayout
from xcert_core.ports.numbering import TicketContext
from xcert_core.scheduling import changes
from xcert_core.scheduling.changes import AuditMove

NOW = dt.datetime(2026, 5, 20, 9, 0)


def fresh(text: str) -> str:
    """``text`` as a new string object: equal, never identical (``is`` would tell them apart). Only for two
    characters or more: CPython shares every one-character string, so the tests' IDs are ``IDA``, ``IDB`` …"""
    return "".join(list(text))


def room(name: str, seats: int = 4, *, site: str = "Z0001", plan: str = "P1", columns: int = 2) -> ExamRoom:
    return ExamRoom(plan, site, name, seats=seats, layout=SeatLayout(-(-seats // columns), columns))


def seat(who: str, room_name: str, number: int, *, session: str = "S2", site: str = "Z0001",
         ticket: str | None = None, plan: str = "P1") -> SeatAssignment:
    return SeatAssignment(plan, session, who, site, room_name, number, ticket or f"T-{who}-{session}")


class Recording:
    """A ticket scheme that writes every field of its context into the number, so a wrong field shows."""

    def __init__(self) -> None:
        self.contexts: list[TicketContext] = []

    def ticket_number(self, context: TicketContext) -> str:
        self.contexts.append(context)
        return f"{context.plan_code}/{context.year}/{context.site_code}/{context.room_index}/{context.seat}/" \
               f"{context.sequence}"


# --- add_late ---------------------------------------------------------------------------------------------------


def late(assignments: list[SeatAssignment], rooms: list[ExamRoom], **options: object) -> changes.ChangeResult:
    arguments: dict[str, object] = {"plan_code": fresh("P1"), "year": 2026, "id_number": "NEW", "site_code":
                                    fresh("Z0001"), "session_codes": [fresh("S2")], "rooms": rooms, "class_of": {},
                                    "actor": "王老师", "at": NOW, "reason": "补报"}
    arguments.update(options)
    return changes.add_late(assignments, **arguments)  # type: ignore[arg-type]


def test_a_late_registrant_without_a_class_takes_the_first_free_seat_of_its_own_site_and_plan() -> None:
    # Rooms of sites sorting before and after Z0001 and of another plan come first: none of them may be used.
    rooms = [room("RY", site="Y0009"), room("RZ", site="Z0002"), room("RP", plan="P2"), room("R1"), room("R2")]
    # Seat 2 of R1 is taken only at other sites and in other sessions: it is free for the newcomer.
    taken = [seat("IDA", "R1", 1), seat("IDB", "R1", 2, site="Y0009"), seat("IDC", "R1", 2, site="Z0002"),
             seat("IDD", "R1", 2, session="S1"), seat("IDE", "R1", 2, session="S3")]
    result = late(taken, rooms)
    added = result.assignments[len(taken):]
    assert result.assignments[:len(taken)] == tuple(taken) and result.issues == ()
    assert [(a.site_code, a.room_name, a.seat, a.session_code, a.plan_code) for a in added] == [
        ("Z0001", "R1", 2, "S2", "P1")]
    assert result.audit == changes.AuditEntry("add-late", "王老师", NOW, "P1",
                                              (AuditMove("NEW", "S2", None, ("R1", 2)),), "补报")


def test_a_late_registrant_is_seated_in_every_session_it_sits() -> None:
    rooms = [room("R1")]
    result = late([seat("IDA", "R1", 1, session="S1")], rooms, session_codes=["S1", "S3"])
    assert [(a.session_code, a.seat) for a in result.assignments[1:]] == [("S1", 2), ("S3", 1)]
    assert len({a.ticket_number for a in result.assignments[1:]}) == 1  # one candidate, one ticket number


def test_a_registrant_already_seated_is_refused_and_nothing_changes() -> None:
    before = [seat("IDA", "R1", 1)]
    result = late(before, [room("R1")], id_number=fresh("IDA"))
    assert result.assignments == tuple(before) and result.audit is None
    assert result.issues[0].code == "sched-change-refused" and "已安排考位" in result.issues[0].message


def test_a_full_site_reports_the_shortfall_of_its_own_session_and_site() -> None:
    rooms = [room("R1", seats=2), room("R9", seats=2, site="Z0002")]
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 2), seat("IDC", "R9", 1, site="Z0002"),
              seat("IDY", "R9", 1, site="Y0009"),
              seat("IDD", "R1", 1, session="S1"), seat("IDE", "R1", 1, session="S3")]
    result = late(before, rooms)
    assert result.assignments == tuple(before) and result.audit is None
    (issue,) = result.issues
    assert issue.code == "sched-seat-shortfall"
    assert issue.message == "考核站点“Z0001”场次“S2”考位不足：报考 3 人，可用考位 2 个，还差 1 个。"


def test_the_ticket_context_names_the_plan_year_site_room_seat_and_next_sequence() -> None:
    rooms = [room("R0", site="Y0009"), room("R1"), room("R2", plan="P2"), room("R4", site="Z0002"), room("R3")]
    before = [seat("IDA", "R1", 1, session="S1"),
              *(seat(w, "R1", n) for n, w in enumerate(("IDA", "IDB", "IDC", "IDD"), start=1))]
    result = late(before, rooms, scheme=Recording(), year=2027)
    (added,) = result.assignments[len(before):]
    assert (added.room_name, added.seat) == ("R3", 1)
    # Four distinct candidates are seated: the newcomer is the fifth. R3 is the second room of plan P1 at Z0001
    # (R0, R2 and R4 belong to another site or plan).
    assert added.ticket_number == "P1/2027/Z0001/2/1/5"


def test_a_ticket_number_in_use_is_skipped_for_the_next_free_one() -> None:
    scheme = Recording()
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 3, ticket="P1/2026/Z0001/1/2/3")]
    result = late(before, [room("R1")], scheme=scheme)
    assert result.assignments[-1].ticket_number == "P1/2026/Z0001/1/2/4"
    assert [c.sequence for c in scheme.contexts] == [3, 4]


def test_with_classmates_everywhere_the_seat_with_fewest_is_chosen() -> None:
    # 3 columns x 2 rows: seats 1 2 3 / 4 5 6. Free: 2 (classmates at 1, 3 and 5) and 6 (one classmate at 3).
    rooms = [room("R1", seats=6, columns=3)]
    before = [seat(w, "R1", n) for w, n in (("M1", 1), ("M3", 3), ("M5", 5), ("X4", 4))]
    mates = {"M1": "1班", "M3": "1班", "M5": "1班", "X4": "2班", "NEW": "1班"}
    result = late(before, rooms, class_of=mates)
    assert result.assignments[-1].seat == 6


def test_a_seat_beside_a_student_of_another_class_is_as_good_as_an_empty_one() -> None:
    # 2 x 2: seat 1 is a "2班" student; seats 2 and 3 are beside it, seat 4 is not. A "1班" newcomer takes 2:
    # another class beside is no adjacency, whichever way the class labels sort.
    for other in ("0班", "2班"):
        result = late([seat("IDX", "R1", 1)], [room("R1")], class_of={"IDX": other, "NEW": "1班"})
        assert result.assignments[-1].seat == 2


def test_the_first_seat_with_no_classmate_wins_over_later_ones() -> None:
    # 2 x 3: seats 1 2 / 3 4 / 5 6. Classmate at 1; free 2 (beside it), 3 (behind it), 4, 5, 6 (none beside).
    # The two class labels are equal, not the same object (each read from its own cell).
    before = [seat("MATE", "R1", 1)]
    result = late(before, [room("R1", seats=6)], class_of={"MATE": "1班", "NEW": fresh("1班")})
    assert result.assignments[-1].seat == 4


def test_one_classmate_is_better_than_two_even_when_it_comes_later() -> None:
    # 2 x 3: 1 2 / 3 4 / 5 6. Classmates at 1, 4 and 5. Free: 2 (beside 1, above 4: two), 3 (below 1, beside 4,
    # above 5: three), 6 (below 4, beside 5: two). No seat has fewer than two: the first with two, seat 2.
    mates = {"IDA": "1班", "IDB": "1班", "IDC": "1班", "NEW": "1班"}
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 4), seat("IDC", "R1", 5)]
    assert late(before, [room("R1", seats=6)], class_of=mates).assignments[-1].seat == 2
    # Classmates at 1 and 6 only: 2 has one, 3 has one, 4 has one, 5 has one: the first, seat 2.
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 6)]
    assert late(before, [room("R1", seats=6)], class_of=mates).assignments[-1].seat == 2
    # Classmates at 1, 3 and 6: 2 has one (1; 4 is free), 4 has two (3, 6), 5 has two (3, 6): seat 2.
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 3), seat("IDC", "R1", 6)]
    assert late(before, [room("R1", seats=6)], class_of=mates).assignments[-1].seat == 2
    # Classmates at 2 and 3: 1 has two, 4 has two, 5 has one (3), 6 has none: seat 6 (fewest, even later).
    before = [seat("IDA", "R1", 2), seat("IDB", "R1", 3)]
    assert late(before, [room("R1", seats=6)], class_of=mates).assignments[-1].seat == 6


# --- withdraw ---------------------------------------------------------------------------------------------------


def test_a_withdrawal_frees_every_seat_of_that_candidate_only() -> None:
    before = [seat("IDA", "R1", 1, session="S1"), seat("IDB", "R1", 2), seat("IDA", "R1", 1), seat("AB", "R1", 3)]
    result = changes.withdraw(before, id_number=fresh("IDA"), actor="王老师", at=NOW, reason="退考")
    assert result.assignments == (before[1], before[3])
    assert result.audit == changes.AuditEntry("withdraw", "王老师", NOW, "P1", (
        AuditMove("IDA", "S1", ("R1", 1), None), AuditMove("IDA", "S2", ("R1", 1), None)), "退考")


def test_withdrawing_someone_without_a_seat_is_refused() -> None:
    before = [seat("IDA", "R1", 1)]
    result = changes.withdraw(before, id_number="IDB", actor="x", at=NOW)
    assert result.assignments == tuple(before) and result.audit is None and "没有考位" in result.issues[0].message


# --- move -------------------------------------------------------------------------------------------------------


def test_a_move_changes_one_session_of_one_candidate_and_keeps_the_order() -> None:
    before = [seat("IDA", "R1", 1, session="S1"), seat("IDA", "R1", 1), seat("IDA", "R1", 1, session="S3"),
              seat("IDB", "R1", 2)]
    result = changes.move(before, id_number=fresh("IDA"), session_code=fresh("S2"), room=room("R2"), seat=4,
                          actor="王老师", at=NOW, reason="轮椅")
    assert result.issues == ()
    assert result.assignments == (before[0], seat("IDA", "R2", 4, ticket=before[1].ticket_number), before[2],
                                  before[3])
    assert result.audit == changes.AuditEntry("move", "王老师", NOW, "P1",
                                              (AuditMove("IDA", "S2", ("R1", 1), ("R2", 4)),), "轮椅")


@pytest.mark.parametrize("number", [1, 4])
def test_a_move_to_the_first_or_last_seat_of_a_room_is_made(number: int) -> None:
    before = [seat("IDA", "R1", 2)]
    result = changes.move(before, id_number="IDA", session_code="S2", room=room("R2"), seat=number, actor="x", at=NOW)
    assert result.issues == () and result.assignments[0].seat == number


@pytest.mark.parametrize("number", [0, 5])
def test_a_move_to_a_seat_the_room_does_not_have_is_refused(number: int) -> None:
    before = [seat("IDA", "R1", 2)]
    result = changes.move(before, id_number="IDA", session_code="S2", room=room("R2"), seat=number, actor="x", at=NOW)
    assert result.assignments == tuple(before) and f"没有第 {number} 号" in result.issues[0].message


def test_a_seat_taken_in_another_session_or_at_another_site_is_free_for_a_move() -> None:
    before = [seat("IDA", "R1", 2), seat("IDB", "R2", 3, session="S1"), seat("IDC", "R2", 3, site="Z0002"),
              seat("IDD", "R2", 3, session="S3")]
    result = changes.move(before, id_number="IDA", session_code="S2", room=room("R2"), seat=3, actor="x", at=NOW)
    assert result.issues == () and result.assignments[0].room_name == "R2"
    also_free = [*before, seat("IDY", "R2", 3, site="Y0009"), seat("IDR", "R3", 3)]  # a site, a room sorting away
    assert changes.move(also_free, id_number="IDA", session_code="S2", room=room("R2"), seat=3, actor="x",
                        at=NOW).issues == ()
    taken = changes.move([*before, seat("IDE", "R2", 3)], id_number="IDA", session_code="S2", room=room("R2"), seat=3,
                         actor="x", at=NOW)
    assert "已有考生" in taken.issues[0].message


def test_a_move_needs_a_seat_in_that_session_and_a_room_at_the_same_site() -> None:
    before = [seat("IDA", "R1", 2, session="S1"), seat("IDA", "R1", 2, session="S3")]
    none = changes.move(before, id_number="IDA", session_code="S2", room=room("R2"), seat=1, actor="x", at=NOW)
    assert none.assignments == tuple(before) and "在该场次没有考位" in none.issues[0].message
    elsewhere = changes.move(before, id_number="IDA", session_code="S1", room=room("R2", site="Z0002"), seat=1,
                             actor="x", at=NOW)
    assert elsewhere.assignments == tuple(before) and "不在该考生的考核站点" in elsewhere.issues[0].message


# --- swap -------------------------------------------------------------------------------------------------------


def test_a_swap_exchanges_two_seats_in_one_session_only() -> None:
    before = [seat("IDA", "R1", 1, session="S1"), seat("IDA", "R1", 1), seat("IDB", "R2", 3), seat("IDB", "R2", 3,
                                                                                             session="S3")]
    result = changes.swap(before, first=fresh("IDA"), second=fresh("IDB"), session_code=fresh("S2"), actor="王老师",
                          at=NOW, reason="互换")
    assert result.assignments == (before[0], seat("IDA", "R2", 3, ticket=before[1].ticket_number),
                                  seat("IDB", "R1", 1, ticket=before[2].ticket_number), before[3])
    assert result.audit == changes.AuditEntry("swap", "王老师", NOW, "P1", (
        AuditMove("IDA", "S2", ("R1", 1), ("R2", 3)), AuditMove("IDB", "S2", ("R2", 3), ("R1", 1))), "互换")


def test_a_swap_needs_both_candidates_seated_in_that_session_at_one_site() -> None:
    before = [seat("IDA", "R1", 1), seat("IDB", "R2", 3, session="S1"), seat("IDC", "R2", 3, site="Z0002"),
              seat("IDB", "R2", 3, session="S3")]
    missing = changes.swap(before, first="IDA", second="IDB", session_code="S2", actor="x", at=NOW)
    assert missing.assignments == tuple(before) and "都有考位" in missing.issues[0].message
    apart = changes.swap(before, first="IDA", second="IDC", session_code="S2", actor="x", at=NOW)
    assert apart.assignments == tuple(before) and "不在同一考核站点" in apart.issues[0].message


# --- close_room -------------------------------------------------------------------------------------------------


def close(before: list[SeatAssignment], closing: ExamRoom, rooms: list[ExamRoom],
          class_of: dict[str, str] | None = None) -> changes.ChangeResult:
    return changes.close_room(before, room=closing, rooms=rooms, class_of=class_of or {}, actor="王老师", at=NOW,
                              reason="漏水")


def test_closing_a_room_reseats_its_candidates_in_the_same_sites_other_rooms_of_the_plan() -> None:
    rooms = [room("R1"), room("R2", site="Z0002"), room("R2", plan="P2"), room("R3")]
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 2), seat("IDC", "R2", 1, site="Z0002"), seat("IDD", "R3", 1),
              seat("IDE", "R1", 1, session="S1")]
    result = close(before, rooms[0], rooms)
    assert result.issues == ()
    assert result.assignments == (seat("IDA", "R3", 2, ticket=before[0].ticket_number),
                                  seat("IDB", "R3", 3, ticket=before[1].ticket_number), before[2], before[3],
                                  seat("IDE", "R3", 1, session="S1", ticket=before[4].ticket_number))
    assert result.audit is not None and result.audit.action == "close-room" and result.audit.reason == "漏水"
    assert result.audit.moves == (AuditMove("IDA", "S2", ("R1", 1), ("R3", 2)),
                                  AuditMove("IDB", "S2", ("R1", 2), ("R3", 3)),
                                  AuditMove("IDE", "S1", ("R1", 1), ("R3", 1)))


def test_closing_a_room_leaves_the_same_named_rooms_of_sites_sorting_before_and_after() -> None:
    rooms = [room("R1"), room("R1", site="Y0009"), room("R1", site="Z0002"), room("R3")]
    before = [seat("IDA", "R1", 1), seat("IDY", "R1", 1, site="Y0009"), seat("IDZ", "R1", 1, site="Z0002")]
    result = close(before, rooms[0], rooms)
    assert result.assignments == (seat("IDA", "R3", 1, ticket=before[0].ticket_number), before[1], before[2])


def test_closing_a_room_uses_no_room_of_a_plan_or_site_sorting_before_its_own() -> None:
    rooms = [room("R1"), room("RP", plan="P0"), room("RY", site="Y0009"), room("R5")]
    result = close([seat("IDA", "R1", 1)], rooms[0], rooms)
    assert [(a.room_name, a.seat) for a in result.assignments] == [("R5", 1)]


def test_a_same_named_room_at_another_site_is_not_closed() -> None:
    rooms = [room("R1"), room("R1", site="Z0002"), room("R3", site="Z0002")]
    before = [seat("IDA", "R1", 1, site="Z0002"), seat("IDB", "R1", 1)]
    result = close(before, rooms[1], rooms)
    assert result.assignments == (seat("IDA", "R3", 1, site="Z0002", ticket=before[0].ticket_number), before[1])


def test_closing_a_room_with_too_few_seats_elsewhere_unseats_the_rest_and_counts_them() -> None:
    # Session and site codes of some rows are separate string objects, as codes read from a file are.
    rooms = [room("R1"), room("R2", seats=3)]
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 2, session=fresh("S2")), seat("IDC", "R1", 3),
              seat("IDD", "R2", 1), seat("IDG", "R2", 2, site=fresh("Z0001")), seat("IDE", "R2", 1, site="Z0002"),
              seat("IDF", "R1", 1, session="S1")]
    result = close(before, rooms[0], rooms)
    assert {a.id_number: (a.room_name, a.seat) for a in result.assignments} == {
        "IDA": ("R2", 3), "IDD": ("R2", 1), "IDG": ("R2", 2), "IDE": ("R2", 1), "IDF": ("R2", 1)}
    assert all(a.room_name != "R1" for a in result.assignments)
    assert [m.after for m in result.audit.moves] == [("R2", 3), None, None, ("R2", 1)]  # type: ignore[union-attr]
    (issue,) = result.issues
    assert issue.message == "考核站点“Z0001”场次“S2”考位不足：报考 5 人，可用考位 3 个，还差 2 个。"


def test_closing_a_room_keeps_classmates_apart_where_it_can() -> None:
    # R2 is 2 x 2: a 1班 student at seat 1. The closed room's 1班 student goes to seat 4 (not beside, not behind).
    rooms = [room("R1"), room("R2")]
    before = [seat("IDA", "R1", 1), seat("IDM", "R2", 1)]
    result = close(before, rooms[0], rooms, {"IDA": "1班", "IDM": "1班"})
    assert result.assignments[0].room_name == "R2" and result.assignments[0].seat == 4


# --- what mutation testing found next: odd counts, earlier-sorting codes, equal but separate strings ---------------


def test_the_last_seat_of_a_room_with_an_odd_number_of_seats_is_free_for_a_late_registrant() -> None:
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 2)]
    result = late(before, [room("R1", seats=3)])
    assert result.issues == () and result.assignments[-1].seat == 3


def test_a_shortfall_counts_an_odd_number_of_registrants_right() -> None:
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 2), seat("IDC", "R1", 3)]
    (issue,) = late(before, [room("R1", seats=3)]).issues
    assert issue.message == "考核站点“Z0001”场次“S2”考位不足：报考 4 人，可用考位 3 个，还差 1 个。"


def test_the_sequence_follows_an_odd_number_of_seated_candidates() -> None:
    scheme = Recording()
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 2), seat("IDC", "R1", 3, session="S1")]
    late(before, [room("R1")], scheme=scheme)
    assert [c.sequence for c in scheme.contexts] == [4]


def test_the_ticket_context_counts_the_third_room_of_the_site_as_three() -> None:
    rooms = [room("R1", seats=1), room("R2", seats=1), room("R3")]
    before = [seat("IDA", "R1", 1), seat("IDB", "R2", 1)]
    scheme = Recording()
    assert late(before, rooms, scheme=scheme).assignments[-1].room_name == "R3"
    assert [(c.room_index, c.seat) for c in scheme.contexts] == [(3, 1)]


def test_the_ticket_context_takes_the_room_and_seat_of_the_first_session() -> None:
    # S1 has R1 seat 2 free; S3 has R1 full, so the newcomer sits S3 in R2. The ticket goes by S1's room and seat.
    rooms = [room("R1", seats=2), room("R2")]
    before = [seat("IDA", "R1", 1, session="S1"), seat("IDA", "R1", 1, session="S3"),
              seat("IDB", "R1", 2, session="S3")]
    scheme = Recording()
    result = late(before, rooms, session_codes=["S1", "S3"], scheme=scheme)
    assert [(a.session_code, a.room_name, a.seat) for a in result.assignments[3:]] == [("S1", "R1", 2),
                                                                                       ("S3", "R2", 1)]
    assert [(c.room_index, c.seat) for c in scheme.contexts] == [(1, 2)]


def test_a_classmate_seated_in_another_session_is_no_neighbour() -> None:
    # In S1 (a code sorting before S2) a classmate sits at seat 1; in S2 seat 1 is someone of another class.
    before = [seat("IDX", "R1", 1), seat("MATE", "R1", 1, session="S1")]  # the S1 classmate comes last
    result = late(before, [room("R1", seats=6)], class_of={"MATE": "1班", "IDX": "2班", "NEW": "1班"})
    assert result.assignments[-1].seat == 2


def test_a_move_to_a_room_of_a_site_sorting_before_the_candidates_is_refused() -> None:
    before = [seat("IDA", "R1", 2)]
    result = changes.move(before, id_number="IDA", session_code="S2", room=room("R2", site="Y0009"), seat=1,
                          actor="x", at=NOW)
    assert result.assignments == tuple(before) and "不在该考生的考核站点" in result.issues[0].message


def test_a_taken_seat_is_taken_whichever_string_object_names_the_site() -> None:
    before = [seat("IDA", "R1", 2), seat("IDB", "R2", 3)]
    result = changes.move(before, id_number=fresh("IDA"), session_code=fresh("S2"),
                          room=room(fresh("R2"), site=fresh("Z0001")), seat=3, actor="x", at=NOW)
    assert result.assignments == tuple(before) and "已有考生" in result.issues[0].message


def test_a_swap_at_one_site_named_by_separate_strings_is_made() -> None:
    before = [seat("IDA", "R1", 1), seat("IDB", "R2", 3, site=fresh("Z0001"))]
    result = changes.swap(before, first="IDA", second="IDB", session_code="S2", actor="x", at=NOW)
    assert result.issues == () and [(a.room_name, a.seat) for a in result.assignments] == [("R2", 3), ("R1", 1)]


def test_closing_a_room_named_by_separate_strings_uses_the_sites_rooms_before_and_after_it() -> None:
    # The closed room R3 is given as a new object, equal to the listed one; R1 sorts before it, R4 after.
    rooms = [room("R1", seats=1), room("R3"), room("R4", seats=1)]
    before = [seat("IDA", "R3", 1), seat("IDB", "R3", 2)]
    closing = room(fresh("R3"), site=fresh("Z0001"), plan=fresh("P1"))
    result = changes.close_room(before, room=closing, rooms=rooms, class_of={}, actor="x", at=NOW)
    assert result.issues == ()
    assert [(a.room_name, a.seat) for a in result.assignments] == [("R1", 1), ("R4", 1)]


def test_the_changes_take_their_options_by_name_only() -> None:
    """Keyword-only arguments: a call can never swap an ID number for a site code by position."""
    before = [seat("IDA", "R1", 1)]
    with pytest.raises(TypeError):
        changes.withdraw(before, "IDA", "x", NOW)  # type: ignore[misc]
    with pytest.raises(TypeError):
        changes.add_late(before, "P1", 2026, "NEW", "Z0001", ["S2"], [room("R1")], {}, "x", NOW)  # type: ignore[misc]
    with pytest.raises(TypeError):
        changes.move(before, "IDA", "S2", room("R1"), 2, "x", NOW)  # type: ignore[misc]
    with pytest.raises(TypeError):
        changes.swap(before, "IDA", "IDB", "S2", "x", NOW)  # type: ignore[misc]
    with pytest.raises(TypeError):
        changes.close_room(before, room("R1"), [room("R1")], {}, "x", NOW)  # type: ignore[misc]


def test_a_classmate_seated_in_a_later_session_is_no_neighbour_either() -> None:
    before = [seat("IDX", "R1", 1), seat("MATE", "R1", 1, session="S3")]  # S3 sorts after S2
    result = late(before, [room("R1", seats=6)], class_of={"MATE": "1班", "IDX": "2班", "NEW": "1班"})
    assert result.assignments[-1].seat == 2


def test_a_late_registrant_never_sits_in_a_room_of_a_plan_sorting_before_its_own() -> None:
    result = late([], [room("RP", plan="P0"), room("R1")])
    assert result.assignments[-1].room_name == "R1"


def test_withdrawing_a_candidate_with_one_seat_names_the_plan() -> None:
    result = changes.withdraw([seat("IDA", "R1", 1), seat("IDB", "R1", 2)], id_number="IDB", actor="x", at=NOW)
    assert result.audit is not None and result.audit.plan_code == "P1" and len(result.audit.moves) == 1


def test_a_swap_of_one_candidate_with_itself_is_refused_whatever_object_names_it() -> None:
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 2)]
    same = changes.swap(before, first="IDA", second=fresh("IDA"), session_code="S2", actor="x", at=NOW)
    assert "两名不同的考生" in same.issues[0].message and same.assignments == tuple(before)


def test_a_swap_across_sites_is_refused_in_either_order() -> None:
    before = [seat("IDA", "R1", 1), seat("IDC", "R2", 3, site="Z0002")]
    for first, second in (("IDA", "IDC"), ("IDC", "IDA")):
        apart = changes.swap(before, first=first, second=second, session_code="S2", actor="x", at=NOW)
        assert apart.assignments == tuple(before) and "不在同一考核站点" in apart.issues[0].message


def test_a_closed_rooms_shortfall_counts_its_own_session_and_site_only() -> None:
    rooms = [room("R1"), room("R2", seats=1)]
    before = [seat("IDA", "R1", 1), seat("IDB", "R1", 2), seat("IDY", "R7", 1, site="Y0009"),
              seat("IDL", "R2", 1, session="S3")]
    (issue,) = close(before, rooms[0], rooms).issues
    assert issue.message == "考核站点“Z0001”场次“S2”考位不足：报考 2 人，可用考位 1 个，还差 1 个。"
