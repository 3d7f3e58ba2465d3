"""The platform's exports: reading them (any format the workbook readers take), and writing files of the
same shape from the workspace (what the platform would export after importing our package: used by the
round-trip tests and the demo).

Two kinds, told apart by the header row (searched in the first 50 rows, '*' and spaces ignored):

* the candidate list (考生管理 › 批量导出): a ``证件号码`` column and a state column (``状态``, ``学生信息状态`` or
  ``认证状态``, as :mod:`xcert_adapters.verification.platform_results` reads it), with an optional name column
  (``学生姓名``) the sync compares with the workspace;
* the assignment list (排考管理 › 排考明细 › 导出): ``准考证号``, ``证件号码``, ``考场名称`` and ``座位号``, with
  optional ``考试计划`` (code or name), ``场次``, ``考试科目``, ``考核站点编号`` and ``考生姓名``.

An assignment list is recognised first (it may carry a state column too). Any other file is an
:class:`~xcert_core.errors.UnreadableFileError`; in a candidate list, a row with an empty ID number or state or
an unknown state label is an issue of the export (with row and column), so every such row is reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from xcert_adapters.verification.platform_results import STATE_HEADERS
from xcert_adapters.workbooks.selection import read_sheet
from xcert_core.errors import UnreadableFileError
from xcert_core.exchange.issue_types import SYNC_CELL_MISSING, SYNC_STATE_UNKNOWN
from xcert_core.issues import Issue
from xcert_core.labels import VerificationState
from xcert_core.model import Candidate, ExamPlan, School, SeatAssignment
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.platform import AssignmentRow, ExportKind, PlatformExport, PlatformState
from xcert_core.ports.storage import Storage
from xcert_core.ports.workbooks import CellValue, SheetModel
from xcert_core.roster.columns import HEADER_SEARCH_ROWS, header_text
from xcert_core.roster.table import normalise_space

ASSIGNMENT_REQUIRED = ("准考证号", "证件号码", "考场名称", "座位号")
ASSIGNMENT_OPTIONAL = {"plan": ("考试计划", "考试计划编号", "考试计划名称"), "session_code": ("场次", "场次编号"),
                       "subject": ("考试科目",), "site_code": ("考核站点编号",), "name": ("考生姓名", "学生姓名")}
NAME_HEADERS = ("学生姓名", "考生姓名", "姓名")
_KNOWN = "、".join(state.label for state in VerificationState)
_KNOWN_EN = ", ".join(state.value for state in VerificationState)
CANDIDATE_LIST_HEADER = ("序号", "学生姓名", "证件号码", "所属院校", "状态")
ASSIGNMENT_LIST_HEADER = ("序号", "考试计划", "考试科目", "场次", "考核站点编号", "考场名称", "座位号", "准考证号",
                          "考生姓名", "证件号码")


def _text(cell: CellValue) -> str | None:
    if cell is None:
        return None
    text = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
    return normalise_space(text) or None


def read_platform_export(path: Path, plugins: XcertPlugins) -> PlatformExport:
    """The export at ``path`` as data (see the module docstring)."""
    sheet = read_sheet(path, plugins)
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        texts = [header_text(cell) for cell in row]
        if all(header in texts for header in ASSIGNMENT_REQUIRED):
            return _assignments(path, sheet.rows, index, texts)
        state_column = next((texts.index(h) for h in STATE_HEADERS if h in texts), None)
        if "证件号码" in texts and state_column is not None:
            return _states(path, sheet.rows, index, texts, state_column)
    raise UnreadableFileError(str(path), "既不是平台导出的考生名单（需要“证件号码”和“状态”列），也不是排考明细"
                                         "（需要“准考证号”“证件号码”“考场名称”“座位号”列）")


def _cell(cells: Sequence[CellValue], column: int | None) -> CellValue:
    return cells[column] if column is not None and column < len(cells) else None


def _states(path: Path, rows: Sequence[Sequence[CellValue]], index: int, texts: list[str],
            state_column: int) -> PlatformExport:
    id_column = texts.index("证件号码")
    name_column = next((texts.index(h) for h in NAME_HEADERS if h in texts), None)
    state_header = texts[state_column]
    states: list[PlatformState] = []
    issues: list[Issue] = []
    for number, cells in enumerate(rows[index + 1:], start=index + 2):
        if all(_text(cell) is None for cell in cells):
            continue
        id_number, label = _text(_cell(cells, id_column)), _text(_cell(cells, state_column))
        if id_number is None:
            issues.append(SYNC_CELL_MISSING.at(row=number, column="证件号码", header="证件号码",
                                               header_en="ID number"))
        if label is None:
            issues.append(SYNC_CELL_MISSING.at(row=number, column=state_header, header=state_header,
                                               header_en="State"))
            continue
        try:
            state = VerificationState.from_label(label)
        except ValueError:
            issues.append(SYNC_STATE_UNKNOWN.at(row=number, column=state_header, value=label, known=_KNOWN,
                                                known_en=_KNOWN_EN))
            continue
        if id_number is not None:
            states.append(PlatformState(number, id_number.upper(), state, _text(_cell(cells, name_column))))
    return PlatformExport(path.name, ExportKind.CANDIDATE_STATES, states=tuple(states), issues=tuple(issues))


def _assignments(path: Path, rows: Sequence[Sequence[CellValue]], index: int, texts: list[str]) -> PlatformExport:
    where = {header: texts.index(header) for header in ASSIGNMENT_REQUIRED}
    optional = {key: next((texts.index(h) for h in headers if h in texts), None)
                for key, headers in ASSIGNMENT_OPTIONAL.items()}
    found: list[AssignmentRow] = []
    for number, cells in enumerate(rows[index + 1:], start=index + 2):
        if all(_text(cell) is None for cell in cells):
            continue
        values = {key: _text(_cell(cells, column)) for key, column in optional.items()}
        found.append(AssignmentRow(
            row=number, ticket_number=_text(_cell(cells, where["准考证号"])),
            id_number=_text(_cell(cells, where["证件号码"])), room_name=_text(_cell(cells, where["考场名称"])),
            seat=_text(_cell(cells, where["座位号"])), plan=values["plan"], session_code=values["session_code"],
            subject=values["subject"], site_code=values["site_code"], name=values["name"]))
    return PlatformExport(path.name, ExportKind.ASSIGNMENT_LIST, assignments=tuple(found))


def _write(plugins: XcertPlugins, rows: list[tuple[CellValue, ...]], header: tuple[str, ...], text: tuple[str, ...],
           path: Path) -> Path:
    writer = plugins.workbook_writer()
    columns = tuple(header.index(name) + 1 for name in text)
    writer.write([SheetModel("Sheet1", rows=(header, *rows), text_columns=columns, header_row=1)], path)
    return path


def write_candidate_list(storage: Storage, school_code: str, path: Path, plugins: XcertPlugins) -> Path:
    """The candidate list the platform exports from 考生管理, from the workspace's candidates and states."""
    school = storage.find(School, (school_code,))
    rows: list[tuple[CellValue, ...]] = [
        (str(n), c.name, c.id_number, school.name if school else school_code, c.state.label)
        for n, c in enumerate(sorted(storage.list(Candidate, school_code=school_code), key=lambda c: c.id_number),
                              start=1)]
    return _write(plugins, rows, CANDIDATE_LIST_HEADER, ("证件号码",), path)


