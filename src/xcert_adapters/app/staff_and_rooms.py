"""Steps 7 and 8 as use cases: exam rooms (考场) of a stored plan, and proctors (监考人员); and, for step 11, the
exam client's installation and test per room (考试客户端).

An import is all-or-nothing: the sheet is checked (the template's rules, and the workspace's plan and sites for
rooms) and, only when the report — under the workspace's ``[rules]`` — has no error, everything is written in one
transaction (a room with the same plan, site and name, a proctor with the same school and teacher number, is
replaced). The outcome carries the report either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from attrs import frozen

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import EXAM_CLIENT, PROCTORS, ROOMS, record_import
from xcert_adapters.app.reports import build_report, write_marked_report
from xcert_adapters.workbooks.selection import read_sheet
from xcert_adapters.workspace import Workspace
from xcert_core.issues import Issue, IssueReport
from xcert_core.model import (
    Entity,
    ExamClientCheck,
    ExamRoom,
    ExamSite,
    Proctor,
    ProctorAssignment,
    School,
    SeatAssignment,
)
from xcert_core.ports.workbooks import SheetData
from xcert_core.roster.columns import RosterColumn
from xcert_core.scheduling import client_sheet, proctors_sheet, rooms_sheet
from xcert_core.scheduling.stored import (
    StoreCounts,
    get_plan,
    room_import_issues,
    store_entities,
    store_proctors,
    store_rooms,
)

COMMAND_LINE = "命令行"
"""The "file" of a room added on the command line (or through a form): its one row has no row number."""


@frozen
class SheetImport:
    """An all-or-nothing import: the file (or :data:`COMMAND_LINE`), its data rows, the report, and what was
    stored (``None`` when the report has errors and nothing was)."""

    file: str
    rows: int
    report: IssueReport
    stored: StoreCounts | None

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def import_checked(workspace: Workspace, file: str, rows: int, issues: Sequence[Issue],
            store: Callable[[], StoreCounts], record: tuple[str, Path, str, str, str | None] | None = None
            ) -> SheetImport:
    """Build the report, store when it has no error, and (``record``: kind, path, actor, channel, shown name)
    keep the import's record."""
    report = build_report(workspace.plugins, issues, workspace.config.rules, file=file)
    stored = None if report.has_errors else store()
    if record is not None:
        kind, path, actor, channel, name = record
        record_import(workspace, kind, path, report, stored=stored is not None, added=stored.added if stored else 0,
                      changed=stored.replaced if stored else 0, unchanged=stored.unchanged if stored else 0,
                      actor=actor, channel=channel, name=name)
    return SheetImport(file, rows, report, stored)


@frozen
class CheckedSheet:
    """What checking one sheet gave: the entities its good rows make, every issue, and its data rows (``None``: a
    row gives one entity or some issues, so the count is the entities plus the rows with an issue)."""

    entities: Sequence[Entity]
    issues: Sequence[Issue]
    rows: int | None = None

    @property
    def row_count(self) -> int:
        if self.rows is not None:
            return self.rows
        return len(self.entities) + len({issue.row for issue in self.issues if issue.row is not None})


@frozen
class ImportSource:
    """Where an import comes from and who runs it: the file, the sheet (``None``: the first visible one), the
    marked-up report to write (``None``: none), the actor, the face, and the name the file is shown by."""

    file: Path
    sheet: str | None = None
    report_path: Path | None = None
    actor: str = ""
    channel: str = audit.COMMAND_LINE
    name: str | None = None


def import_sheet(workspace: Workspace, source: ImportSource, kind: str, columns: Sequence[RosterColumn],
                 anchors: frozenset[str], check: Callable[[SheetData], CheckedSheet]) -> SheetImport:
    """The one shape of a template import: read the sheet, ``check`` it, store its entities in one transaction
    when the report (under the workspace's ``[rules]``) has no error, keep the import's record under ``kind``,
    and write the marked-up report (the sheet under the header ``columns`` and ``anchors`` find) when asked."""
    data = read_sheet(source.file, workspace.plugins, source.sheet)
    checked = check(data)
    rows = checked.row_count
    outcome = import_checked(workspace, source.file.name, rows, checked.issues,
                             lambda: store_entities(workspace.storage, checked.entities),
                             (kind, source.file, source.actor, source.channel, source.name))
    if source.report_path is not None:
        write_marked_report(workspace.plugins, data, source.file.name, columns, anchors, outcome.report, rows,
                            source.report_path)
    return outcome


