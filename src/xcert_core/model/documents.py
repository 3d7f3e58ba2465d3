"""The printed pack as plain data: admission tickets (准考证), desk labels (桌贴), door labels (门贴) and
sign-in sheets (签到表); after the exam the certificate sign-off sheet (证书领取签收表); and the school's reports
with charts (统计分析报告, 周报).

These say *what* each document says; a renderer plug-in decides how it looks. Personal data is already in the
form the document prints: the desk label carries a masked ID number, the ticket and the sign-in sheet the full
one (they are checked against the candidate's ID card at the door).
"""

from __future__ import annotations

import datetime as dt
import enum

from attrs import field, frozen

from xcert_core.labels import CertificateLevel, Gender, SubjectKind
from xcert_core.model._validators import non_empty, non_negative, positive
from xcert_core.model.candidates import PhotoRef

PROVISIONAL_NOTE = "临时编排：本页准考证号为 xcert 试排结果，以 X 平台排考（培训评价组织）下发的为准"
"""Printed on every page (and file) whose ticket numbers are xcert's own rather than the platform's."""


@frozen
class SubjectTime:
    """One subject line on a ticket or door label: 科目, date and time; on a ticket also the room and seat of
    that sitting (a candidate may sit the theory and the practical exam in different rooms). A door label
    leaves ``room_name`` empty and ``seat`` ``None``."""

    subject_name: str = field(validator=non_empty)
    kind: SubjectKind
    date: dt.date
    start: dt.time
    end: dt.time
    room_name: str = ""
    seat: int | None = None


@frozen
class AdmissionTicket:
    """准考证: one per candidate.

    ``gender`` is ``None`` when it is not known (an ID document other than the resident ID card encodes none);
    the ticket then prints a dash. ``room_name`` and ``seat`` are those of the earliest sitting (the ticket is
    filed with that room); ``subjects`` give every sitting's own room and seat.
    """

    plan_name: str
    certificate_name: str
    level: CertificateLevel
    candidate_name: str = field(validator=non_empty)
    gender: Gender | None
    id_number: str = field(validator=non_empty)
    ticket_number: str = field(validator=non_empty)
    site_name: str
    site_address: str
    room_name: str
    seat: int = field(validator=positive)
    subjects: tuple[SubjectTime, ...] = ()
    rules: tuple[str, ...] = ()
    photo: PhotoRef | None = None
    provisional: bool = False
    """The ticket number is xcert's own (a dry run): the platform's 排考 will give the real one."""

    @property
    def title(self) -> str:
        return f"{self.certificate_name}（{self.level.label}）准考证"

    @property
    def one_room(self) -> bool:
        """True when every sitting is in the same room on the same seat (or no sitting names its room)."""
        return len({(s.room_name, s.seat) for s in self.subjects if s.room_name} | {(self.room_name, self.seat)}) == 1


@frozen
class DeskLabel:
    """桌贴: one per candidate and seat of a room; the ID number is printed masked.

    ``sessions`` are the sittings (subject, date, time) the candidate has at this seat: when the theory and the
    practical exam seat different candidates at the same desk, each label says which exam it is for.
    """

    room_name: str
    seat: int = field(validator=positive)
    candidate_name: str = field(validator=non_empty)
    ticket_number: str = field(validator=non_empty)
    masked_id_number: str
    photo: PhotoRef | None = None
    sessions: tuple[SubjectTime, ...] = ()
    provisional: bool = False


def number_runs(numbers: tuple[int, ...] | list[int]) -> tuple[tuple[int, int], ...]:
    """Sorted distinct ``numbers`` as runs of consecutive values: ``(1, 2, 3, 7)`` → ``((1, 3), (7, 7))``."""
    runs: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return tuple(runs)


