"""Editing and removing one student's record (#24, 编辑 / 删除 in 考生管理), as use cases every face calls.

A student is named as :func:`~xcert_adapters.app.verification.candidates_named` takes it (name, ``姓名:后四位``,
the masked or full number). :func:`edit_student` puts the stored record, with the edits, through the very roster
rules an imported row meets — built as a one-row roster, so a rule lives in one place — and stores it through
the roster import: a changed name or ID type sends the student back to 信息待认证 (as a re-imported roster
does), a changed phone or program keeps the state. The ID number is the record's key on the platform and is not
edited: remove the record and import the right one. :func:`remove_student` refuses while a registration or a
seat depends on the student (naming them and the command that withdraws them); otherwise it deletes the record,
its withdrawn registrations, its verification records and its stored photo. Both are written to the audit log
with who and why. :func:`export_students` writes the list as the platform's 批量导出 gives it, with counts per
state. Social candidates (社会考生) are edited, removed and exported the same way, through their own roster's
columns (最高学历 and 工作单位 in place of 入学年份 and 专业).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from attrs import frozen

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.photos import stored_photo
from xcert_adapters.app.roster import rule_families
from xcert_adapters.app.verification import candidates_named, shown_as_typed
from xcert_adapters.workspace import Workspace
from xcert_core.exchange.package import public_roster_row, roster_row
from xcert_core.issues import IssueReport
from xcert_core.labels import CandidateType, RegistrationStatus, VerificationState
from xcert_core.model import Candidate, Registration, SeatAssignment, VerificationRecord
from xcert_core.ports.workbooks import CellValue, SheetData, SheetModel
from xcert_core.privacy import mask_id_number, mask_phone
from xcert_core.roster.checking import check_roster
from xcert_core.roster.columns import LAYOUTS, LAYOUTS_BY_KIND
from xcert_core.roster.importing import candidates_from_table, import_candidates
from xcert_core.roster.reading import read_roster
from xcert_core.roster.table import RosterContext

EDITABLE: Mapping[str, str] = {column.key: column.header for layout in LAYOUTS for column in layout.columns
                               if column.key != "id_number"}
"""Field -> its roster header: what :func:`edit_student` may change (every column of the student's roster but
证件号码; 入学年份 and 专业 only for a school student, 最高学历 and 工作单位 only for a social candidate)."""
ROW_OF = {CandidateType.SCHOOL: roster_row, CandidateType.PUBLIC: public_roster_row}
"""A stored candidate as a row of its roster's template."""
COMMAND_LINE_FILE = "（修改的学生信息）"
"""The "file" an edit's issues name: the edited record, checked as a one-row roster."""


@frozen
class StudentEdit:
    """An edit: the record before and after (``after`` is ``before`` when nothing was stored), the report of
    the roster rules over the edited record, and whether the student went back to 信息待认证."""

    before: Candidate
    after: Candidate
    report: IssueReport
    sent_back: bool

    @property
    def stored(self) -> bool:
        return not self.report.has_errors


@frozen
class StudentRemoval:
    """A removal: the record deleted, and what went with it."""

    candidate: Candidate
    withdrawn_registrations: int
    verification_records: int
    photo_removed: bool


def shown_record(candidate: Candidate) -> dict[str, str]:
    """The candidate's roster fields as a list shows them (what the audit log records of an edit): each column
    of its roster's template, the ID and mobile numbers masked, an empty cell as ``""``."""
    layout = LAYOUTS_BY_KIND[candidate.candidate_type]
    values = dict(zip(layout.by_key, ROW_OF[candidate.candidate_type](candidate), strict=True))
    masked = {"id_number": mask_id_number, "mobile": mask_phone}
    return {key: masked.get(key, str)(str(value)) if value is not None else "" for key, value in values.items()}


