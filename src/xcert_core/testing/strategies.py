"""Hypothesis strategies for every xcert entity, for plug-in authors to test their adapters with.

Each public function returns a strategy that always builds a *valid* instance (every attrs validator and
cross-field invariant holds), with realistic values where that is cheap (Chinese names, 16-digit certificate
codes, 18-character ID numbers, mobile numbers, dates in 2000-2035, times to the minute) and arbitrary text in
free-text fields so that adapters meet odd characters too::

    from hypothesis import given
    from xcert_core.testing.strategies import candidates

    @given(candidates())
    def test_my_storage_round_trips(candidate): ...

:data:`STRATEGIES` maps every entity class (stored and document models) to its strategy function;
:func:`entities` draws any stored entity. This module needs only attrs, hypothesis and the standard library.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import strategies as st

from xcert_core.labels import (
    CandidateType,
    CertificateLevel,
    Education,
    FeePayer,
    FeeState,
    Gender,
    IdType,
    ProctorRole,
    ProgramLevel,
    RegistrationMode,
    RegistrationStatus,
    ReviewStatus,
    Role,
    RoomStatus,
    SiteStatus,
    SubjectKind,
    VerificationEvent,
    VerificationState,
)
from xcert_core.model import (
    STORED_ENTITIES,
    Account,
    AdmissionTicket,
    ApiToken,
    AuditEntry,
    Candidate,
    Certificate,
    CertificateAward,
    CertificateSignOff,
    Chart,
    ChartKind,
    ChartPoint,
    DeskLabel,
    DoorLabel,
    EvaluationOrganization,
    ExamClientCheck,
    ExamPlan,
    ExamRoom,
    ExamSession,
    ExamSite,
    FeePayment,
    ImportIssue,
    ImportRecord,
    PhotoRef,
    PilotApplication,
    Proctor,
    ProctorAssignment,
    Program,
    Registration,
    ReportSection,
    School,
    SeatAssignment,
    SeatChange,
    SeatLayout,
    SeatMove,
    SignInRow,
    SignInSheet,
    SignOffRow,
    StatisticsReport,
    Subject,
    SubjectScore,
    SubjectTime,
    VerificationRecord,
)
from xcert_core.privacy import mask_id_number

__all__ = [
    "STRATEGIES",
    "admission_tickets",
    "candidates",
    "certificates",
    "desk_labels",
    "door_labels",
    "entities",
    "evaluation_organizations",
    "exam_client_checks",
    "exam_plans",
    "exam_rooms",
    "exam_sessions",
    "exam_sites",
    "photo_refs",
    "pilot_applications",
    "proctor_assignments",
    "proctors",
    "programs",
    "registrations",
    "schools",
    "seat_assignments",
    "seat_changes",
    "seat_layouts",
    "seat_moves",
    "sign_in_rows",
    "sign_in_sheets",
    "subject_times",
    "subjects",
]

T = TypeVar("T")

# --- small building blocks -------------------------------------------------------------------------------

_HANZI = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"  # common surnames
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀英华平"  # common given-name characters
    "阿买提艾力古热依尔江"  # characters of transliterated minority names
)
_LEVEL_DIGITS = {CertificateLevel.ELEMENTARY: "01", CertificateLevel.INTERMEDIATE: "02",
                 CertificateLevel.ADVANCED: "03"}

# Any character but whitespace (Z*, and the Cc controls such as tab and newline) and lone surrogates: one of
# these makes a string pass the ``non_empty`` validator, whatever surrounds it.
_VISIBLE = st.characters(exclude_categories=("Z", "Cc", "Cs"))


def _text(min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    """Arbitrary text as a spreadsheet cell can hold it: any character but NUL and lone surrogates, which
    neither xlsx nor PostgreSQL can store."""
    return st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=min_size, max_size=max_size)


def _key_text() -> st.SearchStrategy[str]:
    """Arbitrary text that is non-empty and not whitespace-only, as every key part must be."""
    return st.builds(lambda a, b, c: a + b + c, _text(max_size=4), _VISIBLE, _text(max_size=4))


def _code(pattern: str) -> st.SearchStrategy[str]:
    """A code in the platform's format most of the time, arbitrary key text otherwise."""
    return st.one_of(st.from_regex(pattern, fullmatch=True), _key_text())


