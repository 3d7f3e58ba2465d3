"""``xcert guide``: the Chinese user guide (使用指南) in the terminal, offline."""

from __future__ import annotations

import click

from xcert_adapters.guide import ALIASES, TOPICS, page


@click.command("guide")
@click.argument("topic", required=False, default="目录")
def guide(topic: str) -> None:
    """中文使用指南：安装、十一个步骤、常见错误、与平台的衔接 / the Chinese user guide.

    \b
    xcert guide          目录
    xcert guide 步骤     十一个步骤
    xcert guide 错误     常见错误与处理
    """
    if topic not in TOPICS and topic not in ALIASES:
        raise click.UsageError(f"没有主题“{topic}”，可选：{'、'.join(TOPICS)} / unknown topic")
    click.echo(page(topic))
