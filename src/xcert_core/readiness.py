"""The readiness checklist (``xcert status``): the eleven steps of the platform's guide, each with what the
workspace's storage says about it and what to do next.

:func:`readiness` is pure over a :class:`~xcert_core.ports.storage.Storage`: it reads and never writes. Each
:class:`ReadinessItem` is ``ok`` (done), not ok (something to do, said in ``next_step``), or ``None`` when it
cannot be judged yet because an earlier step is missing. Whether the printed pack was generated from the current
data is a file-system fact, so the caller passes it in (``documents``: plan code → the pack is current).

What "ready" means: step 8 is judged before scheduling too (the rooms each session's registrants will fill, as
scheduling fills them: would the proctors suffice?); step 9 says whose seating it is (xcert's dry run or the
platform's); step 10 needs an address for every site in use and a pack that shows the current data; step 11
needs steps 6–10 done, every registrant 信息准确 with a photo, and the exam client installed and tested in every
room in use. Students who are not registering may leave steps 3–5 open without blocking step 11. Step 6 also
flags the registrations of a plan with a fee that are unpaid (欠费), before its fee deadline and after, and
names the command that lists them; an unpaid fee does not block exam day (the school settles it with the
organisation).

After the exam comes step 12, 科目成绩与考证结果 (not a step of the platform's registration guide, so it never
makes a workspace "not ready"): not judged until some scores are imported, then done when every registrant of a
plan with scores has a result (none 待出成绩), from :mod:`xcert_core.results.derivation`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from attrs import frozen

from xcert_core.fees.ledger import fee_lines
from xcert_core.labels import (
    ProctorRole,
    RegistrationStatus,
    ReviewStatus,
    SeatOrigin,
    SiteStatus,
    VerificationState,
)
from xcert_core.model import (
    Candidate,
    ExamClientCheck,
    ExamPlan,
    ExamRoom,
    ExamSite,
    FeePayment,
    PilotApplication,
    Proctor,
    ProctorAssignment,
    Registration,
    SeatAssignment,
    SubjectScore,
)
from xcert_core.ports.storage import Storage
from xcert_core.results.derivation import Outcome, plan_results
from xcert_core.scheduling.allocation import sessions_of
from xcert_core.scheduling.capacity import seat_shortfalls
from xcert_core.scheduling.proctoring import assign_proctors


@frozen
class ReadinessItem:
    """One line of the checklist: the seed's step number and name, the state, the facts and the next step."""

    step: int
    title: str
    ok: bool | None
    detail: str
    next_step: str = ""


@frozen
class Readiness:
    """The whole checklist, in step order."""

    items: tuple[ReadinessItem, ...]

    @property
    def ready(self) -> bool:
        """True when step 11 is done: the school can hold the exam (students who are not registering may leave
        earlier steps open; step 12 comes after the exam)."""
        return any(item.step == 11 and item.ok is True for item in self.items)


def _quota(applications: Sequence[PilotApplication]) -> ReadinessItem:
    approved = [a for a in applications if a.status is ReviewStatus.APPROVED]
    if not approved:
        pending = "、".join(f"{a.certificate_code}（{a.status.label}）" for a in applications)
        detail = "没有审核通过的试点申报" + (f"：{pending}" if pending else "")
        return ReadinessItem(1, "证书试点申报与培训指标", False, detail,
                             "在平台申报证书试点，审核通过后：xcert quota set 证书编号 --approved 批准人数")
    parts = [f"{a.certificate_code} 批准 {a.approved_quota}、已用 {a.used_quota}、剩余 {a.remaining_quota}"
             for a in approved]
    full = [a.certificate_code for a in approved if a.remaining_quota == 0]
    return ReadinessItem(1, "证书试点申报与培训指标", True, "；".join(parts),
                         f"{'、'.join(full)} 的指标已用完，如需更多请在平台申请" if full else "")


def _sites(sites: Sequence[ExamSite], certificates: set[str]) -> ReadinessItem:
    usable = [s for s in sites if s.review_status is ReviewStatus.APPROVED and s.site_status is SiteStatus.ENABLED]
    uncovered = sorted(c for c in certificates if not any(s.accepts(c) for s in usable))
    detail = f"{len(usable)} 个站点审核通过并启用（共 {len(sites)} 个）"
    waiting = [f"{s.code}（{s.review_status.label}{'：' + s.return_reason if s.return_reason else ''}）"
               for s in sites if s.review_status is not ReviewStatus.APPROVED]
    if waiting:
        detail += "；待处理：" + "、".join(waiting)
    if not usable or uncovered:
        if uncovered:
            detail += f"；没有站点可考 {'、'.join(uncovered)}"
        return ReadinessItem(2, "考核站点", False, detail,
                             "xcert sites add 站点编号 --name 名称 --certificate 证书编号 --approved（平台审核通过后）")
    return ReadinessItem(2, "考核站点", True, detail)


