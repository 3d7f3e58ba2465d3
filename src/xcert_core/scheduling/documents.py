"""The printed pack of one allocation as document models (pure: no rendering here).

:func:`build_documents` turns an :class:`~xcert_core.scheduling.allocation.AllocationResult` of one plan, its
rooms, the sites' names, the candidates' names and ID numbers and the proctor assignments into one
:class:`~xcert_core.model.AdmissionTicket` per candidate, one :class:`~xcert_core.model.DeskLabel` per occupied
seat, one :class:`~xcert_core.model.DoorLabel` and one :class:`~xcert_core.model.SignInSheet` per room and session
in use. A renderer plug-in draws them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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


def _one_stretch(numbers: Sequence[str], order: Mapping[str, int]) -> bool:
    """True when sorted ``numbers`` are consecutive in ``order`` (the plan's tickets sorted): no other ticket
    falls between the first and the last."""
    return bool(numbers) and order[numbers[-1]] - order[numbers[0]] == len(numbers) - 1


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
    """The documents of ``result`` (one plan).

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
    names = proctor_names or {}
    addresses = site_addresses or {}
    order = {(room.site_code, room.name): i for i, room in enumerate(rooms)}
    sessions = {s.code: s for s in plan.sessions}
    subjects = {s.code: s for s in plan.subjects}

    def subject_time(session_code: str, room_name: str = "", seat: int | None = None) -> SubjectTime:
        session = sessions[session_code]
        subject = subjects[session.subject_code]
        return SubjectTime(subject.name, subject.kind, session.date, session.start, session.end, room_name, seat)

    def when(session_code: str) -> tuple[object, ...]:
        session = sessions[session_code]
        return (session.date, session.start, session.code)

    def room_key(p: Placement) -> tuple[int, str, str]:
        return (order.get((p.site_code, p.room_name), len(order)), p.site_code, p.room_name)

    placements = sorted(result.placements, key=lambda p: (room_key(p), p.seat, when(p.session_code)))
    ticket_order = {number: i for i, number in enumerate(sorted(set(result.tickets.values())))}
    seats_of = {(room.site_code, room.name): room.seats for room in rooms}

    def is_provisional(id_number: str) -> bool:
        return provisional_ids is None or id_number in provisional_ids

    by_candidate: dict[str, list[Placement]] = {}
    by_room: dict[tuple[int, str, str], list[Placement]] = {}
    for p in placements:
        by_candidate.setdefault(p.id_number, []).append(p)
        by_room.setdefault(room_key(p), []).append(p)

    tickets: list[AdmissionTicket] = []
    issues: list[Issue] = []
    ticket_rules = tuple(rules)
    for id_number, own in by_candidate.items():
        first = min(own, key=lambda p: when(p.session_code))
        facts = candidates.get(id_number, CandidateFacts(id_number, id_number))
        gender = facts.gender if facts.gender is not None else gender_of(id_number)
        tickets.append(AdmissionTicket(
            plan.name, certificate_name, plan.level, facts.name or id_number, gender, facts.id_number or id_number,
            result.tickets[id_number], site_names.get(first.site_code, first.site_code),
            addresses.get(first.site_code, ""), first.room_name, first.seat,
            tuple(subject_time(p.session_code, p.room_name, p.seat)
                  for p in sorted(own, key=lambda p: when(p.session_code))),
            ticket_rules, facts.photo, is_provisional(id_number)))

    desk: list[DeskLabel] = []
    doors: list[DoorLabel] = []
    sheets: list[SignInSheet] = []
    staff: dict[tuple[str, str, str], list[str]] = {}
    for a in proctors:
        if a.role is ProctorRole.PROCTOR and a.room_name is not None:
            staff.setdefault((a.session_code, a.site_code, a.room_name), []).append(
                names.get((a.school_code, a.teacher_number), a.teacher_number))
    for key, members in by_room.items():
        _, site_code, room_name = key
        site_name = site_names.get(site_code, site_code)
        sittings: dict[tuple[int, str], list[str]] = {}
        for p in members:
            sittings.setdefault((p.seat, p.id_number), []).append(p.session_code)
        for (seat, id_number), codes_here in sorted(sittings.items(),
                                                    key=lambda item: (when(min(item[1], key=when)), item[0][0])):
            facts = candidates.get(id_number, CandidateFacts(id_number, id_number))
            desk.append(DeskLabel(room_name, seat, facts.name or id_number, result.tickets[id_number],
                                  mask_id_number(id_number), facts.photo,
                                  tuple(subject_time(c) for c in sorted(codes_here, key=when)),
                                  is_provisional(id_number)))
        for code in sorted({p.session_code for p in members}, key=when):
            session = sessions[code]
            here = sorted((p for p in members if p.session_code == code), key=lambda p: p.seat)
            provisional = any(is_provisional(p.id_number) for p in here)
            numbers = tuple(sorted(result.tickets[p.id_number] for p in here))
            doors.append(DoorLabel(
                room_name, site_name, plan.name, certificate_name, plan.level, subject_time(code),
                tuple(p.seat for p in here), numbers, _one_stretch(numbers, ticket_order),
                seats_of.get((site_code, room_name)), provisional))
            rows = []
            for p in here:
                facts = candidates.get(p.id_number, CandidateFacts(p.id_number, p.id_number))
                rows.append(SignInRow(p.seat, facts.name or p.id_number, facts.id_number or p.id_number,
                                      result.tickets[p.id_number], facts.photo))
            sheets.append(SignInSheet(site_name, room_name, subjects[session.subject_code].name, session.date,
                                      session.start, session.end, tuple(staff.get((code, site_code, room_name), [])),
                                      tuple(rows), provisional))
    return DocumentSet(tuple(tickets), tuple(desk), tuple(doors), tuple(sheets), tuple(issues))
