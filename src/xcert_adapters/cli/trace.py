"""A record of which commands and options ran, for the test suite's check that every one of them is run by a test.

When the environment names a folder in :data:`TRACE_VARIABLE`, :func:`install_if_requested` makes every click
command invocation append one JSON line to a file of its own process in that folder: the command's path (``rooms
edit``) and the options given on the command line (not those left at their defaults). Nothing is recorded
otherwise, and nothing a user types is kept beyond the option names. The test suite sets the variable for the
whole session; ``tests/cli/test_every_option_is_run.py`` reads the lines back.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

TRACE_VARIABLE = "XCERT_CLI_TRACE"


def install_if_requested() -> None:
    """Wrap :meth:`click.Command.invoke` to record each invocation, when :data:`TRACE_VARIABLE` is set."""
    folder = os.environ.get(TRACE_VARIABLE)
    if not folder or getattr(click.Command.invoke, "_xcert_traced", False):
        return
    out = Path(folder) / f"{os.getpid()}.jsonl"
    original = click.Command.invoke

    def invoke(self: click.Command, ctx: click.Context) -> Any:
        given = sorted(param.name for param in self.params if isinstance(param, click.Option) and param.name
                       and ctx.get_parameter_source(param.name) is ParameterSource.COMMANDLINE)
        path = ctx.command_path.split(" ", 1)[1] if " " in ctx.command_path else ""
        with out.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps({"command": path, "options": given}, ensure_ascii=False) + "\n")
        return original(self, ctx)

    invoke._xcert_traced = True  # type: ignore[attr-defined]
    click.Command.invoke = invoke  # type: ignore[method-assign]
