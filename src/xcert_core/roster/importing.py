"""Importing a checked roster into storage: rows become :class:`~xcert_core.model.Candidate` entities, and one
transaction adds, replaces or leaves alone each of them.

The rules (the platform's step 3, applied to a workspace):

* a candidate not yet stored is added, in 无照片 (or 信息待认证 when it already has a photo, with the
  上传照片 record saying so);
* a stored candidate whose roster fields are all the same is left alone (nothing written, no record);
* a stored candidate whose roster fields differ is replaced by the roster's version, keeping its photo, its
  candidate type and its verification history; when an identity field (:data:`IDENTITY_FIELDS`) changed, the
  state machine's 修改身份信息 event (上传照片 for a new photo) is applied and recorded in the same transaction, so
  a verified candidate goes back to 信息待认证 and its next verification uses the new data;
* a stored candidate missing from the roster is left alone (a roster may hold one class; nothing is deleted);
* a roster's rows become candidates of its type: the school's roster makes 院校考生, xcert's social roster
  社会考生 (with 最高学历 and 工作单位 instead of 入学年份 and 专业). A person stored as the other type is not turned
  into this one: :func:`type_conflicts` reports each such row as an error before anything is stored.

Everything happens in one ``storage.transaction()``: an import stores all of its changes or none of them.
:func:`candidates_from_table` expects a roster that passed the check; a row it still cannot turn into a
candidate raises :class:`RosterImportError` before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import attrs
from attrs import frozen

from xcert_core.errors import XcertError
from xcert_core.issues import Issue
from xcert_core.labels import CandidateType, Education, Gender, IdType, LabelledEnum, ProgramLevel
from xcert_core.labels import VerificationEvent as Ev
from xcert_core.labels import VerificationState as St
from xcert_core.model import Candidate, VerificationRecord
from xcert_core.ports.storage import Storage
from xcert_core.privacy import mask_id_number
from xcert_core.roster.columns import LAYOUTS_BY_KIND
from xcert_core.roster.issue_types import TYPE_CONFLICT
from xcert_core.roster.table import RosterRow, RosterTable
from xcert_core.verification.machine import apply

ROSTER_FIELDS = ("name", "name_pinyin", "gender", "id_type", "id_number", "mobile", "enrolment_year",
                 "program_level", "program_name", "program_code", "catalogue_version")
"""The candidate attributes a row of the school's roster sets (the template's eleven columns)."""
PUBLIC_FIELDS = ("name", "name_pinyin", "gender", "id_type", "id_number", "mobile", "education", "work_unit")
"""The candidate attributes a row of the social roster (社会考生导入模板) sets."""
FIELDS_BY_TYPE = {CandidateType.SCHOOL: ROSTER_FIELDS, CandidateType.PUBLIC: PUBLIC_FIELDS}
IDENTITY_FIELDS = ("name", "id_type", "id_number", "photo")
"""What the public-security comparison looks at: a change sends the candidate back to 信息待认证."""

SENT_BACK_FROM = frozenset({St.VERIFYING, St.VERIFIED, St.NEEDS_REVIEW})
"""States an identity change sends a candidate back from (to 信息待认证): its verification is void."""

L = TypeVar("L", bound=LabelledEnum)


class RosterImportError(XcertError):
    """A roster that cannot be imported even though it was checked (a row still unusable, a number twice)."""


@frozen
class ImportSummary:
    """What an import did, by ID number (each tuple in roster order). ``sent_back`` are the updated candidates
    whose verification state an identity change moved (e.g. 信息准确 → 信息待认证); ``not_in_roster`` the
    stored candidates of the school the roster did not mention (left alone)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    sent_back: tuple[str, ...] = ()
    not_in_roster: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def counts(self) -> dict[str, int]:
        """``{"added": n, "updated": n, "unchanged": n, "sent_back": n, "not_in_roster": n}``."""
        return {name: len(getattr(self, name)) for name in
                ("added", "updated", "unchanged", "sent_back", "not_in_roster")}


def _header(key: str) -> str:
    return next(layout.by_key[key].header for layout in LAYOUTS_BY_KIND.values() if key in layout.by_key)


def _label(kind: type[L], row: RosterRow, key: str) -> L:
    text = _text(row, key)
    try:
        return kind.from_label(text)
    except ValueError:
        raise RosterImportError(f"第 {row.row} 行“{_header(key)}”的“{text}”不是平台的选项 / "
                                f"row {row.row}: {text!r} is not a {kind.__name__} label") from None