def _candidates(candidates: Sequence[Candidate], photo_missing: Callable[[Candidate], bool]) -> list[ReadinessItem]:
    if not candidates:
        return [ReadinessItem(3, "考生信息", False, "还没有考生", "xcert students import 学生名单.xlsx"),
                ReadinessItem(4, "考生照片", None, "需先导入考生"),
                ReadinessItem(5, "信息认证", None, "需先导入考生")]
    states = Counter(c.state for c in candidates)
    no_photo = states[VerificationState.NO_PHOTO]
    lost = sum(1 for c in candidates if c.photo is not None and photo_missing(c))
    per_state = "、".join(f"{state.label} {states[state]}" for state in VerificationState if states[state])
    unverified = len(candidates) - states[VerificationState.VERIFIED]
    review = states[VerificationState.NEEDS_REVIEW]
    confirm = "xcert confirm 姓名 --reason 理由（人工确认；重名时写“姓名:证件号码后四位”）"
    platform = ("上传平台（xcert export platform），平台比对后：xcert verify --verifier platform-results --results "
                "平台导出.xlsx")
    verify_next = (confirm if review and review == unverified - no_photo
                   else platform + ("；需人工确认的考生：xcert confirm" if review else ""))
    return [
        ReadinessItem(3, "考生信息", True, f"{len(candidates)} 名考生"),
        ReadinessItem(4, "考生照片", no_photo == 0 and lost == 0,
                      "；".join(part for part in (f"{no_photo} 名考生缺照片" if no_photo else "",
                                                  f"{lost} 名考生的照片文件已丢失" if lost else "") if part)
                      or "全部考生已有照片",
                      "xcert photos import 照片.zip" if no_photo or lost else ""),
        ReadinessItem(5, "信息认证", unverified == 0, per_state,
                      verify_next if unverified - no_photo > 0 else ("先补齐照片" if unverified else "")),
    ]


def _unpaid(plans: Sequence[ExamPlan], active: Sequence[Registration], payments: Sequence[FeePayment],
            today: dt.date) -> list[str]:
    """One note per plan with a fee whose active registrations are not all paid (欠费), before or after its
    deadline."""
    notes = []
    for plan in plans:
        if plan.fee_fen is None:
            continue
        owed = sum(line.owed for line in fee_lines([r for r in active if r.plan_code == plan.code], payments))
        if owed:
            due = plan.fee_deadline
            when = ("" if due is None else f"，缴费截止 {due:%m-%d}" if today <= due
                    else f"，已过缴费截止 {due:%m-%d}")
            notes.append(f"{plan.code} {owed} 人次未缴费{when}")
    return notes


def _registrations(plans: Sequence[ExamPlan], active: Sequence[Registration],
                   candidates: Sequence[Candidate], unpaid: Sequence[str] = ()) -> ReadinessItem:
    if not plans:
        return ReadinessItem(6, "报考", False, "还没有考试计划", "xcert plans import 考试计划.toml")
    per_plan = Counter(r.plan_code for r in active)
    registered = {r.id_number for r in active}
    waiting = sum(1 for c in candidates if c.state is VerificationState.VERIFIED and c.id_number not in registered)
    detail = "；".join(f"{p.code} {per_plan[p.code]} 人" for p in plans)
    if waiting:
        detail += f"；{waiting} 名信息准确的考生尚未报考"
    if not active:
        return ReadinessItem(6, "报考", False, detail, "xcert registrations import 报考表.xlsx")
    if unpaid:
        first = unpaid[0].split(" ", 1)[0]
        return ReadinessItem(6, "报考", True, detail + "；注意：" + "；".join(unpaid),
                             f"收齐考试费并导入缴费记录：xcert fees list --plan {first} --unpaid；"
                             f"xcert fees import --plan {first} 缴费记录.xlsx")
    return ReadinessItem(6, "报考", True, detail,
                         "如需为其余考生报考：xcert registrations import 报考表.xlsx" if waiting else "")