def _room_rows(data: SheetData, file: str, rooms: Sequence[ExamRoom]) -> tuple[list[int | None], int]:
    """The sheet row of each room read, and how many data rows the sheet has."""
    rows, _ = rooms_sheet.sheet_rows(data, file, rooms_sheet.ROOM_COLUMNS, rooms_sheet.ANCHORS, "考场模板",
                                     space_allowed=rooms_sheet.SPACE_ALLOWED)
    where: dict[tuple[str | None, str | None], int] = {}
    for row in rows:
        where.setdefault((row.values.get("site_code"), row.values.get("name")), row.row)
    return [where.get((room.site_code, room.name)) for room in rooms], len(rows)


def import_rooms(workspace: Workspace, file: Path, plan_code: str, *, sheet: str | None = None,
                 report_path: Path | None = None, actor: str = "", channel: str = audit.COMMAND_LINE,
                 name: str | None = None) -> SheetImport:
    """Check a filled room template for the stored plan ``plan_code`` and store its rooms, all or nothing;
    ``report_path``: also write the marked-up error report there."""
    data = read_sheet(file, workspace.plugins, sheet)
    rooms, issues = rooms_sheet.read_rooms_sheet(data, file.name, plan_code)
    rows, count = _room_rows(data, file.name, rooms)
    issues += room_import_issues(workspace.storage, rooms, plan_code, rows)
    outcome = import_checked(workspace, file.name, count, issues, lambda: store_rooms(workspace.storage, rooms),
                      (ROOMS, file, actor, channel, name))
    if report_path is not None:
        write_marked_report(workspace.plugins, data, file.name, rooms_sheet.ROOM_COLUMNS, rooms_sheet.ANCHORS,
                            outcome.report, count, report_path)
    return outcome


def add_room(workspace: Workspace, plan_code: str, site_code: str, name: str, seats: str, *,
             rows: str | None = None, columns: str | None = None, room_type: str = "普通考场") -> SheetImport:
    """Add (or update) one room, checked exactly as a row of the room template would be (the values are text, as
    a person typed them: ``seats="30"``); its issues have no row number."""
    site = workspace.storage.find(ExamSite, (site_code.strip(),))
    cells = (site_code, site.name if site else site_code, name, room_type, seats, rows, columns)
    header = tuple("*" + c.header if c.required else c.header for c in rooms_sheet.ROOM_COLUMNS)
    data = SheetData(COMMAND_LINE, (header, cells))
    rooms, issues = rooms_sheet.read_rooms_sheet(data, COMMAND_LINE, plan_code)
    issues += room_import_issues(workspace.storage, rooms, plan_code)
    issues = [attrs.evolve(issue, row=None) for issue in issues]
    return import_checked(workspace, COMMAND_LINE, 1, issues, lambda: store_rooms(workspace.storage, rooms))


def list_rooms(workspace: Workspace, plan_code: str | None = None) -> list[ExamRoom]:
    """The stored rooms, of one plan or of all."""
    return workspace.storage.list(ExamRoom, **({"plan_code": plan_code} if plan_code else {}))


def client_checks(workspace: Workspace, plan_code: str | None = None) -> dict[tuple[str, ...], ExamClientCheck]:
    """The recorded 考试客户端 checks by room key (plan, site, room), of one plan or of all."""
    checks = workspace.storage.list(ExamClientCheck, **({"plan_code": plan_code} if plan_code else {}))
    return {check.key: check for check in checks}


