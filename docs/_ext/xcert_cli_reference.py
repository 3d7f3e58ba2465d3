"""Sphinx extension: the CLI reference page (``reference/cli.md``) generated from the click group at build time.

The page's source holds an introduction and the line :data:`MARKER`; on ``source-read`` the marker is replaced
by Markdown made from :data:`xcert_adapters.cli.app.cli` — every command its ``LazyGroup`` lists (those whose
module exists), recursively, with usage, help and options. The page therefore cannot fall behind the code;
``tests/docs/test_cli_reference.py`` checks the generator covers every command and option.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

import click

MARKER = "<!-- xcert-cli-reference -->"
PAGE = "reference/cli"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~$])")


def escape(text: str) -> str:
    """Text shown literally in Markdown (CommonMark backslash escapes)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _paragraphs(text: str | None) -> str:
    """A click help text as Markdown paragraphs: dedented, click's ``\\b`` markers dropped, lines kept."""
    if not text:
        return ""
    lines = [line for line in inspect.cleandoc(text).splitlines() if line.strip() != "\b"]
    blocks = "\n".join(lines).split("\n\n")
    return "\n\n".join("  \n".join(escape(line) for line in block.splitlines()) for block in blocks if block)


def _type_name(parameter: click.Parameter) -> str:
    if isinstance(parameter, click.Option) and parameter.is_flag:
        return "flag"
    if isinstance(parameter.type, click.Choice):
        return " \\| ".join(escape(str(choice)) for choice in parameter.type.choices)
    return escape(parameter.type.name.upper())


def _default(parameter: click.Parameter) -> str:
    if not isinstance(parameter, click.Option) or parameter.is_flag or not parameter.show_default:
        return ""
    default = parameter.default
    return "" if default is None or callable(default) else f"`{default}`"


def _parameters(command: click.Command, ctx: click.Context) -> list[str]:
    rows = []
    for parameter in command.get_params(ctx):
        if isinstance(parameter, click.Option):
            if parameter.hidden or "--help" in parameter.opts:
                continue  # every command has -h/--help
            names = ", ".join(f"`{name}`" for name in [*parameter.opts, *parameter.secondary_opts])
            rows.append(f"| {names} | {_type_name(parameter)} | {_default(parameter)} | "
                        f"{escape(' '.join((parameter.help or '').split()))} |")
        elif isinstance(parameter, click.Argument):
            rows.append(f"| `{parameter.human_readable_name}` (argument) | {_type_name(parameter)} | | "
                        f"{'required' if parameter.required else 'optional'} |")
    if not rows:
        return []
    return ["| Option | Type | Default | Help |", "| --- | --- | --- | --- |", *rows, ""]


def walk(command: click.Command, ctx: click.Context) -> Iterator[tuple[click.Command, click.Context]]:
    """``command`` and, for a group, every subcommand it lists, depth first in listing order."""
    yield command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, click.Context(sub, info_name=name, parent=ctx))


def cli_reference_markdown(root: click.Command | None = None) -> str:
    """The reference as Markdown: one section per command (``##`` for the root's commands, ``###`` below)."""
    if root is None:
        from xcert_adapters.cli.app import cli  # noqa: PLC0415 - imported when the page is built

        root = cli
    lines: list[str] = []
    for command, ctx in walk(root, click.Context(root, info_name="xcert")):
        depth = len(ctx.command_path.split()) - 1
        path = ctx.command_path
        heading = "#" * min(depth + 1, 4) if depth else "##"
        lines += [f"{heading} `{path}`", "", "```text", command.get_usage(ctx), "```", ""]
        help_text = _paragraphs(command.help)
        if help_text:
            lines += [help_text, ""]
        lines += _parameters(command, ctx)
    return "\n".join(lines)


def _fill_page(app: Any, docname: str, source: list[str]) -> None:
    if docname == PAGE and MARKER in source[0]:
        source[0] = source[0].replace(MARKER, cli_reference_markdown())


def _always_outdated(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Re-read the page on every build: the commands may have changed while its source did not."""
    return [PAGE] if PAGE in env.found_docs else []


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _fill_page)
    app.connect("env-get-outdated", _always_outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