def _digits(count: int) -> st.SearchStrategy[str]:
    return st.from_regex(rf"[0-9]{{{count}}}", fullmatch=True)


def _hanzi_name() -> st.SearchStrategy[str]:
    """A 2-4 character Chinese name, or a minority name with the middle dot: ``买买提·艾力``."""
    part = st.text(alphabet=_HANZI, min_size=1, max_size=3)
    han = st.text(alphabet=_HANZI, min_size=2, max_size=4)
    return st.one_of(han, st.builds(lambda a, b: f"{a}·{b}", part, part))


def _id_numbers() -> st.SearchStrategy[str]:
    """18-character resident ID-like strings (no valid checksum), sometimes a passport-like number."""
    return st.one_of(st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
                     st.from_regex(r"[A-Z][0-9]{8}", fullmatch=True))


def _mobiles() -> st.SearchStrategy[str]:
    return st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


def _dates() -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31))


def _years() -> st.SearchStrategy[int]:
    return st.integers(2000, 2035)


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


@st.composite
def _time_spans(draw: st.DrawFn) -> tuple[dt.time, dt.time]:
    """A start and a strictly later end on the same day, to the minute."""
    start = draw(st.integers(0, 24 * 60 - 2))
    end = draw(st.integers(start + 1, 24 * 60 - 1))
    return _time(start), _time(end)


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


# --- organisations, programs, certificates ---------------------------------------------------------------


def schools() -> st.SearchStrategy[School]:
    return st.builds(School, code=_code(r"[0-9]{5}"), name=_key_text(), address=_text())


def evaluation_organizations() -> st.SearchStrategy[EvaluationOrganization]:
    return st.builds(EvaluationOrganization, code=_code(r"[0-9]{10}"), name=_key_text())


def programs() -> st.SearchStrategy[Program]:
    return st.builds(Program, level=st.sampled_from(ProgramLevel), name=_key_text(),
                     code=_code(r"[0-9]{6}"), catalogue_version=_code(r"20[0-3][0-9]"))


@st.composite
def _certificate_codes(draw: st.DrawFn, level: CertificateLevel) -> str:
    """A 16-digit code whose level digits (11-12) agree with ``level``."""
    return draw(_digits(10)) + _LEVEL_DIGITS[level] + draw(_digits(4))


def certificates() -> st.SearchStrategy[Certificate]:
    def build(level: CertificateLevel) -> st.SearchStrategy[Certificate]:
        return st.builds(Certificate, code=_certificate_codes(level), name=_key_text(), level=st.just(level),
                         issuing_organization=_text(), category=_text(),
                         program_codes=st.lists(_code(r"[0-9]{6}"), max_size=3).map(tuple))

    return st.sampled_from(CertificateLevel).flatmap(build)


@st.composite
def _pilot_applications(draw: st.DrawFn) -> PilotApplication:
    approved = draw(st.integers(0, 500))
    return PilotApplication(
        school_code=draw(_code(r"[0-9]{5}")), certificate_code=draw(_digits(16)), year=draw(_years()),
        batch=draw(_code(r"第[一二三]批")), status=draw(st.sampled_from(ReviewStatus)),
        applied_quota=draw(st.integers(0, 500)), approved_quota=approved,
        used_quota=draw(st.integers(0, approved)), return_reason=draw(_text()),
    )


def pilot_applications() -> st.SearchStrategy[PilotApplication]:
    return _pilot_applications()


def exam_sites() -> st.SearchStrategy[ExamSite]:
    return st.builds(ExamSite, code=_code(r"[0-9]{8}"), name=_key_text(), school_code=_code(r"[0-9]{5}"),
                     organization_code=_code(r"[0-9]{10}"),
                     certificate_codes=st.lists(_digits(16), max_size=3).map(tuple),
                     review_status=st.sampled_from(ReviewStatus), site_status=st.sampled_from(SiteStatus),
                     address=_text(), return_reason=_text())


# --- candidates and registrations -------------------------------------------------------------------------


