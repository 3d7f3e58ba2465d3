"""Every ``xcert`` command and option is run by at least one test (#25 item 5).

The session sets ``XCERT_CLI_TRACE`` (``conftest.py``): each ``xcert`` the tests start records the command it ran
and the options given on its command line (:mod:`xcert_adapters.cli.trace`). ``conftest.py`` puts this module's
test after every other test of the session: it lists the click commands and options and fails naming each one
no test ran. It is skipped when the session runs only part of the suite (a file, ``-k``, ``--lf``): then most
commands are simply not run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import pytest

from xcert_adapters.cli.app import cli
from xcert_adapters.cli.trace import TRACE_VARIABLE

TESTS = Path(__file__).parents[1]


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


def whole_suite(session: pytest.Session) -> bool:
    """Whether this session runs every test module of the suite (each module defining a test), unfiltered by
    ``-k``, ``-m``, ``--deselect`` or ``--lf``."""
    modules = {path.name for path in TESTS.rglob("test_*.py") if "\ndef test_" in path.read_text(encoding="utf-8")}
    collected = {Path(str(item.fspath)).name for item in session.items}
    config = session.config
    filtered = any(config.getoption(name, default=None) for name in ("keyword", "markexpr", "deselect", "lf"))
    return modules <= collected and not filtered


def test_every_command_and_option_is_run_by_a_test(request: pytest.FixtureRequest) -> None:
    if not whole_suite(request.session):
        pytest.skip("only part of the suite ran: run the whole suite to check which commands and options it runs")
    ran, every = traced(), commands_and_options()
    missing_commands = sorted(path for path in every if path not in ran)
    missing_options = sorted(f"xcert {path} {flag}".replace("  ", " ") for path, options in every.items()
                             if path in ran for name, flag in options.items() if name not in ran[path])
    assert not missing_commands, f"commands no test runs: {missing_commands}"
    assert not missing_options, f"options no test gives: {missing_options}"