def the_student(workspace: Workspace, given: str) -> Candidate:
    """The one school candidate ``given`` names; :class:`RequestError` when it names none or several."""
    found = candidates_named(workspace.storage.list(Candidate, school_code=workspace.school_code), given)
    if not found:
        raise RequestError(f"工作区中没有“{shown_as_typed(given)}”这名学生（写姓名、姓名:证件号码后四位，或证件号码）"
                           " / no such student")
    if len(found) > 1:
        raise RequestError(f"有 {len(found)} 名学生都对得上“{shown_as_typed(given)}”，请写成“姓名:证件号码后四位” / "
                           "several students match")
    return found[0]


def require_why(actor: str, reason: str) -> None:
    """:class:`RequestError` unless a change to a record names who makes it and why (both go to the audit log)."""
    if not reason.strip():
        raise RequestError("请用 --reason 写明修改原因（记入操作记录）/ a reason is required")
    if not actor.strip():
        raise RequestError("请写明操作人 / an actor is required")


def edit_student(workspace: Workspace, given: str, changes: Mapping[str, str], *, actor: str,
                 reason: str, channel: str = audit.COMMAND_LINE) -> StudentEdit:
    """Change the named student's fields ``changes`` (keys of :data:`EDITABLE`, values as they would be typed in
    the roster) — checked by every roster rule under the workspace's ``[rules]``; stored only without an error.
    :class:`RequestError` for an unknown field, an ID number, no change, or no reason."""
    require_why(actor, reason)
    unknown = sorted(set(changes) - set(EDITABLE))
    if "id_number" in unknown:
        raise RequestError("证件号码不能修改：它是学生在平台上的标识。请删除该学生（xcert students remove）后导入正确的"
                           "记录 / the ID number is not edited")
    if unknown or not changes:
        raise RequestError(f"可以修改的是：{'、'.join(dict.fromkeys(EDITABLE.values()))} / nothing to edit")
    before = the_student(workspace, given)
    layout = LAYOUTS_BY_KIND[before.candidate_type]
    foreign = [EDITABLE[key] for key in changes if key not in layout.by_key]
    if foreign:
        raise RequestError(f"{before.candidate_type.label}没有“{'、'.join(foreign)}”；可以修改的是："
                           f"{'、'.join(c.header for c in layout.columns if c.key != 'id_number')} / "
                           "not a field of this candidate type")
    keys = list(layout.by_key)
    row = dict(zip(keys, ROW_OF[before.candidate_type](before), strict=True)) | dict(changes)
    header = tuple("*" + column.header if column.required else column.header for column in layout.columns)
    data = SheetData("Sheet1", (header, tuple(row[key] for key in keys)))
    table, sheet_issues = read_roster(data, COMMAND_LINE_FILE, RosterContext(), before.candidate_type)
    plugins, rules = workspace.plugins, workspace.config.rules
    report = check_roster(table, sheet_issues, rule_families(plugins, rules.disabled_families), plugins.catalogue,
                          rules.settings)
    if report.has_errors:
        return StudentEdit(before, before, report, False)
    edited = candidates_from_table(table, workspace.school_code)
    summary = import_candidates(workspace.storage, edited, actor=actor, reason=f"修改学生信息：{reason}")
    after = workspace.storage.get(Candidate, before.key)
    fields = "、".join(layout.by_key[key].header for key in changes)
    old, new = shown_record(before), shown_record(after)
    changed = tuple((key, value) for key, value in new.items() if value != old[key])
    if changed or after != before:  # a photo or state change shows in no column but is still a change
        audit.append(workspace.storage, actor, channel, "students.edit",
                     target=f"{before.name}（{mask_id_number(before.id_number)}）", detail=f"{fields}：{reason}",
                     changes=changed)
    return StudentEdit(before, after, report, bool(summary.sent_back))


