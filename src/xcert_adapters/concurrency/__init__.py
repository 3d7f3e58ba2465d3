"""Using the other cores where it pays: rule families in a forked worker, photos measured and pack files drawn in
worker processes. All of it is opt-in through ``XCERT_WORKERS`` (see :func:`requested_workers`)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping


def requested_workers(env: Mapping[str, str] | None = None) -> int:
    """The processes ``XCERT_WORKERS`` asks for (default 1, at most the number of cores); 1 when ``fork`` is not
    available, since the workers inherit what they need rather than unpickle it."""
    wanted = (os.environ if env is None else env).get("XCERT_WORKERS", "1").strip()
    count = min(int(wanted), os.cpu_count() or 1) if wanted.isdigit() else 1
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return count
