"""The plan report (排考汇总) as plain data: per session and room the occupied and free seats, the proctors and
the ticket-number range; as lines for people, JSON values and workbook sheets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from attrs import frozen

from xcert_core.labels import ProctorRole, SeatOrigin
from xcert_core.model import ExamRoom, ProctorAssignment, SeatAssignment
from xcert_core.ports.workbooks import CellValue, SheetModel


@frozen
class RoomSummary:
    session_code: str
    site_code: str
    room_name: str
    seats: int
    occupied: int
    free: int
    proctors: tuple[str, ...]
    """Teacher numbers of the room's 监考."""
    first_ticket: str
    last_ticket: str


@frozen
class SeatTally:
    """What the seats of one room in one session add up to: how many, the lowest and the highest ticket number,
    and who decided them (:class:`~xcert_core.labels.SeatOrigin`)."""

    count: int
    first_ticket: str
    last_ticket: str
    origins: frozenset[SeatOrigin]


Group = tuple[str, str, str]
"""(session code, site code, room name)."""


def seat_tallies(assignments: Iterable[SeatAssignment]) -> dict[Group, SeatTally]:
    """Each session and room's :class:`SeatTally`, ``assignments`` read once, a seat at a time (a stream of a
    large plan's seats is tallied without holding them), in the order the groups first appear."""
    found: dict[Group, list[Any]] = {}  # key -> [count, lowest ticket, highest ticket, origins]
    for a in assignments:
        key = (a.session_code, a.site_code, a.room_name)
        tally = found.get(key)
        if tally is None:
            found[key] = [1, a.ticket_number, a.ticket_number, {a.origin}]
        else:
            tally[0] += 1
            tally[1], tally[2] = min(tally[1], a.ticket_number), max(tally[2], a.ticket_number)
            tally[3].add(a.origin)
    return {key: SeatTally(count, first, last, frozenset(origins))
            for key, (count, first, last, origins) in found.items()}


def room_summaries(assignments: Iterable[SeatAssignment], rooms: Sequence[ExamRoom],
                   proctors: Sequence[ProctorAssignment] = ()) -> list[RoomSummary]:
    """One summary per session and room that is used in the session (has candidates or proctors), ordered by
    session, site and the rooms' given order (:func:`summaries_of` the :func:`seat_tallies`)."""
    return summaries_of(seat_tallies(assignments), rooms, proctors)


def summaries_of(tallies: Mapping[Group, SeatTally], rooms: Sequence[ExamRoom],
                 proctors: Sequence[ProctorAssignment] = ()) -> list[RoomSummary]:
    """:func:`room_summaries` of the seats whose tallies are ``tallies``."""
    order = {(room.site_code, room.name): i for i, room in enumerate(rooms)}
    size = {(room.site_code, room.name): room.seats for room in rooms}
    staff: dict[Group, list[str]] = {}
    for p in proctors:
        if p.role is ProctorRole.PROCTOR and p.room_name is not None:
            staff.setdefault((p.session_code, p.site_code, p.room_name), []).append(p.teacher_number)
    keys = sorted(set(tallies) | set(staff), key=lambda k: (k[0], k[1], order.get((k[1], k[2]), len(order)), k[2]))
    summaries = []
    for key in keys:
        tally = tallies.get(key)
        count, first, last = (tally.count, tally.first_ticket, tally.last_ticket) if tally else (0, "", "")
        seats = size.get((key[1], key[2]), count)
        summaries.append(RoomSummary(key[0], key[1], key[2], seats, count, max(0, seats - count),
                                     tuple(sorted(staff.get(key, []))), first, last))
    return summaries


@frozen
class InspectorLine:
    """One 巡考 in one session at one site."""

    session_code: str
    site_code: str
    teacher_number: str
    name: str


def inspector_lines(proctors: Sequence[ProctorAssignment], names: Mapping[str, str]) -> list[InspectorLine]:
    """The 巡考 assignments by session, site and teacher number; ``names`` maps teacher number to name."""
    return sorted((InspectorLine(p.session_code, p.site_code, p.teacher_number, names.get(p.teacher_number, ""))
                   for p in proctors if p.role is ProctorRole.INSPECTOR),
                  key=lambda line: (line.session_code, line.site_code, line.teacher_number))


def _staff(summary: RoomSummary, names: Mapping[str, str]) -> str:
    return "、".join(f"{number} {names[number]}" if names.get(number) else number for number in summary.proctors)


def summary_json(summary: RoomSummary, names: Mapping[str, str]) -> dict[str, Any]:
    """One room of the report for ``--json``."""
    return {"session": summary.session_code, "site": summary.site_code, "room": summary.room_name,
            "seats": summary.seats, "occupied": summary.occupied, "free": summary.free,
            "proctors": [{"teacher_number": n, "name": names.get(n, "")} for n in summary.proctors],
            "first_ticket": summary.first_ticket or None, "last_ticket": summary.last_ticket or None}


def report_lines(summaries: Sequence[RoomSummary], inspectors: Sequence[InspectorLine],
                 names: Mapping[str, str]) -> list[str]:
    """The report as Chinese lines for people: one per session and room, then the 巡考."""
    lines = []
    for s in summaries:
        tickets = f"，准考证号 {s.first_ticket}～{s.last_ticket}" if s.first_ticket else ""
        staff = f"，监考 {_staff(s, names)}" if s.proctors else "，未安排监考"
        lines.append(f"  场次 {s.session_code} 站点 {s.site_code} {s.room_name}：{s.seats} 个考位，"
                     f"已安排 {s.occupied}、空余 {s.free}{staff}{tickets}")
    for line in inspectors:
        who = f"{line.teacher_number} {line.name}".rstrip()
        lines.append(f"  场次 {line.session_code} 站点 {line.site_code} 巡考：{who}")
    return lines


REPORT_HEADER = ("场次", "考核站点编号", "考场名称", "考位数", "已安排", "空余", "监考人员", "准考证号（起）",
                 "准考证号（止）")


def report_sheets(summaries: Sequence[RoomSummary], inspectors: Sequence[InspectorLine],
                  names: Mapping[str, str], title: str) -> list[SheetModel]:
    """The report as workbook sheets: 排考汇总 (one row per session and room, with totals) and 巡考安排."""
    rows: list[tuple[CellValue, ...]] = [(title,), REPORT_HEADER]
    rows += [(s.session_code, s.site_code, s.room_name, s.seats, s.occupied, s.free, _staff(s, names),
              s.first_ticket or None, s.last_ticket or None) for s in summaries]
    rows.append(("合计", None, None, sum(s.seats for s in summaries), sum(s.occupied for s in summaries),
                 sum(s.free for s in summaries), None, None, None))
    main = SheetModel(name="排考汇总", rows=tuple(rows), column_widths=(10, 14, 18, 8, 8, 8, 36, 18, 18),
                      text_columns=(1, 2, 3, 8, 9), header_row=2, bold_rows=(1, len(rows)))
    inspector_rows: list[tuple[CellValue, ...]] = [("场次", "考核站点编号", "教师编号", "教师姓名")]
    inspector_rows += [(i.session_code, i.site_code, i.teacher_number, i.name) for i in inspectors]
    second = SheetModel(name="巡考安排", rows=tuple(inspector_rows), column_widths=(10, 14, 14, 12),
                        text_columns=(1, 2, 3), header_row=1)
    return [main, second]
