"""The Excel exports printed beside the pack, as sheet models (a workbook writer plug-in writes them):

* 排考明细 — every seat assignment: ticket number, name, ID type and the *full* ID number (the school's own
  file, used to answer "where do I sit"), subject, session, date and time, site, room, seat and 排考来源 (the
  platform's 排考, or xcert's dry run whose ticket numbers are provisional);
* 监考安排 — every proctor assignment: session, subject, date and time, site, room (巡考 have none), role,
  teacher number, name and phone;
* 考场列表 — per session and room: room type, seats, candidates seated, free seats, the ticket-number range,
  the proctors and 排考来源 (xcert 试排 when any of its seats is xcert's own).

Rows are ordered by session time, site, room and seat; ID numbers, ticket numbers, teacher numbers and phone
numbers are text columns, so Excel keeps every digit.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import overload

from attrs import frozen

from xcert_core.labels import IdType, ProctorRole, SeatOrigin
from xcert_core.model import ExamPlan, ExamRoom, Proctor, ProctorAssignment, SeatAssignment
from xcert_core.ports.workbooks import CellValue, SheetModel
from xcert_core.scheduling.report import Group, SeatTally, seat_tallies, summaries_of

ASSIGNMENTS = "排考明细"
PROCTORS = "监考安排"
ROOMS = "考场列表"
EXPORT_NAMES = (ASSIGNMENTS, PROCTORS, ROOMS)
"""The workbooks' names (the file is ``name + ".xlsx"``), in the order they are written."""

INSPECTOR_ROOM = "（全站点巡考）"


@frozen
class PersonFacts:
    """What the assignment list prints of a candidate: name and ID type (``None`` when not known)."""

    name: str
    id_type: IdType | None = None


def origin_text(origin: SeatOrigin) -> str:
    """The 排考来源 cell: the platform's seating, or xcert's dry run with provisional ticket numbers."""
    return origin.label if origin is SeatOrigin.PLATFORM else f"{origin.label}（准考证号为临时，以平台为准）"


def _session_columns(plan: ExamPlan) -> dict[str, tuple[str, str, str, str]]:
    """Session code -> (subject name, date, start, end) as the sheets print them."""
    subjects = {s.code: s.name for s in plan.subjects}
    return {s.code: (subjects.get(s.subject_code, s.subject_code), s.date.isoformat(), f"{s.start:%H:%M}",
                     f"{s.end:%H:%M}") for s in plan.sessions}


def _session_order(plan: ExamPlan) -> dict[str, tuple[object, ...]]:
    return {s.code: (s.date, s.start, n) for n, s in enumerate(plan.sessions)}


def _sheet(name: str, header: tuple[str, ...], rows: list[tuple[CellValue, ...]], widths: tuple[float, ...],
           text: tuple[str, ...]) -> SheetModel:
    return SheetModel(name, (header, *rows), column_widths=widths,
                      text_columns=tuple(header.index(t) + 1 for t in text), header_row=1)


ASSIGNMENT_HEADER = ("准考证号", "姓名", "证件类型", "证件号码", "考试科目", "场次", "考试日期", "开始时间", "结束时间",
                     "考核站点编号", "考核站点", "考场", "座位号", "排考来源")
_ASSIGNMENT_WIDTHS = (16, 10, 12, 22, 18, 10, 12, 9, 9, 14, 24, 14, 7, 26)
_ASSIGNMENT_TEXT = ("准考证号", "证件号码", "考核站点编号", "场次")


def _sorted_assignments(plan: ExamPlan, assignments: Sequence[SeatAssignment]) -> list[SeatAssignment]:
    """The plan's seat assignments in the sheet's order: session time, site, room, seat."""
    order = _session_order(plan)
    mine = [a for a in assignments if a.plan_code == plan.code]
    return sorted(mine, key=lambda a: (order.get(a.session_code, ()), a.site_code, a.room_name, a.seat))


def _assignment_rows(plan: ExamPlan, assignments: Sequence[SeatAssignment], site_names: Mapping[str, str],
                     people: Mapping[str, PersonFacts]) -> list[tuple[CellValue, ...]]:
    """排考明细's rows of ``assignments`` (in the sheet's order already)."""
    columns = _session_columns(plan)
    rows: list[tuple[CellValue, ...]] = []
    for a in assignments:
        subject, date, start, end = columns.get(a.session_code, ("", "", "", ""))
        person = people.get(a.id_number, PersonFacts(""))
        rows.append((a.ticket_number, person.name, person.id_type.label if person.id_type else "", a.id_number,
                     subject, a.session_code, date, start, end, a.site_code, site_names.get(a.site_code, a.site_code),
                     a.room_name, a.seat, origin_text(a.origin)))
    return rows


