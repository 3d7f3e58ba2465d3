"""``xcert schedule by-site``: the plan seated one site at a time, then numbered and staffed — in this process,
or with ``--queue`` as jobs of the workspace's queue that ``xcert worker`` processes take on any machine (a
``seat_site`` job per site and a ``finish_plan`` job that waits for them)."""

from __future__ import annotations

import click

from xcert_adapters.app import scheduling
from xcert_adapters.cli.output import JSON_HELP, PLAN_HELP, echo_json
from xcert_adapters.cli.workspace_option import current_workspace, login_name


@click.command("by-site")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--seed", type=int, help="随机种子（默认 xcert.toml）/ the seed (default: xcert.toml's).")
@click.option("--per-room", type=click.IntRange(min=0),
              help="每个考场的监考人数（默认 xcert.toml）/ proctors per room.")
@click.option("--inspectors", type=click.IntRange(min=0),
              help="每个考核站点的巡考人数（默认 xcert.toml）/ inspectors per site.")
@click.option("--queue", "queued", is_flag=True,
              help="放入作业队列，由 xcert worker 执行（需 PostgreSQL 工作区）/ as jobs for xcert worker processes.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def by_site(plan_code: str, seed: int | None, per_room: int | None, inspectors: int | None, queued: bool,
            as_json: bool) -> None:
    """按考核站点排考：逐个站点安排考位，再统一编准考证号、安排监考（培训评价组织，可分到多台机器）/ schedule
    site by site.

    \b
    xcert schedule by-site --plan P1            本机依次执行
    xcert schedule by-site --plan P1 --queue    每个站点一个作业，xcert worker 执行，xcert jobs 查看进度
    退出码 / exit: 0 已保存（或已放入队列）· 1 有站点考位不足或监考不足（未完成）· 2 计划不存在等.
    """
    workspace = current_workspace()
    if queued:
        batch, sites, finishing = scheduling.queue_by_site(workspace, plan_code, seed=seed, per_room=per_room,
                                                           inspectors=inspectors, actor=login_name())
        if as_json:
            echo_json({"plan": plan_code, "batch": batch, "site_jobs": sites, "finish_job": finishing})
        else:
            click.echo(f"已放入作业队列：{len(sites)} 个站点排考作业和 1 个收尾作业（批次 {batch}）。运行 xcert worker "
                       "执行，xcert jobs 查看进度。")
        return
    seatings, finished = scheduling.schedule_by_site(workspace, plan_code, seed=seed, per_room=per_room,
                                                     inspectors=inspectors, actor=login_name())
    refused = [s for s in seatings if not s.stored]
    stored = finished is not None and finished.outcome.stored
    if as_json:
        echo_json({"plan": plan_code, "sites": [{"site": s.site_code, "seats": len(s.seats), "stored": s.stored,
                                                 "issues": [i.code for i in s.issues]} for s in seatings],
                   "stored": stored, "issues": [i.code for i in finished.report.issues] if finished else []})
    else:
        for s in seatings:
            click.echo(f"  考核站点 {s.site_code}：{len(s.seats)} 个考位" + ("" if s.stored else "，未保存："
                       + "；".join(i.message for i in s.issues)))
        click.echo("排考结果已保存（准考证号与监考已统一安排）。" if stored else "未完成：请先解决上面的问题。")
    raise SystemExit(0 if stored and not refused else 1)
