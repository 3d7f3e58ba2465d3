"""编辑 / 删除 / 批量导出 / 导入记录 in the workbench (#24): one student's (or social candidate's) record page with
its edit and remove forms, the export of the list, and the import history — each calling the same application
function as its command (``xcert students edit/remove/export``, ``xcert imports``).

A record is named by its opaque reference (:meth:`~xcert_adapters.web.served.Served.ref`), never by ID number; its
page shows the ID and mobile numbers masked, and a changed mobile number is typed in full (the form never holds the
stored one). Every change needs a reason and is in the audit log with who, through the 工作台. The export holds
full numbers, so only a role that may see them downloads it, and each download is audited.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.response import File, Template

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import KINDS, import_history, import_record
from xcert_adapters.app.payloads import IssuePayload, candidate_payload
from xcert_adapters.app.student_records import (
    EDITABLE,
    ROW_OF,
    edit_student,
    export_students,
    remove_student,
    the_student,
)
from xcert_adapters.private_files import private_dir
from xcert_adapters.web.results import StepResult, perform
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission
from xcert_core.model import Candidate
from xcert_core.roster.columns import LAYOUTS_BY_KIND

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
KEPT = frozenset({"mobile"})
"""Fields whose stored value the form does not show (personal): empty means unchanged."""


def form_changes(candidate: Candidate, data: dict[str, Any]) -> dict[str, str]:
    """The fields of ``candidate``'s roster a submitted edit form changes: a field typed differently from what the
    record holds (a personal field only when typed at all), as the roster would hold it."""
    current = dict(zip(LAYOUTS_BY_KIND[candidate.candidate_type].by_key, ROW_OF[candidate.candidate_type](candidate),
                       strict=True))
    changes: dict[str, str] = {}
    for key in EDITABLE:
        if key not in current or key not in data:
            continue
        typed = str(data[key])
        if typed != (current[key] or "") and (typed or key not in KEPT):
            changes[key] = typed
    return changes


class RecordPages(Controller):
    """``/students/record/…``, ``/students/export`` and ``/imports``."""

    include_in_schema = False

    @get("/students/record/{ref:str}", sync_to_thread=True)
    def record(self, served: NamedDependency[Served], ref: FromPath[str]) -> Template:
        """One student's record: every field (ID and mobile masked), the edit form and the remove form."""
        return Template("student.html", context=self._context(served, ref))

    @post("/students/record/{ref:str}/edit", sync_to_thread=True, status_code=200,
          guards=[requires(Permission.EDIT_RECORDS)])
    def edit(self, request: Request[Any, Any, Any], served: NamedDependency[Served], ref: FromPath[str],
             data: Annotated[dict[str, Any], FORM]) -> Template:
        """编辑 (``xcert students edit``): checked by the roster's rules, stored only without an error."""
        who = principal_of(request)
        number = self._number(served, ref)

        def act(workspace: Workspace) -> StepResult:
            candidate = the_student(workspace, number)
            changes = form_changes(candidate, data)
            if not changes:
                return StepResult(False, "没有修改任何内容。")
            edited = edit_student(workspace, number, changes, actor=who.name, reason=str(data.get("reason", "")),
                                  channel=who.channel)
            issues = tuple(IssuePayload.of(issue) for issue in edited.report)
            if not edited.stored:
                return StepResult(False, "修改后的信息有错误，未保存；请按下表改正。", issues)
            state = ("，已回到“信息待认证”：请重新上传平台认证" if edited.sent_back
                     else f"，认证状态不变（{edited.after.state.label}）")
            fields = "、".join(EDITABLE[key] for key in changes)
            return StepResult(True, f"已修改 {edited.after.name} 的{fields}{state}。", issues)

        result = perform(served, act)
        return Template("student.html", context={**self._context(served, ref), "result": result})

    @post("/students/record/{ref:str}/remove", sync_to_thread=True, status_code=200,
          guards=[requires(Permission.EDIT_RECORDS)])
    def remove(self, request: Request[Any, Any, Any], served: NamedDependency[Served], ref: FromPath[str],
               data: Annotated[dict[str, Any], FORM]) -> Template:
        """删除 (``xcert students remove``): refused while a registration or seat depends on the student."""
        who = principal_of(request)
        number = self._number(served, ref)

        def act(workspace: Workspace) -> StepResult:
            removed = remove_student(workspace, number, actor=who.name, reason=str(data.get("reason", "")),
                                     channel=who.channel)
            gone = (f"{removed.withdrawn_registrations} 条已撤销的报考、{removed.verification_records} 条认证记录"
                    + ("和照片" if removed.photo_removed else ""))
            return StepResult(True, f"已删除 {removed.candidate.name}，连同 {gone}。")

        result = perform(served, act)
        if not result.ok:
            return Template("student.html", context={**self._context(served, ref), "result": result})
        return Template("student.html", context={"removed": True, "result": result, "school": self._school(served)})

    @get("/students/export", sync_to_thread=True, guards=[requires(Permission.SEE_FULL_IDS)])
    def export(self, request: Request[Any, Any, Any], served: NamedDependency[Served]) -> File:
        """批量导出 (``xcert students export``): every record in full with its state, and the counts; audited."""
        who = principal_of(request)
        with served.workspace() as workspace:
            folder = Path(tempfile.mkdtemp(prefix=".xcert-tmp-export-", dir=private_dir(workspace.output_dir)))
            out = folder / "考生信息导出.xlsx"
            counts = export_students(workspace, out)
            audit.record(workspace, who.name, who.channel, "students.export",
                         detail=f"{sum(counts.values())} 名，含完整证件号码")
        return File(path=out, filename=out.name, content_disposition_type="attachment",
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    background=BackgroundTask(_remove_folder, folder))

    @get("/imports", sync_to_thread=True)
    def imports(self, served: NamedDependency[Served], kind: FromQuery[str | None] = None) -> Template:
        """导入记录 (``xcert imports``): every import, newest first, with its file's name, SHA-256, who, through
        which face, and its counts."""
        with served.workspace() as workspace:
            records = import_history(workspace, kind=kind if kind in KINDS else None)
            school = workspace.config.school_name
        return Template("imports.html", context={"school": school, "records": records, "kinds": KINDS,
                                                 "kind": kind if kind in KINDS else None})

    @get("/imports/{record_id:str}", sync_to_thread=True)
    def import_report(self, served: NamedDependency[Served], record_id: FromPath[str]) -> Template:
        """One import's report as kept (``xcert imports --show``): each problem with its place and message."""
        with served.workspace() as workspace:
            try:
                record = import_record(workspace, record_id)
            except RequestError:
                raise NotFoundException("没有这条导入记录 / no such import record") from None
            school = workspace.config.school_name
        return Template("imports.html", context={"school": school, "shown": record, "kinds": KINDS, "kind": None})

    @staticmethod
    def _number(served: Served, ref: str) -> str:
        number = served.number_of(ref)
        if number is None:
            raise NotFoundException("没有这名考生 / no such candidate")
        return number

    @staticmethod
    def _school(served: Served) -> str:
        with served.workspace() as workspace:
            return workspace.config.school_name

    def _context(self, served: Served, ref: str) -> dict[str, Any]:
        number = self._number(served, ref)
        with served.workspace() as workspace:
            try:
                candidate = the_student(workspace, number)
            except RequestError:
                raise NotFoundException("没有这名考生 / no such candidate") from None
            layout = LAYOUTS_BY_KIND[candidate.candidate_type]
            values = dict(zip(layout.by_key, ROW_OF[candidate.candidate_type](candidate), strict=True))
            school = workspace.config.school_name
        fields = [{"key": c.key, "header": c.header, "value": "" if c.key in KEPT else (values[c.key] or ""),
                   "required": c.required} for c in layout.columns if c.key != "id_number"]
        return {"school": school, "ref": ref, "c": candidate_payload(candidate), "fields": fields,
                "kind": candidate.candidate_type.label}


def _remove_folder(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink(missing_ok=True)
    folder.rmdir()
