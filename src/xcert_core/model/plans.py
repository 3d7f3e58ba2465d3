"""Exam plans (考试计划), their subjects (考试科目) and sessions (场次)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs
from attrs import field, frozen

from xcert_core.labels import CertificateLevel, FeePayer, SubjectKind
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty, positive


def _mark(instance: object, attribute: object, value: int) -> None:
    if not 0 <= value <= 100:
        raise ValueError(f"a pass mark is out of 100, not {value}")


@frozen
class Subject:
    """考试科目: e.g. 理论考试 (theory, 90 minutes) or 实操考试 (practical).

    ``room_type`` names the 考场类型 its sessions need (e.g. 实训室 for a practical exam); ``None``: any room of the
    plan. Sessions with the same need share one seating: a candidate keeps one room and seat across them.
    ``pass_mark`` is the score (out of 100) that passes the subject (合格线, default 60)."""

    code: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    kind: SubjectKind = SubjectKind.THEORY
    duration_minutes: int = field(default=90, validator=positive)
    room_type: str | None = None
    pass_mark: int = field(default=60, validator=_mark)


@frozen
class ExamSession:
    """场次: one sitting of one subject on one date from ``start`` to ``end``."""

    code: str = field(validator=non_empty)
    subject_code: str = field(validator=non_empty)
    date: dt.date
    start: dt.time
    end: dt.time

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"session {self.code} ends ({self.end}) before it starts ({self.start})")

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end)

    def overlaps(self, other: ExamSession) -> bool:
        """True when the two sessions share any moment (touching end to start does not overlap)."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@frozen
class ExamPlan(Keyed):
    """考试计划: one organisation's exam of one certificate at one level, with subjects and sessions."""

    code: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    year: int
    organization_code: str = field(validator=non_empty)
    certificate_code: str = field(validator=non_empty)
    level: CertificateLevel
    subjects: tuple[Subject, ...] = ()
    sessions: tuple[ExamSession, ...] = ()
    registration_opens: dt.date | None = None
    registration_closes: dt.date | None = None
    resit_of: str | None = None
    """补考: the code of the plan this one is the resit of; a subject passed there counts as passed here."""
    fee_fen: int | None = field(default=None, validator=attrs.validators.optional(attrs.validators.ge(0)))
    """考试费 per registration in 分 (0.01 元); ``None``: the plan charges no fee xcert keeps track of."""
    fee_payer: FeePayer = FeePayer.CANDIDATE
    fee_due: dt.date | None = None
    """缴费截止日期; ``None``: the registration deadline (``registration_closes``)."""

    @property
    def fee_deadline(self) -> dt.date | None:
        """The day fees are due: ``fee_due``, else the registration deadline."""
        return self.fee_due or self.registration_closes

    def __attrs_post_init__(self) -> None:
        subject_codes = {subject.code for subject in self.subjects}
        for session in self.sessions:
            if session.subject_code not in subject_codes:
                raise ValueError(f"session {session.code} names unknown subject {session.subject_code}")

    key_fields: ClassVar[tuple[str, ...]] = ("code",)

    def sessions_of(self, subject_code: str) -> tuple[ExamSession, ...]:
        """The sessions of one subject, in the plan's order."""
        return tuple(session for session in self.sessions if session.subject_code == subject_code)
