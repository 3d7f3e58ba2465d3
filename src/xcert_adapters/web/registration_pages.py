"""报考 in the workbench (step 6): the registrations per plan (names, masked ID numbers, subjects, status) and the
upload of the filled registration template, like ``xcert registrations import``: every row is registered or
none, quota taken in the same transaction, every problem in the table. Needs the 报考 permission; audited."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from xcert_adapters.app import audit, setup
from xcert_adapters.app.registrations import import_registration_file, list_registrations
from xcert_adapters.web.results import StepResult, perform_upload, registration_result
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission
from xcert_core.privacy import mask_id_number

SHOWN = 200
"""Registrations listed per plan on the page (the counts cover all)."""


class RegistrationPages(Controller):
    """``/registrations``."""

    path = "/registrations"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def overview(self, served: NamedDependency[Served]) -> Template:
        """Each plan's registrations, and the upload form."""
        return Template("registrations.html", context=self._context(served))

    @post("/", sync_to_thread=True, status_code=200, guards=[requires(Permission.REGISTER)])
    def register(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                 data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]) -> Template:
        """报考: import a filled registration template (optionally for one ``plan``)."""
        who = principal_of(request)
        plan = str(data.get("plan") or "") or None

        def act(workspace: Workspace, path: Path, name: str) -> StepResult:
            result = registration_result(import_registration_file(workspace, path, plan_code=plan, actor=who.name,
                                                                  channel=who.channel, name=name), name)
            if result.ok:
                audit.record(workspace, who.name, who.channel, "registrations.import", target=plan or name,
                             detail=result.message)
            return result

        result = perform_upload(served, data.get("file"), "请先选择填好的报考模板（.xlsx）。", act)
        return Template("registrations.html", context={**self._context(served), "result": result})

    def _context(self, served: Served) -> dict[str, Any]:
        with served.workspace() as workspace:
            plans = [summary.plan for summary in setup.list_plans(workspace)]
            listed = list_registrations(workspace)
            school = workspace.config.school_name
        by_plan: dict[str, list[dict[str, Any]]] = {plan.code: [] for plan in plans}
        counts: Counter[tuple[str, str]] = Counter()
        for item in listed:
            r = item.registration
            counts[(r.plan_code, r.status.label)] += 1
            rows = by_plan.setdefault(r.plan_code, [])
            if len(rows) < SHOWN:
                rows.append({"name": item.name or "（非本校）", "id_number": mask_id_number(r.id_number),
                             "site": r.site_code, "mode": r.mode.label, "subjects": "、".join(r.subject_codes),
                             "class_label": r.class_label or "", "status": r.status.label})
        return {"school": school, "plans": plans, "by_plan": by_plan, "counts": counts, "shown": SHOWN}
