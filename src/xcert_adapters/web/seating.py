"""The workbench's 排考 pages: a plan's rooms per session, the seat map of one room in one session with moves and
swaps (by form, or by dragging one candidate onto a seat), and the plan's change log.

Candidates are named by ticket number and masked ID number on these pages, never by the full ID number; the
application layer finds whom a ticket names (:func:`~xcert_adapters.app.seat_map.id_by_ticket`).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Template

from xcert_adapters.app import audit, scheduling
from xcert_adapters.app.payloads import IssuePayload
from xcert_adapters.app.seat_map import change_log, id_by_ticket, seat_map
from xcert_adapters.web.results import StepResult, perform, schedule_result
from xcert_adapters.web.security import principal_of, requires
from xcert_adapters.web.served import Served
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission
from xcert_core.errors import XcertError

ACTIONS = {"schedule": "排考", "redo": "重排", "platform-sync": "平台排考同步", "move": "调座", "swap": "互换",
           "add-late": "补排", "withdraw": "取消考位", "close-room": "关闭考场"}
"""The change log's actions in Chinese."""


class Seating(Controller):
    """排考 pages."""

    path = "/plans"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def plans(self, served: NamedDependency[Served]) -> Template:
        """考试计划 with their rooms per session (seats taken of seats) and links to the seat maps."""
        return Template("plans.html", context=self._plans_context(served))

    def _plans_context(self, served: Served) -> dict[str, Any]:
        with served.workspace() as workspace:
            overview = scheduling.plan_overview(workspace)
            school = workspace.config.school_name
        reports = {plan.code: report for plan, report in overview if report is not None}
        return {"school": school, "plans": [plan for plan, _ in overview], "reports": reports}

    @post("/{plan_code:str}/schedule", sync_to_thread=True, status_code=200, guards=[requires(Permission.SCHEDULE)])
    def schedule(self, request: Request[Any, Any, Any], served: NamedDependency[Served], plan_code: FromPath[str],
                 data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]) -> Template:
        """排考 (``action=schedule``: xcert 试排, like ``xcert schedule --plan``; ``redo=on`` to schedule again) or
        分配监考 (``action=proctors``: proctors and inspectors for the stored seating, nobody moves)."""
        who = principal_of(request)
        proctors_only = data.get("action") == "proctors"

        def act(workspace: Workspace) -> StepResult:
            if proctors_only:
                result = schedule_result(scheduling.staff_in_workspace(workspace, plan_code), "分配监考")
            else:
                run = scheduling.schedule_in_workspace(workspace, plan_code, redo=data.get("redo") == "on",
                                                       actor=who.name)
                result = schedule_result(run, "排考")
            if result.ok:
                audit.record(workspace, who.name, who.channel, "plans.proctors" if proctors_only else "plans.schedule",
                             target=plan_code, detail=result.message)
            return result

        result = perform(served, act)
        return Template("plans.html", context={**self._plans_context(served), "result": result})

    @get("/{plan_code:str}/seats", sync_to_thread=True)
    def seats(self, served: NamedDependency[Served], plan_code: FromPath[str], site: FromQuery[str],
              room: FromQuery[str], session: FromQuery[str]) -> Template:
        """座位图: who sits where in one room and session, free seats, moves and swaps, the change log."""
        return Template("seats.html", context=self._context(served, plan_code, site, room, session))

    @post("/{plan_code:str}/seats", sync_to_thread=True, status_code=200, guards=[requires(Permission.SCHEDULE)])
    def change(self, request: Request[Any, Any, Any], served: NamedDependency[Served], plan_code: FromPath[str],
               data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]) -> Template:
        """调座 (``action=move``: ``ticket`` to ``seat`` of this room) or 互换 (``action=swap``: ``ticket`` and
        ``other``), in the session shown; nobody else moves."""
        site, room, session = data.get("site", ""), data.get("room", ""), data.get("session", "")
        reason = data.get("reason", "").strip() or "工作台调整"
        who = principal_of(request)
        message, issues = "", []
        try:
            with served.workspace() as workspace:
                first = id_by_ticket(workspace, plan_code, data.get("ticket", ""))
                if data.get("action") == "swap":
                    second = id_by_ticket(workspace, plan_code, data.get("other", ""))
                    run = scheduling.swap_seats(workspace, plan_code, first, second, session=session, actor=who.name,
                                                reason=reason)
                    done = f"已互换准考证号 {data.get('ticket')} 与 {data.get('other')} 的座位。"
                else:
                    seat = int(data.get("seat", "0") or 0)
                    run = scheduling.move_seat(workspace, plan_code, first, room, seat, session=session,
                                               actor=who.name, reason=reason)
                    done = f"已把准考证号 {data.get('ticket')} 调到 {room} 第 {seat} 座。"
                message = done if run.outcome.record is not None else "调整未完成："
                if run.outcome.record is not None:
                    audit.record(workspace, who.name, who.channel, f"seats.{data.get('action') or 'move'}",
                                 target=f"{plan_code} {room} {session}", detail=f"{done}原因：{reason}")
                issues = [IssuePayload.of(issue) for issue in run.report]
        except (XcertError, ValueError) as exc:
            message = f"调整未完成：{exc}"
        context = self._context(served, plan_code, site, room, session)
        context.update(message=message, issues=issues)
        return Template("seats.html", context=context)

    def _context(self, served: Served, plan_code: str, site: str, room: str, session: str) -> dict[str, Any]:
        with served.workspace() as workspace:
            return {"school": workspace.config.school_name,
                    "map": seat_map(workspace, plan_code, site, room, session),
                    "log": change_log(workspace, plan_code)[:20], "actions": ACTIONS}
