"""打印材料 in the workbench: a plan's printed pack — whether it shows the current data, generate it in the
background with progress, and download each file — and the same for integrators under
``/api/v1/plans/{plan}/documents``.

Generating is :func:`~xcert_adapters.app.documents.print_pack` into the workspace's ``output/<plan>``, exactly
as ``xcert documents --plan`` does (only changed files are rewritten), run by the server's
:class:`~xcert_adapters.app.print_jobs.PrintJobs`: the page posts, is redirected to itself, and shows the
job's progress (refreshed by htmx every second) until it ends — a reload shows the same job, and a second
request while it runs joins it. A download serves only a file the pack's manifest lists, from that folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Redirect, Template

from xcert_adapters.app.documents import pack_folder
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.pack_files import read_manifest
from xcert_adapters.app.page_images import page_image
from xcert_adapters.app.payloads import PackPayload
from xcert_adapters.app.print_jobs import FAILED, RUNNING, PrintJobPayload, PrintJobs
from xcert_adapters.app.status import documents_current
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_core.access import Permission

MEDIA = {".pdf": "application/pdf", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _job(jobs: PrintJobs, plan_code: str) -> PrintJobPayload | None:
    job = jobs.current(plan_code)
    return job.snapshot() if job is not None else None


class DocumentPages(Controller):
    """打印材料 pages."""

    path = "/plans/{plan_code:str}/documents"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def pack(self, served: NamedDependency[Served], jobs: NamedDependency[PrintJobs],
             plan_code: FromPath[str]) -> Template:
        """The pack's files, whether they show the current data, and the running or last job."""
        return Template("documents.html", context={**self._context(served, plan_code), "job": _job(jobs, plan_code)})

    @post("/", sync_to_thread=True, guards=[requires(Permission.PRINT)])
    def generate(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                 jobs: NamedDependency[PrintJobs], plan_code: FromPath[str]) -> Redirect:
        """生成打印材料: start (or join) the background job, then show the page with its progress."""
        with served.workspace() as workspace:
            pack_folder(workspace, plan_code)  # an unknown plan is refused here, not in the thread
        who = principal_of(request)
        jobs.start(plan_code, actor=who.name, channel=who.channel)
        return Redirect(path=f"/plans/{plan_code}/documents/", status_code=303)

    @get("/progress", sync_to_thread=False)
    def progress(self, jobs: NamedDependency[PrintJobs], plan_code: FromPath[str]) -> Response[Any]:
        """The progress fragment htmx swaps in every second; once the job has ended, ``HX-Refresh`` reloads the
        page so it shows the files."""
        job = _job(jobs, plan_code)
        if job is None or job.state != RUNNING:
            return Response("", headers={"HX-Refresh": "true"})
        return Template("_progress.html", context={"job": job})

    @get("/{file_name:str}/page/{number:int}", sync_to_thread=True)
    def preview(self, served: NamedDependency[Served], plan_code: FromPath[str], file_name: FromPath[str],
                number: FromPath[int]) -> Response[bytes]:
        """One page (from 1) of a PDF of the pack as a PNG image, to look at before printing."""
        path = self._listed(served, plan_code, file_name)
        if path.suffix.lower() != ".pdf":
            raise NotFoundException("只能预览 PDF 文件 / only PDF files have pages")
        image = page_image(path, number)
        if image is None:
            raise NotFoundException("没有这一页 / no such page")
        return Response(image, media_type="image/png", headers={"Cache-Control": "private, no-store"})

    @get("/{file_name:str}", sync_to_thread=True)
    def download(self, served: NamedDependency[Served], plan_code: FromPath[str], file_name: FromPath[str]) -> File:
        """One file of the pack, as listed in its manifest."""
        path = self._listed(served, plan_code, file_name)
        return File(path=path, filename=file_name, media_type=MEDIA.get(path.suffix.lower()),
                    content_disposition_type="attachment")

    def _listed(self, served: Served, plan_code: str, file_name: str) -> Path:
        """The pack's file ``file_name`` when its manifest lists it (no other path can be asked for)."""
        with served.workspace() as workspace:
            _, folder = pack_folder(workspace, plan_code)
        if file_name not in read_manifest(folder) or not (folder / file_name).is_file():
            raise NotFoundException("打印材料中没有这个文件 / no such file in the pack")
        return folder / file_name

    def _context(self, served: Served, plan_code: str) -> dict[str, Any]:
        with served.workspace() as workspace:
            plan, folder = pack_folder(workspace, plan_code)
            return {"school": workspace.config.school_name, "plan": plan,
                    "current": documents_current(workspace).get(plan_code, False),
                    "files": sorted(read_manifest(folder).values(), key=lambda e: (e["room"] is None, e["file"]))}


class DocumentsApi(Controller):
    """``/api/v1/plans/{plan}/documents``: generate and wait, or start a job and ask how far it is."""

    path = "/api/v1/plans/{plan_code:str}/documents"

    @post("/", sync_to_thread=True, status_code=200, guards=[requires(Permission.PRINT)])
    def generate(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                 jobs: NamedDependency[PrintJobs], plan_code: FromPath[str]) -> PackPayload:
        """生成打印材料 and wait: the plan's printed pack into the workspace's ``output/<plan>``, the same JSON as
        ``xcert documents --plan PLAN --json``; only changed files are rewritten. Joins a job already running
        for the plan."""
        with served.workspace() as workspace:
            pack_folder(workspace, plan_code)
        who = principal_of(request)
        job, _ = jobs.start(plan_code, actor=who.name, channel=who.channel)
        job.wait()
        done = job.snapshot()
        if done.state == FAILED or done.pack is None:
            raise RequestError(done.error)
        return done.pack

    @post("/jobs", sync_to_thread=True, status_code=202, guards=[requires(Permission.PRINT)])
    def start(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
              jobs: NamedDependency[PrintJobs], plan_code: FromPath[str]) -> PrintJobPayload:
        """Start generating in the background (or join the job running for the plan) and answer at once, 202;
        ask ``GET …/documents/jobs`` how far it is."""
        with served.workspace() as workspace:
            pack_folder(workspace, plan_code)
        who = principal_of(request)
        job, _ = jobs.start(plan_code, actor=who.name, channel=who.channel)
        return job.snapshot()

    @get("/jobs", sync_to_thread=False)
    def status(self, jobs: NamedDependency[PrintJobs], plan_code: FromPath[str]) -> PrintJobPayload:
        """The plan's running job, or its last finished one (``state``: running, done, failed; ``pack`` when
        done, the same JSON as the command's); 404 when none was started since the server started."""
        job = _job(jobs, plan_code)
        if job is None:
            raise NotFoundException("这个考试计划还没有生成任务 / no print job for this plan")
        return job