def record_exam_client(workspace: Workspace, plan_code: str, *, site_code: str | None = None,
                       room_name: str | None = None, installed: bool = True, tested: bool = True,
                       actor: str = "", note: str = "", on: dt.date | None = None) -> list[ExamClientCheck]:
    """Record the exam client's installation and test (考试客户端) in the plan's rooms — one room, a site's, or
    every room of the plan — in one transaction; returns the checks stored. :class:`RequestError` when the plan
    has no such room (or no room at all)."""
    get_plan(workspace.storage, plan_code)
    rooms = [room for room in list_rooms(workspace, plan_code)
             if (site_code is None or room.site_code == site_code) and (room_name is None or room.name == room_name)]
    if not rooms:
        where = "".join(part for part in (f"站点“{site_code}”" if site_code else "", f"考场“{room_name}”"
                                          if room_name else "") if part) or "任何考场"
        raise RequestError(f"考试计划“{plan_code}”没有{where}（xcert rooms list --plan {plan_code} 查看）/ "
                           "no such room")
    day = on or dt.datetime.now(dt.UTC).date()
    checks = [ExamClientCheck(plan_code, room.site_code, room.name, installed, installed and tested, day, actor,
                              note) for room in rooms]
    with workspace.storage.transaction() as tx:
        for check in checks:
            tx.put(check)
    return checks


def import_proctors(workspace: Workspace, file: Path, *, sheet: str | None = None,
                    report_path: Path | None = None, actor: str = "", channel: str = audit.COMMAND_LINE,
                    name: str | None = None) -> SheetImport:
    """Check a filled proctor template and store its proctors, all or nothing. A proctor whose 所属院校 is empty
    or names the workspace's school belongs to the workspace's school code; one that names a stored school (by
    name or code: the schools of an organisation's workspace) belongs to that school's code, which is what
    cross-invigilation compares with the candidates' schools. ``report_path``: also write the marked-up error
    report there."""
    data = read_sheet(file, workspace.plugins, sheet)
    read, issues = proctors_sheet.read_proctors_sheet(data, file.name)
    count = len(rooms_sheet.sheet_rows(data, file.name, proctors_sheet.PROCTOR_COLUMNS, proctors_sheet.ANCHORS,
                                       "监考人员模板", space_allowed=proctors_sheet.SPACE_ALLOWED,
                                       personal=proctors_sheet.PERSONAL)[0])
    codes = {school.name: school.code for school in workspace.storage.list(School)}
    codes |= {code: code for code in codes.values()}
    codes |= dict.fromkeys((proctors_sheet.DEFAULT_SCHOOL, workspace.config.school_name), workspace.school_code)
    people = [attrs.evolve(p, school_code=codes.get(p.school_code, p.school_code)) for p in read]
    outcome = import_checked(workspace, file.name, count, issues, lambda: store_proctors(workspace.storage, people),
                      (PROCTORS, file, actor, channel, name))
    if report_path is not None:
        write_marked_report(workspace.plugins, data, file.name, proctors_sheet.PROCTOR_COLUMNS,
                            proctors_sheet.ANCHORS, outcome.report, count, report_path)
    return outcome


def store_proctor_rows(workspace: Workspace, proctors: Sequence[Proctor], issues: Sequence[Issue]) -> SheetImport:
    """Store ``proctors`` read from a one-row proctor sheet (an edit) unless ``issues`` hold an error, as an
    import of the sheet would."""
    return import_checked(workspace, COMMAND_LINE, 1, issues, lambda: store_proctors(workspace.storage, proctors))


def list_proctors(workspace: Workspace) -> list[Proctor]:
    """The stored proctors and inspectors."""
    return workspace.storage.list(Proctor)


