"""The one way the tests run the ``xcert`` command: a child process started as a user starts it (the console
script's ``main``), so exit codes, stderr and the masking of every printed line are the real ones.

``plugins=False`` runs without third-party plug-ins (``XCERT_DISABLE_PLUGINS=*``), as the tests of the core's own
rules do. Every run is recorded by the session's CLI trace (``conftest.py``), which
``cli/test_every_option_is_run.py`` reads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

XCERT = [sys.executable, "-c", "from xcert_adapters.cli import main; main()"]
"""The command line that starts ``xcert`` in this interpreter."""


def run_xcert(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
              plugins: bool = True, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``xcert ARGS`` to completion and return what it printed and its exit code (never raises for a
    non-zero exit)."""
    extra = {**({} if plugins else {"XCERT_DISABLE_PLUGINS": "*"}), **(env or {})}
    return subprocess.run([*XCERT, *map(str, args)], capture_output=True, text=True, timeout=timeout, check=False,
                          cwd=cwd, input=stdin, env={**os.environ, **extra})


def xcert(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``xcert ARGS`` with the installed plug-ins: :func:`run_xcert` in the form most test modules use."""
    return run_xcert(*args, env=env)
