"""``xcert publish``: the organisation's 排考 published to the schools — per school a folder with its candidates'
排考明细 (for its ``xcert sync platform``), the rooms they sit in and its printed pack, and nothing of any other
school (:mod:`xcert_adapters.app.publishing`)."""

from __future__ import annotations

import click

from xcert_adapters.app.publishing import publish_plan, queue_publish
from xcert_adapters.cli.output import JSON_HELP, PLAN_HELP, echo_json
from xcert_adapters.cli.workspace_option import current_workspace


@click.command("publish")
@click.option("--plan", "plan_code", required=True, help=PLAN_HELP)
@click.option("--out", required=True,
              help="发布到的文件夹（每个学校一个子文件夹），或插件提供的存储 name://… / the folder (a sub-folder per "
                   "school), or a plug-in's output store name://….")
@click.option("--force", is_flag=True, help="重新生成全部打印材料 / redraw every file of the packs.")
@click.option("--queue", "queued", is_flag=True,
              help="不在本机生成：每个学校一个作业放入作业队列，由 xcert worker 执行（需 PostgreSQL 工作区）"
                   "/ put a job per school in the job queue for xcert worker processes.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def publish(plan_code: str, out: str, force: bool, queued: bool, as_json: bool) -> None:
    """按学校发布排考结果：各校只收到本校考生的排考明细、考场和打印材料 / publish each school's part of the plan.

    \b
    xcert publish --plan P1 --out 发布
    退出码 / exit: 0 已发布 · 1 有学校的打印材料未生成（如考点地址缺失）· 2 计划不存在或尚未排考.
    """
    workspace = current_workspace()
    if queued:
        deferred = queue_publish(workspace, plan_code, out)
        if as_json:
            echo_json({"plan": plan_code, "out": str(out), "queued": [
                {"school": d.school, "job": d.job_id} for d in deferred]})
        else:
            click.echo(f"已放入作业队列：{sum(d.job_id is not None for d in deferred)} 个作业（{len(deferred)} 所学校；"
                       "已在队列中的不重复放入）。运行 xcert worker 执行，xcert jobs 查看进度。")
        return
    packages = publish_plan(workspace, plan_code, out, force=force)
    failed = [p.school_code for p in packages if not p.pack.printed]
    if as_json:
        echo_json({"plan": plan_code, "out": str(out), "schools": [
            {"school": p.school_code, "location": f"{out}/{p.school_code}", "candidates": p.candidates,
             "seats": p.seats, "printed": p.pack.printed, "files": sorted(path.name for path in p.folder.iterdir()),
             "stored": list(p.files)}
            for p in packages]})
    else:
        click.echo(f"考试计划 {plan_code} 已按学校发布到 {out}：{len(packages)} 所学校。")
        for p in packages:
            state = "打印材料已生成" if p.pack.printed else "打印材料未生成（见问题）"
            click.echo(f"  {p.school_code}：{p.candidates} 名考生、{p.seats} 个考位，{state} → {out}/{p.school_code}")
            for issue in p.pack.report.issues:
                click.echo(f"    {issue.severity.label} {issue.code}：{issue.message}")
    raise SystemExit(1 if failed else 0)
