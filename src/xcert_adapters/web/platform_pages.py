"""平台交换 in the workbench: the files to upload to the X platform, written like ``xcert export platform`` and
downloaded one by one (in the order the platform takes them, each with the dialog that takes it), and the
platform's exports read back like ``xcert sync platform`` (verification states, 排考明细). Audited.

A download serves only a file the last export listed, from the workspace's ``output/平台导入包``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import File, Template

from xcert_adapters.app import audit
from xcert_adapters.app.payloads import IssuePayload
from xcert_adapters.app.platform import PACKAGE_DIR, export_package, sync_export
from xcert_adapters.web.results import StepResult, perform, perform_upload
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission


def _package_files(workspace: Workspace) -> list[str]:
    folder = workspace.output_dir / PACKAGE_DIR
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


class PlatformPages(Controller):
    """``/platform``."""

    path = "/platform"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def overview(self, served: NamedDependency[Served]) -> Template:
        """The last export's files, and the forms."""
        return Template("platform.html", context=self._context(served))

    @post("/export", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def export(self, request: Request[Any, Any, Any], served: NamedDependency[Served]) -> Template:
        """导出上传平台的文件 (replacing the earlier export)."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            done = export_package(workspace, force=True)
            files = "、".join(f"{f.path.name}（{f.dialog}，{f.rows} 条）" for f in done.result.files)
            audit.record(workspace, who.name, who.channel, "platform.export", detail=files)
            issues = tuple(IssuePayload.of(issue) for issue in done.report)
            message = f"已导出 {len(done.result.files)} 个文件：{files or '（没有可导出的内容）'}。"
            return StepResult(not done.report.has_errors, message, issues)

        result = perform(served, act)  # first: the page then shows what the action changed
        return Template("platform.html", context={**self._context(served), "result": result})

    @post("/sync", sync_to_thread=True, status_code=200, guards=[requires(Permission.CONFIRM)])
    def sync(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
             data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
        """读回平台导出 (the candidate list with the verification states, or 排考明细)."""
        who = principal_of(request)

        def act(workspace: Workspace, path: Path, name: str) -> StepResult:
            done = sync_export(workspace, path)
            issues = tuple(IssuePayload.of(issue) for issue in done.report)
            if not done.stored:
                return StepResult(False, f"{name}：有错误，未同步任何内容；请按下表处理。", issues)
            plan = done.plan
            message = (f"{name}：已同步，{len(plan.candidates)} 名考生的认证状态改变、{len(plan.seats)} 个考位更新"
                       f"（其中调座 {len(plan.moved)} 个）、{plan.unchanged} 行无变化。")
            audit.record(workspace, who.name, who.channel, "platform.sync", target=name, detail=message)
            return StepResult(True, message, issues)

        result = perform_upload(served, data.get("file"), "请先选择从平台导出的文件（.xlsx）。", act)
        return Template("platform.html", context={**self._context(served), "result": result})

    @get("/files/{file_name:str}", sync_to_thread=True)
    def download(self, served: NamedDependency[Served], file_name: FromPath[str]) -> File:
        """One file of the last export."""
        with served.workspace() as workspace:
            if file_name not in _package_files(workspace):
                raise NotFoundException("导出的文件中没有这个文件 / no such file in the export")
            path = workspace.output_dir / PACKAGE_DIR / file_name
        return File(path=path, filename=file_name, content_disposition_type="attachment")

    def _context(self, served: Served) -> dict[str, Any]:
        with served.workspace() as workspace:
            return {"school": workspace.config.school_name, "files": _package_files(workspace)}