def assignment_sheet(plan: ExamPlan, assignments: Sequence[SeatAssignment], site_names: Mapping[str, str],
                     people: Mapping[str, PersonFacts]) -> SheetModel:
    """排考明细: one row per seat assignment of ``plan``."""
    rows = _assignment_rows(plan, _sorted_assignments(plan, assignments), site_names, people)
    return _sheet(ASSIGNMENTS, ASSIGNMENT_HEADER, rows, _ASSIGNMENT_WIDTHS, _ASSIGNMENT_TEXT)


class ChunkedRows(Sequence[tuple[CellValue, ...]]):
    """A sheet's rows that are built a chunk at a time when they are read: ``head`` (the header row), then chunk
    after chunk of the ``sizes`` given, ``build(n)`` giving chunk ``n``'s rows. Only the chunk read last is kept, so
    a writer or a fingerprint reading the rows in order holds one chunk of them at a time."""

    def __init__(self, head: tuple[tuple[CellValue, ...], ...], sizes: Sequence[int],
                 build: Callable[[int], Sequence[tuple[CellValue, ...]]], *, widest: int | None = None) -> None:
        self._head, self._build = head, build
        self.widest = widest
        """The length of the longest row, when known without reading them (a writer may use it instead)."""
        self._starts = list(itertools.accumulate(sizes, initial=0))  # where each chunk starts, then the end
        self._cached: tuple[int, Sequence[tuple[CellValue, ...]]] | None = None

    def __len__(self) -> int:
        return len(self._head) + self._starts[-1]

    @overload
    def __getitem__(self, index: int) -> tuple[CellValue, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[CellValue, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[CellValue, ...] | Sequence[tuple[CellValue, ...]]:
        if isinstance(index, slice):
            return tuple(self[n] for n in range(*index.indices(len(self))))
        number = index + len(self) if index < 0 else index
        if not 0 <= number < len(self):
            raise IndexError(index)
        if number < len(self._head):
            return self._head[number]
        row = number - len(self._head)
        chunk = bisect.bisect_right(self._starts, row) - 1
        if self._cached is None or self._cached[0] != chunk:
            self._cached = None  # the chunk before goes before the next is built
            self._cached = (chunk, self._chunk(chunk))
        return self._cached[1][row - self._starts[chunk]]

    def _chunk(self, chunk: int) -> Sequence[tuple[CellValue, ...]]:
        rows = self._build(chunk)
        if len(rows) != self._starts[chunk + 1] - self._starts[chunk]:
            raise ValueError(f"chunk {chunk} has {len(rows)} rows, not the "
                             f"{self._starts[chunk + 1] - self._starts[chunk]} announced")
        return rows

    def __iter__(self) -> Iterator[tuple[CellValue, ...]]:
        yield from self._head
        for chunk in range(len(self._starts) - 1):
            yield from self._chunk(chunk)


def in_assignment_order(plan: ExamPlan, groups: Iterable[Group]) -> list[Group]:
    """``groups`` (session, site, room) in the order 排考明细 lists their seats: session time, site, room."""
    order = _session_order(plan)
    return sorted(groups, key=lambda key: (order.get(key[0], ()), key[1], key[2]))


def chunked_assignment_sheet(plan: ExamPlan, chunks: Sequence[int],
                             seats_of: Callable[[int], Sequence[SeatAssignment]], site_names: Mapping[str, str],
                             people_of: Callable[[Sequence[str]], Mapping[str, PersonFacts]]) -> SheetModel:
    """:func:`assignment_sheet` with its rows built a chunk at a time as they are read (:class:`ChunkedRows`):
    chunk ``n`` is ``seats_of(n)`` (``chunks[n]`` seat assignments; the chunks in the sheet's order, as
    :func:`in_assignment_order` gives a plan's rooms and sessions, and the seats of one chunk in any), its people
    read by ``people_of`` (given the chunk's ID numbers). The same sheet, never held whole."""

    def build(chunk: int) -> list[tuple[CellValue, ...]]:
        part = _sorted_assignments(plan, seats_of(chunk))
        return _assignment_rows(plan, part, site_names, people_of([a.id_number for a in part]))

    rows = ChunkedRows((ASSIGNMENT_HEADER,), chunks, build, widest=len(ASSIGNMENT_HEADER))  # as every row is
    return SheetModel(ASSIGNMENTS, rows,  # type: ignore[arg-type]
                      column_widths=_ASSIGNMENT_WIDTHS,
                      text_columns=tuple(ASSIGNMENT_HEADER.index(t) + 1 for t in _ASSIGNMENT_TEXT), header_row=1)


def proctor_sheet(plan: ExamPlan, assignments: Sequence[ProctorAssignment], site_names: Mapping[str, str],
                  proctors: Mapping[tuple[str, str], Proctor]) -> SheetModel:
    """监考安排: one row per proctor assignment of ``plan``; 巡考 rows say the whole site in the room column."""
    columns = _session_columns(plan)
    order = _session_order(plan)
    header = ("场次", "考试科目", "考试日期", "开始时间", "结束时间", "考核站点", "考场", "角色", "教师编号",
              "教师姓名", "手机号码")
    rows: list[tuple[CellValue, ...]] = []
    mine = [a for a in assignments if a.plan_code == plan.code]

    def key(a: ProctorAssignment) -> tuple[object, ...]:
        return (order.get(a.session_code, ()), a.site_code, a.role is ProctorRole.INSPECTOR, a.room_name or "",
                a.teacher_number)

    for a in sorted(mine, key=key):
        subject, date, start, end = columns.get(a.session_code, ("", "", "", ""))
        proctor = proctors.get((a.school_code, a.teacher_number))
        rows.append((a.session_code, subject, date, start, end, site_names.get(a.site_code, a.site_code),
                     a.room_name if a.room_name is not None else INSPECTOR_ROOM, a.role.label, a.teacher_number,
                     proctor.name if proctor else "", proctor.phone if proctor else ""))
    return _sheet(PROCTORS, header, rows, (10, 18, 12, 9, 9, 24, 14, 7, 14, 10, 14), ("场次", "教师编号", "手机号码"))


def room_sheet(plan: ExamPlan, assignments: Iterable[SeatAssignment], rooms: Sequence[ExamRoom],
               site_names: Mapping[str, str], proctors: Sequence[ProctorAssignment] = (),
               proctor_names: Mapping[tuple[str, str], str] | None = None) -> SheetModel:
    """考场列表: one row per session and room in use, with its seats, candidates, free seats, ticket range and
    proctors (:func:`tallied_room_sheet` of the plan's seats, read once)."""
    return tallied_room_sheet(plan, seat_tallies(a for a in assignments if a.plan_code == plan.code), rooms,
                              site_names, proctors, proctor_names)


def tallied_room_sheet(plan: ExamPlan, tallies: Mapping[Group, SeatTally], rooms: Sequence[ExamRoom],
                       site_names: Mapping[str, str], proctors: Sequence[ProctorAssignment] = (),
                       proctor_names: Mapping[tuple[str, str], str] | None = None) -> SheetModel:
    """:func:`room_sheet` of the plan's seats whose :func:`~xcert_core.scheduling.report.seat_tallies` are
    ``tallies``: what a caller that has tallied them already (the printed pack, reading the plan's seats once)
    gives instead of reading them again."""
    columns = _session_columns(plan)
    order = _session_order(plan)
    names = proctor_names or {}
    kinds = {(r.site_code, r.name): r.room_type for r in rooms}
    staff = [p for p in proctors if p.plan_code == plan.code]
    watching: dict[tuple[str, str, str], list[str]] = {}
    for p in sorted(staff, key=lambda p: p.teacher_number):
        if p.role is ProctorRole.PROCTOR and p.room_name is not None:
            watching.setdefault((p.session_code, p.site_code, p.room_name), []).append(
                names.get((p.school_code, p.teacher_number), p.teacher_number))
    summaries = summaries_of(tallies, [r for r in rooms if r.plan_code == plan.code], staff)
    summaries.sort(key=lambda s: order.get(s.session_code, ()))  # stable: site and room order kept
    header = ("场次", "考试科目", "考试日期", "开始时间", "结束时间", "考核站点", "考场", "考场类型", "考位数",
              "考生人数", "空余考位", "准考证号起", "准考证号止", "监考人员", "排考来源")
    rows: list[tuple[CellValue, ...]] = []
    for s in summaries:
        subject, date, start, end = columns.get(s.session_code, ("", "", "", ""))
        watchers = "、".join(watching.get((s.session_code, s.site_code, s.room_name), []))
        tally = tallies.get((s.session_code, s.site_code, s.room_name))
        rows.append((s.session_code, subject, date, start, end, site_names.get(s.site_code, s.site_code),
                     s.room_name, kinds.get((s.site_code, s.room_name), ""), s.seats, s.occupied, s.free,
                     s.first_ticket, s.last_ticket, watchers,
                     origin_text(SeatOrigin.PLATFORM if tally is not None and tally.origins == {SeatOrigin.PLATFORM}
                                 else SeatOrigin.XCERT)))
    return _sheet(ROOMS, header, rows, (10, 18, 12, 9, 9, 24, 14, 10, 7, 9, 9, 16, 16, 20, 26),
                  ("场次", "准考证号起", "准考证号止"))
