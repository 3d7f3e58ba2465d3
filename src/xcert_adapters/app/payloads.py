"""The JSON payloads of the application layer's outcomes: one shape per use case, whichever face asks.

``xcert … --json`` and the HTTP API under ``/api/v1/`` give exactly these objects, so an integrator gets the
same JSON from either. They are frozen attrs classes: the command line prints them through the cattrs converter
(:func:`plain`), the web face returns them as they are (and its OpenAPI document describes them). Issues have
the one issue shape (:data:`xcert_core.serialization.ISSUE_FIELDS`); ID numbers and mobile numbers are masked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import frozen

from xcert_adapters.workspace import Workspace
from xcert_core.issues import Issue
from xcert_core.model import Candidate
from xcert_core.privacy import mask_id_number, mask_phone
from xcert_core.serialization import converter, issue_json

if TYPE_CHECKING:  # each use case's own modules are not every command's import: the printing use case (reportlab,
    # pikepdf, the pack's files), the roster check (its rules, stdnum), the photo check, the readiness rules
    from xcert_adapters.app.documents import PrintedPack
    from xcert_adapters.app.roster import CheckedRoster
    from xcert_adapters.app.student_list import StudentListPage
    from xcert_core.photos.report import PhotoReport
    from xcert_core.readiness import Readiness


def plain(payload: Any) -> Any:
    """``payload`` as plain JSON data (dicts, lists, strings, numbers), through the cattrs converter."""
    return converter.unstructure(payload)


@frozen
class IssuePayload:
    """One issue as scripts see it: where, which code, how bad, and what to do (Chinese)."""

    file: str | None
    row: int | None
    column: str | None
    code: str
    severity: str
    message: str
    suggestion: str | None

    @classmethod
    def of(cls, issue: Issue) -> IssuePayload:
        return cls(**issue_json(issue))


@frozen
class StatusStep:
    """One step of the readiness checklist: ``ok`` is ``None`` when it cannot be judged yet."""

    step: int
    title: str
    ok: bool | None
    detail: str
    next: str


@frozen
class StatusPayload:
    """``xcert status --json`` and ``GET /api/v1/status``."""

    workspace: str
    school: str
    year: int
    ready: bool
    steps: tuple[StatusStep, ...]


def status_payload(workspace: Workspace, result: Readiness) -> StatusPayload:
    config = workspace.config
    return StatusPayload(str(workspace.root), config.school_name, config.year, result.ready,
                         tuple(StatusStep(i.step, i.title, i.ok, i.detail, i.next_step) for i in result.items))


@frozen
class RosterCheckPayload:
    """``xcert students check --json`` and ``POST /api/v1/students/check``: the file, its data rows, the issues."""

    file: str
    rows: int
    issues: tuple[IssuePayload, ...]


def roster_check_payload(checked: CheckedRoster, file: str | None = None) -> RosterCheckPayload:
    """``file``: the name to show (default: the path checked)."""
    return RosterCheckPayload(file if file is not None else str(checked.path), len(checked.table.rows),
                              tuple(IssuePayload.of(i) for i in checked.report))


def roster_check_json(checked: CheckedRoster, file: str | None = None) -> dict[str, Any]:
    """``plain(roster_check_payload(checked, file))`` (a test holds the two equal), built without the payload
    objects in between: ``students check --json`` on a roster with 47,000 issues took 0.19 s to make its
    object that way, 0.07 s this way."""
    return {"file": file if file is not None else str(checked.path), "rows": len(checked.table.rows),
            "issues": [issue_json(issue) for issue in checked.report]}


@frozen
class CandidatePayload:
    """A stored candidate as lists show it: ID and mobile numbers masked."""

    id_number: str
    name: str
    name_pinyin: str
    gender: str
    id_type: str
    mobile: str
    enrolment_year: int | None
    program_level: str | None
    program_name: str | None
    program_code: str | None
    catalogue_version: str | None
    candidate_type: str
    photo: bool
    state: str
    state_label: str
    class_label: str
    """班级 as lists show it (:attr:`~xcert_core.model.Candidate.class_label`); empty for a social candidate."""
    education: str | None = None
    """最高学历 of a social candidate (社会考生), as its English value."""
    work_unit: str | None = None
    """工作单位 of a social candidate, when given."""
    group_label: str = ""
    """Where a list places the candidate (:attr:`~xcert_core.model.Candidate.group_label`): the 班级, or
    ``社会考生（工作单位）``."""


def candidate_payload(candidate: Candidate) -> CandidatePayload:
    return CandidatePayload(
        mask_id_number(candidate.id_number), candidate.name, candidate.name_pinyin, candidate.gender.value,
        candidate.id_type.value, mask_phone(candidate.mobile), candidate.enrolment_year,
        None if candidate.program_level is None else candidate.program_level.value, candidate.program_name,
        candidate.program_code, candidate.catalogue_version, candidate.candidate_type.value,
        candidate.photo is not None, candidate.state.value, candidate.state.label, candidate.class_label,
        None if candidate.education is None else candidate.education.value, candidate.work_unit,
        candidate.group_label)


@frozen
class CandidateList:
    """``xcert students list --json``: every candidate of the school (or of one state)."""

    school_code: str
    count: int
    candidates: tuple[CandidatePayload, ...]


@frozen
class CandidatePage:
    """``GET /api/v1/students``: one page of the list; ``count`` is the whole list's length."""

    school_code: str
    count: int
    page: int
    per_page: int
    pages: int
    candidates: tuple[CandidatePayload, ...]


