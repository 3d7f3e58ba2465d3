"""统计分析 and 周报 as use cases: the school's figures as a :class:`~xcert_core.model.StatisticsReport` with
charts, which the PDF renderer prints (``xcert report statistics``, ``xcert report weekly``) and the
workbench's 统计 page shows as SVG — every face shows the same figures from here.

- :func:`statistics_report`: verification (states, and progress by day from the event log), quota use per
  certificate, registrations by program and class, room fill per plan and session, and for every plan with
  scores its 考证结果, pass rates by class, by program and by certificate and level, and each subject's score
  distribution.
- :func:`weekly_report`: one page for the school's leadership: what changed in the seven days up to a day
  (imports, verifications, certificates handed out), what is due (registration deadlines and exams in the next
  two weeks, the readiness checklist's open steps, unpaid fees) and verification progress as one chart.

Counts only: no report names a person, so either may be handed round. Results are derived as ``xcert results``
derives them (:func:`xcert_adapters.app.results.results_of`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from xcert_adapters.app import fees, results, scheduling, setup
from xcert_adapters.app.documents import render_to
from xcert_adapters.app.registrations import list_registrations
from xcert_adapters.app.roster import list_candidates
from xcert_adapters.app.status import workspace_status
from xcert_adapters.workspace import Workspace
from xcert_core.labels import CandidateType, RegistrationStatus, VerificationState
from xcert_core.model import (
    Candidate,
    CertificateAward,
    Chart,
    ChartKind,
    ChartPoint,
    ExamPlan,
    ImportRecord,
    Registration,
    ReportSection,
    StatisticsReport,
    SubjectScore,
    VerificationRecord,
)
from xcert_core.results.derivation import Outcome
from xcert_core.statistics.figures import (
    daily_state_counts,
    largest,
    local_day,
    percent,
    score_distribution,
    shares,
)

WEEK = 7
DUE_AHEAD = 14
"""Days ahead the weekly report looks for deadlines and exams."""
MOST_CHANGES, MOST_DUE = 12, 10
"""Lines per list in the weekly report (the rest are counted in one line), so it stays one page."""


def _program(candidate: Candidate | None) -> str:
    if candidate is None:
        return "（非本校）"
    if candidate.candidate_type is CandidateType.PUBLIC:
        return "社会考生"
    return candidate.program_name or "（未填专业）"


def _progress_chart(workspace: Workspace, total: int, since: dt.date | None = None,
                    until: dt.date | None = None) -> Chart:
    """信息准确 day by day from the event log, from ``since`` (its count carried from the day before) to ``until``."""
    records = workspace.storage.list(VerificationRecord, school_code=workspace.school_code)
    days = daily_state_counts(records, VerificationState.VERIFIED)
    if until is not None:
        days = [(day, count) for day, count in days if day <= until]
    if since is not None:
        before = [count for day, count in days if day < since]
        days = ([(since, before[-1])] if before else []) + [(day, count) for day, count in days if day >= since]
    return Chart("信息准确人数（按日）", ChartKind.LINE,
                 tuple(ChartPoint(f"{day.month}-{day.day:02d}", count, total) for day, count in days), "人")


def _verification(workspace: Workspace, candidates: Sequence[Candidate]) -> ReportSection:
    states = Counter(c.state for c in candidates)
    total = len(candidates)
    verified = states[VerificationState.VERIFIED]
    public = sum(c.candidate_type is CandidateType.PUBLIC for c in candidates)
    return ReportSection("考生与认证", (
        f"考生 {total} 人（其中社会考生 {public} 人），信息准确 {verified} 人（{percent(verified, total)}），"
        f"需人工确认 {states[VerificationState.NEEDS_REVIEW]} 人，无照片 {states[VerificationState.NO_PHOTO]} 人。",
    ), (
        Chart("认证状态", ChartKind.BARS, tuple(ChartPoint(s.label, states[s], total) for s in VerificationState),
              "人"),
        _progress_chart(workspace, total),
    ))


def _registrations(workspace: Workspace, people: dict[str, Candidate]) -> ReportSection:
    stored = [r.registration for r in list_registrations(workspace)]
    active = [r for r in stored if r.status is RegistrationStatus.ACTIVE]
    quota = setup.list_quota(workspace)
    by_class = Counter(results.class_of(r, people.get(r.id_number)) for r in active)
    by_program = Counter(_program(people.get(r.id_number)) for r in active)
    return ReportSection("指标与报考", (
        f"报考 {len(active)} 人次，已撤销 {len(stored) - len(active)} 人次；培训指标已使用 "
        f"{sum(a.used_quota for a in quota)} / {sum(a.approved_quota for a in quota)} 人。",
    ), (
        Chart("培训指标使用（按证书）", ChartKind.BARS,
              tuple(ChartPoint(f"{a.certificate_code} 第{a.batch}批", a.used_quota, a.approved_quota) for a in quota),
              "人"),
        Chart("报考人数（按专业）", ChartKind.BARS, largest(by_program, "其他专业"), "人"),
        Chart("报考人数（按班级）", ChartKind.BARS, largest(by_class, "其他班级"), "人"),
    ))


def _rooms(workspace: Workspace) -> ReportSection:
    overview = scheduling.plan_overview(workspace)
    fill = [ChartPoint(f"{plan.code} {s.session_code} {s.room_name}", s.occupied, s.seats)
            for plan, report in overview if report is not None for s in report.summaries]
    seats, taken = sum(p.whole or 0 for p in fill), sum(p.value for p in fill)
    return ReportSection("考场", (f"已排考 {sum(r is not None for _, r in overview)} / {len(overview)} 个考试计划，"
                                  f"各场次共用座位 {taken} / {seats} 个（{percent(taken, seats)}）。",),
                         (Chart("考场使用（按场次）", ChartKind.BARS, tuple(fill[:60]), "座"),))


def scored_plans(workspace: Workspace) -> list[results.PlanResults]:
    """The results of every stored plan with at least one result that is not 待出成绩."""
    found = (results.results_of(workspace, plan.code) for plan in workspace.storage.list(ExamPlan))
    return [plan for plan in found if plan.count(Outcome.PENDING) < len(plan.rows)]


def _results(workspace: Workspace, scored: Sequence[results.PlanResults],
             people: dict[str, Candidate]) -> ReportSection:
    if not scored:
        return ReportSection("考证结果", ("尚无已导入成绩的考试计划（xcert scores import）。",))
    charts = [Chart("考证结果", ChartKind.BARS, tuple(
        ChartPoint(f"{found.plan.code} {outcome.label}", found.count(outcome), len(found.rows))
        for found in scored for outcome in Outcome), "人")]
    groups: dict[str, tuple[Counter[str], Counter[str]]] = {
        name: (Counter(), Counter()) for name in ("证书与等级", "专业", "班级")}
    for found in scored:
        for row in found.rows:
            passed = row.result.outcome is Outcome.PASSED
            keys = {"证书与等级": f"{found.plan.certificate_code} {found.plan.level.label}",
                    "专业": _program(people.get(row.result.id_number)), "班级": row.class_label}
            for name, key in keys.items():
                groups[name][0][key] += 1
                groups[name][1][key] += passed
    charts += [Chart(f"通过人数（按{name}）", ChartKind.BARS, shares(wholes, parts), "人")
               for name, (wholes, parts) in groups.items()]
    for found in scored:
        scores = workspace.storage.list(SubjectScore, plan_code=found.plan.code)
        charts += [Chart(f"{found.plan.code} {subject.name} 成绩分布", ChartKind.COLUMNS, score_distribution(
            s.score for s in scores if s.subject_code == subject.code and s.score is not None), "人")
            for subject in found.plan.subjects]
    lines = tuple(f"{found.plan.code} {found.plan.name}：通过 {found.count(Outcome.PASSED)} 人，未通过 "
                  f"{found.count(Outcome.FAILED)} 人，缺考 {found.count(Outcome.ABSENT)} 人，待出成绩 "
                  f"{found.count(Outcome.PENDING)} 人；通过率 {percent(found.count(Outcome.PASSED), len(found.rows))}。"
                  for found in scored)
    return ReportSection("考证结果", lines, tuple(charts))


def statistics_report(workspace: Workspace, as_of: dt.date | None = None) -> StatisticsReport:
    """The statistics report (统计分析报告) of the workspace's school as stored now (``as_of``: the date printed,
    default today)."""
    candidates = list_candidates(workspace)
    people = {c.id_number: c for c in candidates}
    sections = (_verification(workspace, candidates), _registrations(workspace, people), _rooms(workspace),
                _results(workspace, scored_plans(workspace), people))
    return StatisticsReport("统计分析报告", workspace.config.school_name, as_of or dt.date.today(), sections)


def _listed(lines: list[str], what: str, most: int) -> tuple[str, ...]:
    """At most ``most`` lines, the rest counted in the last."""
    if len(lines) <= most:
        return tuple(lines)
    return (*lines[:most - 1], f"……另有 {len(lines) - most + 1} 项{what}")


def _changes(workspace: Workspace, inside: Callable[[dt.datetime], bool]) -> tuple[str, ...]:
    """What happened in the week: verifications and certificates first, then each kind of import."""
    storage = workspace.storage
    lines = []
    moved = Counter(r.to_state for r in storage.list(VerificationRecord, school_code=workspace.school_code)
                    if inside(r.at))
    if moved:
        lines.append(f"认证：转为信息准确 {moved[VerificationState.VERIFIED]} 人次，转为需人工确认 "
                     f"{moved[VerificationState.NEEDS_REVIEW]} 人次")
    handed = [a for a in storage.list(CertificateAward) if a.handed_out_on is not None
              and inside(dt.datetime.combine(a.handed_out_on, dt.time(12)))]
    if handed:
        lines.append(f"发放证书 {len(handed)} 本")
    imports = [r for r in storage.list(ImportRecord) if inside(r.at)]
    for kind in sorted({r.kind for r in imports}):
        of_kind = [r for r in imports if r.kind == kind]
        stored = [r for r in of_kind if r.stored]
        lines.append(f"导入{kind} {len(of_kind)} 次（写入 {len(stored)} 次，新增 {sum(r.added for r in stored)} 条、"
                     f"修改 {sum(r.changed for r in stored)} 条）" + ("；未写入的请看 xcert imports"
                                                                  if len(stored) < len(of_kind) else ""))
    return _listed(lines, "变化", MOST_CHANGES) or ("本周没有导入、认证或证书发放记录。",)


def _due(workspace: Workspace, today: dt.date) -> tuple[str, ...]:
    ahead = today + dt.timedelta(days=DUE_AHEAD)
    lines = []
    for plan in workspace.storage.list(ExamPlan):
        closes = plan.registration_closes
        if closes is not None and today <= closes <= ahead:
            lines.append(f"{closes:%m-%d} {plan.code} 报名截止（还有 {(closes - today).days} 天）")
        for session in plan.sessions:
            if today <= session.date <= ahead:
                subject = next(s.name for s in plan.subjects if s.code == session.subject_code)
                lines.append(f"{session.date:%m-%d} {plan.code} {subject} 开考 {session.start:%H:%M}")
        owed = fees.fee_summary(workspace, plan.code).owed if plan.fee_fen is not None else 0
        if owed:
            lines.append(f"{plan.code} 尚有 {owed} 人次未缴费（xcert fees list --plan {plan.code} --unpaid）")
    lines.sort()
    open_steps = [f"第 {item.step} 步 {item.title}：{item.next_step or item.detail}"
                  for item in workspace_status(workspace).items if item.ok is False and item.step <= 11]
    return _listed(lines + open_steps, "待办", MOST_DUE) or ("未来两周没有截止日期或考试，核对清单没有未完成的步骤。",)


def weekly_report(workspace: Workspace, week_ending: dt.date | None = None) -> StatisticsReport:
    """The weekly report (周报) of the seven days up to and including ``week_ending`` (default today)."""
    last = week_ending or dt.date.today()
    first = last - dt.timedelta(days=WEEK - 1)

    def inside(at: dt.datetime) -> bool:
        return first <= local_day(at) <= last

    candidates = list_candidates(workspace)
    verified = sum(c.state is VerificationState.VERIFIED for c in candidates)
    active = [r for r in workspace.storage.list(Registration, school_code=workspace.school_code)
              if r.status is RegistrationStatus.ACTIVE]
    summary = (f"考生 {len(candidates)} 人，信息准确 {verified} 人（{percent(verified, len(candidates))}）；"
               f"报考 {len(active)} 人次。")
    return StatisticsReport(f"周报（{first:%m月%d日}—{last:%m月%d日}）", workspace.config.school_name, last, (
        ReportSection("本周变化", (summary, *_changes(workspace, inside))),
        ReportSection("即将到期与待办", _due(workspace, last)),
        ReportSection("认证进度", (), (_progress_chart(workspace, len(candidates), last - dt.timedelta(days=27),
                                                      last),)),
    ))


def write_report(workspace: Workspace, report: StatisticsReport, out: Path) -> int:
    """Print ``report`` to ``out`` (a private PDF) with the workspace's renderer; returns the pages."""
    return render_to(workspace, [report], out, report.title)
