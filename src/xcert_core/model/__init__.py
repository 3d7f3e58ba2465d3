"""xcert's domain model: frozen attrs entities for every concept of the X platform's workflow.

Stored entities have a ``key`` property (a tuple of strings) naming them uniquely within their type; storage
adapters index by it. :data:`STORED_ENTITIES` lists every stored type, in dependency order, for storage
adapters and the contract suite. Document models (:mod:`xcert_core.model.documents`) are derived, not stored.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from xcert_core.model._keys import describe_key
from xcert_core.model.accounts import Account, ApiToken, AuditEntry
from xcert_core.model.awards import CertificateAward
from xcert_core.model.candidates import Candidate, PhotoRef
from xcert_core.model.certificates import CERTIFICATE_CODE, Certificate, PilotApplication, level_from_code
from xcert_core.model.documents import (
    PROVISIONAL_NOTE,
    AdmissionTicket,
    CertificateSignOff,
    Chart,
    ChartKind,
    ChartPoint,
    DeskLabel,
    DoorLabel,
    ReportSection,
    SignInRow,
    SignInSheet,
    SignOffRow,
    StatisticsReport,
    SubjectTime,
)
from xcert_core.model.fees import FeePayment
from xcert_core.model.import_records import KEPT_ISSUES, ImportIssue, ImportRecord
from xcert_core.model.organisations import EvaluationOrganization, School
from xcert_core.model.plans import ExamPlan, ExamSession, Subject
from xcert_core.model.proctors import Proctor, ProctorAssignment
from xcert_core.model.programs import Program
from xcert_core.model.registrations import Registration
from xcert_core.model.rooms import ExamClientCheck, ExamRoom, SeatLayout
from xcert_core.model.scores import SubjectScore
from xcert_core.model.seating import SeatAssignment, SeatChange, SeatMove
from xcert_core.model.sites import ExamSite
from xcert_core.model.verification_log import VerificationRecord


class Entity(Protocol):
    """What storage needs of a stored entity: a key unique within its type, and the fields it is made of."""

    key_fields: ClassVar[tuple[str, ...]]
    unique_fields: ClassVar[tuple[tuple[str, ...], ...]]

    @property
    def key(self) -> tuple[str, ...]: ...


STORED_ENTITIES: tuple[type[Entity], ...] = (
    School,
    EvaluationOrganization,
    Program,
    Certificate,
    PilotApplication,
    ExamSite,
    Candidate,
    ExamPlan,
    Registration,
    ExamRoom,
    Proctor,
    SeatAssignment,
    ProctorAssignment,
    VerificationRecord,
    SeatChange,
    ExamClientCheck,
    Account,
    ApiToken,
    AuditEntry,
    ImportRecord,
    SubjectScore,
    CertificateAward,
    FeePayment,
)

__all__ = [
    "CERTIFICATE_CODE",
    "KEPT_ISSUES",
    "PROVISIONAL_NOTE",
    "STORED_ENTITIES",
    "Account",
    "AdmissionTicket",
    "ApiToken",
    "AuditEntry",
    "Candidate",
    "Certificate",
    "CertificateAward",
    "CertificateSignOff",
    "Chart",
    "ChartKind",
    "ChartPoint",
    "DeskLabel",
    "DoorLabel",
    "Entity",
    "EvaluationOrganization",
    "ExamClientCheck",
    "ExamPlan",
    "ExamRoom",
    "ExamSession",
    "ExamSite",
    "FeePayment",
    "ImportIssue",
    "ImportRecord",
    "PhotoRef",
    "PilotApplication",
    "Proctor",
    "ProctorAssignment",
    "Program",
    "Registration",
    "ReportSection",
    "School",
    "SeatAssignment",
    "SeatChange",
    "SeatLayout",
    "SeatMove",
    "SignInRow",
    "SignInSheet",
    "SignOffRow",
    "StatisticsReport",
    "Subject",
    "SubjectScore",
    "SubjectTime",
    "VerificationRecord",
    "describe_key",
    "level_from_code",
]
