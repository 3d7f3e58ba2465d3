"""``xcert status``: the readiness checklist of the workspace, step by step as in the platform's guide."""

from __future__ import annotations

import click

from xcert_adapters.app.payloads import plain, status_payload
from xcert_adapters.app.status import workspace_status
from xcert_adapters.cli.output import JSON_HELP, echo_json
from xcert_adapters.cli.workspace_option import current_workspace

MARKS = {True: "✓", False: "✗", None: "·"}
@click.command("status")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def status(as_json: bool) -> None:
    """报考准备情况：按操作手册的步骤逐项检查，并提示下一步 / the readiness checklist, with next steps.

    退出码 / exit: 0 全部就绪 · 1 还有步骤未完成.
    """
    workspace = current_workspace()
    config = workspace.config
    result = workspace_status(workspace)
    if as_json:
        echo_json(plain(status_payload(workspace, result)))
    else:
        click.echo(f"{config.school_name} {config.year} 年报考准备情况（{workspace.root}）")
        for item in result.items:
            click.echo(f" {MARKS[item.ok]} {item.step:>2}. {item.title}：{item.detail}")
            if item.next_step:
                click.echo(f"       下一步：{item.next_step}")
    raise SystemExit(0 if result.ready else 1)
