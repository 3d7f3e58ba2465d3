"""Ending the ``xcert`` process without the interpreter's teardown, for commands that left large data behind.

When a command such as ``xcert students check`` ends, the roster it read (a million cells, a hundred thousand
rows and their rule caches) is still referenced by the command's frame, held by the ``SystemExit`` on its way
out. The interpreter then frees every one of those objects before the process ends: 75 ms of a 2.4 s check of
100,000 rows, for memory the operating system takes back at once anyway. mypy ends its process the same way.

A command that has written everything it writes calls :func:`allow_quick_exit`; the console script
(:func:`xcert_adapters.cli.app.main` called without arguments) then ends the process with :func:`quick_exit`:
the exit handlers run (``atexit``: logging, multiprocessing, temporary files, coverage, a caller's own), the
standard streams are flushed, and :func:`os._exit` skips the freeing. Nothing else changes: not the exit code,
not the output. When another non-daemon thread is still running, or ``main`` was given arguments (a test, an
embedding program calling it in its own process), the process ends as usual.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn

_allowed = False


def allow_quick_exit() -> None:
    """Say that this command has written and closed everything it writes: the process may end without freeing
    what it built. Has an effect only in the console script, on its way out."""
    global _allowed  # noqa: PLW0603 — one flag for the one process
    _allowed = True


def quick_exit_allowed() -> bool:
    """The running command allowed a quick exit, and no other non-daemon thread is running."""
    others = [thread for thread in threading.enumerate()
              if thread is not threading.main_thread() and not thread.daemon and thread.is_alive()]
    return _allowed and not others


def exit_status(code: object) -> int:
    """The process exit status of ``SystemExit(code)``, as the interpreter makes it (a text is printed to
    stderr and gives 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def quick_exit(code: object) -> NoReturn:
    """End the process as ``SystemExit(code)`` would, without freeing its objects: the exit handlers, the
    streams flushed, then :func:`os._exit`."""
    status = exit_status(code)
    atexit._run_exitfuncs()  # what a normal exit runs first; clears them, so none runs twice
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: a normal exit cannot flush it either
            stream.flush()
    os._exit(status)