def _rooms(plans: Mapping[str, ExamPlan], active: Sequence[Registration], rooms: Sequence[ExamRoom]) -> ReadinessItem:
    if not active:
        return ReadinessItem(7, "考场", None, "需先报考")
    short = [f"{s.plan_code} 站点 {s.site_code} 场次 {s.session_code}：{s.registrants} 人报考、{s.seats} 个考位，差 "
             f"{s.missing} 个" for plan in plans.values() for s in seat_shortfalls(plan, active, rooms)]
    detail = f"{len(rooms)} 个考场，共 {sum(r.seats for r in rooms)} 个考位"
    if short:
        return ReadinessItem(7, "考场", False, detail + "；考位不足：" + "；".join(short),
                             "xcert rooms import 考场.xlsx --plan 计划编号（或 xcert rooms add）")
    return ReadinessItem(7, "考场", True, detail + "；每个站点每个场次考位数都不少于报考人数")


def rooms_in_use(plan: ExamPlan, active: Sequence[Registration], rooms: Sequence[ExamRoom],
                 ) -> dict[str, list[tuple[str, str]]]:
    """Session code → the (site, room) pairs the session will use before it is scheduled: at each site, the
    site's rooms in order until their seats hold the session's registrants (every room when they never do)."""
    need: Counter[tuple[str, str]] = Counter()
    for registration in active:
        if registration.plan_code == plan.code:
            for session in sessions_of(registration, plan):
                need[(session.code, registration.site_code)] += 1
    by_site: dict[str, list[ExamRoom]] = {}
    for room in sorted(rooms, key=lambda r: r.key):
        by_site.setdefault(room.site_code, []).append(room)
    in_use: dict[str, list[tuple[str, str]]] = {}
    for (session_code, site), count in sorted(need.items()):
        seats = 0
        for room in by_site.get(site, []):
            if seats >= count:
                break
            in_use.setdefault(session_code, []).append((site, room.name))
            seats += room.seats
    return in_use


def _proctors(plans: Mapping[str, ExamPlan], active: Sequence[Registration], proctors: Sequence[Proctor],
              rooms: Sequence[ExamRoom],
              seats: Sequence[SeatAssignment], staff: Sequence[ProctorAssignment], per_room: int,
              per_site: int) -> ReadinessItem:
    watchers = sum(1 for p in proctors if p.role is ProctorRole.PROCTOR)
    inspectors = len(proctors) - watchers
    detail = f"{watchers} 名监考、{inspectors} 名巡考"
    if seats:  # scheduled: every room and site in use, in every session, must have its people
        in_use = {(s.plan_code, s.session_code, s.site_code, s.room_name) for s in seats}
        sites = {(plan, session, site) for plan, session, site, _ in in_use}
        watching = Counter((a.plan_code, a.session_code, a.site_code, a.room_name) for a in staff
                           if a.role is ProctorRole.PROCTOR)
        touring = Counter((a.plan_code, a.session_code, a.site_code) for a in staff
                          if a.role is ProctorRole.INSPECTOR)
        short = [f"{plan} 场次 {session} {room}" for plan, session, _, room in sorted(in_use)
                 if watching[(plan, session, _, room)] < per_room]
        short += [f"{plan} 场次 {session} 站点 {site} 巡考" for plan, session, site in sorted(sites)
                  if touring[(plan, session, site)] < per_site]
        if short:
            first = sorted(in_use)[0][0]
            return ReadinessItem(8, "监考人员", False, detail + "；人数不足：" + "、".join(short[:5])
                                 + (f" 等 {len(short)} 处" if len(short) > 5 else ""),
                                 f"xcert proctors import 监考人员.xlsx，再 xcert schedule proctors --plan {first}"
                                 "（只安排监考，不动考位）")
        return ReadinessItem(8, "监考人员", True, detail + "；每个在用考场和站点都已安排")
    if not rooms:
        return ReadinessItem(8, "监考人员", None, detail + "（需先添加考场，才能判断人数是否足够）")
    # not scheduled yet: would the people suffice for the rooms each session will fill (registrants at a site fill
    # its rooms in order, as scheduling does)?
    missing = []
    for code, plan in sorted(plans.items()):
        planned = rooms_in_use(plan, active, [r for r in rooms if r.plan_code == code])
        if planned:
            trial = assign_proctors(code, plan.sessions, planned, proctors, per_room=per_room,
                                    inspectors_per_site=per_site)
            missing += [issue.message for issue in trial.issues]
    if missing:
        return ReadinessItem(8, "监考人员", False, detail + "；按报考人数估算人数不足：" + missing[0]
                             + (f" 等 {len(missing)} 处" if len(missing) > 1 else ""),
                             "xcert proctors import 监考人员.xlsx")
    return ReadinessItem(8, "监考人员", True, detail + "；按报考人数估算，人数足够")


