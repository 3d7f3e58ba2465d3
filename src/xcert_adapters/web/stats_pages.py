"""统计 in the workbench: the workspace's figures as charts drawn on the server (:mod:`.charts`) — verification
progress, quota use per certificate, room fill per plan and session, registrations by class and by program, and,
once a plan's scores are imported, its 考证结果 and the pass rate by class (derived by
:func:`xcert_adapters.app.results.results_of`, as ``xcert results`` does). Read only; every role may see it
(counts, no personal data)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Template

from xcert_adapters.app import results, scheduling, setup
from xcert_adapters.app.registrations import list_registrations
from xcert_adapters.app.roster import list_candidates
from xcert_adapters.web.charts import Bar, bar_chart
from xcert_adapters.web.served import Served
from xcert_core.labels import RegistrationStatus, VerificationState
from xcert_core.results.derivation import Outcome

MOST_ROWS = 30
"""Rows per chart (the largest first); the rest are summed into one row."""


def _largest(counts: Counter[str], rest: str) -> list[Bar]:
    ranked = counts.most_common()
    bars = [Bar(label, value) for label, value in ranked[:MOST_ROWS]]
    if len(ranked) > MOST_ROWS:
        bars.append(Bar(rest, sum(value for _, value in ranked[MOST_ROWS:])))
    return bars


def _result_charts(scored: list[results.PlanResults]) -> list[tuple[str, Any]]:
    """考证结果 of every plan with scores, and the share passed per class (the whole: the class's registrants)."""
    if not scored:
        return []
    outcomes = [Bar(f"{found.plan.code} {outcome.label}", found.count(outcome), len(found.rows))
                for found in scored for outcome in Outcome]
    classes: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    for found in scored:
        for row in found.rows:
            classes[row.class_label] += 1
            passed[row.class_label] += row.result.outcome is Outcome.PASSED
    by_class = [Bar(label, passed[label], total) for label, total in classes.most_common(MOST_ROWS)]
    return [("考证结果", bar_chart("考证结果", outcomes, unit=" 人")),
            ("通过人数（按班级）", bar_chart("通过人数（按班级）", by_class, unit=" 人"))]


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
            scored = [found for plan, _ in overview
                      if (found := results.results_of(workspace, plan.code)).count(Outcome.PENDING) < len(found.rows)]
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
        charts += _result_charts(scored)
        return Template("stats.html", context={"school": school, "charts": charts, "total": len(candidates),
                                               "registered": len(registrations)})
