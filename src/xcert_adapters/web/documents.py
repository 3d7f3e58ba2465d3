"""打印材料 in the workbench: a plan's printed pack — whether it shows the current data, generate it, and
download each file — and the same as ``POST /api/v1/plans/{plan}/documents`` for integrators.

Generating is :func:`~xcert_adapters.app.documents.print_pack` into the workspace's ``output/<plan>``, exactly
as ``xcert documents --plan`` does (only changed files are rewritten). A download serves only a file the pack's
manifest lists, from that folder: no other path can be asked for.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Template

from xcert_adapters.app import audit
from xcert_adapters.app.documents import pack_folder, print_pack
from xcert_adapters.app.pack_files import read_manifest
from xcert_adapters.app.payloads import PackPayload, pack_payload
from xcert_adapters.app.status import documents_current
from xcert_adapters.web.security import Principal, principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission
from xcert_core.errors import XcertError

MEDIA = {".pdf": "application/pdf", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _printed(workspace: Workspace, plan_code: str, who: Principal) -> PackPayload:
    """Print the pack and record who did, when anything was written."""
    payload = pack_payload(print_pack(workspace, plan_code))
    if payload.written:
        audit.record(workspace, who.name, who.channel, "documents.generate", target=plan_code,
                     detail=f"写入 {len(payload.written)} 个文件")
    return payload


class DocumentPages(Controller):
    """打印材料 pages."""

    path = "/plans/{plan_code:str}/documents"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def pack(self, served: NamedDependency[Served], plan_code: FromPath[str]) -> Template:
        """The pack's files, and whether they show the current data."""
        return Template("documents.html", context=self._context(served, plan_code))

    @post("/", sync_to_thread=True, status_code=200, guards=[requires(Permission.PRINT)])
    def generate(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                 plan_code: FromPath[str]) -> Template:
        """生成打印材料: rewrite what changed, then show the files and the issues."""
        context: dict[str, Any] = {}
        try:
            with served.workspace() as workspace:
                context["outcome"] = _printed(workspace, plan_code, principal_of(request))
        except XcertError as exc:
            context["error"] = str(exc)
        return Template("documents.html", context={**self._context(served, plan_code), **context})

    @get("/{file_name:str}", sync_to_thread=True)
    def download(self, served: NamedDependency[Served], plan_code: FromPath[str], file_name: FromPath[str]) -> File:
        """One file of the pack, as listed in its manifest."""
        with served.workspace() as workspace:
            _, folder = pack_folder(workspace, plan_code)
        if file_name not in read_manifest(folder) or not (folder / file_name).is_file():
            raise NotFoundException("打印材料中没有这个文件 / no such file in the pack")
        suffix = (folder / file_name).suffix.lower()
        return File(path=folder / file_name, filename=file_name, media_type=MEDIA.get(suffix),
                    content_disposition_type="attachment")

    def _context(self, served: Served, plan_code: str) -> dict[str, Any]:
        with served.workspace() as workspace:
            plan, folder = pack_folder(workspace, plan_code)
            return {"school": workspace.config.school_name, "plan": plan,
                    "current": documents_current(workspace).get(plan_code, False),
                    "files": sorted(read_manifest(folder).values(), key=lambda e: (e["room"] is None, e["file"]))}


class DocumentsApi(Controller):
    """``POST /api/v1/plans/{plan}/documents``."""

    path = "/api/v1/plans/{plan_code:str}/documents"

    @post("/", sync_to_thread=True, status_code=200, guards=[requires(Permission.PRINT)])
    def generate(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                 plan_code: FromPath[str]) -> PackPayload:
        """生成打印材料: the plan's printed pack into the workspace's ``output/<plan>``, as ``xcert documents --plan
        PLAN --json``; only changed files are rewritten."""
        with served.workspace() as workspace:
            return _printed(workspace, plan_code, principal_of(request))