def remove_student(workspace: Workspace, given: str, *, actor: str, reason: str,
                   channel: str = audit.COMMAND_LINE) -> StudentRemoval:
    """Delete the named student with its withdrawn registrations, verification records and stored photo, in one
    transaction (the photo file after it commits). :class:`RequestError` — nothing deleted — while an active
    registration or a seat depends on the student, naming them and the withdrawal command."""
    require_why(actor, reason)
    candidate = the_student(workspace, given)
    storage = workspace.storage
    registrations = [r for r in storage.list(Registration, school_code=workspace.school_code)
                     if r.id_number == candidate.id_number]
    active = [r.plan_code for r in registrations if r.status is RegistrationStatus.ACTIVE]
    seats = sorted({s.plan_code for s in storage.list(SeatAssignment) if s.id_number == candidate.id_number})
    if active or seats:
        plans = "、".join(dict.fromkeys([*active, *seats]))
        first = (active or seats)[0]
        who = f"{candidate.name}:{candidate.id_number[-4:]}"
        raise RequestError(f"{candidate.name}（{mask_id_number(candidate.id_number)}）已报考考试计划 {plans}，"
                           f"不能删除：请先撤销报考（xcert registrations withdraw {who} --plan {first} --reason …），"
                           "再删除 / withdraw the registrations first")
    photo = stored_photo(workspace, candidate)
    records = storage.list(VerificationRecord, school_code=workspace.school_code, id_number=candidate.id_number)
    with storage.transaction() as tx:
        for registration in registrations:
            tx.delete(Registration, registration.key)
        for record in records:
            tx.delete(VerificationRecord, record.key)
        tx.delete(Candidate, candidate.key)
        audit.append(tx, actor, channel, "students.remove",
                     target=f"{candidate.name}（{mask_id_number(candidate.id_number)}）", detail=reason)
    if photo is not None:
        photo.unlink(missing_ok=True)
    return StudentRemoval(candidate, len(registrations), len(records), photo is not None)


EXPORT_STATE_HEADER = "学生信息状态"
"""The state column's header, as the platform's candidate list has it (so ``xcert sync platform`` reads the
export back)."""


def _export_sheet(name: str, candidates: list[Candidate], kind: CandidateType) -> SheetModel:
    layout = LAYOUTS_BY_KIND[kind]
    header = ("序号", *(column.header for column in layout.columns), EXPORT_STATE_HEADER,
              *(("班级",) if kind is CandidateType.SCHOOL else ()), "照片")
    rows: list[tuple[CellValue, ...]] = [header]
    rows += [(n, *ROW_OF[kind](c), c.state.label, *((c.class_label,) if kind is CandidateType.SCHOOL else ()),
              "有" if c.photo is not None else "无") for n, c in enumerate(candidates, start=1)]
    widths = (6, *(c.width for c in layout.columns), 14, *((22,) if kind is CandidateType.SCHOOL else ()), 6)
    id_column = 1 + list(layout.by_key).index("id_number") + 1
    return SheetModel(name, tuple(rows), column_widths=widths, text_columns=(id_column,), header_row=1)


def export_students(workspace: Workspace, out: Path, state: VerificationState | None = None) -> Counter[str]:
    """The school's students (all, or those in ``state``) as 考生管理's 批量导出 gives them: every roster column with
    the full values (the school's own record, written readable by its owner only), 学生信息状态, 班级 and whether a
    photo is stored, by ID number; social candidates likewise on a sheet of their own (社会考生, with their roster's
    columns); and a 统计 sheet with the count per type and state. Returns the counts per state."""
    candidates = sorted(workspace.storage.list(Candidate, school_code=workspace.school_code,
                                               **({"state": state} if state is not None else {})),
                        key=lambda c: c.id_number)
    school = [c for c in candidates if c.candidate_type is CandidateType.SCHOOL]
    public = [c for c in candidates if c.candidate_type is CandidateType.PUBLIC]
    sheets = [_export_sheet("考生信息", school, CandidateType.SCHOOL)]
    if public:
        sheets.append(_export_sheet("社会考生", public, CandidateType.PUBLIC))
    counts = Counter(c.state.label for c in candidates)
    summary: list[tuple[CellValue, ...]] = [("学生信息状态", "本校学生", "社会考生", "人数")]
    summary += [(s.label, sum(c.state is s for c in school), sum(c.state is s for c in public), counts[s.label])
                for s in VerificationState if counts[s.label]]
    summary.append(("合计", len(school), len(public), len(candidates)))
    sheets.append(SheetModel("统计", tuple(summary), column_widths=(16, 10, 10, 8), header_row=1))
    workspace.plugins.workbook_writer().write(sheets, out)
    return counts