def remove_room(workspace: Workspace, plan_code: str, site_code: str, name: str, *, actor: str, reason: str,
                channel: str = audit.COMMAND_LINE) -> ExamRoom:
    """Delete a room of the plan (with its exam-client check), audited. :class:`RequestError` — nothing deleted —
    for no such room, no reason, or while candidates are seated or proctors assigned in it (naming how many and
    the command that empties it first: ``xcert schedule close-room`` re-seats only its candidates)."""
    if not reason.strip():
        raise RequestError("请用 --reason 写明删除原因（记入操作记录）/ a reason is required")
    storage = workspace.storage
    room = storage.find(ExamRoom, (plan_code, site_code, name))
    if room is None:
        raise RequestError(f"考试计划“{plan_code}”站点“{site_code}”没有考场“{name}”"
                           f"（xcert rooms list --plan {plan_code} 查看）/ no such room")
    seated = [s for s in storage.list(SeatAssignment, plan_code=plan_code)
              if s.site_code == site_code and s.room_name == name]
    watched = [a for a in storage.list(ProctorAssignment, plan_code=plan_code)
               if a.site_code == site_code and a.room_name == name]
    if seated or watched:
        raise RequestError(f"考场“{name}”已排考（{len(seated)} 个考位有考生、{len(watched)} 名监考），不能删除："
                           f"请先关闭考场（xcert schedule close-room --plan {plan_code} --site {site_code} "
                           f"--room {name} --reason …，只改排该考场的考生），再删除 / close the room first")
    with storage.transaction() as tx:
        tx.delete(ExamRoom, room.key)
        if tx.find(ExamClientCheck, room.key) is not None:
            tx.delete(ExamClientCheck, room.key)
        audit.append(tx, actor, channel, "rooms.remove", target=f"{plan_code} {site_code} {name}", detail=reason)
    return room


def remove_proctor(workspace: Workspace, teacher_number: str, *, actor: str, reason: str,
                   channel: str = audit.COMMAND_LINE) -> Proctor:
    """Delete one of the school's proctors, audited. :class:`RequestError` — nothing deleted — for no such
    proctor, no reason, or while assigned to a session (naming the sessions; give the proctor those sessions as
    不可监考场次 and run ``xcert schedule proctors`` again, which moves only them)."""
    if not reason.strip():
        raise RequestError("请用 --reason 写明删除原因（记入操作记录）/ a reason is required")
    storage = workspace.storage
    proctor = storage.find(Proctor, (workspace.school_code, teacher_number.strip()))
    if proctor is None:
        raise RequestError(f"没有教师编号为“{teacher_number}”的监考人员（xcert proctors list 查看）/ no such proctor")
    assigned = [a for a in storage.list(ProctorAssignment, school_code=proctor.school_code)
                if a.teacher_number == proctor.teacher_number]
    if assigned:
        sessions = "、".join(dict.fromkeys(f"{a.plan_code} {a.session_code}" for a in assigned))
        raise RequestError(f"{proctor.name}（{proctor.teacher_number}）已安排监考：{sessions}，不能删除："
                           "请在监考人员表中把这些场次写入其“不可监考场次”，导入后重新分配监考"
                           "（xcert schedule proctors --plan …），再删除 / reassign first")
    with storage.transaction() as tx:
        tx.delete(Proctor, proctor.key)
        audit.append(tx, actor, channel, "proctors.remove", target=f"{proctor.name}（{proctor.teacher_number}）",
                     detail=reason)
    return proctor


def import_exam_client(workspace: Workspace, file: Path, plan_code: str, *, sheet: str | None = None,
                       report_path: Path | None = None, actor: str = "", channel: str = audit.COMMAND_LINE,
                       name: str | None = None) -> SheetImport:
    """Check a filled exam-client readiness sheet (:mod:`xcert_core.scheduling.client_sheet`) of the stored plan
    and store its checks, all or nothing, kept in the import history; ``report_path``: also write the marked-up
    error report there. A room's earlier check is replaced."""
    get_plan(workspace.storage, plan_code)
    rooms = {(room.site_code, room.name): room for room in workspace.storage.list(ExamRoom, plan_code=plan_code)}

    def check(data: SheetData) -> CheckedSheet:
        return CheckedSheet(*client_sheet.read_client_sheet(data, file.name, plan_code, rooms))

    return import_sheet(workspace, ImportSource(file, sheet, report_path, actor, channel, name), EXAM_CLIENT,
                        client_sheet.COLUMNS, client_sheet.ANCHORS, check)
