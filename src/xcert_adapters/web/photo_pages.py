"""照片 in the workbench (step 4): check a photo zip with a small picture beside each problem, repair it like
``xcert photos fix`` (the repaired zip kept in ``output/照片修复`` to download), import it like ``xcert photos
import``. Checking stores nothing; repairing and importing need the 导入 permission and are audited."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any

import attrs
from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import File, Template

from xcert_adapters.app import audit
from xcert_adapters.app.payloads import photo_check_payload
from xcert_adapters.app.photo_previews import previews
from xcert_adapters.app.photos import check_zip, fix_zip, import_zip
from xcert_adapters.private_files import private_dir
from xcert_adapters.web.results import StepResult, perform_upload, photo_result
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.web.uploads import saved_upload
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission
from xcert_core.errors import XcertError

FIXED_PHOTOS = "照片修复"
"""The folder of ``output`` where the workbench keeps repaired photo zips for download."""


def _fixed_files(served: Served) -> list[str]:
    with served.workspace() as workspace:
        folder = workspace.output_dir / FIXED_PHOTOS
    return sorted(p.name for p in folder.glob("*.zip") if p.is_file()) if folder.is_dir() else []


def _data_uri(jpeg: bytes | None) -> str | None:
    return f"data:image/jpeg;base64,{base64.b64encode(jpeg).decode()}" if jpeg else None



class PhotoPages(Controller):
    """``/photos``."""

    include_in_schema = False

    @get("/photos", sync_to_thread=True)
    def photos(self, served: NamedDependency[Served]) -> Template:
        """照片：check a photo zip before uploading it to the platform, repair it, import it."""
        with served.workspace() as workspace:
            school = workspace.config.school_name
        return Template("photos.html", context={"school": school, "fixed": _fixed_files(served)})

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
                        report = check_zip(workspace.plugins, path)
                        context["check"] = photo_check_payload(report, file=name)
                        context["previews"] = [_data_uri(jpeg) for jpeg in previews(path, report)]
        except XcertError as exc:
            context["check_error"] = str(exc)
        return Template("photos.html", context=context)

    @post("/photos/import", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def import_photos(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                      data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
        """导入照片 (``xcert photos import``): every photo checked; stored only when none has an error."""
        who = principal_of(request)

        def act(workspace: Workspace, path: Path, name: str) -> StepResult:
            outcome = import_zip(workspace, path, partial=data.get("partial") == "on", actor=who.name,
                                 channel=who.channel, name=name)
            result = photo_result(outcome, name)
            if outcome.stored:
                audit.record(workspace, who.name, who.channel, "photos.import", target=name, detail=result.message)
            return result

        result = perform_upload(served, data.get("file"), "请先选择照片压缩包（.zip）。", act)
        with served.workspace() as workspace:
            school = workspace.config.school_name
        return Template("photos.html", context={"school": school, "result": result})

    @post("/photos/fix", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def fix_photos(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                   data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
        """自动修复照片 (``xcert photos fix``): the repaired zip is kept in ``output/照片修复`` to download."""
        who = principal_of(request)

        def act(workspace: Workspace, path: Path, name: str) -> StepResult:
            folder = workspace.output_dir / FIXED_PHOTOS
            private_dir(folder)
            out = folder / f"{Path(name).stem}-修复.zip"
            fixed = fix_zip(workspace.plugins, path, out, force=True)
            audit.record(workspace, who.name, who.channel, "photos.fix", target=name, detail=f"{fixed.written} 张")
            left = photo_check_payload(attrs.evolve(fixed.check, findings=fixed.remaining), file=out.name).issues
            rest = "" if fixed.exit_code == 0 else "；下表的问题无法自动修复，请重拍或补充后再检查。"
            return StepResult(fixed.exit_code == 0, f"已修复并写入 {fixed.written} 张照片：{out.name}{rest}", left)

        result = perform_upload(served, data.get("file"), "请先选择照片压缩包（.zip）。", act)
        with served.workspace() as workspace:
            school = workspace.config.school_name
        return Template("photos.html", context={"school": school, "result": result, "fixed": _fixed_files(served)})

    @get("/photos/fixed/{file_name:str}", sync_to_thread=True)
    def fixed_download(self, served: NamedDependency[Served], file_name: FromPath[str]) -> File:
        """A repaired zip from ``output/照片修复``."""
        if file_name not in _fixed_files(served):
            raise NotFoundException("没有这个修复后的压缩包 / no such file")
        with served.workspace() as workspace:
            path = workspace.output_dir / FIXED_PHOTOS / file_name
        return File(path=path, filename=file_name, media_type="application/zip", content_disposition_type="attachment")