def photo_refs() -> st.SearchStrategy[PhotoRef]:
    return st.builds(PhotoRef, location=_key_text(), sha256=st.from_regex(r"[0-9a-f]{64}|", fullmatch=True),
                     media_type=st.sampled_from(("image/jpeg", "image/png")))


@st.composite
def _candidates(draw: st.DrawFn) -> Candidate:
    candidate_type = draw(st.sampled_from(CandidateType))
    school = candidate_type is CandidateType.SCHOOL
    return Candidate(
        school_code=draw(_code(r"[0-9]{5}")), name=draw(_hanzi_name()),
        name_pinyin=draw(st.from_regex(r"[a-z]{2,6}( [a-z]{2,6}){1,2}", fullmatch=True) | _text()),
        gender=draw(st.sampled_from(Gender)), id_type=draw(st.sampled_from(IdType)),
        id_number=draw(_id_numbers()), mobile=draw(_mobiles()),
        enrolment_year=draw(_optional(_years())) if school else None,
        program_level=draw(_optional(st.sampled_from(ProgramLevel))) if school else None,
        program_name=draw(_optional(_key_text())) if school else None,
        program_code=draw(_optional(_digits(6))) if school else None,
        catalogue_version=draw(_optional(st.sampled_from(("2010", "2015", "2021")))) if school else None,
        candidate_type=candidate_type, photo=draw(_optional(photo_refs())),
        state=draw(st.sampled_from(VerificationState)), verification_seq=draw(st.integers(0, 1000)),
        work_unit=None if school else draw(_optional(_key_text())),
        education=None if school else draw(_optional(st.sampled_from(Education))),
    )


def candidates() -> st.SearchStrategy[Candidate]:
    return _candidates()


def registrations() -> st.SearchStrategy[Registration]:
    return st.builds(Registration, plan_code=_code(r"[A-Z]{2}[0-9]{6}"), id_number=_id_numbers(),
                     school_code=_code(r"[0-9]{5}"), certificate_code=_digits(16),
                     site_code=_code(r"[0-9]{8}"),
                     candidate_type=st.sampled_from(CandidateType), mode=st.sampled_from(RegistrationMode),
                     subject_codes=st.lists(_key_text(), max_size=3, unique=True).map(tuple),
                     class_label=_optional(_text()), status=st.sampled_from(RegistrationStatus))


# --- plans -------------------------------------------------------------------------------------------------


def subjects() -> st.SearchStrategy[Subject]:
    return st.builds(Subject, code=_code(r"K[0-9]{2}"), name=_key_text(), kind=st.sampled_from(SubjectKind),
                     duration_minutes=st.integers(1, 480), pass_mark=st.integers(0, 100))


@st.composite
def _subject_scores(draw: st.DrawFn) -> SubjectScore:
    absent = draw(st.booleans())
    score = None if absent else draw(st.none() | st.floats(0, 100).map(lambda x: round(x, 1)))
    return SubjectScore(draw(_code(r"[A-Z]{2}[0-9]{6}")), draw(_id_numbers()), draw(_code(r"K[0-9]{2}")), score,
                        absent, draw(st.booleans()), draw(_text(max_size=6)))


def subject_scores() -> st.SearchStrategy[SubjectScore]:
    return _subject_scores()


def certificate_awards() -> st.SearchStrategy[CertificateAward]:
    return st.builds(CertificateAward, plan_code=_code(r"[A-Z]{2}[0-9]{6}"), id_number=_id_numbers(),
                     certificate_number=_code(r"[0-9]{16}"), issued_on=_optional(_dates()),
                     handed_out_on=_optional(_dates()), handed_out_by=_text(max_size=6))


@st.composite
def _fee_payments(draw: st.DrawFn) -> FeePayment:
    state = draw(st.sampled_from(FeeState))
    paid = 0 if state is FeeState.UNPAID else draw(st.integers(0, 200_000))
    refunded = draw(st.integers(0, paid)) if state is FeeState.REFUNDED else 0
    return FeePayment(plan_code=draw(_code(r"[A-Z]{2}[0-9]{6}")), id_number=draw(_id_numbers()), state=state,
                      paid_fen=paid, paid_on=draw(_optional(_dates())) if paid else None,
                      receipt=draw(_text(max_size=12)), refunded_fen=refunded,
                      refunded_on=draw(_optional(_dates())) if state is FeeState.REFUNDED else None)