@frozen
class DoorLabel:
    """门贴: one per room **and session**, posted on the door for that sitting.

    ``session`` is the sitting's subject, date and time; ``seats`` the seat numbers used in it and
    ``ticket_numbers`` its candidates' 准考证号 (both sorted, one per candidate, so the head count is
    :attr:`candidate_count` and never more than the room's ``room_seats``). ``tickets_contiguous`` is true only
    when the tickets are exactly one unbroken stretch of the plan's ticket numbers (no candidate seated
    elsewhere holds a number between the first and the last), so a range ``first – last`` may be printed;
    otherwise the renderer lists them (or prints first, last and the count). ``provisional``: the ticket
    numbers are xcert's own (a dry run), not the platform's.
    """

    room_name: str = field(validator=non_empty)
    site_name: str
    plan_name: str
    certificate_name: str
    level: CertificateLevel
    session: SubjectTime
    seats: tuple[int, ...] = ()
    ticket_numbers: tuple[str, ...] = ()
    tickets_contiguous: bool = False
    room_seats: int | None = None
    provisional: bool = False

    def __attrs_post_init__(self) -> None:
        if len(self.seats) != len(self.ticket_numbers):
            raise ValueError(f"door label {self.room_name}: {len(self.seats)} seats but "
                             f"{len(self.ticket_numbers)} ticket numbers")
        if self.room_seats is not None and len(self.seats) > self.room_seats:
            raise ValueError(f"door label {self.room_name}: {len(self.seats)} candidates in {self.room_seats} seats")

    @property
    def candidate_count(self) -> int:
        """考生人数 of this room in this session."""
        return len(self.ticket_numbers)

    @property
    def seat_runs(self) -> tuple[tuple[int, int], ...]:
        """The seats used as runs of consecutive numbers (``((1, 12), (15, 30))``)."""
        return number_runs(self.seats)

    @property
    def ticket_range(self) -> tuple[str, str] | None:
        """``(first, last)`` when the tickets are one unbroken stretch (see the class docstring), else ``None``."""
        if not self.ticket_numbers or not self.tickets_contiguous:
            return None
        return self.ticket_numbers[0], self.ticket_numbers[-1]


@frozen
class SignInRow:
    """One line of a sign-in sheet; the signature column is left blank for the candidate."""

    seat: int = field(validator=positive)
    candidate_name: str = field(validator=non_empty)
    id_number: str = field(validator=non_empty)
    ticket_number: str = field(validator=non_empty)
    photo: PhotoRef | None = None


@frozen
class SignInSheet:
    """签到表: per room and session, with the proctors who sign at the foot."""

    site_name: str
    room_name: str = field(validator=non_empty)
    subject_name: str
    date: dt.date
    start: dt.time
    end: dt.time
    proctor_names: tuple[str, ...] = ()
    rows: tuple[SignInRow, ...] = ()
    provisional: bool = False

    @property
    def expected_count(self) -> int:
        """应考人数: the candidates seated in this room for this session."""
        return len(self.rows)


@frozen
class SignOffRow:
    """One line of a certificate sign-off sheet: the ID number masked (the sheet lies on a table for anyone
    collecting to see), the certificate number, and blank columns for the signature and the date."""

    candidate_name: str = field(validator=non_empty)
    masked_id_number: str = field(validator=non_empty)
    certificate_number: str = field(validator=non_empty)


@frozen
class CertificateSignOff:
    """证书领取签收表: one class's certificates of one plan, signed for by each candidate on collection."""

    plan_name: str
    certificate_name: str
    class_label: str = field(validator=non_empty)
    rows: tuple[SignOffRow, ...] = ()


class ChartKind(enum.Enum):
    """How a :class:`Chart` is drawn."""

    BARS = "bars"
    """Horizontal bars, one per point, top to bottom; a point with a ``whole`` is drawn as a share of it."""
    COLUMNS = "columns"
    """Vertical columns left to right, e.g. a score distribution (points are its bins, in order)."""
    LINE = "line"
    """A value over time: points in time order, labelled by date."""


@frozen
class ChartPoint:
    """One bar, column or point: ``value`` (of ``whole`` where the value is a part of something, e.g. used
    quota of the approved quota, seats taken of the seats)."""

    label: str
    value: int = field(validator=non_negative)
    whole: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.whole is not None and self.whole < 0:
            raise ValueError(f"a chart point's whole is never negative, not {self.whole}")


@frozen
class Chart:
    """One chart of a report: what it shows, not how it looks (the renderer chooses colours and sizes).
    ``unit`` follows each value as it is printed (人, 座, 分)."""

    title: str = field(validator=non_empty)
    kind: ChartKind
    points: tuple[ChartPoint, ...] = ()
    unit: str = ""


@frozen
class ReportSection:
    """A heading, lines of text under it (each a short statement, e.g. "本周新增报考 12 人次"), then its charts."""

    heading: str = field(validator=non_empty)
    lines: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()


@frozen
class StatisticsReport:
    """A report for the school's leadership: the statistics report (统计分析报告) or the weekly report (周报),
    as of one day. Counts only: no person is named in it."""

    title: str = field(validator=non_empty)
    school_name: str
    as_of: dt.date
    sections: tuple[ReportSection, ...] = ()

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart of the report, in order."""
        return tuple(chart for section in self.sections for chart in section.charts)
