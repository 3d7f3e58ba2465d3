"""``xcert schedule``: scheduling in a workspace (``--plan CODE``: stored registrations, rooms and proctors in,
the plan stored; see :mod:`xcert_adapters.cli.schedule_stored` for it and the changes after publication), the
stateless form for integrators (registrations, rooms, proctors and an optional plan file in; seats, ticket
numbers and proctors out as JSON), and the blank room and proctor templates (``xcert schedule template-rooms``
/ ``template-proctors``)."""

from __future__ import annotations

from pathlib import Path

import click

from xcert_adapters.app.scheduling_files import schedule_files
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, echo_issues, echo_json, issue_json
from xcert_adapters.cli.schedule_by_site import by_site
from xcert_adapters.cli.schedule_stored import CHANGE_COMMANDS, proctors_command, run_stored
from xcert_core.plugins import make_plugin_manager
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.allocation import Fill
from xcert_core.scheduling.proctors_sheet import proctor_template
from xcert_core.scheduling.rooms_sheet import room_template


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
@click.option("--replace-platform-seating", "replace_platform", is_flag=True,
              help="与 --redo 一起：连平台排考结果也替换（准考证号会改变）/ with --redo: replace the platform's "
                   "seating too (ticket numbers change).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="写出排考汇总 .xlsx（每个考场的考位、监考和准考证号范围）/ write the plan report (.xlsx).")
@click.option("--actor", help="操作人（记入排考调整记录，默认当前用户）/ who runs it (for the audit record).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.option("--documents", "documents_dir", type=click.Path(file_okay=False, path_type=Path),
              help="把准考证、桌贴、门贴、签到表 PDF 写入此文件夹 / write the printed pack (PDF) into this folder.")
@click.pass_context
def schedule(ctx: click.Context, registrations_path: Path | None, rooms_path: Path | None,
             proctors_path: Path | None, plan_arg: str | None, seed: int | None, certificates: Path | None,
             year: int | None, fill: str, reserve: int, per_room: int | None, inspectors: int | None, redo: bool,
             replace_platform: bool, report_path: Path | None, actor: str | None, as_json: bool,
             documents_dir: Path | None) -> None:
    """排考：分配考位、准考证号和监考人员 / seat candidates, number tickets, assign proctors.

    \b
    工作区（保存结果）/ in a workspace (stored):
    xcert schedule --plan 计划编号 [--seed 1] [--redo] [--report 汇总.xlsx] [--json]   xcert 试排（准考证号为临时）
    xcert schedule proctors --plan 计划编号     只安排监考、巡考（平台排考同步后用）/ proctors for the stored seating
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
                   redo=redo, replace_platform=replace_platform, report_path=report_path, actor=actor,
                   as_json=as_json)
        return
    if redo or replace_platform:
        raise click.UsageError("--redo 只用于工作区排考（--plan 计划编号）/ --redo applies to the workspace form")
    _stateless(registrations_path, rooms_path, proctors_path, Path(plan_arg) if plan_arg is not None else None,
               seed, certificates, year, fill, reserve, 2 if per_room is None else per_room,
               1 if inspectors is None else inspectors, as_json, documents_dir, report_path)


def _stateless(registrations_path: Path | None, rooms_path: Path | None, proctors_path: Path | None,
               plan_path: Path | None, seed: int | None, certificates: Path | None, year: int | None, fill: str,
               reserve: int, per_room: int, inspectors: int, as_json: bool, documents_dir: Path | None,
               report_path: Path | None) -> None:
    """The stateless form: files in, JSON or lines out, nothing stored."""
    missing = [name for name, value in (("--registrations", registrations_path), ("--rooms", rooms_path),
                                        ("--seed", seed)) if value is None]
    if missing:
        raise click.UsageError(f"缺少 {'、'.join(missing)} / missing {', '.join(missing)}")
    if documents_dir is not None and plan_path is None:  # never print placeholder dates on an admission ticket
        raise click.UsageError("生成准考证等文件需要用 --plan 给出考试日期和时间 / "
                               "--documents needs --plan (real dates)")
    assert registrations_path is not None and rooms_path is not None and seed is not None
    done = schedule_files(make_plugin_manager(), registrations_path, rooms_path, seed=seed,
                          proctors_path=proctors_path, plan_path=plan_path, certificates=certificates, year=year,
                          fill=Fill(fill), reserve=reserve, per_room=per_room, inspectors=inspectors,
                          documents_dir=documents_dir, report_path=report_path)
    report = done.report
    assignments = [{"row": done.rows.get(a.id_number), "id_number": mask_id_number(a.id_number),
                    "ticket_no": a.ticket_number, "session": a.session_code, "site": a.site_code,
                    "room": a.room_name, "seat": a.seat} for a in done.seats]
    staff = [{"session": a.session_code, "site": a.site_code, "room": a.room_name, "role": a.role.label,
              "teacher_number": a.teacher_number, "name": done.names[(a.school_code, a.teacher_number)],
              "school": a.school_code} for a in done.staff]
    if as_json:
        echo_json({"assignments": assignments, "proctors": staff, "issues": [issue_json(i) for i in report]})
    else:
        seated = len({a.id_number for a in done.seats})
        click.echo(f"已安排 {seated} 名考生、{len(assignments)} 个考位，{len(staff)} 个监考/巡考安排。")
        echo_issues(report)
        if not report.has_errors:
            click.echo("全部考生已安排考位。")
    raise SystemExit(report.exit_code)


@schedule.command("template-rooms")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def template_rooms(out: Path, force: bool) -> None:
    """生成空白“考场导入模板” / write the blank room template."""
    write_template(room_template(), out, force)


@schedule.command("template-proctors")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def template_proctors(out: Path, force: bool) -> None:
    """生成空白“监考人员导入模板” / write the blank proctor template."""
    write_template(proctor_template(), out, force)


for _command in (*CHANGE_COMMANDS, proctors_command, by_site):
    schedule.add_command(_command)
