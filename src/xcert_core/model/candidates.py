"""Candidates (考生): the eleven roster fields, the candidate type, the photo and the verification state."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import CandidateType, Education, Gender, IdType, ProgramLevel, VerificationState
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty


@frozen
class PhotoRef:
    """Where a candidate's ID photo is and what it is; the bytes live with the storage or the photo zip.

    ``location`` is opaque to the core (a path, a zip entry, a storage key); ``sha256`` identifies the content
    so that a changed photo can be told from the same one uploaded again.
    """

    location: str = field(validator=non_empty)
    sha256: str = ""
    media_type: str = "image/jpeg"


@frozen
class Candidate(Keyed):
    """考生: one row of the roster template (本校学生导入模板) plus what xcert tracks about it.

    Identity fields (name, ID type and number, and the photo) are the ones whose change sends a verified
    candidate back to 信息待认证. Program fields are ``None`` for a public candidate (社会考生) who has none; such a
    candidate has ``education`` (最高学历) and, when given, ``work_unit`` (工作单位) instead.
    """

    school_code: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    name_pinyin: str
    gender: Gender
    id_type: IdType
    id_number: str = field(validator=non_empty)
    mobile: str
    enrolment_year: int | None = None
    program_level: ProgramLevel | None = None
    program_name: str | None = None
    program_code: str | None = None
    catalogue_version: str | None = None
    candidate_type: CandidateType = CandidateType.SCHOOL
    photo: PhotoRef | None = None
    state: VerificationState = VerificationState.NO_PHOTO
    verification_seq: int = 0
    """How many verification records (认证记录) the candidate has; the next one is numbered one higher."""
    work_unit: str | None = None
    """工作单位 of a social candidate (社会考生), when given."""
    education: Education | None = None
    """最高学历 of a social candidate (社会考生)."""

    key_fields: ClassVar[tuple[str, ...]] = ("school_code", "id_number")

    @property
    def class_label(self) -> str:
        """The 班级 a teacher reads: enrolment year and program (``2024级计算机平面设计``); empty when the roster
        gave neither (a public candidate has no class: lists show :attr:`group_label` instead). What a pre-filled
        registration template writes in its 班级 column."""
        year = f"{self.enrolment_year}级" if self.enrolment_year else ""
        return year + (self.program_name or "")

    @property
    def group_label(self) -> str:
        """Where a list places the candidate: the 班级 of a school candidate; ``社会考生`` and the work unit (or the
        education) of a public one."""
        if self.candidate_type is CandidateType.PUBLIC:
            more = self.work_unit or (self.education.label if self.education is not None else "")
            return f"社会考生（{more}）" if more else "社会考生"
        return self.class_label

    @property
    def class_key(self) -> tuple[str, str] | None:
        """The default class (班级) of a school candidate: program code and enrolment year."""
        return class_key_of(self.program_code, self.enrolment_year)


def class_key_of(program_code: str | None, enrolment_year: int | None) -> tuple[str, str] | None:
    """:attr:`Candidate.class_key` from the two fields it is made of (for readers that have only those)."""
    if program_code is None or enrolment_year is None:
        return None
    return (program_code, str(enrolment_year))