def fee_payments() -> st.SearchStrategy[FeePayment]:
    return _fee_payments()


@st.composite
def _exam_sessions(draw: st.DrawFn, subject_codes: st.SearchStrategy[str]) -> ExamSession:
    start, end = draw(_time_spans())
    return ExamSession(code=draw(_code(r"C[0-9]{2}")), subject_code=draw(subject_codes), date=draw(_dates()),
                       start=start, end=end)


def exam_sessions() -> st.SearchStrategy[ExamSession]:
    return _exam_sessions(_code(r"K[0-9]{2}"))


@st.composite
def _exam_plans(draw: st.DrawFn) -> ExamPlan:
    plan_subjects = draw(st.lists(subjects(), max_size=3, unique_by=lambda subject: subject.code))
    codes = [subject.code for subject in plan_subjects]
    sessions = draw(st.lists(_exam_sessions(st.sampled_from(codes)), max_size=4)) if codes else []
    window = sorted(draw(st.lists(_dates(), min_size=2, max_size=2))) if draw(st.booleans()) else [None, None]
    return ExamPlan(
        code=draw(_code(r"[A-Z]{2}[0-9]{6}")), name=draw(_key_text()), year=draw(_years()),
        organization_code=draw(_code(r"[0-9]{10}")), certificate_code=draw(_digits(16)),
        level=draw(st.sampled_from(CertificateLevel)), subjects=tuple(plan_subjects),
        sessions=tuple(sessions), registration_opens=window[0], registration_closes=window[1],
        resit_of=draw(st.none() | _code(r"[A-Z]{2}[0-9]{6}")),
        fee_fen=draw(st.none() | st.integers(0, 200_000)), fee_payer=draw(st.sampled_from(FeePayer)),
        fee_due=draw(_optional(_dates())),
    )


def exam_plans() -> st.SearchStrategy[ExamPlan]:
    return _exam_plans()


# --- rooms, proctors, seating ------------------------------------------------------------------------------


@st.composite
def _seat_layouts(draw: st.DrawFn, min_usable: int = 0) -> SeatLayout:
    rows, columns = draw(st.integers(1, 10)), draw(st.integers(1, 10))
    grid = [(row, column) for row in range(1, rows + 1) for column in range(1, columns + 1)]
    max_unusable = max(len(grid) - min_usable, 0)
    unusable = draw(st.lists(st.sampled_from(grid), unique=True, max_size=min(max_unusable, 8)))
    return SeatLayout(rows=rows, columns=columns, unusable=frozenset(unusable))


def seat_layouts() -> st.SearchStrategy[SeatLayout]:
    return _seat_layouts()


@st.composite
def _exam_rooms(draw: st.DrawFn) -> ExamRoom:
    layout = draw(_optional(_seat_layouts(min_usable=1)))
    most = layout.usable_count if layout is not None else 200
    return ExamRoom(
        plan_code=draw(_code(r"[A-Z]{2}[0-9]{6}")), site_code=draw(_code(r"[0-9]{8}")),
        name=draw(_code(r"[信实图]楼[1-5]0[1-9]")),
        room_type=draw(st.sampled_from(("普通考场", "机房")) | _text()),
        seats=draw(st.integers(1, most)), layout=layout, status=draw(st.sampled_from(RoomStatus)),
    )


def exam_rooms() -> st.SearchStrategy[ExamRoom]:
    return _exam_rooms()


def exam_client_checks() -> st.SearchStrategy[ExamClientCheck]:
    return st.builds(ExamClientCheck, plan_code=_code(r"[A-Z]{2}[0-9]{6}"), site_code=_code(r"[0-9]{8}"),
                     room_name=_code(r"[信实图]楼[1-5]0[1-9]"), installed=st.booleans(), tested=st.booleans(),
                     checked_on=_optional(_dates()), checked_by=_text(), note=_text())


