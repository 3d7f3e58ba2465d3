"""``xcert verify`` (批量认证) and ``xcert confirm`` (人工确认): the platform's step 5 on the workspace's candidates.

``verify`` sends every candidate in 信息待认证 (and any left in 认证中 by an interrupted run) to an identity
verifier and applies its verdicts through the state machine
(:class:`~xcert_core.verification.service.VerificationService`): each candidate's change is its own
transaction with its record, so an interrupted run loses nothing and is simply run again. ``confirm`` turns
candidates in 需人工确认 into 信息准确 (or, with ``--reject``, back to 信息待认证) with an operator and a reason.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from xcert_adapters.app.verification import (
    confirm_candidates,
    shown_as_typed,
    students_in_workbook,
    verify_candidates,
)
from xcert_adapters.cli.output import JSON_HELP, echo_json, progress_console
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.labels import VerificationState as St
from xcert_core.privacy import mask_id_number
from xcert_core.verification.service import BatchReport, CandidateOutcome

EXIT_OK, EXIT_PROBLEMS = 0, 1
SHOWN = 20
"""How many candidates the readable output lists one by one before summing up."""
NEEDS_RESULTS = "platform-results"


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a bar on stderr when it is a terminal, else ``None``."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress  # noqa: PLC0415

    with Progress(console=progress_console(), transient=True) as progress:
        task = progress.add_task("认证中", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, description=f"已认证 {done}/{total}")

        yield advance


def _outcome_json(outcome: CandidateOutcome) -> dict[str, Any]:
    return {"id_number": mask_id_number(outcome.key[1]), "before": outcome.before.value,
            "after": outcome.after.value, "reasons": list(outcome.reasons), "error": outcome.error or None}


def _counts_json(counts: Counter[St]) -> dict[str, int]:
    return {state.value: counts[state] for state in St}


def _counts_text(counts: Counter[St]) -> str:
    return "、".join(f"{state.label} {counts[state]}" for state in St if counts[state]) or "无"


def _echo_outcomes(outcomes: tuple[CandidateOutcome, ...]) -> None:
    for outcome in outcomes[:SHOWN]:
        masked = mask_id_number(outcome.key[1])
        if outcome.error:
            click.echo(f"  · {masked}：未处理，{outcome.error}")
            continue
        why = f"（{'；'.join(outcome.reasons)}）" if outcome.reasons else ""
        click.echo(f"  · {masked}：{outcome.before.label} → {outcome.after.label}{why}")
    if len(outcomes) > SHOWN:
        click.echo(f"  · …… 共 {len(outcomes)} 名")


@click.command("verify")
@click.option("--verifier", "verifier_name", default="precheck", show_default=True,
              help="认证方式：precheck（离线预检，找出平台一定会拒绝的）、fake（模拟结果，只能用于练习工作区："
                   "xcert init --practice、xcert demo）、"
                   "platform-results（按平台导出的考生名单更新状态）/ the identity verifier.")
@click.option("--results", type=click.Path(dir_okay=False, path_type=Path),
              help="从平台“考生管理”批量导出的考生名单（用于 platform-results）/ the platform's exported list.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def verify(verifier_name: str, results: Path | None, as_json: bool) -> None:
    """批量认证：把“信息待认证”的学生交给认证方式，并按结果更新状态 / verify the pending candidates.

    信息准确：比对成功；需人工确认：比对失败或预检发现问题（用 xcert confirm 人工确认）；信息待认证：
    没有结论或认证服务出错，下次再认证。中途中断可以直接重新运行。

    预检（默认 --verifier precheck）只找平台一定会退回的问题，不能代替平台的公安比对：预检通过后请上传平台
    （xcert export platform），平台比对后从“考生管理”批量导出考生名单，再运行
    xcert verify --verifier platform-results --results 平台导出.xlsx。

    退出码 / exit: 0 全部认证为“信息准确”（预检：没有发现问题）· 1 有学生未通过或出错 · 2 用法错误或文件无法使用.
    """
    with _progress() as progress:
        outcome = verify_candidates(current_workspace(), verifier_name, results=results, progress=progress)
    report, batch, totals, done = outcome.batch, outcome.results, outcome.states, outcome.passed
    if as_json:
        echo_json({"verifier": verifier_name, "processed": len(report.outcomes), "results": _counts_json(batch),
                   "errors": len(report.errors), "states": _counts_json(totals),
                   "candidates": [_outcome_json(o) for o in report.outcomes]})
    else:
        _echo_verify(report, batch, totals, precheck=outcome.precheck)
    raise SystemExit(EXIT_OK if done else EXIT_PROBLEMS)


def _echo_verify(report: BatchReport, batch: Counter[St], totals: Counter[St], *, precheck: bool = False) -> None:
    if not report.outcomes:
        click.echo("没有需要认证的学生（只认证“信息待认证”的学生；“无照片”的学生请先导入照片）。")
    elif precheck:
        problems = tuple(o for o in report.outcomes if o.error or o.after is St.NEEDS_REVIEW)
        click.echo(f"预检 {len(report.outcomes)} 名学生：{len(report.outcomes) - len(problems)} 名没有发现问题"
                   + (f"，{len(problems)} 名有平台一定会退回的问题：" if problems else "。"))
        _echo_outcomes(problems)
        click.echo("预检不能代替平台的公安比对。下一步：xcert export platform 上传平台；平台比对后在“考生管理”批量导出"
                   "考生名单，再运行 xcert verify --verifier platform-results --results 平台导出.xlsx")
    else:
        click.echo(f"本次认证 {len(report.outcomes)} 名学生：{_counts_text(batch)}"
                   + (f"，{len(report.errors)} 名未处理" if report.errors else ""))
        shown = tuple(o for o in report.outcomes if o.error or o.after is not St.VERIFIED)
        if shown:
            click.echo("未认证通过：")
            _echo_outcomes(shown)
    click.echo(f"\n工作区全部学生：{_counts_text(totals)}")
    if totals[St.NEEDS_REVIEW]:
        click.echo("“需人工确认”的学生核对无误后：xcert confirm 姓名 --reason 理由（重名时写“姓名:证件号码后四位”）")
    if totals[St.NO_PHOTO]:
        click.echo("“无照片”的学生：xcert photos import 照片.zip")


def _operator() -> str:
    return login_name("")  # no fallback name: a manual confirmation must name a person


@click.command("confirm")
@click.argument("id_numbers", metavar="学生...", nargs=-1)
@click.option("--from", "from_file", type=click.Path(dir_okay=False, path_type=Path),
              help="从名单确认：xcert students list --report 生成的名单（删去不确认的行）/ confirm the students a "
                   "workbook lists.")
@click.option("--reason", required=True, help="确认（或退回）的理由，会记入认证记录 / why (kept in the log).")
@click.option("--operator", default=_operator, show_default="当前登录用户 / the login name",
              help="操作人 / who confirms.")
@click.option("--reject", is_flag=True, help="退回为“信息待认证”而不是确认 / send back instead of confirming.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def confirm(id_numbers: tuple[str, ...], from_file: Path | None, reason: str, operator: str, reject: bool,
            as_json: bool) -> None:
    """人工确认：把“需人工确认”的学生改为“信息准确”（--reject 退回“信息待认证”）/ confirm candidates manually.

    \b
    每个学生可以写成 / name each student by:
      张三                 姓名（全校只有一个张三时）
      张三:3418            姓名加证件号码后四位（重名时）
      110***********3418   xcert students list 显示的打码号码（唯一时）
      110101200601013418   完整证件号码
      --from 待确认.xlsx    名单中的每个学生（xcert students list --state 需人工确认 --report 待确认.xlsx
                           生成，删去不确认的行）

    只能确认处于“需人工确认”状态的学生；其他学生逐个报告原因，不做改动。

    退出码 / exit: 0 全部完成 · 1 有学生不存在或不能确认 · 2 用法错误.
    """
    workspace = current_workspace()
    named = [*id_numbers, *(students_in_workbook(workspace, from_file) if from_file is not None else ())]
    if not named:
        raise click.UsageError("请写出要确认的学生，或用 --from 名单.xlsx / name the students, or pass --from")
    confirmed = confirm_candidates(workspace, named, operator=operator, reason=reason, reject=reject)
    event, report, missing, done = confirmed.event, confirmed.batch, confirmed.not_found, confirmed.done
    if as_json:
        echo_json({"event": event.value, "operator": operator, "reason": reason,
                   "candidates": [_outcome_json(o) for o in report.outcomes],
                   "not_found": [mask_id_number(n) for n in missing],
                   "ambiguous": [{"given": shown_as_typed(g), "matches": n}
                                 for g, n in confirmed.ambiguous], "done": done})
    else:
        verb = "退回" if reject else "确认"
        succeeded = [o for o in report.outcomes if not o.error]
        click.echo(f"人工{verb}：{len(succeeded)} 名学生已改为“{(St.PENDING if reject else St.VERIFIED).label}”")
        for given in missing:
            shown = shown_as_typed(given)
            click.echo(f"  · {shown}：工作区中没有这个学生（写姓名、姓名:证件号码后四位，或证件号码）")
        for given, count in confirmed.ambiguous:
            shown = shown_as_typed(given)
            click.echo(f"  · {shown}：有 {count} 名学生都对得上，请写成“姓名:证件号码后四位”"
                       "（xcert students list 可查）")
        for outcome in report.errors:
            click.echo(f"  · {mask_id_number(outcome.key[1])}：目前为“{outcome.before.label}”，不能{verb}"
                       f"（只能{verb}“需人工确认”的学生）")
    raise SystemExit(EXIT_OK if done else EXIT_PROBLEMS)
