"""证书与站点 in the workbench (steps 1 and 2, and the exam plans): the certificates with their pilot quota,
the exam sites, the plans — and the forms that record what the platform approved, like ``xcert quota set``,
``xcert sites add`` and ``xcert plans import``.

Every form needs the 导入 permission and is written to the audit log.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import File, Template

from xcert_adapters.app import audit, record_edits, setup
from xcert_adapters.web.results import StepResult, edit_result, perform, perform_upload
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission
from xcert_core.scheduling.plan_sheets import plan_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
UPLOAD = Body(media_type=RequestEncodingType.MULTI_PART)


class SetupPages(Controller):
    """``/setup``: 证书与指标, 考核站点, 考试计划."""

    path = "/setup"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def overview(self, served: NamedDependency[Served]) -> Template:
        """What the workspace holds for steps 1 and 2 and the plans."""
        return Template("setup.html", context=self._context(served))

    @post("/quota", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def quota(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
              data: Annotated[dict[str, str], FORM]) -> Template:
        """记录试点申报的审核结果：批准总培训人数 (``xcert quota set CODE --approved N``)."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            code, approved = data.get("certificate", ""), int(data.get("approved", "") or "x")
            application = setup.set_quota(workspace, code, approved)
            audit.record(workspace, who.name, who.channel, "quota.set", target=code, detail=f"批准 {approved} 人")
            return StepResult(True, f"已记录 {code} 的试点申报：审核通过，"
                                    f"批准总培训人数 {application.approved_quota}。")

        result = perform(served, act)  # first: the page then shows what the action changed
        return Template("setup.html", context={**self._context(served), "result": result})

    @post("/sites", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def site(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
             data: Annotated[dict[str, Any], FORM]) -> Template:
        """登记考核站点 (``xcert sites add CODE --name … --certificate … [--approved]``)."""
        who = principal_of(request)
        chosen = data.get("certificate", [])
        codes = [chosen] if isinstance(chosen, str) else list(chosen)

        def act(workspace: Workspace) -> StepResult:
            code, name = data.get("code", "").strip(), data.get("name", "").strip()
            if not code or not name or not codes:
                return StepResult(False, "请填写站点编号、站点名称，并至少选择一个证书。")
            site = setup.add_site(workspace, code, name, codes, address=data.get("address", "").strip(),
                                  approved=data.get("approved") == "on")
            audit.record(workspace, who.name, who.channel, "sites.add", target=code, detail=site.review_status.label)
            return StepResult(True, f"已登记考核站点 {code} {name}（{site.review_status.label}）。")

        result = perform(served, act)  # first: the page then shows what the action changed
        return Template("setup.html", context={**self._context(served), "result": result})

    @post("/plans", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def plans(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
              data: Annotated[dict[str, Any], UPLOAD]) -> Template:
        """导入考试计划 (``xcert plans import 考试计划.xlsx``, or a .toml file)."""
        who = principal_of(request)

        def act(workspace: Workspace, path: Any, name: str) -> StepResult:
            stored = setup.import_plans(workspace, path, actor=who.name, channel=who.channel, name=name)
            codes = "、".join(p.code for p in stored)
            audit.record(workspace, who.name, who.channel, "plans.import", target=name, detail=codes)
            return StepResult(True, f"{name}：已导入 {len(stored)} 个考试计划（{codes}）。")

        result = perform_upload(served, data.get("file"), "请先选择填好的考试计划表（.xlsx）或考试计划文件（.toml）。",
                                act)
        return Template("setup.html", context={**self._context(served), "result": result})

    @post("/sites/edit", sync_to_thread=True, status_code=200, guards=[requires(Permission.EDIT_RECORDS)])
    def edit_site(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                  data: Annotated[dict[str, str], FORM]) -> Template:
        """编辑考核站点 (``xcert sites edit``): name and address; the review state stays."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            code = data.get("code", "")
            edited = record_edits.edit_site(workspace, code, name=data.get("name"), address=data.get("address"),
                                            actor=who.name, reason=data.get("reason", ""), channel=who.channel)
            return edit_result(edited, f"考核站点 {code} ")

        result = perform(served, act)
        return Template("setup.html", context={**self._context(served), "result": result})

    @post("/plans/edit", sync_to_thread=True, status_code=200, guards=[requires(Permission.EDIT_RECORDS)])
    def edit_plan(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                  data: Annotated[dict[str, str], FORM]) -> Template:
        """编辑考试计划 (``xcert plans edit``): name and registration window."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            code = data.get("code", "")
            edited = record_edits.edit_plan(workspace, code, name=data.get("name"), opens=data.get("opens"),
                                            closes=data.get("closes"), actor=who.name,
                                            reason=data.get("reason", ""), channel=who.channel)
            return edit_result(edited, f"考试计划 {code} ")

        result = perform(served, act)
        return Template("setup.html", context={**self._context(served), "result": result})

    @post("/sites/remove", sync_to_thread=True, status_code=200, guards=[requires(Permission.EDIT_RECORDS)])
    def remove_site(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                    data: Annotated[dict[str, str], FORM]) -> Template:
        """删除考核站点 (``xcert sites remove``): refused while rooms or registrations are at it."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            site = setup.remove_site(workspace, data.get("code", ""), actor=who.name, reason=data.get("reason", ""),
                                     channel=who.channel)
            return StepResult(True, f"已删除考核站点 {site.code} {site.name}。")

        result = perform(served, act)  # first: the page then shows what the action changed
        return Template("setup.html", context={**self._context(served), "result": result})

    @post("/plans/remove", sync_to_thread=True, status_code=200, guards=[requires(Permission.EDIT_RECORDS)])
    def remove_plan(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                    data: Annotated[dict[str, str], FORM]) -> Template:
        """删除考试计划 (``xcert plans remove``): refused while it has registrations, rooms or seats."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            plan = setup.remove_plan(workspace, data.get("code", ""), actor=who.name, reason=data.get("reason", ""),
                                     channel=who.channel)
            return StepResult(True, f"已删除考试计划 {plan.code} {plan.name}。")

        result = perform(served, act)  # first: the page then shows what the action changed
        return Template("setup.html", context={**self._context(served), "result": result})

    @get("/plans/template", sync_to_thread=True)
    def plan_template(self, served: NamedDependency[Served]) -> File:
        """The blank exam plan form (``xcert plans template 考试计划.xlsx``), to fill in Excel and upload above."""
        with served.workspace() as workspace:
            folder = workspace.output_dir / "templates"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "考试计划表.xlsx"
            workspace.plugins.workbook_writer().write(plan_template(), path)
        return File(path=path, filename=path.name, content_disposition_type="attachment", media_type=XLSX)

    def _context(self, served: Served) -> dict[str, Any]:
        with served.workspace() as workspace:
            quota = {a.certificate_code: a for a in setup.list_quota(workspace)}
            return {"school": workspace.config.school_name, "year": workspace.config.year,
                    "certificates": setup.list_certificates(workspace), "quota": quota,
                    "sites": setup.list_sites(workspace), "plans": setup.list_plans(workspace)}