def proctors() -> st.SearchStrategy[Proctor]:
    return st.builds(Proctor, school_code=_code(r"[0-9]{5}"), teacher_number=_code(r"T[0-9]{4}"),
                     name=_hanzi_name(), phone=_mobiles() | st.just(""), region=_text(),
                     role=st.sampled_from(ProctorRole),
                     unavailable_sessions=st.frozensets(_code(r"C[0-9]{2}"), max_size=3))


@st.composite
def _proctor_assignments(draw: st.DrawFn) -> ProctorAssignment:
    role = draw(st.sampled_from(ProctorRole))
    room_name = draw(_key_text()) if role is ProctorRole.PROCTOR else None
    return ProctorAssignment(
        plan_code=draw(_code(r"[A-Z]{2}[0-9]{6}")), session_code=draw(_code(r"C[0-9]{2}")),
        site_code=draw(_code(r"[0-9]{8}")), school_code=draw(_code(r"[0-9]{5}")),
        teacher_number=draw(_code(r"T[0-9]{4}")), role=role, room_name=room_name,
    )


def proctor_assignments() -> st.SearchStrategy[ProctorAssignment]:
    return _proctor_assignments()


def seat_assignments() -> st.SearchStrategy[SeatAssignment]:
    return st.builds(SeatAssignment, plan_code=_code(r"[A-Z]{2}[0-9]{6}"), session_code=_code(r"C[0-9]{2}"),
                     id_number=_id_numbers(), site_code=_code(r"[0-9]{8}"), room_name=_key_text(),
                     seat=st.integers(1, 200), ticket_number=_code(r"[0-9]{12}"))


def verification_records() -> st.SearchStrategy[VerificationRecord]:
    return st.builds(VerificationRecord, school_code=_code(r"[0-9]{5}"), id_number=_id_numbers(),
                     seq=st.integers(1, 10_000), event=st.sampled_from(VerificationEvent),
                     from_state=st.sampled_from(VerificationState), to_state=st.sampled_from(VerificationState),
                     actor=_text(max_size=20), at=st.datetimes(timezones=st.just(dt.UTC)), reason=_text())


@st.composite
def _seat_moves(draw: st.DrawFn) -> SeatMove:
    before = draw(st.none() | st.tuples(_key_text(), st.integers(1, 200)))
    after = draw(st.none() | st.tuples(_key_text(), st.integers(1, 200)))
    return SeatMove(draw(_id_numbers()), draw(_code(r"C[0-9]{2}")), *(before or (None, None)),
                    *(after or (None, None)))


def seat_moves() -> st.SearchStrategy[SeatMove]:
    return _seat_moves()


def seat_changes() -> st.SearchStrategy[SeatChange]:
    return st.builds(SeatChange, plan_code=_code(r"[A-Z]{2}[0-9]{6}"), seq=st.integers(1, 10_000),
                     action=st.sampled_from(["schedule", "redo", "add-late", "withdraw", "move", "swap",
                                             "close-room"]),
                     actor=_text(max_size=20), at=st.datetimes(timezones=st.just(dt.UTC)),
                     moves=st.lists(seat_moves(), max_size=4).map(tuple), reason=_text())


def accounts() -> st.SearchStrategy[Account]:
    return st.builds(Account, username=_code(r"[a-z\u4e00-\u9fa5]{1,8}"), role=st.sampled_from(Role),
                     password_hash=_text(max_size=40), created_at=st.datetimes(timezones=st.just(dt.UTC)),
                     disabled=st.booleans())


def api_tokens() -> st.SearchStrategy[ApiToken]:
    return st.builds(ApiToken, token_id=_code(r"[A-Za-z0-9_-]{8}"), username=_code(r"[a-z]{1,8}"),
                     secret_hash=_code(r"[0-9a-f]{64}"), label=_text(max_size=20),
                     created_at=st.datetimes(timezones=st.just(dt.UTC)))


def audit_entries() -> st.SearchStrategy[AuditEntry]:
    return st.builds(AuditEntry, at=st.datetimes(timezones=st.just(dt.UTC)), entry_id=_code(r"[0-9a-f]{16}"),
                     actor=_text(max_size=20), channel=st.sampled_from(["工作台", "API", "命令行"]),
                     action=_code(r"[a-z]{3,8}\.[a-z]{3,8}"), target=_text(max_size=30), detail=_text())


