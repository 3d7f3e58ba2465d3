"""The demo school for tests that need one: ``xcert demo --students 40`` runs once per test process (the
``demo_master`` fixture in ``conftest.py``) and each module takes a copy."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_demo(master: Path, target: Path) -> Path:
    """A copy of the demo workspace at ``target`` (modes kept: private files stay private; its paths are relative,
    so the copy is the same workspace)."""
    shutil.copytree(master, target)
    return target
