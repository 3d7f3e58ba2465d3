"""The workbench's pages (Chinese, rendered on the server): the dashboard of the eleven steps and 考生.

Each page calls the same application functions as the command line; forms post back to their page with the
CSRF token; every list masks ID and mobile numbers.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery, QueryParameter
from litestar.response import Template

from xcert_adapters.app.payloads import candidate_page, photo_check_payload, roster_check_payload
from xcert_adapters.app.photos import check_zip
from xcert_adapters.app.roster import check_roster_file, list_candidates
from xcert_adapters.app.status import workspace_status
from xcert_adapters.web.served import Served
from xcert_adapters.web.uploads import saved_upload
from xcert_core.errors import XcertError
from xcert_core.labels import VerificationState

PER_PAGE = 50
STEP_PAGES = {3: "/students", 4: "/students", 5: "/students", 8: "/plans/", 9: "/plans/", 10: "/plans/"}
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
    def students(self, served: NamedDependency[Served],
                 wanted_state: Annotated[str | None, QueryParameter(name="state")] = None,
                 q: FromQuery[str | None] = None, page: Annotated[int, QueryParameter(ge=1)] = 1) -> Template:
        """考生：the list with state tabs and counts like the platform's, search by name, and the roster check."""
        return Template("students.html", context=self._students_context(served, wanted_state, q, page))

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
        except XcertError as exc:
            context["check_error"] = str(exc)
        return Template("students.html", context=context)

    @get("/photos", sync_to_thread=True)
    def photos(self, served: NamedDependency[Served]) -> Template:
        """照片：check a photo zip before uploading it to the platform."""
        with served.workspace() as workspace:
            school = workspace.config.school_name
        return Template("photos.html", context={"school": school})

    @post("/photos", sync_to_thread=True, status_code=200)
    def check_photos(self, served: NamedDependency[Served],
                     data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
        """检查照片压缩包 from the page: each photo's problems, and which ``xcert photos fix`` can repair."""
        context: dict[str, Any] = {}
        upload = data.get("file")
        try:
            with served.workspace() as workspace:
                context["school"] = workspace.config.school_name
                if not isinstance(upload, UploadFile) or not upload.filename:
                    context["check_error"] = "请先选择照片压缩包（.zip）。"
                else:
                    with saved_upload(workspace, upload) as (path, name):
                        context["check"] = photo_check_payload(check_zip(workspace.plugins, path), file=name)
        except XcertError as exc:
            context["check_error"] = str(exc)
        return Template("photos.html", context=context)

    def _students_context(self, served: Served, state: str | None, q: str | None, page: int) -> dict[str, Any]:
        with served.workspace() as workspace:
            everyone = list_candidates(workspace)
            school = workspace.config.school_name
        counts = Counter(c.state for c in everyone)
        wanted = _state(state)
        shown = [c for c in everyone if (wanted is None or c.state is wanted)
                 and (not q or q.strip() in c.name or q.strip() in (c.program_name or ""))]
        return {"school": school, "total": len(everyone), "states": [(s, counts[s]) for s in VerificationState],
                "state": wanted, "q": q or "", "listing": candidate_page(school, shown, page, PER_PAGE)}