def import_records() -> st.SearchStrategy[ImportRecord]:
    counts = st.integers(0, 100_000)
    return st.builds(ImportRecord, at=st.datetimes(timezones=st.just(dt.UTC)), record_id=_code(r"[0-9a-f]{16}"),
                     kind=st.sampled_from(["学生名单", "学生照片", "报考表", "考场表", "监考人员表", "考试计划"]),
                     file_name=_code(r"[a-z0-9]{1,12}\.xlsx"), sha256=_code(r"[0-9a-f]{64}"), actor=_text(max_size=20),
                     channel=st.sampled_from(["工作台", "API", "命令行"]), stored=st.booleans(), added=counts,
                     changed=counts, unchanged=counts, errors=counts, warnings=counts,
                     issues=st.lists(st.builds(ImportIssue, code=_code(r"[a-z]{3,8}-[a-z]{3,8}"),
                                               severity=st.sampled_from(["error", "warning"]), message=_text(),
                                               row=_optional(st.integers(1, 10**6)), column=_optional(_text(1, 8)),
                                               entry=_optional(_text(1, 20))), max_size=3).map(tuple))


# --- documents ---------------------------------------------------------------------------------------------


@st.composite
def _subject_times(draw: st.DrawFn) -> SubjectTime:
    start, end = draw(_time_spans())
    return SubjectTime(subject_name=draw(_key_text()), kind=draw(st.sampled_from(SubjectKind)),
                       date=draw(_dates()), start=start, end=end)


def subject_times() -> st.SearchStrategy[SubjectTime]:
    return _subject_times()


def admission_tickets() -> st.SearchStrategy[AdmissionTicket]:
    return st.builds(AdmissionTicket, plan_name=_text(), certificate_name=_text(),
                     level=st.sampled_from(CertificateLevel), candidate_name=_hanzi_name(),
                     gender=st.sampled_from(Gender), id_number=_id_numbers(),
                     ticket_number=_code(r"[0-9]{12}"), site_name=_text(), site_address=_text(),
                     room_name=_text(), seat=st.integers(1, 200),
                     subjects=st.lists(subject_times(), max_size=3).map(tuple),
                     rules=st.lists(_text(), max_size=3).map(tuple),
                     photo=_optional(photo_refs()))


def desk_labels() -> st.SearchStrategy[DeskLabel]:
    return st.builds(DeskLabel, room_name=_text(), seat=st.integers(1, 200), candidate_name=_hanzi_name(),
                     ticket_number=_code(r"[0-9]{12}"), masked_id_number=_id_numbers().map(mask_id_number),
                     photo=_optional(photo_refs()))


@st.composite
def _door_labels(draw: st.DrawFn) -> DoorLabel:
    seats = sorted(draw(st.sets(st.integers(1, 200), max_size=60)))
    tickets = sorted(draw(st.sets(_digits(12), min_size=len(seats), max_size=len(seats))))
    return DoorLabel(
        room_name=draw(_key_text()), site_name=draw(_text()), plan_name=draw(_text()),
        certificate_name=draw(_text()), level=draw(st.sampled_from(CertificateLevel)),
        session=draw(subject_times()), seats=tuple(seats), ticket_numbers=tuple(tickets),
        tickets_contiguous=draw(st.booleans()),
        room_seats=draw(st.one_of(st.none(), st.integers(len(seats) or 1, 200))),
        provisional=draw(st.booleans()),
    )


def door_labels() -> st.SearchStrategy[DoorLabel]:
    return _door_labels()


def sign_in_rows() -> st.SearchStrategy[SignInRow]:
    return st.builds(SignInRow, seat=st.integers(1, 200), candidate_name=_hanzi_name(),
                     id_number=_id_numbers(), ticket_number=_code(r"[0-9]{12}"),
                     photo=_optional(photo_refs()))


@st.composite
def _sign_in_sheets(draw: st.DrawFn) -> SignInSheet:
    start, end = draw(_time_spans())
    return SignInSheet(
        site_name=draw(_text()), room_name=draw(_key_text()), subject_name=draw(_text()),
        date=draw(_dates()), start=start, end=end,
        proctor_names=tuple(draw(st.lists(_hanzi_name(), max_size=3))),
        rows=tuple(draw(st.lists(sign_in_rows(), max_size=4))),
    )


