"""The printed pack of one allocation as document models (pure: no rendering here).

:func:`build_documents` turns an :class:`~xcert_core.scheduling.allocation.AllocationResult` of one plan, its
rooms, the sites' names, the candidates' names and ID numbers and the proctor assignments into one
:class:`~xcert_core.model.AdmissionTicket` per candidate, one :class:`~xcert_core.model.DeskLabel` per occupied
seat, one :class:`~xcert_core.model.DoorLabel` and one :class:`~xcert_core.model.SignInSheet` per room and session
in use. A renderer plug-in draws them.

:class:`RoomDocuments` builds them a room at a time, any kind alone, from what all rooms share; the printed pack
of a stored plan (:mod:`xcert_adapters.app.documents`) uses it so that its memory does not grow with the plan.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from attrs import frozen

from xcert_core.issues import Issue
from xcert_core.labels import Gender, IdType, ProctorRole
from xcert_core.model import (
    AdmissionTicket,
    DeskLabel,
    DoorLabel,
    ExamPlan,
    ExamRoom,
    PhotoRef,
    ProctorAssignment,
    SeatAssignment,
    SignInRow,
    SignInSheet,
    SubjectTime,
)
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.allocation import AllocationResult, Placement

DEFAULT_RULES: tuple[str, ...] = (
    "考生须持本准考证和有效身份证件，于开考前 30 分钟进入考场，对号入座。",
    "开考 15 分钟后不得入场；考试结束前不得提前交卷离场。",
    "除规定的文具外，不得携带手机、智能手表等电子设备及书籍资料进入考场。",
    "考试期间保持安静，服从监考人员安排；违纪者按有关规定处理。",
    "本准考证请妥善保管，证书领取时可能需要出示。",
)
"""The default 考生须知 printed on every admission ticket; pass ``rules=`` to :func:`build_documents` to
replace it."""


@frozen
class CandidateFacts:
    """What the documents print of a candidate: name, full ID number, gender (``None`` when unknown) and the
    ID photo (``None`` when there is none: the documents draw an empty 照片 box)."""

    name: str
    id_number: str
    gender: Gender | None = None
    photo: PhotoRef | None = None


@frozen
class DocumentSet:
    """The documents of one plan. ``tickets`` are ordered by room (rooms' given order) and seat, the others by
    room and seat or session; ``issues`` are problems met while building them (none at present: a candidate
    without a known gender gets a ticket with a dash)."""

    tickets: tuple[AdmissionTicket, ...]
    desk_labels: tuple[DeskLabel, ...]
    door_labels: tuple[DoorLabel, ...]
    sign_in_sheets: tuple[SignInSheet, ...]
    issues: tuple[Issue, ...] = ()


DOCUMENT_KINDS_IN_ORDER = ("tickets", "desk_labels", "door_labels", "sign_in_sheets")
"""The document fields of :class:`DocumentSet`, in its order."""
DOCUMENT_KINDS = frozenset(DOCUMENT_KINDS_IN_ORDER)


def _one_stretch(numbers: Sequence[str], ranked: Sequence[str]) -> bool:
    """True when sorted ``numbers`` are consecutive in ``ranked`` (the plan's tickets, sorted and each once): no
    other ticket falls between the first and the last."""
    return bool(numbers) and (bisect.bisect_left(ranked, numbers[-1]) - bisect.bisect_left(ranked, numbers[0])
                              == len(numbers) - 1)


def gender_of(id_number: str, id_type: IdType | None = None) -> Gender | None:
    """The gender a resident ID number encodes (17th digit: odd male, even female); ``None`` for any other
    document type, or a number that is not 18 characters with a digit in 17th place. ``id_type`` ``None``
    means the type is not known, and an 18-character number is read as a resident ID."""
    if id_type is not None and id_type is not IdType.RESIDENT_ID:
        return None
    number = id_number.strip()
    if len(number) != 18 or not number[16].isdigit():
        return None
    return Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE


def stored_result(plan_code: str, assignments: Iterable[SeatAssignment]) -> AllocationResult:
    """The stored seat assignments of one plan (as ``xcert schedule`` writes them) as the
    :class:`~xcert_core.scheduling.allocation.AllocationResult` :func:`build_documents` reads."""
    placements: list[Placement] = []
    tickets: dict[str, str] = {}
    for a in assignments:
        if a.plan_code != plan_code:
            continue
        placements.append(Placement(a.session_code, a.site_code, a.room_name, a.seat, a.id_number))
        tickets[a.id_number] = a.ticket_number
    placements.sort(key=lambda p: (p.session_code, p.site_code, p.room_name, p.seat))
    return AllocationResult(plan_code, tuple(placements), tickets, (), 0, {})


def session_times(plan: ExamPlan) -> dict[str, tuple[object, ...]]:
    """Each session's place in time (date, start, code): a candidate's ticket belongs to the room of the earliest."""
    return {s.code: (s.date, s.start, s.code) for s in plan.sessions}


class RoomDocuments:
    """Builds the documents of one room at a time (:meth:`room`), from what all rooms share: the plan, its rooms
    in order, the sites' names and addresses, the certificate's name, the proctors and every ticket number of the
    plan (a door label says whether its room's tickets are one stretch of the plan's). The printed pack builds
    each room's documents when it needs them, so its memory does not grow with the plan; :func:`build_documents`
    builds them all.

    Which room a candidate's admission ticket belongs to (:meth:`ticket_room`) is the room of the candidate's
    earliest session; the ticket lists every session with its own room and seat.
    """

    def __init__(self, plan: ExamPlan, rooms: Sequence[ExamRoom], site_names: Mapping[str, str], *,
                 certificate_name: str, ticket_numbers: Iterable[str], proctors: Sequence[ProctorAssignment] = (),
                 proctor_names: Mapping[tuple[str, str], str] | None = None,
                 site_addresses: Mapping[str, str] | None = None, rules: Sequence[str] = DEFAULT_RULES) -> None:
        names = proctor_names or {}
        self._plan, self._site_names, self._certificate = plan, site_names, certificate_name
        self._addresses = site_addresses or {}
        self._rules = tuple(rules)
        self._order = {(room.site_code, room.name): i for i, room in enumerate(rooms)}
        self._seats_of = {(room.site_code, room.name): room.seats for room in rooms}
        self._sessions = {s.code: s for s in plan.sessions}
        self._times = session_times(plan)
        self._subjects = {s.code: s for s in plan.subjects}
        self._ticket_order = sorted(set(ticket_numbers))  # a list, not a dict: about 70 bytes a candidate
        self._staff: dict[tuple[str, str, str], list[str]] = {}
        for a in proctors:
            if a.role is ProctorRole.PROCTOR and a.room_name is not None:
                self._staff.setdefault((a.session_code, a.site_code, a.room_name), []).append(
                    names.get((a.school_code, a.teacher_number), a.teacher_number))

    def when(self, session_code: str) -> tuple[object, ...]:
        """The order of sessions: date, start, code."""
        return self._times[session_code]

    def room_key(self, site_code: str, room_name: str) -> tuple[int, str, str]:
        """The order of rooms: the given rooms in their order, then any other by site and name."""
        return (self._order.get((site_code, room_name), len(self._order)), site_code, room_name)

    def ticket_room(self, own: Iterable[Placement]) -> tuple[str, str]:
        """(site code, room name) of the earliest of a candidate's placements ``own``: where its ticket belongs."""
        first = min(own, key=lambda p: self.when(p.session_code))
        return first.site_code, first.room_name

    def _subject_time(self, session_code: str, room_name: str = "", seat: int | None = None) -> SubjectTime:
        session = self._sessions[session_code]
        subject = self._subjects[session.subject_code]
        return SubjectTime(subject.name, subject.kind, session.date, session.start, session.end, room_name, seat)

    def _ticket_key(self, own: Sequence[Placement]) -> tuple[object, ...]:
        return min((self.room_key(p.site_code, p.room_name), p.seat, self.when(p.session_code)) for p in own)

    def room(self, site_code: str, room_name: str, here: Sequence[Placement],
             ticket_holders: Mapping[str, Sequence[Placement]], tickets: Mapping[str, str],
             candidates: Mapping[str, CandidateFacts], provisional_ids: AbstractSet[str] | None = None,
             kinds: AbstractSet[str] = DOCUMENT_KINDS) -> DocumentSet:
        """The documents of room ``room_name`` of site ``site_code``: ``here`` are its placements (every session);
        ``ticket_holders`` every placement of each candidate whose ticket belongs here; ``tickets`` and
        ``candidates`` give at least those candidates' ticket numbers and facts. Tickets go by seat (strictly:
        by each holder's first seat in room order), desk labels by session and seat, door labels and sign-in
        sheets by session. ``provisional_ids``: as for :func:`build_documents`. Only the kinds named in ``kinds``
        (:data:`DOCUMENT_KINDS`, the :class:`DocumentSet` fields) are built, the others left empty: a door label
        needs no candidate's facts, a ticket only its holders'."""
        def facts_of(id_number: str) -> CandidateFacts:
            return candidates.get(id_number, CandidateFacts(id_number, id_number))

        def is_provisional(id_number: str) -> bool:
            return provisional_ids is None or id_number in provisional_ids

        members = sorted(here, key=lambda p: (p.seat, self.when(p.session_code)))
        doors, sheets = self._session_documents(site_code, room_name, members, tickets, facts_of, is_provisional,
                                                kinds)
        return DocumentSet(
            self._tickets(ticket_holders, tickets, facts_of, is_provisional) if "tickets" in kinds else (),
            self._desk_labels(room_name, members, tickets, facts_of, is_provisional) if "desk_labels" in kinds
            else (), doors, sheets)

    def _tickets(self, holders: Mapping[str, Sequence[Placement]], tickets: Mapping[str, str],
                 facts_of: Callable[[str], CandidateFacts], is_provisional: Callable[[str], bool]
                 ) -> tuple[AdmissionTicket, ...]:
        when, plan, built = self.when, self._plan, []
        for id_number, own in sorted(holders.items(), key=lambda item: self._ticket_key(item[1])):
            first = min(own, key=lambda p: when(p.session_code))
            facts = facts_of(id_number)
            gender = facts.gender if facts.gender is not None else gender_of(id_number)
            built.append(AdmissionTicket(
                plan.name, self._certificate, plan.level, facts.name or id_number, gender,
                facts.id_number or id_number, tickets[id_number],
                self._site_names.get(first.site_code, first.site_code), self._addresses.get(first.site_code, ""),
                first.room_name, first.seat,
                tuple(self._subject_time(p.session_code, p.room_name, p.seat)
                      for p in sorted(own, key=lambda p: when(p.session_code))),
                self._rules, facts.photo, is_provisional(id_number)))
        return tuple(built)

    def _desk_labels(self, room_name: str, members: Sequence[Placement], tickets: Mapping[str, str],
                     facts_of: Callable[[str], CandidateFacts], is_provisional: Callable[[str], bool]
                     ) -> tuple[DeskLabel, ...]:
        when, built = self.when, []
        sittings: dict[tuple[int, str], list[str]] = {}
        for p in members:
            sittings.setdefault((p.seat, p.id_number), []).append(p.session_code)
        for (seat, id_number), codes_here in sorted(sittings.items(),
                                                    key=lambda item: (when(min(item[1], key=when)), item[0][0])):
            facts = facts_of(id_number)
            built.append(DeskLabel(room_name, seat, facts.name or id_number, tickets[id_number],
                                   mask_id_number(id_number), facts.photo,
                                   tuple(self._subject_time(c) for c in sorted(codes_here, key=when)),
                                   is_provisional(id_number)))
        return tuple(built)

    def _session_documents(self, site_code: str, room_name: str, members: Sequence[Placement],
                           tickets: Mapping[str, str], facts_of: Callable[[str], CandidateFacts],
                           is_provisional: Callable[[str], bool], kinds: AbstractSet[str]
                           ) -> tuple[tuple[DoorLabel, ...], tuple[SignInSheet, ...]]:
        """The door labels and sign-in sheets of the room, one of each per session (those ``kinds`` names)."""
        plan, doors, sheets = self._plan, [], []
        site_name = self._site_names.get(site_code, site_code)
        for code in sorted({p.session_code for p in members} if kinds & {"door_labels", "sign_in_sheets"} else (),
                           key=self.when):
            session = self._sessions[code]
            seated = sorted((p for p in members if p.session_code == code), key=lambda p: p.seat)
            provisional = any(is_provisional(p.id_number) for p in seated)
            if "door_labels" in kinds:
                numbers = tuple(sorted(tickets[p.id_number] for p in seated))
                doors.append(DoorLabel(
                    room_name, site_name, plan.name, self._certificate, plan.level, self._subject_time(code),
                    tuple(p.seat for p in seated), numbers, _one_stretch(numbers, self._ticket_order),
                    self._seats_of.get((site_code, room_name)), provisional))
            if "sign_in_sheets" in kinds:
                rows = tuple(SignInRow(p.seat, (facts := facts_of(p.id_number)).name or p.id_number,
                                       facts.id_number or p.id_number, tickets[p.id_number], facts.photo)
                             for p in seated)
                sheets.append(SignInSheet(site_name, room_name, self._subjects[session.subject_code].name,
                                          session.date, session.start, session.end,
                                          tuple(self._staff.get((code, site_code, room_name), [])), rows,
                                          provisional))
        return tuple(doors), tuple(sheets)


def build_documents(
    result: AllocationResult,
    plan: ExamPlan,
    rooms: Sequence[ExamRoom],
    site_names: Mapping[str, str],
    candidates: Mapping[str, CandidateFacts],
    *,
    certificate_name: str,
    proctors: Sequence[ProctorAssignment] = (),
    proctor_names: Mapping[tuple[str, str], str] | None = None,
    site_addresses: Mapping[str, str] | None = None,
    rules: Sequence[str] = DEFAULT_RULES,
    provisional_ids: AbstractSet[str] | None = None,
) -> DocumentSet:
    """The documents of ``result`` (one plan), room by room in the rooms' order (:class:`RoomDocuments`).

    ``candidates`` is keyed by ID number (as in the placements); ``proctor_names`` maps ``(school_code,
    teacher_number)`` to a name (the teacher number is printed when it is missing). A candidate seated in
    several sessions gets one ticket listing every subject with its date, time, room and seat; the ticket's own
    ``room_name`` and ``seat`` are those of the earliest session. A candidate whose gender is neither given nor
    encoded in a resident ID number still gets a ticket, with ``gender`` ``None``.

    Door labels and sign-in sheets go by room and session, so every candidate of a session is on exactly one
    of each (and on one desk label of that room). ``provisional_ids`` names the candidates whose ticket
    numbers are xcert's own rather than the platform's (``None``: all of them, as for a fresh allocation);
    their documents are marked provisional.
    """
    builder = RoomDocuments(plan, rooms, site_names, certificate_name=certificate_name,
                            ticket_numbers=result.tickets.values(), proctors=proctors, proctor_names=proctor_names,
                            site_addresses=site_addresses, rules=rules)
    by_candidate: dict[str, list[Placement]] = {}
    by_room: dict[tuple[str, str], list[Placement]] = {}
    for p in result.placements:
        by_candidate.setdefault(p.id_number, []).append(p)
        by_room.setdefault((p.site_code, p.room_name), []).append(p)
    holders: dict[tuple[str, str], dict[str, list[Placement]]] = {}
    for id_number, own in by_candidate.items():
        holders.setdefault(builder.ticket_room(own), {})[id_number] = own
    parts = [builder.room(site_code, room_name, by_room[(site_code, room_name)],
                          holders.get((site_code, room_name), {}), result.tickets, candidates, provisional_ids)
             for site_code, room_name in sorted(by_room, key=lambda key: builder.room_key(*key))]
    return DocumentSet(*(tuple(d for part in parts for d in getattr(part, kind)) for kind in DOCUMENT_KINDS_IN_ORDER))