def candidate_page(school_code: str, listing: StudentListPage) -> CandidatePage:
    """A page of the student list (:func:`~xcert_adapters.app.student_list.student_list_page`) as the API gives it:
    ``count`` is how many students the filters choose, numbers masked."""
    return CandidatePage(school_code, listing.matches, listing.page, listing.per_page, listing.pages,
                         tuple(candidate_payload(c) for c in listing.candidates))


@frozen
class PackFilePayload:
    """One file of a printed pack as its manifest lists it (``room`` ``None``: 全部 or an Excel list)."""

    file: str
    kind: str
    room: str | None
    pages: int | None
    candidates: int
    fingerprint: str
    missing_glyphs: tuple[str, ...]


@frozen
class PackPayload:
    """``xcert documents --json`` and ``POST /api/v1/plans/{plan}/documents``: where the pack went, whether it
    was printed (a site without an address refuses it), what was written, kept and removed, and the issues."""

    plan: str
    out: str
    printed: bool
    written: tuple[str, ...]
    kept: tuple[str, ...]
    removed: tuple[str, ...]
    files: tuple[PackFilePayload, ...]
    issues: tuple[IssuePayload, ...]


def pack_payload(printed: PrintedPack) -> PackPayload:
    result = printed.result
    files = tuple(PackFilePayload(e["file"], e["kind"], e["room"], e["pages"], e["candidates"], e["fingerprint"],
                                  tuple(e["missing_glyphs"])) for e in result.entries)
    return PackPayload(printed.pack.plan.code, str(printed.out), printed.printed, tuple(result.written),
                       tuple(result.kept), tuple(result.removed), files,
                       tuple(IssuePayload.of(i) for i in printed.report))


@frozen
class PhotoIssuePayload:
    """One finding of a photo zip: the entry (ID-like names masked), the candidate (masked), the issue and
    whether ``photos fix`` can repair it."""

    entry: str | None
    id_number: str | None
    code: str
    severity: str
    message: str
    fixable: bool


@frozen
class PhotoCheckPayload:
    """``xcert photos check --json`` and ``POST /api/v1/photos/check``: the zip, its photos, the findings."""

    file: str
    photos: int
    issues: tuple[PhotoIssuePayload, ...]


def photo_check_payload(report: PhotoReport, file: str | None = None) -> PhotoCheckPayload:
    """``file``: the name to show (default: the zip's path as checked)."""
    data = report.to_json()
    return PhotoCheckPayload(file if file is not None else data["file"], data["photos"],
                             tuple(PhotoIssuePayload(**issue) for issue in data["issues"]))