def sign_in_sheets() -> st.SearchStrategy[SignInSheet]:
    return _sign_in_sheets()


def sign_off_rows() -> st.SearchStrategy[SignOffRow]:
    return st.builds(SignOffRow, candidate_name=_hanzi_name(), masked_id_number=_key_text(),
                     certificate_number=_code(r"[0-9]{16}"))


def certificate_sign_offs() -> st.SearchStrategy[CertificateSignOff]:
    return st.builds(CertificateSignOff, plan_name=_text(), certificate_name=_text(), class_label=_key_text(),
                     rows=st.lists(sign_off_rows(), max_size=4).map(tuple))


def chart_points() -> st.SearchStrategy[ChartPoint]:
    return st.builds(ChartPoint, label=_text(max_size=12), value=st.integers(0, 10_000),
                     whole=st.none() | st.integers(0, 10_000))


def charts() -> st.SearchStrategy[Chart]:
    return st.builds(Chart, title=_key_text(), kind=st.sampled_from(ChartKind),
                     points=st.lists(chart_points(), max_size=6).map(tuple), unit=st.sampled_from(("", "人", "座")))


def report_sections() -> st.SearchStrategy[ReportSection]:
    return st.builds(ReportSection, heading=_key_text(), lines=st.lists(_text(max_size=30), max_size=3).map(tuple),
                     charts=st.lists(charts(), max_size=2).map(tuple))


def statistics_reports() -> st.SearchStrategy[StatisticsReport]:
    return st.builds(StatisticsReport, title=_key_text(), school_name=_text(), as_of=_dates(),
                     sections=st.lists(report_sections(), max_size=3).map(tuple))


# --- all of them -------------------------------------------------------------------------------------------

_STRATEGIES: dict[type[Any], Callable[[], st.SearchStrategy[Any]]] = {
    School: schools,
    EvaluationOrganization: evaluation_organizations,
    Program: programs,
    Certificate: certificates,
    PilotApplication: pilot_applications,
    ExamSite: exam_sites,
    Candidate: candidates,
    PhotoRef: photo_refs,
    Subject: subjects,
    ExamSession: exam_sessions,
    ExamPlan: exam_plans,
    Registration: registrations,
    SeatLayout: seat_layouts,
    ExamRoom: exam_rooms,
    ExamClientCheck: exam_client_checks,
    Proctor: proctors,
    ProctorAssignment: proctor_assignments,
    SeatAssignment: seat_assignments,
    VerificationRecord: verification_records,
    SeatMove: seat_moves,
    SeatChange: seat_changes,
    Account: accounts,
    ApiToken: api_tokens,
    AuditEntry: audit_entries,
    ImportRecord: import_records,
    SubjectScore: subject_scores,
    CertificateSignOff: certificate_sign_offs,
    SignOffRow: sign_off_rows,
    ChartPoint: chart_points,
    Chart: charts,
    ReportSection: report_sections,
    StatisticsReport: statistics_reports,
    CertificateAward: certificate_awards,
    FeePayment: fee_payments,
    SubjectTime: subject_times,
    AdmissionTicket: admission_tickets,
    DeskLabel: desk_labels,
    DoorLabel: door_labels,
    SignInRow: sign_in_rows,
    SignInSheet: sign_in_sheets,
}
STRATEGIES: dict[type[Any], Callable[[], st.SearchStrategy[Any]]] = {
    cls: functools.cache(make) for cls, make in _STRATEGIES.items()}
"""A strategy per entity and document model. Each is built once and then shared (hypothesis strategies are
immutable): building one validates its whole tree, and a test drawing ``STRATEGIES[cls]()`` in every example
spent most of its time doing that again."""
"""Every entity class, stored and document models alike, to the function returning its strategy."""


def entities() -> st.SearchStrategy[Any]:
    """Any stored entity (one of :data:`~xcert_core.model.STORED_ENTITIES`)."""
    return st.one_of([STRATEGIES[entity_type]() for entity_type in STORED_ENTITIES])
