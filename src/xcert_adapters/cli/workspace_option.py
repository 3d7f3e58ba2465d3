"""The workspace a command works in: ``xcert --workspace DIR …``, ``$XCERT_WORKSPACE``, or the nearest
``xcert.toml`` at or above the current folder."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from xcert_adapters.workspace import Workspace


def current_workspace() -> Workspace:
    """Open the command's workspace (closed when the command ends); exit 2 with advice when there is none."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    explicit: Path | None = (root.obj or {}).get("workspace")
    workspace = Workspace.open(explicit)
    ctx.call_on_close(workspace.close)
    return workspace


def login_name(fallback: str = "xcert") -> str:
    """Who runs the command, for audit and verification records: the login name, else ``fallback`` (some
    containers have none)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return fallback