def _schedule(active: Sequence[Registration], plans: Mapping[str, ExamPlan], seats: Sequence[SeatAssignment],
              proctoring: Sequence[ProctorAssignment]) -> ReadinessItem:
    if not active:
        return ReadinessItem(9, "排考", None, "需先报考")
    seated = {(s.plan_code, s.session_code, s.id_number) for s in seats}
    unseated = sum(1 for r in active for s in sessions_of(r, plans[r.plan_code])
                   if (r.plan_code, s.code, r.id_number) not in seated)
    platform = sum(1 for s in seats if s.origin is SeatOrigin.PLATFORM)
    origin = ("平台排考" if platform == len(seats) else
              "xcert 试排，准考证号为临时" if not platform else f"{platform} 个来自平台排考，其余为 xcert 试排")
    detail = f"{len(seats)} 个考位已安排（{origin}），{len(proctoring)} 个监考/巡考安排" if seats else "尚未排考"
    if unseated:  # a published plan gets late registrants one by one, not a new draw
        step = ("xcert schedule add --plan 计划编号 证件号码（补排）" if seats else
                "平台排考后：xcert sync platform 排考明细.xlsx；或先试排：xcert schedule --plan 计划编号")
        return ReadinessItem(9, "排考", False, detail + f"；{unseated} 个报考场次还没有考位", step)
    return ReadinessItem(9, "排考", True, detail,
                         "" if platform == len(seats) else "平台排考下发后：xcert sync platform 排考明细.xlsx")


def _documents(scheduled: set[str], documents: Mapping[str, bool], no_address: Sequence[str]) -> ReadinessItem:
    title = "打印材料（准考证、桌贴、门贴、签到表）"
    if not scheduled:
        return ReadinessItem(10, title, None, "需先排考")
    if no_address:
        return ReadinessItem(10, title, False, f"考核站点 {'、'.join(no_address)} 没有考点地址，准考证无法打印",
                             f"xcert sites add {no_address[0]} --name 站点名称 --certificate 证书编号 "
                             "--address 考点地址")
    stale = sorted(code for code in scheduled if not documents.get(code))
    if stale:
        return ReadinessItem(10, title, False, f"{'、'.join(stale)} 的打印材料未生成，或生成后数据已有改动",
                             "xcert documents --plan " + stale[0])
    return ReadinessItem(10, title, True, f"{len(scheduled)} 个考试计划的打印材料已生成，且与当前数据一致")


def _exam_day(items: Sequence[ReadinessItem], active: Sequence[Registration], candidates: Sequence[Candidate],
              seats: Sequence[SeatAssignment], checks: Mapping[tuple[str, ...], ExamClientCheck]) -> ReadinessItem:
    """Step 11: the registered candidates' steps (6–10) are done, every registrant is 信息准确 with a photo, and
    the exam client is installed and tested in every room in use. Students who are not registering do not
    count."""
    title = "考试当天（考试客户端与就绪检查）"
    blocking = [f"第 {item.step} 步" for item in items if item.step >= 6 and not item.ok]
    people = {c.id_number: c for c in candidates}
    registered = {r.id_number for r in active}
    unready = sorted(number for number in registered if (c := people.get(number)) is None
                     or c.state is not VerificationState.VERIFIED or c.photo is None)
    rooms = sorted({(s.plan_code, s.site_code, s.room_name) for s in seats})
    no_client = [room for room in rooms if not ((check := checks.get(room)) is not None and check.ready)]
    problems = []
    if blocking:
        problems.append("、".join(blocking) + "未完成")
    if unready:
        problems.append(f"{len(unready)} 名报考考生不是“信息准确”或缺照片")
    if no_client:
        names = "、".join(room for _, _, room in no_client[:5]) + (f" 等 {len(no_client)} 个" if len(no_client) > 5
                                                                     else "")
        problems.append(f"考试客户端未安装或未测试：{names}")
    if not rooms and not blocking:
        problems.append("尚未排考")
    if problems:
        step = (f"xcert rooms client --plan {no_client[0][0]} --room {no_client[0][2]}（安装并测试后登记）"
                if no_client and not blocking else "按上面各步的提示处理")
        return ReadinessItem(11, title, False, "；".join(problems), step)
    return ReadinessItem(11, title, True,
                         f"{len(registered)} 名报考考生、{len(rooms)} 个考场的考试客户端均已安装并测试，可以考试")


