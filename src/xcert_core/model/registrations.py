"""Registrations (报考): a candidate entered for an exam plan, by certificate or by subject."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import CandidateType, RegistrationMode, RegistrationStatus
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty


@frozen
class Registration(Keyed):
    """报考: one candidate in one exam plan at one site.

    ``subject_codes`` lists the subjects taken: all of the plan's for :attr:`RegistrationMode.BY_CERTIFICATE`.
    ``class_label`` is the optional 班级 column; without it the candidate's class is its program and enrolment
    year. A withdrawn registration is kept (status 已撤销) so the quota history stays explainable.
    """

    plan_code: str = field(validator=non_empty)
    id_number: str = field(validator=non_empty)
    school_code: str = field(validator=non_empty)
    certificate_code: str = field(validator=non_empty)
    site_code: str = field(validator=non_empty)
    candidate_type: CandidateType = CandidateType.SCHOOL
    mode: RegistrationMode = RegistrationMode.BY_CERTIFICATE
    subject_codes: tuple[str, ...] = ()
    class_label: str | None = None
    status: RegistrationStatus = RegistrationStatus.ACTIVE
    quota_batch: str = ""
    """申报批次 of the pilot application whose quota this registration uses (returned to it on withdrawal)."""

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "id_number")
