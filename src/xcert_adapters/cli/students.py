"""``xcert students``: the roster (考生信息) — check it against the platform's rules, write the blank template,
import it into the workspace and list the stored candidates."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import click

from xcert_adapters.app.payloads import CandidateList, candidate_payload, plain, roster_check_json
from xcert_adapters.app.roster import (
    CheckedRoster,
    Progress,
    RuleProgress,
    check_roster_file,
    import_roster,
    list_candidates,
    write_candidate_list,
    write_roster_report,
)
from xcert_adapters.cli.blank_templates import write_template
from xcert_adapters.cli.output import (
    FORCE_HELP,
    JSON_HELP,
    SHEET_HELP,
    check_report_path,
    echo_json,
    issues_summary,
    progress_console,
)
from xcert_adapters.cli.process_exit import allow_quick_exit
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_adapters.workspace.rule_settings import load_rule_config
from xcert_core.labels import CandidateType, VerificationState
from xcert_core.plugins import make_plugin_manager
from xcert_core.privacy import mask_id_number
from xcert_core.roster.columns import PUBLIC_ROSTER, SCHOOL_ROSTER
from xcert_core.roster.importing import ImportSummary
from xcert_core.roster.template import roster_template

PROGRESS_ROWS = 3000
ROWS_SHOWN = 8


@click.group("students")
def students() -> None:
    """考生信息（本校学生与社会考生）：检查、导入、生成模板 / the rosters: check, import, templates."""


@students.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("--social", is_flag=True,
              help="生成 xcert 的“社会考生导入模板”（平台指南中没有它的样式）/ the social candidates' roster template.")
def template(out: Path, force: bool, social: bool) -> None:
    """生成与平台一致的空白“本校学生导入模板”，或 --social 社会考生的模板 / write a blank roster template.

    \b
    xcert students template 社会考生.xlsx --social
    """
    write_template(roster_template(PUBLIC_ROSTER if social else SCHOOL_ROSTER), out, force)


@contextmanager
def _progress_bar() -> Iterator[Progress]:
    """A :data:`~xcert_adapters.app.roster.Progress` that draws a bar on stderr once it knows the roster has
    :data:`PROGRESS_ROWS` rows or more and stderr is a terminal; otherwise it draws nothing. Redrawn as each rule
    family is done, without a thread of its own (see :mod:`xcert_adapters.concurrency`)."""
    with ExitStack() as stack:
        bar: list[Any] = []

        def show(step: RuleProgress) -> None:
            if step.rows < PROGRESS_ROWS or not sys.stderr.isatty():
                return
            if not bar:
                from rich.progress import Progress as Bar  # noqa: PLC0415 - only for large files on a terminal

                progress = stack.enter_context(Bar(console=progress_console(), transient=True, auto_refresh=False))
                bar.extend([progress, progress.add_task(f"检查 {step.rows} 行", total=step.total)])
                progress.refresh()
            if step.family is not None:
                bar[0].update(bar[1], completed=step.done, description=f"已完成 {step.family}", refresh=True)

        yield show


def check_json(checked: CheckedRoster) -> dict[str, Any]:
    """The ``--json`` object of ``students check`` (``students import`` adds its own keys to it)."""
    return roster_check_json(checked)


def echo_check(checked: CheckedRoster, report_path: Path | None, command: str) -> None:
    """The readable output of a check: the summary, then where the marked report is or how to get one."""
    roster, report = checked.path, checked.report
    layout = checked.table.layout
    if layout is not SCHOOL_ROSTER:
        click.echo(f"按“{layout.title}”检查（表头中有“{layout.columns[0].header}”等列）。")
    click.echo(issues_summary(roster, len(checked.table.rows), "名学生" if layout is SCHOOL_ROSTER else "名社会考生",
                              report))
    if report_path is not None:
        click.echo(f"\n错误报告已写入：{report_path}（问题单元格已标红/标黄并加批注）")
    elif len(report):
        click.echo(f"\n生成标注报告：xcert students {command} {roster} --report 报告.xlsx")


_REPORT_HELP = "写出标红批注的错误报告 .xlsx / write the marked-up error report (.xlsx)."
_CATALOGUE_HELP = "专业目录 CSV（从平台“证书对应专业”复制）/ program catalogue CSV."
_U_POLICY_HELP = "拼音中 ü 的写法 / how ü may be written in 姓名拼音."
_KIND_HELP = ("名单是哪一种：默认按表头自动识别（“学生姓名”为本校学生，“考生姓名”和“最高学历”为社会考生）/ "
              "which roster the file is; by default told by its header.")
_KINDS = {"本校学生": CandidateType.SCHOOL, "社会考生": CandidateType.PUBLIC, "school": CandidateType.SCHOOL,
          "public": CandidateType.PUBLIC}


@students.command("check")
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=_REPORT_HELP)
@click.option("--catalogue", type=click.Path(dir_okay=False, path_type=Path), help=_CATALOGUE_HELP)
@click.option("--sheet", help=SHEET_HELP)
@click.option("--settings", "settings_path", type=click.Path(dir_okay=False, path_type=Path),
              help="规则设置 TOML（[rules] 表）/ rule settings TOML.")
@click.option("--u-policy", type=click.Choice(["all", "yu", "v", "u"]), default="all", show_default=True,
              help=_U_POLICY_HELP)
@click.option("--kind", "kind_text", type=click.Choice(list(_KINDS)), help=_KIND_HELP)
def check(roster: Path, as_json: bool, report_path: Path | None, catalogue: Path | None, sheet: str | None,
          settings_path: Path | None, u_policy: str, kind_text: str | None) -> None:
    """检查学生名单，一次找出所有问题 / check a roster against every platform rule.

    退出码 / exit: 0 无错误（可有警告）· 1 有错误 · 2 文件无法使用.
    """
    check_report_path(report_path, roster)
    plugins = make_plugin_manager()
    with _progress_bar() as progress:
        checked = check_roster_file(roster, plugins, load_rule_config(settings_path), catalogue=catalogue,
                                    sheet=sheet, u_policy=u_policy, progress=progress,
                                    kind=_KINDS[kind_text] if kind_text else None)
    if report_path is not None:
        write_roster_report(plugins, checked, report_path)
    if as_json:
        echo_json(check_json(checked))
    else:
        echo_check(checked, report_path, "check")
    allow_quick_exit()  # the report is written and closed: a large roster need not be freed one cell at a time
    raise SystemExit(checked.report.exit_code)


@students.command("import")
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=_REPORT_HELP)
@click.option("--catalogue", type=click.Path(dir_okay=False, path_type=Path), help=_CATALOGUE_HELP)
@click.option("--sheet", help=SHEET_HELP)
@click.option("--u-policy", type=click.Choice(["all", "yu", "v", "u"]), default="all", show_default=True,
              help=_U_POLICY_HELP)
@click.option("--kind", "kind_text", type=click.Choice(list(_KINDS)), help=_KIND_HELP)
def import_command(roster: Path, as_json: bool, report_path: Path | None, catalogue: Path | None,
                   sheet: str | None, u_policy: str, kind_text: str | None) -> None:
    """检查学生名单并导入工作区（全部导入或全部不导入）/ check a roster and store it in the workspace.

    先做与 students check 完全相同的检查（使用工作区 xcert.toml 的 [rules] 设置）；有任何错误就什么都不保存。
    没有错误时一次性保存：新学生为“无照片”，信息没有变化的学生保持不变，姓名或证件类型改变的学生回到
    “信息待认证”，需要重新认证。名单中没有的已导入学生保持不变。社会考生名单（xcert students template
    --social）同样用本命令导入，按表头自动识别。

    退出码 / exit: 0 已导入（可有警告）· 1 有错误，未导入 · 2 文件或工作区无法使用.
    """
    check_report_path(report_path, roster)
    with _progress_bar() as progress:
        outcome = import_roster(current_workspace(), roster, catalogue=catalogue, sheet=sheet, u_policy=u_policy,
                                report_path=report_path, progress=progress, actor=login_name(),
                                kind=_KINDS[kind_text] if kind_text else None)
    checked, summary = outcome.checked, outcome.summary
    if as_json:
        payload = check_json(checked)
        payload["stored"] = summary is not None
        payload["imported"] = None if summary is None else {
            **summary.counts(), "sent_back_ids": [mask_id_number(n) for n in summary.sent_back]}
        echo_json(payload)
    else:
        echo_check(checked, report_path, "import")
        click.echo("")
        if summary is None:
            click.echo("有错误，未导入任何学生（全部改正后重新运行本命令）。")
        else:
            click.echo(_import_summary(summary))
    raise SystemExit(checked.report.exit_code)


def _import_summary(summary: ImportSummary) -> str:
    counts = summary.counts()
    lines = [f"已导入工作区：新增 {counts['added']} 名、更新 {counts['updated']} 名、"
             f"未变 {counts['unchanged']} 名。"]
    if summary.sent_back:
        shown = "、".join(mask_id_number(n) for n in summary.sent_back[:ROWS_SHOWN])
        more = f" 等 {len(summary.sent_back)} 名" if len(summary.sent_back) > ROWS_SHOWN else ""
        lines.append(f"其中 {len(summary.sent_back)} 名学生的姓名或证件类型有改动，已回到“信息待认证”，"
                     f"需要重新认证：{shown}{more}")
    if summary.not_in_roster:
        lines.append(f"工作区中另有 {len(summary.not_in_roster)} 名学生不在本名单中，保持不变。")
    return "\n".join(lines)


_STATE_CHOICES = [*VerificationState.labels(), *(state.value for state in VerificationState)]


def _state(text: str) -> VerificationState:
    return next(s for s in VerificationState if text in (s.label, s.value))


@students.command("list")
@click.option("--state", "state_text", type=click.Choice(_STATE_CHOICES),
              help="只列出这一状态的学生，如 信息准确 / only candidates in this state.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="同时写成 Excel 名单（证件号码已脱敏），如 缺照片.xlsx / also write the list as a workbook.")
@click.option("--kind", "kind_text", type=click.Choice(list(_KINDS)),
              help="只列出本校学生或社会考生 / only school or only social candidates.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def list_command(state_text: str | None, report_path: Path | None, kind_text: str | None, as_json: bool) -> None:
    """列出工作区中的学生及其认证状态（证件号码已脱敏）/ list the workspace's candidates and their states.

    \b
    xcert students list --state 无照片 --report 缺照片.xlsx    还没有照片的学生，发给班主任
    """
    workspace = current_workspace()
    candidates = list_candidates(workspace, _state(state_text) if state_text is not None else None,
                                 kind=_KINDS[kind_text] if kind_text else None)
    if report_path is not None:
        if report_path.suffix.lower() != ".xlsx":
            raise click.UsageError("--report 的文件名应以 .xlsx 结尾 / --report must name an .xlsx file")
        write_candidate_list(workspace, candidates, report_path, title=state_text or "学生名单")
        click.echo(f"已写入 {report_path}：{len(candidates)} 名学生。", err=as_json)
    if as_json:
        listed = CandidateList(workspace.school_code, len(candidates), tuple(map(candidate_payload, candidates)))
        echo_json(plain(listed))
        return
    if not candidates:
        click.echo("没有符合条件的学生。" if state_text or kind_text
                   else "工作区中还没有学生：请先运行 xcert students import 名单.xlsx")
        return
    for candidate in candidates:
        click.echo(f"{mask_id_number(candidate.id_number)}  {candidate.name}  {candidate.group_label or '（无班级）'}  "
                   f"{candidate.state.label}")
    counts = Counter(candidate.state for candidate in candidates)
    parts = "、".join(f"{state.label} {counts[state]}" for state in VerificationState if counts[state])
    click.echo(f"\n共 {len(candidates)} 名学生：{parts}")


from xcert_adapters.cli.student_records import edit, export, remove  # noqa: E402 - the group above takes them

students.add_command(edit)
students.add_command(remove)
students.add_command(export)