def _text(row: RosterRow, key: str) -> str:
    text = row.get(key)
    if text is None:
        raise RosterImportError(f"第 {row.row} 行的“{_header(key)}”为空或无法读取 / "
                                f"row {row.row}: {key} is empty or unreadable")
    return text


def candidate_from_row(row: RosterRow, school_code: str, kind: CandidateType = CandidateType.SCHOOL) -> Candidate:
    """The candidate of type ``kind`` one checked roster row describes (in 无照片, without a photo): a school
    candidate from the 本校学生导入模板, a public one (社会考生) from the 社会考生导入模板.

    Uses the row's whitespace-normalised text; labels are read with ``from_label`` (so 身份证 is 居民身份证).
    The ID number is stored in upper case (a final ``x`` is only a warning in the check, and every later step
    looks candidates up by the upper-case number).
    Raises :class:`RosterImportError` naming the row when a field is empty or not a platform value.
    """
    try:
        person = Candidate(
            school_code=school_code, name=_text(row, "name"), name_pinyin=_text(row, "name_pinyin"),
            gender=_label(Gender, row, "gender"), id_type=_label(IdType, row, "id_type"),
            id_number=_text(row, "id_number").upper(), mobile=_text(row, "mobile"), candidate_type=kind)
        if kind is CandidateType.PUBLIC:
            return attrs.evolve(person, education=_label(Education, row, "education"), work_unit=row.get("work_unit"))
        year = _text(row, "enrolment_year")
        if not year.isascii() or not year.isdigit():
            raise RosterImportError(f"第 {row.row} 行的入学年份“{year}”不是年份 / row {row.row}: bad enrolment year")
        return attrs.evolve(
            person, enrolment_year=int(year),
            program_level=_label(ProgramLevel, row, "program_level"), program_name=_text(row, "program_name"),
            program_code=_text(row, "program_code"), catalogue_version=_text(row, "catalogue_version"))
    except (TypeError, ValueError) as exc:
        raise RosterImportError(f"第 {row.row} 行无法转换为考生：{exc} / row {row.row}: {exc}") from None


def candidates_from_table(table: RosterTable, school_code: str) -> list[Candidate]:
    """Every row of ``table`` as a candidate of ``school_code`` and of the table's type, in roster order;
    :class:`RosterImportError` when a row is unusable or an ID number appears twice (the check reports both as
    errors)."""
    candidates: list[Candidate] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        candidate = candidate_from_row(row, school_code, table.layout.kind)
        earlier = first_row.setdefault(candidate.id_number, row.row)
        if earlier != row.row:
            raise RosterImportError(f"证件号码 {mask_id_number(candidate.id_number)} 在第 {earlier} 行和第 "
                                    f"{row.row} 行重复出现 / an ID number appears twice")
        candidates.append(candidate)
    return candidates


def type_conflicts(stored: Sequence[Candidate], table: RosterTable, candidates: Sequence[Candidate]) -> list[Issue]:
    """A :data:`TYPE_CONFLICT` for each row of ``table`` (turned into ``candidates``, in the same order) whose
    person is among ``stored`` as the other candidate type."""
    kinds = {candidate.id_number: candidate.candidate_type for candidate in stored}
    kind = table.layout.kind
    return [TYPE_CONFLICT.at(row=row.row, column=table.header("id_number"), masked=mask_id_number(c.id_number),
                             stored=other.label, stored_en=other.value, incoming=kind.label, incoming_en=kind.value)
            for row, c in zip(table.rows, candidates, strict=True)
            if (other := kinds.get(c.id_number, kind)) is not kind]


def _merged(stored: Candidate, incoming: Candidate) -> Candidate:
    """The stored candidate with the incoming roster fields of its type (and the incoming photo, when it brings
    one)."""
    changes = {name: getattr(incoming, name) for name in FIELDS_BY_TYPE[incoming.candidate_type]}
    if incoming.photo is not None:
        changes["photo"] = incoming.photo
    return attrs.evolve(stored, **changes)


