"""Writing a blank platform template (``… template OUT.xlsx``): the one routine every template command shares."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import SheetModel


def write_template(model: SheetModel | Sequence[SheetModel], out: Path, force: bool, what: str = "空白模板") -> None:
    """Write ``model`` (one sheet, or several in order) to ``out`` (an .xlsx file, not overwritten without
    ``force``) and say so, calling it ``what``."""
    if out.suffix.lower() != ".xlsx":
        raise click.UsageError("模板文件名应以 .xlsx 结尾 / the template must be an .xlsx file")
    if out.exists() and not force:
        raise click.UsageError(f"{out} 已存在，如需覆盖请加 --force / {out} exists; pass --force to overwrite")
    writer = make_plugin_manager().workbook_writer()
    writer.write([model] if isinstance(model, SheetModel) else list(model), out)
    click.echo(f"已生成{what}：{out}")
