"""批量导出 of rooms, proctors, exam sites and plans (#24 item 2), as the students' export (:mod:`.student_records`).

Each export writes the list in the layout its import reads — the room template per plan, the proctor template,
the plan form — so a school edits a list the way it keeps it, in Excel, and imports it again (an import updates
what changed and leaves the rest: exporting and importing again changes nothing, which the tests prove). Each
workbook has a 统计 sheet with the counts per state (sites: per review state; rooms: per plan; proctors: per
role). The files hold phone numbers and are the school's own records: written readable by their owner only, like
every file xcert writes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import attrs

from xcert_adapters.app.errors import RequestError
from xcert_adapters.workspace import Workspace
from xcert_core.exchange.package import proctor_sheet, room_sheet
from xcert_core.labels import ProctorRole, ReviewStatus
from xcert_core.model import ExamPlan, ExamRoom, ExamSite, Proctor, School
from xcert_core.ports.workbooks import CellValue, SheetModel
from xcert_core.scheduling.plan_sheets import plan_form

SITE_HEADER = ("站点编号", "站点名称", "考点地址", "可考证书", "审核状态", "站点状态")


def _summary(title: str, counts: list[tuple[str, int]]) -> SheetModel:
    rows: list[tuple[CellValue, ...]] = [(title, "数量"), *counts, ("合计", sum(n for _, n in counts))]
    return SheetModel("统计", tuple(rows), column_widths=(24, 8), header_row=1)


def export_rooms(workspace: Workspace, out: Path, plan_code: str | None = None) -> dict[str, int]:
    """The school's rooms, one sheet per plan (named by the plan's code; ``xcert rooms import FILE --plan P
    --sheet P`` reads one back), and 统计 (rooms and seats per plan). Returns the rooms per plan."""
    storage = workspace.storage
    sites = {site.code: site for site in storage.list(ExamSite) if site.school_code == workspace.school_code}
    rooms = [room for room in storage.list(ExamRoom) if room.site_code in sites
             and (plan_code is None or room.plan_code == plan_code)]
    if plan_code is not None and storage.find(ExamPlan, (plan_code,)) is None:
        raise RequestError(f"没有考试计划“{plan_code}” / no such plan")
    plans = sorted({room.plan_code for room in rooms} | ({plan_code} if plan_code else set()))
    by_plan = {code: sorted((r for r in rooms if r.plan_code == code), key=lambda r: (r.site_code, r.name))
               for code in plans}
    sheets = [attrs.evolve(room_sheet(by_plan[code], sites), name=code[:31]) for code in plans]
    rows: list[tuple[CellValue, ...]] = [("考试计划", "考场数", "考位数")]
    rows += [(code, len(by_plan[code]), sum(r.seats for r in by_plan[code])) for code in plans]
    rows.append(("合计", len(rooms), sum(r.seats for r in rooms)))
    summary = SheetModel("统计", tuple(rows), column_widths=(24, 8, 8), header_row=1)
    workspace.plugins.workbook_writer().write([*sheets, summary], out)
    return {code: len(by_plan[code]) for code in plans}


def export_proctors(workspace: Workspace, out: Path) -> Counter[str]:
    """The proctors as the filled proctor template (``xcert proctors import`` reads it back), and 统计 per role.
    Returns the count per role."""
    storage = workspace.storage
    proctors = sorted(storage.list(Proctor), key=lambda p: p.teacher_number)
    schools = {school.code: school.name for school in storage.list(School)}
    counts = Counter(p.role.label for p in proctors)
    workspace.plugins.workbook_writer().write([
        proctor_sheet(proctors, schools),
        _summary("角色", [(role.label, counts[role.label]) for role in ProctorRole]),
    ], out)
    return counts


def export_sites(workspace: Workspace, out: Path) -> Counter[str]:
    """The school's exam sites (编号, 名称, 地址, 证书, 审核状态, 站点状态) and 统计 per review state. Returns those
    counts."""
    sites = sorted((s for s in workspace.storage.list(ExamSite) if s.school_code == workspace.school_code),
                   key=lambda s: s.code)
    rows: list[tuple[CellValue, ...]] = [SITE_HEADER]
    rows += [(s.code, s.name, s.address or None, "、".join(s.certificate_codes), s.review_status.label,
              s.site_status.label) for s in sites]
    counts = Counter(s.review_status.label for s in sites)
    workspace.plugins.workbook_writer().write([
        SheetModel("考核站点", tuple(rows), column_widths=(12, 20, 30, 40, 10, 10), text_columns=(1,), header_row=1),
        _summary("审核状态", [(state.label, counts[state.label]) for state in ReviewStatus if counts[state.label]]),
    ], out)
    return counts


def export_plans(workspace: Workspace, out: Path, plan_code: str | None = None) -> list[ExamPlan]:
    """The plans (or one) as the filled plan form — 考试计划, 科目, 场次 — that ``xcert plans import`` reads back.
    :class:`RequestError` for an unknown plan, or when two plans share a certificate and none is named (the form
    names a plan by its certificate)."""
    plans = sorted(workspace.storage.list(ExamPlan), key=lambda p: p.code)
    if plan_code is not None:
        plans = [p for p in plans if p.code == plan_code]
        if not plans:
            raise RequestError(f"没有考试计划“{plan_code}” / no such plan")
    shared = [code for code, n in Counter(p.certificate_code for p in plans).items() if n > 1]
    if shared:
        names = "、".join(p.code for p in plans if p.certificate_code in shared)
        raise RequestError(f"考试计划 {names} 是同一证书的，考试计划表中一个证书只能有一个计划：请用 --plan 逐个导出 / "
                           "several plans of one certificate: export them one at a time with --plan")
    workspace.plugins.workbook_writer().write(plan_form(plans), out)
    return plans
