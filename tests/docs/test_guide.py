"""The Chinese user guide (#17 item 7): shipped in the package (``xcert guide``), included whole by docs/zh, and
held to the code — every command and option it shows exists, every issue code it names is catalogued."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from cli_run import xcert
from xcert_adapters.cli.app import cli
from xcert_adapters.guide import ALIASES, TOPICS, page
from xcert_core.plugins import make_plugin_manager

DOCS = Path(__file__).resolve().parents[2] / "docs"
FENCE = re.compile(r"```sh\n(.*?)```", re.DOTALL)
INLINE = re.compile(r"`(xcert [^`]+)`")
CODE = re.compile(r"`([a-z]+(?:-[a-z0-9*]+)+)`")


def command_lines(text: str) -> list[str]:
    """Each ``xcert …`` invocation the page shows, in a shell block or inline."""
    lines = [line for block in FENCE.findall(text) for line in block.splitlines()]
    lines += INLINE.findall(text)
    found = []
    for line in lines:
        parts = (part.strip() for part in line.split("#", 1)[0].split("&&"))
        found += [part for part in parts if part.startswith("xcert ")]
    return found


def resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    """The command ``words`` names (group by group) and the words after it."""
    command: click.Command = cli
    rest = list(words)
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        sub = command.get_command(click.Context(command), rest[0])
        if sub is None:
            break
        command, rest = sub, rest[1:]
    return command, rest


@pytest.mark.parametrize("topic", list(TOPICS))
def test_each_page_is_shipped_and_included_by_the_docs(topic: str) -> None:
    text = page(topic)
    assert text.startswith("# ") and re.search(r"[\u4e00-\u9fff]", text)
    name = TOPICS[topic].removesuffix(".md")
    included = (DOCS / "zh" / f"{name}.md").read_text("utf-8")
    assert f"src/xcert_adapters/guide/{name}.md" in included  # one text, not a copy
    assert (DOCS / "index.md").read_text("utf-8").count(f"zh/{name}") == 1


@pytest.mark.parametrize("topic", list(TOPICS))
def test_every_command_and_option_the_guide_shows_exists(topic: str) -> None:
    for line in command_lines(page(topic)):
        words = shlex.split(line)[1:]
        command, rest = resolve([w for w in words if w not in ("-w",)])
        assert command is not cli or not rest or rest[0].startswith("-"), f"{line}: no such command"
        options = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        options |= {"-h", "--help"}  # the help option every command has (context settings, not params)
        for word in rest:
            if word.startswith("--"):
                assert word.split("=")[0] in options, f"{line}: {command.name} has no {word}"


def test_every_issue_code_the_guide_names_is_catalogued() -> None:
    catalogue = make_plugin_manager(env={}).catalogue
    named = {code for topic in TOPICS for code in CODE.findall(page(topic)) if not code.startswith("xcert")}
    named = {code.rstrip("*").rstrip("-") for code in named}
    known = {t.code for t in catalogue}
    for code in named:
        assert code in known or any(k.startswith(code) for k in known), code
    assert {"pinyin-wrong-reading", "photo-zip-name", "roster-column-order"} <= named


def test_xcert_guide_prints_each_topic_and_help_points_to_it() -> None:
    shown = xcert("guide")
    assert shown.returncode == 0 and shown.stdout.startswith("# xcert 使用指南")
    for alias, topic in ALIASES.items():
        assert xcert("guide", alias).stdout == xcert("guide", topic).stdout == page(topic) + "\n"
    assert xcert("guide", "没有的").returncode == 2
    assert "xcert guide" in xcert("--help").stdout