def write_assignment_list(storage: Storage, path: Path, plugins: XcertPlugins,
                          platform_tickets: Mapping[str, str] | None = None, *,
                          seats: Sequence[SeatAssignment] | None = None) -> Path:
    """The 排考明细 the platform exports, from the workspace's stored seats (every plan), or from ``seats`` (one
    school's part, as the organisation publishes it). ``platform_tickets`` maps a stored ticket number to the one
    the platform gives instead (a test or the demo playing the platform, whose 排考 numbers tickets its own way);
    numbers it does not map are kept."""
    renumber = platform_tickets or {}
    plans = {plan.code: plan for plan in storage.list(ExamPlan)}
    names: dict[str, str] = {}
    if seats is None:
        candidates = storage.list(Candidate)
    else:  # one school's part: its candidates by ID number, as stored (upper case) or typed otherwise
        numbers = {seat.id_number for seat in seats}
        candidates = storage.list_in(Candidate, "id_number",
                                     numbers | {n.upper() for n in numbers} | {n.lower() for n in numbers})
    for candidate in candidates:
        names.setdefault(candidate.id_number.upper(), candidate.name)
    rows: list[tuple[CellValue, ...]] = []
    for n, seat in enumerate(storage.list(SeatAssignment) if seats is None else seats, start=1):
        plan = plans.get(seat.plan_code)
        session = next((s for s in plan.sessions if s.code == seat.session_code), None) if plan else None
        subject = None
        if plan is not None and session is not None:
            subject = next((s.name for s in plan.subjects if s.code == session.subject_code), None)
        rows.append((str(n), seat.plan_code, subject, seat.session_code, seat.site_code, seat.room_name,
                     str(seat.seat), renumber.get(seat.ticket_number, seat.ticket_number),
                     names.get(seat.id_number.upper()), seat.id_number))
    return _write(plugins, rows, ASSIGNMENT_LIST_HEADER, ("考核站点编号", "准考证号", "证件号码"), path)
