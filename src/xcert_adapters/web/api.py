"""The HTTP API for integrators, under ``/api/v1/``: the application layer's use cases with the payloads of
``--json`` (:mod:`xcert_adapters.app.payloads`).

* ``GET /api/v1/status`` — the readiness checklist, as ``xcert status --json``.
* ``POST /api/v1/students/check`` — a roster upload (multipart field ``file``) checked under the workspace's
  ``[rules]``, as ``xcert students check FILE --json`` in the workspace; nothing is stored.
* ``POST /api/v1/photos/check`` — a photo zip (field ``file``) checked as ``xcert photos check FILE --json``.
* ``GET /api/v1/students?page=1&per_page=50&state=…`` — the stored candidates, a page at a time, masked.
* ``GET /api/v1/plans/{plan}/results`` — the plan's 考证结果, as ``xcert results --plan P --json``.
* ``GET /api/v1/plans/{plan}/fees`` — the plan's fee ledger, as ``xcert fees list --plan P --json``.
* ``GET /api/v1/reports/statistics`` and ``GET /api/v1/reports/weekly?week_ending=2026-07-03`` — the statistics
  report and the weekly report as PDF files, as ``xcert report statistics|weekly`` prints them.

A request the workspace cannot honour (an unreadable upload, an unknown state) is answered 4xx with
``{"error": …}`` in Chinese, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, ValidationException
from litestar.params import Body, FromPath, FromQuery, QueryParameter

from xcert_adapters.app.fees import ledger_row_json, plan_fees, summary_json
from xcert_adapters.app.payloads import (
    CandidatePage,
    PhotoCheckPayload,
    RosterCheckPayload,
    StatusPayload,
    candidate_page,
    photo_check_payload,
    roster_check_payload,
    status_payload,
)
from xcert_adapters.app.photos import check_zip
from xcert_adapters.app.results import results_of, results_payload
from xcert_adapters.app.roster import check_roster_file
from xcert_adapters.app.statistics import statistics_report, weekly_report, write_report
from xcert_adapters.app.status import workspace_status
from xcert_adapters.app.student_list import student_list_page
from xcert_adapters.web.served import Served
from xcert_adapters.web.uploads import saved_upload
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError
from xcert_core.labels import VerificationState
from xcert_core.model import StatisticsReport

MAX_PER_PAGE = 500


def _request_error(request: Request[Any, Any, Any], exc: XcertError) -> Response[Any]:
    """A request the workspace cannot honour (an unreadable upload…): 422 with the Chinese message."""
    return Response({"error": str(exc)}, status_code=422)


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Validation and other HTTP errors in the API's one error shape."""
    body: dict[str, Any] = {"error": exc.detail}
    if exc.extra:
        body["extra"] = exc.extra
    return Response(body, status_code=exc.status_code, headers=exc.headers)


