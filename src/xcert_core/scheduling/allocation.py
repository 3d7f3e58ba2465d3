"""Seat allocation (排考) as a pure function: registrations, rooms and sessions in; seats and ticket numbers out.

Rules :func:`allocate` keeps:

* one seat per candidate per session, never two candidates in one seat, never more than ``seats - reserve``
  candidates in a room (the reserve is the room's highest seat numbers, kept free for late registrants);
* one seat per candidate per plan, as an admission ticket carries one 考场 and one 座位号: the sessions of a site
  that need the same kind of room (a subject's ``room_type``, or none) form one seating, and a candidate sits
  every session of it in the same room and seat — unless the site's seats cannot hold all of that seating's
  candidates at once, when each session is seated on its own (so a site never gets a shortfall it would not
  have had). A subject that needs another room type (e.g. 实训室 for the practical) is seated in those rooms,
  and the ticket lists each sitting's room and seat;
* a candidate is never in two rooms at the same time: of two overlapping sessions only the earlier is seated
  and a ``sched-session-overlap`` issue is reported;
* a seeded shuffle: the same registrations (in any order), rooms (in the given order), plan, seed and options
  give the same plan;
* candidates of the same class (an explicit 班级 label, else the class key passed in ``class_keys``, usually
  program and enrolment year) are not seated next to each other (left, right, front, back) whenever the
  strategy finds a way, and :attr:`AllocationResult.adjacencies` counts the pairs that remain;
* when a site has fewer usable seats than registrants in a session, ``sched-seat-shortfall`` names the site,
  the session and the number missing; the candidates that do fit are seated.

Strategy (linear apart from one sort per site and seating): the seating's candidates are shuffled with the seed,
then spread so that every class is evenly distributed over the sequence (each member gets the key
``(j + offset) / class size``), the sequence is cut into rooms (in order, or balanced by capacity), and inside
a room the members are grouped by class (largest first) and laid on the seats in checkerboard order — all
"black" seats (row + column even) first, then the "white" ones. Black seats are never adjacent to each
other, so a room at most about half full has no adjacency at all and two classes of half a room each are
perfectly interleaved. Rooms that still have same-class neighbours get a few rounds of improving swaps and
moves into free seats, and keep the in-order fill (members by ID number on seats 1, 2, …) when that is better.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from attrs import frozen

from xcert_core.issues import Issue
from xcert_core.labels import RegistrationStatus
from xcert_core.model import ExamPlan, ExamRoom, ExamSession, Registration, SeatAssignment, SeatLayout
from xcert_core.ports.numbering import TicketContext, TicketScheme
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.issue_types import SEAT_SHORTFALL, SESSION_OVERLAP
from xcert_core.scheduling.numbering import DefaultTicketScheme

DEFAULT_COLUMNS = 6
"""Columns of the virtual grid of a room without a layout: seat ``n`` sits at row ``(n-1)//6``."""


class Fill(enum.Enum):
    """How a site's candidates are spread over its rooms."""

    IN_ORDER = "in-order"
    """Fill the first room to capacity, then the next (rooms in the given order)."""
    BALANCED = "balanced"
    """Give every room about the same share of its capacity."""


@frozen
class AllocationOptions:
    """``reserve`` seats per room stay free; ``columns`` shapes rooms without a layout."""

    fill: Fill = Fill.IN_ORDER
    reserve: int = 0
    columns: int = DEFAULT_COLUMNS
    ticket_scheme: TicketScheme | None = None
    by_school: bool = False
    """Seat each school's candidates together (in school-code order), so that rooms hold one school where the
    numbers allow: what cross-invigilation (交叉监考) needs. Only the room where one school ends and the next
    begins holds two."""


class Placement(NamedTuple):
    """One candidate on one seat in one session (light-weight; see :meth:`AllocationResult.seat_assignments`)."""

    session_code: str
    site_code: str
    room_name: str
    seat: int
    id_number: str


