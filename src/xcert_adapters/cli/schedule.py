"""``xcert schedule``: scheduling in a workspace (``--plan CODE``: stored registrations, rooms and proctors in,
the plan stored; see :mod:`xcert_adapters.cli.schedule_stored` for it and the changes after publication), the
stateless form for integrators (registrations, rooms, proctors and an optional plan file in; seats, ticket
numbers and proctors out as JSON), and the blank room and proctor templates (``xcert schedule template-rooms``
/ ``template-proctors``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import click

from xcert_adapters.app.scheduling import write_plan_report
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.schedule_stored import CHANGE_COMMANDS, run_stored
from xcert_adapters.reference.certificate_catalogue import load_certificate_catalogue
from xcert_adapters.workbooks.selection import read_sheet
from xcert_core.errors import UnreadableFileError
from xcert_core.issues import Issue, IssueCollector, IssueReport
from xcert_core.labels import CertificateLevel, Severity
from xcert_core.model import ExamPlan, Proctor, level_from_code
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.privacy import mask_id_number
from xcert_core.reference_data import SAMPLE_CERTIFICATES
from xcert_core.registration.importing import requests_from_rows
from xcert_core.registration.sheet import RegistrationRow, read_registration_sheet
from xcert_core.scheduling.allocation import AllocationOptions, AllocationResult, Fill, allocate
from xcert_core.scheduling.documents import CandidateFacts, build_documents, gender_of
from xcert_core.scheduling.plan_file import (
    PLAN_MISSING,
    SUBJECT_UNKNOWN,
    default_plans,
    parse_plan_file,
)
from xcert_core.scheduling.proctoring import assign_proctors
from xcert_core.scheduling.proctors_sheet import proctor_template, read_proctors_sheet
from xcert_core.scheduling.rooms_sheet import read_rooms_sheet, room_template

SCHOOL = "本校"
"""The school code of registrations read from a sheet (the template names none)."""


def _in_file(issues: list[Issue], file: str) -> list[Issue]:
    return [issue if issue.file else attrs.evolve(issue, file=file) for issue in issues]


def _levels(rows: list[RegistrationRow], certificates: Mapping[str, Any]) -> dict[str, CertificateLevel]:
    levels = {code: certificate.level for code, certificate in certificates.items()}
    for row in rows:
        code = row.values.get("certificate_code")
        if code is None or code in levels:
            continue
        level = level_from_code(code)
        if level is None and (text := row.values.get("level")):
            try:
                level = CertificateLevel.from_label(text)
            except ValueError:
                level = None
        if level is not None:
            levels[code] = level
    return levels


def _plans(plan_path: Path | None, levels: Mapping[str, CertificateLevel], wanted: set[str],
           year: int) -> dict[str, ExamPlan]:
    if plan_path is None:
        return default_plans({code: levels[code] for code in wanted if code in levels}, year)
    try:
        text = plan_path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(plan_path.name, f"无法读取排考计划文件（{exc}）") from None
    return dict(parse_plan_file(text, plan_path.name, levels, year).plans)


def _issue_json(issue: Issue) -> dict[str, Any]:
    return {"file": issue.file, "row": issue.row, "column": issue.column, "code": issue.code,
            "severity": issue.severity.value, "message": issue.message, "suggestion": issue.suggestion}


def _catalogue(plugins: XcertPlugins, certificates: Path | None) -> dict[str, Any]:
    catalogue = load_certificate_catalogue(certificates, plugins) if certificates else SAMPLE_CERTIFICATES
    return {c.code: c for c in catalogue}


def _documents(out: Path, plugins: XcertPlugins, rows: list[RegistrationRow], error_rows: set[int],
               certificates: Mapping[str, Any], results: list[tuple[AllocationResult, ExamPlan, list[Any]]],
               proctors: list[Any], proctor_names: Mapping[tuple[str, str], str]) -> list[Issue]:
    """``--documents``: build the printed pack of every plan and render it into ``out``."""
    from xcert_adapters.app.pack_files import write_documents  # noqa: PLC0415 - reportlab only when asked

    facts: dict[str, CandidateFacts] = {}
    site_names: dict[str, str] = {}
    certificate_names: dict[str, str] = {}
    for row in rows:
        values = row.values
        if row.row in error_rows or not (id_number := values.get("id_number")):
            continue
        number = id_number.upper()
        facts.setdefault(number, CandidateFacts(values.get("name") or number, number, gender_of(number)))
        if (site := values.get("site_code")) and (site_name := values.get("site_name")):
            site_names.setdefault(site, site_name)
        if (code := values.get("certificate_code")) and (certificate_name := values.get("certificate_name")):
            certificate_names.setdefault(code, certificate_name)
    issues: list[Issue] = []
    sets = []
    for result, plan, plan_rooms in results:
        known = certificates.get(plan.certificate_code)
        name = known.name if known is not None else certificate_names.get(plan.certificate_code, plan.name)
        plan_proctors = [a for a in proctors if a.session_code in {s.code for s in plan.sessions}]
        built = build_documents(result, plan, plan_rooms, site_names, facts, certificate_name=name,
                                proctors=plan_proctors, proctor_names=proctor_names)
        issues += built.issues
        sets.append(built)
    return issues + write_documents(sets, out, plugins)


@click.group("schedule", invoke_without_command=True)
@click.option("--registrations", "registrations_path", type=click.Path(dir_okay=False, path_type=Path),
              help="报考表（平台报考模板，可含“班级”列）/ the registration sheet.")
@click.option("--rooms", "rooms_path", type=click.Path(dir_okay=False, path_type=Path),
              help="考场表（xcert schedule template-rooms 生成的模板）/ the room sheet.")
@click.option("--proctors", "proctors_path", type=click.Path(dir_okay=False, path_type=Path),
              help="监考人员表（可选）/ the proctor sheet (optional).")
@click.option("--plan", "plan_arg",
              help="工作区排考：考试计划编号；不保存的排考：排考计划 TOML 文件（科目与场次，默认每个证书等级一场）"
                   " / workspace: the exam plan's code; with --registrations: a plan file of subjects and sessions.")
@click.option("--seed", type=int, help="随机种子：相同输入和种子得到相同结果（工作区默认 xcert.toml 中的 seed）"
                                       " / seed of the shuffle.")
@click.option("--certificates", type=click.Path(dir_okay=False, path_type=Path),
              help="证书目录 CSV（默认：操作手册中的六个证书）/ certificate catalogue CSV.")
@click.option("--year", type=int, help="准考证号中的年份（默认今年）/ the year in ticket numbers (default: this year).")
@click.option("--fill", type=click.Choice([f.value for f in Fill]), default=Fill.IN_ORDER.value, show_default=True,
              help="按顺序排满考场或均衡分配 / fill rooms in order or balance them.")
@click.option("--reserve", type=click.IntRange(min=0), default=0, show_default=True,
              help="每个考场预留的考位数 / seats kept free per room.")
@click.option("--per-room", type=click.IntRange(min=0),
              help="每个考场的监考人数（默认 2；工作区默认 xcert.toml）/ proctors per room.")
@click.option("--inspectors", type=click.IntRange(min=0),
              help="每个考核站点的巡考人数（默认 1；工作区默认 xcert.toml）/ inspectors per site.")
@click.option("--redo", is_flag=True, help="工作区：替换已保存的排考结果 / workspace: replace the stored plan.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="写出排考汇总 .xlsx（每个考场的考位、监考和准考证号范围）/ write the plan report (.xlsx).")
@click.option("--actor", help="操作人（记入排考调整记录，默认当前用户）/ who runs it (for the audit record).")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出到标准输出 / print one JSON object.")
@click.option("--documents", "documents_dir", type=click.Path(file_okay=False, path_type=Path),
              help="把准考证、桌贴、门贴、签到表 PDF 写入此文件夹 / write the printed pack (PDF) into this folder.")
@click.pass_context
def schedule(ctx: click.Context, registrations_path: Path | None, rooms_path: Path | None,
             proctors_path: Path | None, plan_arg: str | None, seed: int | None, certificates: Path | None,
             year: int | None, fill: str, reserve: int, per_room: int | None, inspectors: int | None, redo: bool,
             report_path: Path | None, actor: str | None, as_json: bool, documents_dir: Path | None) -> None:
    """排考：分配考位、准考证号和监考人员 / seat candidates, number tickets, assign proctors.

    \b
    工作区（保存结果）/ in a workspace (stored):
    xcert schedule --plan 计划编号 [--seed 1] [--redo] [--report 汇总.xlsx] [--json]
    xcert schedule add|withdraw|move|swap|close-room --plan 计划编号 …   发布后调整 / changes after publication
    xcert schedule report --plan 计划编号 [--out 汇总.xlsx]              排考汇总 / the plan report
    \b
    不保存（供其他系统调用）/ stateless, for integrators:
    xcert schedule --registrations 报考.xlsx --rooms 考场.xlsx [--proctors 监考.xlsx] [--plan 计划.toml] --seed 1 --json
    xcert schedule template-rooms 考场.xlsx      生成空白考场模板 / blank room template
    xcert schedule template-proctors 监考.xlsx   生成空白监考人员模板 / blank proctor template

    退出码 / exit: 0 全部考生已安排考位 · 1 有问题（考位或监考人员不足等；工作区中此时不保存）· 2 输入无法使用.
    """
    if ctx.invoked_subcommand is not None:
        return
    if report_path is not None and report_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--report 的文件名应以 .xlsx 结尾 / --report must name an .xlsx file")
    if registrations_path is None and rooms_path is None and proctors_path is None:
        if plan_arg is None:
            raise click.UsageError("工作区排考需要 --plan 计划编号；不保存的排考需要 --registrations 和 --rooms / "
                                   "pass --plan CODE (workspace) or --registrations and --rooms (stateless)")
        stateless_only = [name for name, value in (("--certificates", certificates), ("--year", year),
                                                   ("--documents", documents_dir)) if value is not None]
        if stateless_only:
            raise click.UsageError(f"{'、'.join(stateless_only)} 只用于不保存的排考（--registrations）；"
                                   f"工作区的准考证等文件请用 xcert documents / {', '.join(stateless_only)} only "
                                   "apply with --registrations")
        run_stored(plan_arg, seed=seed, fill=Fill(fill), reserve=reserve, per_room=per_room, inspectors=inspectors,
                   redo=redo, report_path=report_path, actor=actor, as_json=as_json)
        return
    if redo:
        raise click.UsageError("--redo 只用于工作区排考（--plan 计划编号）/ --redo applies to the workspace form")
    _stateless(registrations_path, rooms_path, proctors_path, Path(plan_arg) if plan_arg is not None else None,
               seed, certificates, year, fill, reserve, 2 if per_room is None else per_room,
               1 if inspectors is None else inspectors, as_json, documents_dir, report_path)


def _stateless(registrations_path: Path | None, rooms_path: Path | None,  # noqa: PLR0912, PLR0915 - one pipeline
               proctors_path: Path | None, plan_path: Path | None, seed: int | None, certificates: Path | None,
               year: int | None, fill: str, reserve: int, per_room: int, inspectors: int, as_json: bool,
               documents_dir: Path | None, report_path: Path | None) -> None:
    """The stateless form: files in, JSON or lines out, nothing stored."""
    missing = [name for name, value in (("--registrations", registrations_path), ("--rooms", rooms_path),
                                        ("--seed", seed)) if value is None]
    if missing:
        raise click.UsageError(f"缺少 {'、'.join(missing)} / missing {', '.join(missing)}")
    if documents_dir is not None and plan_path is None:  # never print placeholder dates on an admission ticket
        raise click.UsageError("生成准考证等文件需要用 --plan 给出考试日期和时间 / "
                               "--documents needs --plan (real dates)")
    assert registrations_path is not None and rooms_path is not None and seed is not None
    plugins = make_plugin_manager()
    certificates_by_code = _catalogue(plugins, certificates)
    year = year or dt.date.today().year

    reg_name = registrations_path.name
    rows, reg_issues, by_subject = read_registration_sheet(read_sheet(registrations_path, plugins), reg_name,
                                                           certificates_by_code)
    issues = _in_file(reg_issues, reg_name)
    error_rows = {i.row for i in issues if i.row is not None and i.severity is Severity.ERROR}
    levels = _levels(rows, certificates_by_code)
    wanted = {code for row in rows if (code := row.values.get("certificate_code"))}
    plans = _plans(plan_path, levels, wanted, year)
    requests, more = requests_from_rows(rows, error_rows, {code: [plan] for code, plan in plans.items()}, SCHOOL,
                                        year, by_subject and plan_path is not None, plan_missing=PLAN_MISSING,
                                        subject_unknown=SUBJECT_UNKNOWN)
    registrations = [request.registration for request in requests]
    more = _in_file(more, reg_name)
    issues += more

    rooms, room_issues = read_rooms_sheet(read_sheet(rooms_path, plugins), rooms_path.name, "-")
    issues += _in_file(room_issues, rooms_path.name)
    proctors: list[Proctor] = []
    if proctors_path is not None:
        proctors, proctor_issues = read_proctors_sheet(read_sheet(proctors_path, plugins), proctors_path.name)
        issues += _in_file(proctor_issues, proctors_path.name)

    options = AllocationOptions(fill=Fill(fill), reserve=reserve)
    assignments: list[dict[str, Any]] = []
    in_use: dict[str, set[tuple[str, str]]] = {}
    used_plans = sorted({r.plan_code for r in registrations})
    by_code = {plan.code: plan for plan in plans.values()}
    results: list[tuple[AllocationResult, ExamPlan, list[Any]]] = []
    proctor_assignments: list[Any] = []
    row_of: dict[str, int] = {}  # the JSON's key to a candidate: the row, as the ID number is shown masked
    for row in rows:
        if number := row.values.get("id_number"):
            row_of.setdefault(number.upper(), row.row)
    for plan_code in used_plans:
        plan = by_code[plan_code]
        plan_rooms = [attrs.evolve(room, plan_code=plan.code) for room in rooms]
        result = allocate(registrations, plan_rooms, plan, seed, options)
        issues += result.issues
        results.append((result, plan, plan_rooms))
        for p in result.placements:
            assignments.append({"row": row_of.get(p.id_number), "id_number": mask_id_number(p.id_number),
                                "ticket_no": result.tickets[p.id_number], "session": p.session_code,
                                "site": p.site_code, "room": p.room_name, "seat": p.seat})
            in_use.setdefault(p.session_code, set()).add((p.site_code, p.room_name))
    staff: list[dict[str, Any]] = []
    if proctors_path is not None:
        sessions = [s for code in used_plans for s in by_code[code].sessions]
        names = {(p.school_code, p.teacher_number): p.name for p in proctors}
        proctor_plan = assign_proctors("schedule", sessions, {k: sorted(v) for k, v in in_use.items()}, proctors,
                                       per_room=per_room, inspectors_per_site=inspectors)
        issues += proctor_plan.issues
        proctor_assignments = list(proctor_plan.assignments)
        staff = [{"session": a.session_code, "site": a.site_code, "room": a.room_name, "role": a.role.label,
                  "teacher_number": a.teacher_number, "name": names[(a.school_code, a.teacher_number)],
                  "school": a.school_code} for a in proctor_plan.assignments]
    if documents_dir is not None:
        issues += _documents(documents_dir, plugins, rows, error_rows, certificates_by_code, results,
                             proctor_assignments, {(p.school_code, p.teacher_number): p.name for p in proctors})

    if report_path is not None:
        write_plan_report(report_path, plugins, [a for result, _, _ in results for a in result.seat_assignments()],
                          [room for _, _, plan_rooms in results for room in plan_rooms], proctor_assignments,
                          {p.teacher_number: p.name for p in proctors}, "排考汇总")
    collector = IssueCollector(plugins.catalogue)
    collector.extend(issues)
    report = IssueReport(collector.report().issues)
    if as_json:
        click.echo(json.dumps({"assignments": assignments, "proctors": staff,
                               "issues": [_issue_json(i) for i in report]}, ensure_ascii=False))
    else:
        seated = len({a["row"] for a in assignments})
        click.echo(f"已安排 {seated} 名考生、{len(assignments)} 个考位，{len(staff)} 个监考/巡考安排。")
        for issue in report:
            where = f"{issue.location}：" if issue.file or issue.row else ""
            click.echo(f"  [{issue.code}] {where}{issue.message}")
        if not report.has_errors:
            click.echo("全部考生已安排考位。")
    raise SystemExit(report.exit_code)


@schedule.command("template-rooms")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file.")
def template_rooms(out: Path, force: bool) -> None:
    """生成空白“考场导入模板” / write the blank room template."""
    write_template(room_template(), out, force)


@schedule.command("template-proctors")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file.")
def template_proctors(out: Path, force: bool) -> None:
    """生成空白“监考人员导入模板” / write the blank proctor template."""
    write_template(proctor_template(), out, force)


for _command in CHANGE_COMMANDS:
    schedule.add_command(_command)
