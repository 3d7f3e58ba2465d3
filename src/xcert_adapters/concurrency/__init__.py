"""Using the other cores where it pays: rule families in a forked worker, photos measured and pack files drawn in
worker processes. All of it is opt-in through ``XCERT_WORKERS`` (see :func:`requested_workers`).

Every worker is forked, and a fork copies the locks other threads hold at that moment, held for ever in the
child. So a process running other threads (the web workbench's server, a job worker) works alone, whatever
``XCERT_WORKERS`` says; the command line's progress bars draw without a thread of their own, so they never stand
in the way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Mapping


def requested_workers(env: Mapping[str, str] | None = None) -> int:
    """The processes ``XCERT_WORKERS`` asks for (default 1, at most the number of cores); 1 when ``fork`` is not
    available, since the workers inherit what they need rather than unpickle it, and 1 while this process runs
    another thread (see the module docstring)."""
    wanted = (os.environ if env is None else env).get("XCERT_WORKERS", "1").strip()
    count = min(int(wanted), os.cpu_count() or 1) if wanted.isdigit() else 1
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return count
