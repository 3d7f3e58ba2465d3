"""统计 in the workbench: the workspace's figures as charts drawn on the server (:mod:`.charts`) — verification
progress, quota use per certificate, room fill per plan and session, registrations by class and by program.
Read only; every role may see it (counts, no personal data)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Template

from xcert_adapters.app import scheduling, setup
from xcert_adapters.app.registrations import list_registrations
from xcert_adapters.app.roster import list_candidates
from xcert_adapters.web.charts import Bar, bar_chart
from xcert_adapters.web.served import Served
from xcert_core.labels import RegistrationStatus, VerificationState

MOST_ROWS = 30
"""Rows per chart (the largest first); the rest are summed into one row."""


def _largest(counts: Counter[str], rest: str) -> list[Bar]:
    ranked = counts.most_common()
    bars = [Bar(label, value) for label, value in ranked[:MOST_ROWS]]
    if len(ranked) > MOST_ROWS:
        bars.append(Bar(rest, sum(value for _, value in ranked[MOST_ROWS:])))
    return bars


class StatsPages(Controller):
    """``/stats``."""

    path = "/stats"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def charts(self, served: NamedDependency[Served]) -> Template:
        """The charts."""
        with served.workspace() as workspace:
            candidates = list_candidates(workspace)
            quota = setup.list_quota(workspace)
            overview = scheduling.plan_overview(workspace)
            registrations = [r for r in list_registrations(workspace)
                             if r.registration.status is RegistrationStatus.ACTIVE]
            school = workspace.config.school_name
        states = Counter(c.state for c in candidates)
        programs = {c.id_number: c.program_name or ("社会考生" if c.work_unit or c.education else "（未填专业）")
                    for c in candidates}
        charts: list[tuple[str, Any]] = [
            ("认证进度", bar_chart("认证进度", [Bar(s.label, states[s], len(candidates)) for s in VerificationState],
                                unit=" 人")),
            ("培训指标使用", bar_chart("培训指标使用", [Bar(a.certificate_code, a.used_quota, a.approved_quota)
                                                    for a in quota], unit=" 人")),
            ("考场使用（按场次）", bar_chart("考场使用", [
                Bar(f"{plan.code} {s.session_code} {s.room_name}", s.occupied, s.seats)
                for plan, report in overview if report is not None for s in report.summaries], unit=" 座")),
            ("报考人数（按班级）", bar_chart("报考人数（按班级）", _largest(
                Counter(r.registration.class_label or "（未填班级）" for r in registrations), "其他班级"), unit=" 人")),
            ("报考人数（按专业）", bar_chart("报考人数（按专业）", _largest(
                Counter(programs.get(r.registration.id_number, "（非本校）") for r in registrations), "其他专业"),
                unit=" 人")),
        ]
        return Template("stats.html", context={"school": school, "charts": charts, "total": len(candidates),
                                               "registered": len(registrations)})