@frozen
class AllocationResult:
    """The plan: placements ordered by session, site, room (given order) and seat; ticket numbers per
    candidate; issues; and how many same-class adjacent pairs remain (in total and per room)."""

    plan_code: str
    placements: tuple[Placement, ...]
    tickets: Mapping[str, str]
    issues: tuple[Issue, ...]
    adjacencies: int
    room_adjacencies: Mapping[tuple[str, str, str], int]

    def seat_assignments(self) -> list[SeatAssignment]:
        """The placements as model objects, with each candidate's ticket number."""
        return [SeatAssignment(self.plan_code, p.session_code, p.id_number, p.site_code, p.room_name, p.seat,
                               self.tickets[p.id_number]) for p in self.placements]


# --- room shapes -------------------------------------------------------------------------------------------


class RoomShape(NamedTuple):
    """What allocation needs of a room: usable seat numbers, their fill order and neighbours."""

    capacity: int
    fill_order: tuple[int, ...]
    black_count: int
    neighbours: tuple[tuple[int, ...], ...]
    """Indexed by seat number (index 0 unused): the seats left, right, in front and behind."""


def seat_positions(seats: int, layout: SeatLayout | None, columns: int = DEFAULT_COLUMNS) -> list[tuple[int, int]]:
    """``(row, column)`` of seats 1..``seats``: the layout's usable positions, else rows of ``columns``."""
    if layout is not None:
        return layout.positions()[:seats]
    return [((n - 1) // columns + 1, (n - 1) % columns + 1) for n in range(1, seats + 1)]


@lru_cache(maxsize=4096)
def room_shape(seats: int, layout: SeatLayout | None, columns: int, reserve: int) -> RoomShape:
    """The shape of a room with ``seats`` seats, of which the ``reserve`` highest stay free."""
    positions = seat_positions(seats, layout, columns)
    at = {position: number for number, position in enumerate(positions, start=1)}
    neighbours: list[tuple[int, ...]] = [()]
    for row, column in positions:
        near = (at.get((row, column - 1)), at.get((row, column + 1)), at.get((row - 1, column)),
                at.get((row + 1, column)))
        neighbours.append(tuple(n for n in near if n is not None))
    capacity = max(0, seats - reserve)
    usable = range(1, capacity + 1)
    black = [n for n in usable if sum(positions[n - 1]) % 2 == 0]
    white = [n for n in usable if sum(positions[n - 1]) % 2 == 1]
    return RoomShape(capacity, tuple(black + white), len(black), tuple(neighbours))


def shape_of(room: ExamRoom, options: AllocationOptions) -> RoomShape:
    return room_shape(room.seats, room.layout, options.columns, options.reserve)


def count_adjacencies(seat_class: Mapping[int, int] | Sequence[int], shape: RoomShape) -> int:
    """Same-class pairs of neighbouring seats; ``seat_class`` maps seat number to class id (-1 or absent: free)."""
    total = 0
    lookup = (lambda n: seat_class.get(n, -1)) if isinstance(seat_class, Mapping) else seat_class.__getitem__
    for seat in range(1, len(shape.neighbours)):
        own = lookup(seat)
        if own < 0:
            continue
        for other in shape.neighbours[seat]:
            if other > seat and lookup(other) == own:
                total += 1
    return total


# --- the class of a candidate ------------------------------------------------------------------------------


def class_key(registration: Registration, class_keys: Mapping[str, Hashable] | None) -> Hashable | None:
    """A registration's class: its school and 班级 label, else its school and the key in ``class_keys``
    (program code and enrolment year from the roster), else none (the candidate has no classmates)."""
    if registration.class_label:
        return ("label", registration.school_code, registration.class_label)
    key = class_keys.get(registration.id_number) if class_keys else None
    return None if key is None else ("roster", registration.school_code, key)


# --- sessions ------------------------------------------------------------------------------------------------


def sessions_of(registration: Registration, plan: ExamPlan) -> list[ExamSession]:
    """The sessions a registration sits: the first session of each subject it takes (every subject of the
    plan when it lists none), ordered by start."""
    codes = registration.subject_codes or tuple(subject.code for subject in plan.subjects)
    found = [sessions[0] for code in codes if (sessions := plan.sessions_of(code))]
    return sorted(dict.fromkeys(found), key=lambda s: (s.starts_at, s.code))


def _without_overlaps(sessions: Sequence[ExamSession]) -> tuple[list[ExamSession], list[tuple[str, str]]]:
    kept: list[ExamSession] = []
    dropped: list[tuple[str, str]] = []
    for session in sessions:
        clash = next((other for other in kept if other.overlaps(session)), None)
        if clash is None:
            kept.append(session)
        else:
            dropped.append((clash.code, session.code))
    return kept, dropped


# --- placing one room ----------------------------------------------------------------------------------------


def _place_room(members: Sequence[int], classes: Sequence[int], shape: RoomShape, n_seats: int,
                ) -> tuple[list[int], int]:
    """Seat ``members`` (candidate indices) in one room: ``board[seat]`` is the candidate index (or -1) and
    the second value the remaining adjacencies."""
    groups: dict[int, list[int]] = {}
    for member in members:
        groups.setdefault(classes[member], []).append(member)
    board = [-1] * (n_seats + 1)
    if len(groups) == len(members) or len(members) <= shape.black_count:
        for seat, member in zip(shape.fill_order, members, strict=False):
            board[seat] = member
        return board, 0
    ordered = sorted(groups.values(), key=len, reverse=True)
    for seat, member in zip(shape.fill_order, (m for group in ordered for m in group), strict=False):
        board[seat] = member
    cls = [classes[m] if m >= 0 else -1 for m in board]
    adjacent = count_adjacencies(cls, shape)
    if adjacent:
        adjacent = _repair(board, cls, shape, adjacent)
    if adjacent:
        naive = [-1] * (n_seats + 1)
        for seat, member in zip(range(1, shape.capacity + 1), sorted(members), strict=False):
            naive[seat] = member
        naive_count = count_adjacencies([classes[m] if m >= 0 else -1 for m in naive], shape)
        if naive_count < adjacent:
            return naive, naive_count
    return board, adjacent


def _repair(board: list[int], cls: list[int], shape: RoomShape, adjacent: int, rounds: int = 3) -> int:
    """Improving moves into free seats and swaps between seats, until none helps (at most ``rounds``)."""
    neighbours = shape.neighbours
    usable = shape.fill_order

    def same(seat: int, klass: int, skip: int) -> int:
        return sum(1 for n in neighbours[seat] if n != skip and cls[n] == klass)

    for _ in range(rounds):
        improved = False
        for seat in usable:
            own = cls[seat]
            if own < 0:
                continue
            now = same(seat, own, 0)
            if not now:
                continue
            for other in usable:
                if other == seat:
                    continue
                theirs = cls[other]
                if theirs == own:
                    continue
                if theirs < 0:
                    delta = same(other, own, seat) - now
                else:
                    delta = (same(seat, theirs, other) + same(other, own, seat)
                             - same(seat, own, other) - same(other, theirs, seat))
                if delta < 0:
                    board[seat], board[other] = board[other], board[seat]
                    cls[seat], cls[other] = theirs, own
                    adjacent += delta
                    improved = True
                    break
        if not improved or not adjacent:
            break
    return adjacent


# --- distributing a site's candidates over its rooms ---------------------------------------------------------


def _quotas(count: int, capacities: Sequence[int], fill: Fill) -> list[int]:
    total = sum(capacities)
    count = min(count, total)
    if fill is Fill.IN_ORDER or total == 0:
        quotas = []
        left = count
        for capacity in capacities:
            take = min(capacity, left)
            quotas.append(take)
            left -= take
        return quotas
    quotas = [count * capacity // total for capacity in capacities]
    remainders = sorted(range(len(capacities)),
                        key=lambda i: (-(count * capacities[i] % total), i))
    left = count - sum(quotas)
    for i in remainders:
        if left == 0:
            break
        if quotas[i] < capacities[i]:
            quotas[i] += 1
            left -= 1
    return quotas


def _spread(members: list[int], classes: Sequence[int], rng: random.Random) -> list[int]:
    """Shuffle, then spread every class evenly over the sequence."""
    rng.shuffle(members)
    groups: dict[int, list[int]] = {}
    for member in members:
        groups.setdefault(classes[member], []).append(member)
    if len(groups) == len(members):
        return members
    keyed: list[tuple[float, int]] = []
    for group in groups.values():
        size = len(group)
        offset = rng.random()
        keyed.extend(((j + offset) / size, member) for j, member in enumerate(group))
    keyed.sort()
    return [member for _, member in keyed]


def _by_school(sequence: list[int], schools: Sequence[str], options: AllocationOptions) -> list[int]:
    """``sequence`` with each school's members together (a stable sort: the spread within a school is kept),
    when ``options.by_school``."""
    return sorted(sequence, key=lambda member: schools[member]) if options.by_school else sequence


def _fill_rooms(sequence: Sequence[int], classes: Sequence[int], rooms: Sequence[ExamRoom],
                shapes: Sequence[RoomShape], options: AllocationOptions) -> list[tuple[ExamRoom, list[int], int]]:
    """Cut ``sequence`` into ``rooms`` (by ``options.fill``) and seat each part: per room used, its board (seat
    number → candidate index, -1 free) and the same-class adjacencies left."""
    filled = []
    start = 0
    for room, shape, quota in zip(rooms, shapes, _quotas(len(sequence), [s.capacity for s in shapes], options.fill),
                                  strict=True):
        if quota == 0:
            continue
        chunk = sequence[start:start + quota]
        start += quota
        board, adjacent = _place_room(chunk, classes, shape, room.seats)
        filled.append((room, board, adjacent))
    return filled


# --- the allocation -----------------------------------------------------------------------------------------


def allocate(  # noqa: PLR0912, PLR0915 - the steps read best in one place
    registrations: Iterable[Registration],
    rooms: Sequence[ExamRoom],
    plan: ExamPlan,
    seed: int,
    options: AllocationOptions = AllocationOptions(),
    *,
    class_keys: Mapping[str, Hashable] | None = None,
) -> AllocationResult:
    """Seat the plan's active registrations in ``rooms`` (those of the plan; a site's rooms in the given order)
    and number their tickets. Pure and deterministic for a seed; see the module docstring for the rules."""
    scheme = options.ticket_scheme or DefaultTicketScheme()
    regs = sorted({r.id_number: r for r in registrations
                   if r.plan_code == plan.code and r.status is RegistrationStatus.ACTIVE}.values(),
                  key=lambda r: r.id_number)
    ids = [r.id_number for r in regs]
    schools = [r.school_code for r in regs]
    class_ids: dict[Hashable, int] = {}
    classes: list[int] = []
    for registration in regs:
        key = class_key(registration, class_keys)
        if key is None:
            classes.append(len(class_ids))
            class_ids[("none", registration.id_number)] = len(class_ids)
        else:
            classes.append(class_ids.setdefault(key, len(class_ids)))

    issues: list[Issue] = []
    by_group: dict[tuple[str, str], list[int]] = {}
    session_order: dict[str, ExamSession] = {}
    by_subjects: dict[tuple[str, ...], tuple[list[ExamSession], list[tuple[str, str]]]] = {}
    for index, registration in enumerate(regs):
        known = by_subjects.get(registration.subject_codes)
        if known is None:
            known = by_subjects[registration.subject_codes] = _without_overlaps(sessions_of(registration, plan))
        kept, dropped = known
        for first, second in dropped:
            issues.append(SESSION_OVERLAP.at(masked=mask_id_number(registration.id_number), first=first,
                                             second=second))
        for session in kept:
            session_order[session.code] = session
            by_group.setdefault((session.code, registration.site_code), []).append(index)

    site_rooms: dict[str, list[ExamRoom]] = {}
    for room in rooms:
        if room.plan_code == plan.code:
            site_rooms.setdefault(room.site_code, []).append(room)
    room_index = {(room.site_code, room.name): i
                  for site in site_rooms.values() for i, room in enumerate(site, start=1)}

    room_adjacencies: dict[tuple[str, str, str], int] = {}
    sessions_sorted = sorted(session_order.values(), key=lambda s: (s.starts_at, s.code))
    session_rank = {s.code: i for i, s in enumerate(sessions_sorted)}
    needs = {subject.code: subject.room_type for subject in plan.subjects}
    seatings: dict[tuple[str, str | None], list[str]] = {}
    for session_code, site in by_group:
        need = needs.get(session_order[session_code].subject_code)
        seatings.setdefault((site, need), []).append(session_code)
    # each (session, site) belongs to exactly one seating, whose rooms are filled in order and seat by seat: its
    # placements come out already ordered, so the buckets only need putting in (session, site) order at the end
    buckets: dict[tuple[int, str], list[Placement]] = {}
    first_seat: dict[int, tuple[int, str, int, int]] = {}
    for (site, need), codes in seatings.items():
        codes.sort(key=session_rank.__getitem__)
        here = [room for room in site_rooms.get(site, []) if need is None or room.room_type == need]
        shapes = [shape_of(room, options) for room in here]
        seats = sum(shape.capacity for shape in shapes)
        union = sorted({member for code in codes for member in by_group[(code, site)]})
        if len(codes) > 1 and len(union) <= seats:  # one seat per candidate for every session of the seating
            rng = random.Random(f"{seed}|{plan.code}|{'+'.join(codes)}|{site}")
            sittings = {code: set(by_group[(code, site)]) for code in codes}
            filled = _fill_rooms(_by_school(_spread(union, classes, rng), schools, options), classes, here, shapes,
                                 options)
            for room, _, adjacent in filled:
                if adjacent:
                    room_adjacencies[(codes[0], site, room.name)] = adjacent
            for code in codes:
                rank, sitting = session_rank[code], sittings[code]
                bucket = buckets.setdefault((rank, site), [])
                for room, board, _ in filled:
                    r_index = room_index[(site, room.name)]
                    for seat, member in enumerate(board):
                        if member >= 0 and member in sitting:
                            bucket.append(Placement(code, site, room.name, seat, ids[member]))
                            earlier = first_seat.get(member)
                            if earlier is None or (rank, site, r_index, seat) < earlier:
                                first_seat[member] = (rank, site, r_index, seat)
            continue
        for code in codes:  # one seating per session: the seats do not hold everyone of every session at once
            members = by_group[(code, site)]
            if seats < len(members):
                issues.append(SEAT_SHORTFALL.at(site=site, session=code, registrants=len(members), seats=seats,
                                                missing=len(members) - seats))
            rng = random.Random(f"{seed}|{plan.code}|{code}|{site}")
            rank = session_rank[code]
            bucket = buckets.setdefault((rank, site), [])
            for room, board, adjacent in _fill_rooms(_by_school(_spread(members, classes, rng), schools, options),
                                                     classes, here, shapes,
                                                     options):
                if adjacent:
                    room_adjacencies[(code, site, room.name)] = adjacent
                r_index = room_index[(site, room.name)]
                for seat, member in enumerate(board):
                    if member >= 0:
                        bucket.append(Placement(code, site, room.name, seat, ids[member]))
                        earlier = first_seat.get(member)
                        if earlier is None or (rank, site, r_index, seat) < earlier:
                            first_seat[member] = (rank, site, r_index, seat)
    placements = [p for key in sorted(buckets) for p in buckets[key]]

    tickets: dict[str, str] = {}
    for sequence_no, member in enumerate(sorted(first_seat, key=lambda m: (first_seat[m], ids[m])), start=1):
        _, site, r_index, seat = first_seat[member]
        tickets[ids[member]] = scheme.ticket_number(
            TicketContext(plan.code, plan.year, site, r_index, seat, sequence_no))
    return AllocationResult(plan.code, tuple(placements), tickets, tuple(issues),
                            sum(room_adjacencies.values()), room_adjacencies)

