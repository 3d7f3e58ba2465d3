"""考场与监考 in the workbench (steps 7, 8 and 11): each plan's rooms with their seats and the exam client's
state, the proctors (mobile numbers masked), and the uploads of the room and proctor templates (like ``xcert
rooms import`` and ``xcert proctors import``: all or nothing, every problem in the table), and recording that
the exam client is installed and tested (``xcert rooms client``), and removing a room or a proctor no longer
used (``xcert rooms remove`` / ``proctors remove``, refused while in use). Audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from xcert_adapters.app import audit, record_edits, setup, staff_and_rooms
from xcert_adapters.web.results import StepResult, edit_result, perform, perform_upload, sheet_result
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission
from xcert_core.privacy import mask_phone

UPLOAD = Body(media_type=RequestEncodingType.MULTI_PART)
FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


class RoomPages(Controller):
    """``/rooms``."""

    path = "/rooms"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def overview(self, served: NamedDependency[Served]) -> Template:
        """Rooms per plan, proctors, and the forms."""
        return Template("rooms.html", context=self._context(served))

    @post("/import", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def import_rooms(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                     data: Annotated[dict[str, Any], UPLOAD]) -> Template:
        """导入考场 for one plan."""
        who = principal_of(request)
        plan = str(data.get("plan") or "")

        def act(workspace: Workspace, path: Path, name: str) -> StepResult:
            imported = staff_and_rooms.import_rooms(workspace, path, plan, actor=who.name, channel=who.channel,
                                                    name=name)
            result = sheet_result(imported, "个考场")
            if result.ok:
                audit.record(workspace, who.name, who.channel, "rooms.import", target=plan, detail=result.message)
            return result

        result = perform_upload(served, data.get("file"), "请先选择填好的考场模板（.xlsx）。", act)
        return Template("rooms.html", context={**self._context(served), "result": result})

    @post("/proctors", sync_to_thread=True, status_code=200, guards=[requires(Permission.IMPORT)])
    def import_proctors(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                        data: Annotated[dict[str, Any], UPLOAD]) -> Template:
        """导入监考人员."""
        who = principal_of(request)

        def act(workspace: Workspace, path: Path, name: str) -> StepResult:
            result = sheet_result(staff_and_rooms.import_proctors(workspace, path, actor=who.name,
                                                                    channel=who.channel, name=name), "名监考人员")
            if result.ok:
                audit.record(workspace, who.name, who.channel, "proctors.import", target=name, detail=result.message)
            return result

        result = perform_upload(served, data.get("file"), "请先选择填好的监考人员模板（.xlsx）。", act)
        return Template("rooms.html", context={**self._context(served), "result": result})

    @post("/client", sync_to_thread=True, status_code=200, guards=[requires(Permission.SCHEDULE)])
    def exam_client(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]) -> Template:
        """考试客户端: installed (and tested) in every room of a plan, or in one room (``room=站点|考场``)."""
        who = principal_of(request)
        plan, room = data.get("plan", ""), data.get("room", "")
        site_code, _, room_name = room.partition("|")
        installed, tested = data.get("installed") == "on", data.get("tested") == "on"

        def act(workspace: Workspace) -> StepResult:
            checks = staff_and_rooms.record_exam_client(workspace, plan, site_code=site_code or None,
                                                        room_name=room_name or None, installed=installed,
                                                        tested=tested, actor=who.name)
            label = checks[0].label if checks else ""
            audit.record(workspace, who.name, who.channel, "rooms.client", target=plan,
                         detail=f"{len(checks)} 个考场：{label}")
            return StepResult(True, f"已记录 {plan} 的 {len(checks)} 个考场：{label}。")

        result = perform(served, act)  # first: the page then shows what the action changed
        return Template("rooms.html", context={**self._context(served), "result": result})

    @post("/edit", sync_to_thread=True, status_code=200, guards=[requires(Permission.EDIT_RECORDS)])
    def edit_room(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                  data: Annotated[dict[str, str], FORM]) -> Template:
        """编辑考场 (``xcert rooms edit``): checked as a row of the room template."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            name = data.get("name", "")
            edited = record_edits.edit_room(workspace, data.get("plan", ""), data.get("site", ""), name,
                                            seats=data.get("seats"), rows=data.get("rows"),
                                            columns=data.get("columns"), room_type=data.get("room_type"),
                                            actor=who.name, reason=data.get("reason", ""), channel=who.channel)
            return edit_result(edited, f"考场 {name} ")

        result = perform(served, act)
        return Template("rooms.html", context={**self._context(served), "result": result})

    @post("/proctors/edit", sync_to_thread=True, status_code=200, guards=[requires(Permission.EDIT_RECORDS)])
    def edit_proctor(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                     data: Annotated[dict[str, str], FORM]) -> Template:
        """编辑监考人员 (``xcert proctors edit``); an empty phone field keeps the stored number."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            changes = {key: value for key, value in data.items()
                       if key in record_edits.PROCTOR_FIELDS and (value or key != "phone")}
            edited = record_edits.edit_proctor(workspace, data.get("number", ""), changes, actor=who.name,
                                               reason=data.get("reason", ""), channel=who.channel)
            return edit_result(edited, f"监考人员 {data.get('number', '')} ")

        result = perform(served, act)
        return Template("rooms.html", context={**self._context(served), "result": result})

    @post("/remove", sync_to_thread=True, status_code=200, guards=[requires(Permission.EDIT_RECORDS)])
    def remove_room(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                    data: Annotated[dict[str, str], FORM]) -> Template:
        """删除考场 (``xcert rooms remove``): refused while candidates are seated or proctors assigned in it."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            room = staff_and_rooms.remove_room(workspace, data.get("plan", ""), data.get("site", ""),
                                               data.get("name", ""), actor=who.name, reason=data.get("reason", ""),
                                               channel=who.channel)
            return StepResult(True, f"已删除 {room.plan_code} 的考场 {room.name}。")

        result = perform(served, act)  # first: the page then shows what the action changed
        return Template("rooms.html", context={**self._context(served), "result": result})

    @post("/proctors/remove", sync_to_thread=True, status_code=200, guards=[requires(Permission.EDIT_RECORDS)])
    def remove_proctor(self, request: Request[Any, Any, Any], served: NamedDependency[Served],
                       data: Annotated[dict[str, str], FORM]) -> Template:
        """删除监考人员 (``xcert proctors remove``): refused while assigned to a session."""
        who = principal_of(request)

        def act(workspace: Workspace) -> StepResult:
            proctor = staff_and_rooms.remove_proctor(workspace, data.get("number", ""), actor=who.name,
                                                     reason=data.get("reason", ""), channel=who.channel)
            return StepResult(True, f"已删除监考人员 {proctor.name}（{proctor.teacher_number}）。")

        result = perform(served, act)  # first: the page then shows what the action changed
        return Template("rooms.html", context={**self._context(served), "result": result})

    def _context(self, served: Served) -> dict[str, Any]:
        with served.workspace() as workspace:
            plans = [summary.plan for summary in setup.list_plans(workspace)]
            rooms = staff_and_rooms.list_rooms(workspace)
            checks = staff_and_rooms.client_checks(workspace)
            proctors = [{"number": p.teacher_number, "name": p.name, "role": p.role.label, "phone": mask_phone(p.phone),
                         "away": "、".join(sorted(p.unavailable_sessions))}
                        for p in staff_and_rooms.list_proctors(workspace)]
            school = workspace.config.school_name
        by_plan = {plan.code: [{"room": room, "client": checks.get((plan.code, room.site_code, room.name))}
                               for room in rooms if room.plan_code == plan.code] for plan in plans}
        return {"school": school, "plans": plans, "by_plan": by_plan, "proctors": proctors}