class ApiV1(Controller):
    """Version 1 of the API. Every route needs ``Authorization: Bearer TOKEN``."""

    path = "/api/v1"
    exception_handlers = {XcertError: _request_error, HTTPException: _http_error}  # noqa: RUF012 - litestar's

    @get("/status", sync_to_thread=True)
    def status(self, served: NamedDependency[Served]) -> StatusPayload:
        """报考准备情况：the readiness checklist of the eleven steps, with the next step of each."""
        with served.workspace() as workspace:
            return status_payload(workspace, workspace_status(workspace))

    @post("/students/check", status_code=200, sync_to_thread=True)
    def check_students(self, served: NamedDependency[Served],
                       data: Annotated[dict[str, UploadFile], Body(media_type=RequestEncodingType.MULTI_PART)],
                       ) -> RosterCheckPayload:
        """检查学生名单：check an uploaded roster (field ``file``: .xlsx, .xls or .csv) against every platform rule,
        under the workspace's ``[rules]``. Nothing is stored."""
        upload = data.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationException("请用表单字段 file 上传学生名单 / upload the roster as the form field 'file'")
        with served.workspace() as workspace, saved_upload(workspace, upload) as (path, name):
            checked = check_roster_file(path, workspace.plugins, workspace.config.rules)
            return roster_check_payload(checked, file=name)

    @post("/photos/check", status_code=200, sync_to_thread=True)
    def check_photos(self, served: NamedDependency[Served],
                     data: Annotated[dict[str, UploadFile], Body(media_type=RequestEncodingType.MULTI_PART)],
                     ) -> PhotoCheckPayload:
        """检查照片压缩包：every photo of an uploaded zip (field ``file``) against the platform's rules, as
        ``xcert photos check FILE --json``. Nothing is stored."""
        upload = data.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationException("请用表单字段 file 上传照片压缩包 / upload the zip as the form field 'file'")
        with served.workspace() as workspace, saved_upload(workspace, upload) as (path, name):
            return photo_check_payload(check_zip(workspace.plugins, path), file=name)

    @get("/students", sync_to_thread=True)
    def students(self, served: NamedDependency[Served], page: Annotated[int, QueryParameter(ge=1)] = 1,
                 per_page: Annotated[int, QueryParameter(ge=1, le=MAX_PER_PAGE)] = 50,
                 wanted_state: Annotated[str | None, QueryParameter(name="state",
                                                               description="认证状态，如 信息准确 或 verified")] = None,
                 search: Annotated[str | None, QueryParameter(name="q", description="姓名、专业或班级中包含的文字 / "
                                                                               "part of a name, program or class")]
                 = None,
                 ) -> CandidatePage:
        """考生列表：the school's stored candidates, ``per_page`` to a page, ID and mobile numbers masked; ``state``
        and ``q`` choose them as the workbench's 考生管理 does."""
        wanted = None
        if wanted_state is not None:
            wanted = next((s for s in VerificationState if wanted_state in (s.label, s.value)), None)
            if wanted is None:
                known = "、".join(VerificationState.labels())
                raise ValidationException(f"没有认证状态“{wanted_state}”（可用：{known}）/ unknown state")
        with served.workspace() as workspace:
            listing = student_list_page(workspace, state=wanted, search=search, page=page, per_page=per_page)
            return candidate_page(workspace.school_code, listing)

    @get("/plans/{plan_code:str}/results", sync_to_thread=True)
    def results(self, served: NamedDependency[Served], plan_code: FromPath[str]) -> dict[str, Any]:
        """考证结果：the plan's results derived from its scores, one per registered candidate, ID numbers masked."""
        with served.workspace() as workspace:
            return results_payload(results_of(workspace, plan_code))

    @get("/plans/{plan_code:str}/fees", sync_to_thread=True)
    def fees(self, served: NamedDependency[Served], plan_code: FromPath[str]) -> dict[str, Any]:
        """缴费情况：the plan's fee summary and every registration's fee state, ID numbers masked."""
        with served.workspace() as workspace:
            ledger = plan_fees(workspace, plan_code)
        return {"summary": summary_json(ledger), "rows": [ledger_row_json(row) for row in ledger.rows]}

    @get("/reports/statistics", sync_to_thread=True, media_type="application/pdf")
    def statistics(self, served: NamedDependency[Served]) -> Response[bytes]:
        """统计分析报告 as a PDF (counts only)."""
        with served.workspace() as workspace:
            return _pdf(workspace, statistics_report(workspace), "统计分析报告.pdf")

    @get("/reports/weekly", sync_to_thread=True, media_type="application/pdf")
    def weekly(self, served: NamedDependency[Served], week_ending: FromQuery[dt.date | None] = None) -> Response[bytes]:
        """周报 of the seven days up to ``week_ending`` (default today) as a one-page PDF."""
        with served.workspace() as workspace:
            return _pdf(workspace, weekly_report(workspace, week_ending), "周报.pdf")


def _pdf(workspace: Workspace, report: StatisticsReport, name: str) -> Response[bytes]:
    """``report`` printed by the workspace's renderer, as a download named ``name``."""
    with tempfile.TemporaryDirectory(prefix="xcert-report-") as folder:
        out = Path(folder) / "report.pdf"
        write_report(workspace, report, out)
        content = out.read_bytes()
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
