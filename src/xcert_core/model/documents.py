"""The printed pack as plain data: admission tickets (准考证), desk labels (桌贴), door labels (门贴) and
sign-in sheets (签到表).

These say *what* each document says; a renderer plug-in decides how it looks. Personal data is already in the
form the document prints: the desk label carries a masked ID number, the ticket and the sign-in sheet the full
one (they are checked against the candidate's ID card at the door).
"""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from xcert_core.labels import CertificateLevel, Gender, SubjectKind
from xcert_core.model._validators import non_empty, non_negative, positive
from xcert_core.model.candidates import PhotoRef


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


@frozen
class DoorLabel:
    """门贴: one per room, posted on its door."""

    room_name: str = field(validator=non_empty)
    site_name: str
    plan_name: str
    certificate_name: str
    level: CertificateLevel
    subjects: tuple[SubjectTime, ...] = ()
    first_seat: int = field(default=1, validator=positive)
    last_seat: int = field(default=1, validator=positive)
    first_ticket_number: str = ""
    last_ticket_number: str = ""
    candidate_count: int = field(default=0, validator=non_negative)


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

    @property
    def expected_count(self) -> int:
        """应考人数: the candidates seated in this room for this session."""
        return len(self.rows)