def identity_event(stored: Candidate, updated: Candidate) -> Ev | None:
    """The verification event an edit from ``stored`` to ``updated`` means: 上传照片 when the photo is new or
    different (by content), 删除照片 when it is gone, 修改身份信息 when another identity field changed, else
    ``None`` (the edit does not concern the comparison)."""
    old, new = stored.photo, updated.photo
    if new is not None and (old is None or old.sha256 != new.sha256 or not new.sha256):
        return Ev.PHOTO_ATTACHED
    if new is None and old is not None:
        return Ev.PHOTO_REMOVED
    if any(getattr(stored, name) != getattr(updated, name) for name in IDENTITY_FIELDS if name != "photo"):
        return Ev.IDENTITY_EDITED
    return None


def record_edit(tx: Storage, stored: Candidate, updated: Candidate, *, actor: str, at: dt.datetime,
                reason: str) -> Candidate:
    """``updated`` with the state :func:`identity_event` leads to (its record appended to ``tx`` under the
    next ``seq``), or ``updated`` as it is when the edit concerns no identity field. Does not write the
    candidate itself."""
    event = identity_event(stored, updated)
    if event is None:
        return updated
    edited, record = apply(updated, event, seq=stored.verification_seq + 1, actor=actor, at=at, reason=reason)
    tx.add(record)
    return attrs.evolve(edited, verification_seq=record.seq)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def import_candidates(
    storage: Storage,
    candidates: Sequence[Candidate],
    *,
    actor: str = "xcert",
    reason: str = "导入学生名单",
    clock: Callable[[], dt.datetime] = _utc_now,
) -> ImportSummary:
    """Store ``candidates`` (all of one school) following the module's rules, in one transaction; returns
    what was done. Raises :class:`RosterImportError` (nothing stored) when they mix schools or repeat an ID
    number; a storage error rolls everything back and propagates."""
    schools = {candidate.school_code for candidate in candidates}
    if len(schools) > 1:
        raise RosterImportError(f"一次只能导入一所学校的考生 / candidates of {len(schools)} schools in one import")
    keys = [candidate.key for candidate in candidates]
    if len(set(keys)) != len(keys):
        raise RosterImportError("同一证件号码出现了不止一次 / an ID number appears more than once")
    if not candidates:
        return ImportSummary()
    school_code = next(iter(schools))
    at = clock()
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    sent_back: list[str] = []
    with storage.transaction() as tx:
        stored = {candidate.id_number: candidate for candidate in tx.list(Candidate, school_code=school_code)}
        new: list[Candidate | VerificationRecord] = []
        for incoming in candidates:
            before = stored.get(incoming.id_number)
            if before is None:
                new += _new_candidate(incoming, actor, at, reason)
                added.append(incoming.id_number)
                continue
            if before.candidate_type is not incoming.candidate_type:
                raise RosterImportError(f"证件号码 {mask_id_number(incoming.id_number)} 已作为"
                                        f"{before.candidate_type.label}导入 / stored as the other candidate type")
            after = _merged(before, incoming)
            if after == before:
                unchanged.append(incoming.id_number)
                continue
            current, revision = tx.get_with_revision(Candidate, before.key)
            after = record_edit(tx, current, _merged(current, incoming), actor=actor, at=at, reason=reason)
            if current.state in SENT_BACK_FROM and after.state is not current.state:
                sent_back.append(incoming.id_number)
            tx.replace(after, revision)
            updated.append(incoming.id_number)
        if new:
            tx.add_all(new)
    roster_numbers = {candidate.id_number for candidate in candidates}
    absent = tuple(number for number in stored if number not in roster_numbers)
    return ImportSummary(tuple(added), tuple(updated), tuple(unchanged), tuple(sent_back), absent)


def _new_candidate(candidate: Candidate, actor: str, at: dt.datetime,
                   reason: str) -> Iterable[Candidate | VerificationRecord]:
    """A new candidate (in 无照片, or 信息待认证 with its 上传照片 record when it comes with a photo)."""
    fresh = attrs.evolve(candidate, state=St.NO_PHOTO, verification_seq=0)
    if fresh.photo is None:
        return [fresh]
    attached, record = apply(fresh, Ev.PHOTO_ATTACHED, seq=1, actor=actor, at=at, reason=reason)
    return [attrs.evolve(attached, verification_seq=1), record]


def import_roster(storage: Storage, table: RosterTable, school_code: str, *, actor: str = "xcert",
                  clock: Callable[[], dt.datetime] = _utc_now) -> ImportSummary:
    """:func:`candidates_from_table` then :func:`import_candidates`, with the file named in the records."""
    return import_candidates(storage, candidates_from_table(table, school_code), actor=actor,
                             reason=f"导入学生名单 {table.file}", clock=clock)
