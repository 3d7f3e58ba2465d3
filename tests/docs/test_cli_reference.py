"""The generated CLI reference (docs/reference/cli.md, filled in at build time by docs/_ext/xcert_cli_reference.py)
covers every command the ``xcert`` group lists and every option of each, and shows help text literally."""

from __future__ import annotations

import html
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from xcert_adapters.cli.app import COMMANDS, cli

DOCS = Path(__file__).resolve().parents[2] / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

from xcert_cli_reference import MARKER, PAGE, cli_reference_markdown, escape  # noqa: E402


def commands(group: click.Group, ctx: click.Context) -> Iterator[tuple[str, click.Command, click.Context]]:
    """Every command below ``group`` with its full path, found through click's own API."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        sub = click.Context(command, info_name=name, parent=ctx)
        yield sub.command_path, command, sub
        if isinstance(command, click.Group):
            yield from commands(command, sub)


@pytest.fixture(scope="module")
def reference() -> str:
    return cli_reference_markdown()


def test_every_command_has_a_section(reference: str) -> None:
    root = click.Context(cli, info_name="xcert")
    found = list(commands(cli, root))
    assert {path.split()[1] for path, _, _ in found} == set(cli.list_commands(root))
    missing = [path for path, _, _ in found if f"# `{path}`\n" not in reference]
    assert not missing, f"the CLI reference has no section for {missing}"


def test_every_option_of_every_command_is_listed(reference: str) -> None:
    sections = {section.split("`", 2)[1]: section for section in reference.split("\n#")[1:]}
    for path, command, ctx in commands(cli, click.Context(cli, info_name="xcert")):
        for parameter in command.get_params(ctx):
            if isinstance(parameter, click.Option) and "--help" not in parameter.opts and not parameter.hidden:
                assert f"`{parameter.opts[0]}`" in sections[path], f"{path}: {parameter.opts[0]} is not listed"


def test_only_commands_whose_module_exists_are_listed(reference: str) -> None:
    listed = set(cli.list_commands(click.Context(cli, info_name="xcert")))
    assert listed <= set(COMMANDS)
    for name in set(COMMANDS) - listed:
        assert f"# `xcert {name}`\n" not in reference


def test_the_page_holds_the_marker_and_is_in_the_toctree() -> None:
    assert MARKER in (DOCS / f"{PAGE}.md").read_text("utf-8")
    assert f"\n{PAGE}\n" in (DOCS / "index.md").read_text("utf-8")


@given(st.text(st.characters(exclude_categories=("Cs", "Cc"))))
def test_escaped_text_renders_literally(text: str) -> None:
    rendered = MarkdownIt("commonmark").renderInline(escape(text))
    assert html.unescape(rendered) == text
