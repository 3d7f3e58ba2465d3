"""The workspace a server serves: opened afresh (and closed) by each request, in the thread that handles it."""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from xcert_adapters.workspace import Workspace
from xcert_core.plugins import XcertPlugins


@frozen
class Served:
    """The workspace folder and the plug-ins loaded once at start."""

    root: Path
    plugins: XcertPlugins

    def workspace(self) -> Workspace:
        """The workspace, opened for one request (use it as a context manager: the storage closes after)."""
        return Workspace.open(self.root, env={}, plugins=self.plugins)
