"""The workbench's pages (Chinese, rendered on the server): the dashboard of the eleven steps and 考生 (check and
import the roster, verify with the platform's results, confirm by hand, the photo thumbnails); 照片 is
:mod:`.photo_pages`.

Each page calls the same application functions as the command line; forms post back to their page with the
CSRF token; every list masks ID and mobile numbers (a 管理员 may show them in full, which is audited); a form
names candidates by an opaque reference (:meth:`~xcert_adapters.web.served.Served.ref`), never by ID number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery, QueryParameter
from litestar.response import File, Template

from xcert_adapters.app import audit
from xcert_adapters.app.payloads import candidate_page, roster_check_payload
from xcert_adapters.app.photos import candidate_photo
from xcert_adapters.app.roster import check_roster_file, import_roster, list_candidates, write_roster_report
from xcert_adapters.app.status import workspace_status
from xcert_adapters.app.student_list import student_list_page
from xcert_adapters.app.verification import NEEDS_RESULTS, confirm_candidates, verify_candidates
from xcert_adapters.private_files import private_dir
from xcert_adapters.web.results import (
    StepResult,
    confirm_result,
    perform,
    perform_upload,
    roster_result,
    verify_result,
)
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.web.uploads import saved_upload
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission
from xcert_core.errors import XcertError
from xcert_core.labels import VerificationState

PER_PAGE = 50
CHECK_REPORTS = "检查报告"
"""The folder of ``output`` where a roster checked in the workbench leaves its marked-up error report."""
STEP_PAGES = {1: "/setup/", 2: "/setup/", 3: "/students", 4: "/photos", 5: "/students", 6: "/registrations",
              7: "/rooms", 8: "/rooms", 9: "/plans/", 10: "/plans/", 11: "/rooms"}
"""Steps whose next action has a page in the workbench (the others show their command)."""


def _state(text: str | None) -> VerificationState | None:
    return next((s for s in VerificationState if text in (s.label, s.value)), None) if text else None


class Pages(Controller):
    """The workbench's HTML pages."""

    include_in_schema = False

    @get("/", sync_to_thread=True)
    def dashboard(self, served: NamedDependency[Served]) -> Template:
        """首页：报考准备情况 — each step, what is missing, and the next action."""
        with served.workspace() as workspace:
            result = workspace_status(workspace)
            context = {"school": workspace.config.school_name, "year": workspace.config.year,
                       "ready": result.ready, "items": result.items, "step_pages": STEP_PAGES}
        return Template("dashboard.html", context=context)

    @get("/students", sync_to_thread=True)
    def students(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                 wanted_state: Annotated[str | None, QueryParameter(name="state")] = None,
                 q: FromQuery[str | None] = None, page: Annotated[int, QueryParameter(ge=1)] = 1,
                 full: FromQuery[bool] = False) -> Template:
        """考生：the list with state tabs and counts like the platform's, search by name, and the roster check;
        ``full=true`` shows full ID numbers to a role that may see them (and is audited)."""
        who = principal_of(request)
        show_full = full and who.may(Permission.SEE_FULL_IDS)
        if show_full:
            with served.workspace() as workspace:
                audit.record(workspace, who.name, who.channel, "students.view-full-ids", detail=f"第 {page} 页")
        return Template("students.html", context=self._students_context(served, wanted_state, q, page, show_full))

    @post("/students/import", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def import_students(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
        """导入学生名单 (``xcert students import``): all or nothing, every problem in the table."""
        who = principal_of(request)

        def act(workspace: Workspace, path: Path, name: str) -> StepResult:
            result = roster_result(import_roster(workspace, path, actor=who.name, channel=who.channel, name=name),
                                   name)
            if result.ok:
                audit.record(workspace, who.name, who.channel, "students.import", target=name, detail=result.message)
            return result

        result = perform_upload(served, data.get("file"), "请先选择学生名单文件（.xlsx、.xls 或 .csv）。", act)
        return Template("students.html", context={**self._students_context(served, None, None, 1), "result": result})

    @post("/students/verify", sync_to_thread=True, status_code=200, guards=[requires(Permission.CONFIRM)])
    def verify(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
               data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
        """信息认证 with the platform's exported candidate list (``xcert verify --verifier platform-results``)."""
        who = principal_of(request)

        def act(workspace: Workspace, path: Path, name: str) -> StepResult:
            result = verify_result(verify_candidates(workspace, NEEDS_RESULTS, results=path))
            audit.record(workspace, who.name, who.channel, "students.verify", target=name, detail=result.message)
            return result

        result = perform_upload(served, data.get("file"), "请先选择从平台“考生管理”导出的考生名单。", act)
        return Template("students.html", context={**self._students_context(served, None, None, 1), "result": result})

    @post("/students/confirm", sync_to_thread=True, status_code=200, guards=[requires(Permission.CONFIRM)])
    def confirm(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]) -> Template:
        """人工确认 (or 退回, ``action=reject``) the ticked candidates in 需人工确认, with a reason, like
        ``xcert confirm``."""
        who = principal_of(request)
        chosen = data.get("ref", [])
        refs = [chosen] if isinstance(chosen, str) else list(chosen)
        reject = data.get("action") == "reject"

        def act(workspace: Workspace) -> StepResult:
            if not refs:
                return StepResult(False, "请先勾选要确认的考生。")
            numbers = served.resolve(refs, list_candidates(workspace))
            outcome = confirm_candidates(workspace, numbers, operator=who.name, reason=str(data.get("reason", "")),
                                         reject=reject)
            result = confirm_result(outcome)
            audit.record(workspace, who.name, who.channel, "students.reject" if reject else "students.confirm",
                         detail=f"{result.message} 原因：{data.get('reason', '')}")
            return result

        result = perform(served, act)
        state = VerificationState.NEEDS_REVIEW.value
        return Template("students.html", context={**self._students_context(served, state, None, 1), "result": result})

    @post("/students/check", sync_to_thread=True, status_code=200)
    def check(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
              data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
        """检查学生名单 from the page: the issue table inline (row, column, message, suggestion), nothing stored."""
        context = self._students_context(served, None, None, 1)
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            context["check_error"] = "请先选择学生名单文件（.xlsx、.xls 或 .csv）。"
            return Template("students.html", context=context)
        try:
            with served.workspace() as workspace, saved_upload(workspace, upload) as (path, name):
                checked = check_roster_file(path, workspace.plugins, workspace.config.rules)
                context["check"] = roster_check_payload(checked, file=name)
                if checked.report.issues:
                    folder = workspace.output_dir / CHECK_REPORTS
                    private_dir(folder)
                    report = folder / f"{Path(name).stem}-错误报告.xlsx"
                    write_roster_report(workspace.plugins, checked, report)
                    report.chmod(0o600)  # the school's sheet, full numbers and all
                    context["report"] = report.name
        except XcertError as exc:
            context["check_error"] = str(exc)
        return Template("students.html", context=context)

    @get("/students/reports/{file_name:str}", sync_to_thread=True)
    def report(self, served: NamedDependency[Served], file_name: FromPath[str]) -> File:
        """The marked-up error report of a roster checked here (problem cells red or yellow, a comment each)."""
        with served.workspace() as workspace:
            folder = workspace.output_dir / CHECK_REPORTS
        known = {p.name for p in folder.glob("*.xlsx")} if folder.is_dir() else set()
        if file_name not in known:
            raise NotFoundException("没有这个检查报告 / no such report")
        return File(path=folder / file_name, filename=file_name, content_disposition_type="attachment",
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @get("/students/photo/{ref:str}", sync_to_thread=True)
    def thumbnail(self, served: NamedDependency[Served], ref: FromPath[str]) -> File:
        """A stored candidate's photo (the list's thumbnail), named by its reference, never by ID number."""
        number = served.number_of(ref)
        with served.workspace() as workspace:
            found = candidate_photo(workspace, number) if number else None
        if found is None:
            raise NotFoundException("没有照片 / no photo")
        path, media = found
        return File(path=path, filename="photo" + path.suffix, media_type=media, content_disposition_type="inline",
                    headers={"Cache-Control": "private, max-age=300"})

    def _students_context(self, served: Served, state: str | None, q: str | None, page: int,
                          full: bool = False) -> dict[str, Any]:
        wanted = _state(state)
        with served.workspace() as workspace:
            listing = student_list_page(workspace, state=wanted, search=q, page=page, per_page=PER_PAGE)
            school = workspace.config.school_name
        on_page = listing.candidates
        return {"school": school, "total": listing.total, "states": list(listing.by_state),
                "state": wanted, "q": q or "", "listing": candidate_page(school, listing),
                "refs": [served.ref(c.id_number) for c in on_page],
                "full_ids": [c.id_number for c in on_page] if full else None,
                "review": VerificationState.NEEDS_REVIEW}