def _after_exam(plans: Mapping[str, ExamPlan], active: Sequence[Registration], storage: Storage) -> ReadinessItem:
    """Step 12: the results of every plan the platform has published scores for (see the module docstring)."""
    title = "考试之后：科目成绩与考证结果"
    scores = {code: storage.list(SubjectScore, plan_code=code) for code in plans}
    scored = {code for code, found in scores.items() if found}
    if not scored:
        return ReadinessItem(12, title, None, "考试结束、平台发布成绩后导入",
                             "xcert scores import 科目成绩.xlsx --plan 计划编号")
    outcomes: Counter[Outcome] = Counter()
    for code in sorted(scored):
        plan = plans[code]
        earlier = None
        if plan.resit_of is not None and (first := storage.find(ExamPlan, (plan.resit_of,))) is not None:
            earlier = (first, storage.list(SubjectScore, plan_code=first.code))
        registrations = [r for r in active if r.plan_code == code]
        outcomes.update(result.outcome for result in plan_results(plan, registrations, scores[code], earlier))
    detail = f"{'、'.join(sorted(scored))}：" + "，".join(f"{o.label} {outcomes[o]} 人" for o in Outcome if outcomes[o])
    if outcomes[Outcome.PENDING]:
        waiting = min(code for code in scored)
        return ReadinessItem(12, title, False, detail,
                             f"平台发布其余成绩后再导入：xcert scores import 科目成绩.xlsx --plan {waiting}")
    return ReadinessItem(12, title, True, detail, "查看考证结果：xcert results --plan " + min(scored))


def readiness(storage: Storage, school_code: str, year: int, *, proctors_per_room: int = 2,
              inspectors_per_site: int = 1, documents: Mapping[str, bool] | None = None,
              photo_missing: Callable[[Candidate], bool] = lambda candidate: False,
              today: dt.date | None = None) -> Readiness:
    """The checklist of ``school_code``'s ``year`` in ``storage`` (see the module docstring).

    ``photo_missing`` tells whether a candidate's stored photo has gone from where its ``PhotoRef`` points (a
    file-system fact the caller knows); ``today`` (default: the machine's date) tells whether a fee deadline has
    passed."""
    applications = [a for a in storage.list(PilotApplication, school_code=school_code) if a.year == year]
    plans = [p for p in storage.list(ExamPlan) if p.year == year]
    plan_by_code = {p.code: p for p in plans}
    candidates = storage.list(Candidate, school_code=school_code)
    active = [r for r in storage.list(Registration, school_code=school_code)
              if r.status is RegistrationStatus.ACTIVE and r.plan_code in plan_by_code]
    rooms = [r for r in storage.list(ExamRoom) if r.plan_code in plan_by_code]
    seats = [s for s in storage.list(SeatAssignment) if s.plan_code in plan_by_code]
    proctoring = [a for a in storage.list(ProctorAssignment) if a.plan_code in plan_by_code]
    certificates = {a.certificate_code for a in applications if a.status is ReviewStatus.APPROVED}
    used_sites = sorted({s.site_code for s in seats})
    no_address = [code for code in used_sites if not ((site := storage.find(ExamSite, (code,))) is not None
                                                      and site.address.strip())]
    checks = {c.key: c for c in storage.list(ExamClientCheck) if c.plan_code in plan_by_code}
    items = [
        _quota(applications),
        _sites(storage.list(ExamSite, school_code=school_code), certificates),
        *_candidates(candidates, photo_missing),
        _registrations(plans, active, candidates, _unpaid(plans, active, storage.list(FeePayment),
                                                          today or dt.date.today())),
        _rooms(plan_by_code, active, rooms),
        _proctors(plan_by_code, active, storage.list(Proctor, school_code=school_code), rooms, seats, proctoring,
                  proctors_per_room, inspectors_per_site),
        _schedule(active, plan_by_code, seats, proctoring),
        _documents({s.plan_code for s in seats}, documents or {}, no_address),
    ]
    items.append(_exam_day(items, active, candidates, seats, checks))
    items.append(_after_exam(plan_by_code, active, storage))
    return Readiness(tuple(items))
