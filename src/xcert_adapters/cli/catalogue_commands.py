"""``xcert plugins`` and ``xcert codes``: what is installed and what xcert can report."""

from __future__ import annotations

import json

import click

from xcert_core.plugins import make_plugin_manager
from xcert_core.registry import AdapterKind


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON.")
def plugins_command(as_json: bool) -> None:
    """列出已加载的插件及其适配器 / list loaded plug-ins and the adapters they register."""
    plugins = make_plugin_manager()
    adapters = [
        {"kind": entry.kind.name.lower(), "kind_label": entry.kind.label, "name": entry.name,
         "plugin": entry.plugin, "replaced": list(entry.replaced)}
        for entry in plugins.registry
    ]
    if as_json:
        click.echo(json.dumps({"plugins": plugins.plugin_names(), "disabled": sorted(plugins.disabled),
                               "adapters": adapters}, ensure_ascii=False, indent=2))
        return
    click.echo("已加载插件 / plug-ins: " + ", ".join(plugins.plugin_names()))
    if plugins.disabled:
        click.echo("已禁用 / disabled (XCERT_DISABLE_PLUGINS): " + ", ".join(sorted(plugins.disabled)))
    for kind in AdapterKind:
        names = plugins.registry.names(kind)
        described = [
            f"{name} ({plugins.registry.entry(kind, name).plugin})" for name in names
        ] or ["（暂无）"]
        click.echo(f"  {kind.label} / {kind.name.lower()}: {', '.join(described)}")


@click.command("codes")
@click.option("--markdown", is_flag=True, help="输出文档页 (Markdown) / print the reference page.")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON.")
def codes(markdown: bool, as_json: bool) -> None:
    """列出所有问题代码 / list every issue code xcert and its plug-ins can report."""
    catalogue = make_plugin_manager().catalogue
    if markdown:
        click.echo(catalogue.to_markdown(), nl=False)
    elif as_json:
        click.echo(json.dumps([
            {"code": t.code, "severity": t.severity.value, "family": t.family, "title": t.title,
             "title_en": t.title_en, "description": t.description}
            for t in catalogue
        ], ensure_ascii=False, indent=2))
    else:
        for t in catalogue:
            click.echo(f"{t.code:<36} {t.severity.label}  {t.title}  ({t.title_en})")
