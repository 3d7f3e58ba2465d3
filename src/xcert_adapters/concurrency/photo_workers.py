"""Measuring a zip's photos on more than one core, the findings in the order the serial check gives them.

Decoding is per photo (``xcert_adapters.photos.imaging.measure``: bytes in, :class:`~xcert_core.photos.PhotoFacts`
out, never raising) and is most of a check's time; the checker itself must see the entries in zip order, because
the report lists them in the order it was given them. :class:`PhotoFeed` keeps that order: every call for an entry
goes into one queue, a photo's measuring is started in a worker process at once, and the queue is given to the
checker from its head as soon as the head is ready. At most :data:`WINDOW_PER_WORKER` photos per worker are in
flight, so memory stays flat in the number of photos.

The workers are opt-in, like the roster's (``XCERT_WORKERS=2``, see :mod:`.forked_rules`): on a shared two-vCPU
machine a second process pays only when the second vCPU is really free. Without ``fork``, with one core, or below
:data:`PARALLEL_PHOTOS` entries, :class:`PhotoFeed` measures here, in order, as the serial check always did.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from xcert_core.photos.checking import PhotoChecker, PhotoFacts

PARALLEL_PHOTOS = 400
"""Below this many zip entries the worker processes cost more than they save."""

WINDOW_PER_WORKER = 16
"""Photos in flight per worker: enough to keep it busy, few enough to keep memory flat."""

Measure = Callable[[bytes, "str | None", int], PhotoFacts]

_STATE: dict[str, Measure] = {}
"""The measuring function, for the workers: they are forked, so they inherit it rather than unpickle it."""


def _measure_in_worker(data: bytes, fmt: str | None, max_pixels: int) -> PhotoFacts:
    return _STATE["measure"](data, fmt, max_pixels)


def photo_workers(entries: int) -> int:
    """How many processes should measure the photos of a zip of ``entries`` entries: ``XCERT_WORKERS`` (default 1,
    at most the number of cores) when ``fork`` is available and the zip has at least :data:`PARALLEL_PHOTOS`
    entries; otherwise 1, meaning here."""
    wanted = os.environ.get("XCERT_WORKERS", "1").strip()
    count = min(int(wanted), os.cpu_count() or 1) if wanted.isdigit() else 1
    if count < 2 or entries < PARALLEL_PHOTOS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return count


class PhotoFeed:
    """The calls for a zip's entries, given to ``checker`` in the order they are made; photos measured by
    ``measure`` here (``workers == 1``) or in ``workers`` forked processes. Use as a context manager: leaving it
    gives the checker everything still queued (or, on an error, stops the workers)."""

    def __init__(self, checker: PhotoChecker, measure: Measure, max_pixels: int, workers: int = 1) -> None:
        self._checker, self._measure, self._max_pixels = checker, measure, max_pixels
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            _STATE["measure"] = measure  # before the workers are forked (on the first photo)
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        self._window = workers * WINDOW_PER_WORKER
        self._queue: deque[tuple[Future[PhotoFacts] | None, tuple[Any, ...], dict[str, Any]]] = deque()
        self._in_flight = 0

    def __enter__(self) -> PhotoFeed:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if error is None:
                self._give(everything=True)
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=error is not None)
                _STATE.clear()

    def entry(self, *args: Any, **kwargs: Any) -> None:
        """:meth:`PhotoChecker.entry`, in its turn."""
        if self._pool is None:
            self._checker.entry(*args, **kwargs)
            return
        self._queue.append((None, args, kwargs))
        self._give(everything=False)

    def photo(self, name: str, data: bytes, fmt: str | None, *, key: int | None = None) -> None:
        """:meth:`PhotoChecker.photo` with the facts ``measure`` finds in ``data``, in its turn."""
        if self._pool is None:
            self._checker.photo(name, self._measure(data, fmt, self._max_pixels), key=key)
            return
        try:
            future = self._pool.submit(_measure_in_worker, data, fmt, self._max_pixels)
        except BrokenProcessPool:  # a worker died: the rest is measured here, the queue first
            self._give(everything=True)
            self._pool.shutdown()
            self._pool = None
            self._checker.photo(name, self._measure(data, fmt, self._max_pixels), key=key)
            return
        self._queue.append((future, (name, data, fmt), {"key": key}))
        self._in_flight += 1
        self._give(everything=False)

    def _give(self, *, everything: bool) -> None:
        """Give the checker the queue's head while it is ready; wait for it when ``everything`` or when the window
        is full."""
        while self._queue:
            future, args, kwargs = self._queue[0]
            if future is not None and not future.done() and not everything and self._in_flight < self._window:
                return
            self._queue.popleft()
            if future is None:
                self._checker.entry(*args, **kwargs)
                continue
            self._in_flight -= 1
            name, data, fmt = args
            try:
                facts = future.result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): measure this one here
                facts = self._measure(data, fmt, self._max_pixels)
            self._checker.photo(name, facts, **kwargs)
