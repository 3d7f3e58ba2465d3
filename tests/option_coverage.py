"""Which ``xcert`` commands and options the session's tests ran (#25 item 5), from the CLI trace
(:mod:`xcert_adapters.cli.trace`): used by ``cli/test_every_option_is_run.py`` in a serial run, and by
``conftest.py`` at the end of a parallel one (pytest-xdist), when every worker has finished."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from xcert_adapters.cli.app import cli
from xcert_adapters.cli.trace import TRACE_VARIABLE


def commands_and_options(group: click.Group = cli) -> dict[str, dict[str, str]]:
    """Every command path (``""`` for ``xcert`` itself, ``rooms edit``) and its options: name -> the flag."""
    found: dict[str, dict[str, str]] = {}

    def walk(command: click.Command, path: str, ctx: click.Context) -> None:
        found[path] = {p.name: p.opts[0] for p in command.params  # not --help, --version: they exit when parsed
                       if isinstance(p, click.Option) and p.name and p.expose_value}
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, f"{path} {name}".strip(), click.Context(sub, parent=ctx, info_name=name))

    walk(group, "", click.Context(group, info_name="xcert"))
    return found


def traced() -> dict[str, set[str]]:
    """What the session's ``xcert`` runs recorded: each command path and the options given to it."""
    ran: dict[str, set[str]] = {}
    for file in Path(os.environ[TRACE_VARIABLE]).glob("*.jsonl"):
        for line in file.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            ran.setdefault(entry["command"], set()).update(entry["options"])
    return ran


def not_run() -> tuple[list[str], list[str]]:
    """The commands no test ran, and the options (``xcert rooms edit --seats``) no test gave."""
    ran, every = traced(), commands_and_options()
    commands = sorted(path for path in every if path not in ran)
    options = sorted(f"xcert {path} {flag}".replace("  ", " ") for path, options in every.items()
                     if path in ran for name, flag in options.items() if name not in ran[path])
    return commands, options
