"""``xcert worker`` and ``xcert jobs``: the job queue of a PostgreSQL workspace (:mod:`xcert_adapters.jobs.queue`).
``xcert publish --queue`` puts a job per school in it; any number of ``xcert worker`` processes, on any machine
that opens the same workspace, take them."""

from __future__ import annotations

import click

from xcert_adapters.cli.output import JSON_HELP, echo_json
from xcert_adapters.cli.workspace_option import current_workspace
from xcert_adapters.jobs import queue

STALLED_HELP = "无心跳多少秒的作业视为中断并重新排队（默认 30）/ seconds without a heartbeat before a job is retried."


@click.command("worker")
@click.option("--once", is_flag=True, help="队列中没有待办作业时退出 / exit when no job is due.")
@click.option("--stalled-after", type=click.FloatRange(min=1), default=queue.STALLED_AFTER, show_default=True,
              help=STALLED_HELP)
def worker(once: bool, stalled_after: float) -> None:
    """运行作业进程：执行队列中的作业（如按学校生成打印材料）/ run a worker on the workspace's job queue.

    \b
    xcert worker            # 一直运行，Ctrl+C 停止
    xcert worker --once     # 做完待办作业即退出
    """
    workspace = current_workspace()
    retried = queue.run_worker(workspace.storage_url, once=once, stalled_after=stalled_after)
    if retried:
        click.echo(f"已重新排队 {len(retried)} 个中断的作业：{', '.join(map(str, retried))}", err=True)


@click.command("jobs")
@click.option("--retry-stalled", is_flag=True, help="把中断的作业重新排队 / put stalled jobs back in the queue.")
@click.option("--stalled-after", type=click.FloatRange(min=1), default=queue.STALLED_AFTER, show_default=True,
              help=STALLED_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def jobs(retry_stalled: bool, stalled_after: float, as_json: bool) -> None:
    """作业队列的进度：每个作业的状态和重试次数 / the job queue's progress."""
    workspace = current_workspace()
    retried = queue.retry_stalled(workspace.storage_url, stalled_after) if retry_stalled else []
    rows = queue.list_jobs(workspace.storage_url)
    counts = queue.status_counts(rows)
    if as_json:
        echo_json({"counts": dict(counts), "retried": retried, "jobs": [
            {"id": r.job_id, "task": r.task, "status": r.status, "attempts": r.attempts, "arguments": r.arguments}
            for r in rows]})
        return
    labels = {"todo": "待办", "doing": "进行中", "succeeded": "完成", "failed": "失败", "cancelled": "已取消",
              "aborted": "已中止"}
    click.echo("作业队列：" + ("，".join(f"{labels.get(k, k)} {v}" for k, v in sorted(counts.items())) or "空"))
    if retried:
        click.echo(f"已重新排队 {len(retried)} 个中断的作业。")
    for r in rows:
        what = " ".join(f"{k}={v}" for k, v in r.arguments.items() if k in ("plan", "school", "site"))
        click.echo(f"  #{r.job_id} {r.task} {what}：{labels.get(r.status, r.status)}（已试 {r.attempts} 次）")
