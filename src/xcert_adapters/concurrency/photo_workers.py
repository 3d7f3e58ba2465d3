"""Measuring a zip's photos on more than one core, the findings in the order the serial check gives them.

Decoding is per photo (``xcert_adapters.photos.imaging.measure``: bytes in, :class:`~xcert_core.photos.PhotoFacts`
out, never raising) and is most of a check's time; the checker itself must see the entries in zip order, because
the report lists them in the order it was given them. :class:`PhotoFeed` keeps that order: every call for an entry
goes into one queue, photos are sent to the worker processes :data:`BATCH` at a time (one round trip per batch:
sent one by one, the pool's pickling and queues cost as much as a second core gains), and the queue is given to
the checker from its head as soon as the head is ready. At most :data:`WINDOW_PER_WORKER` photos per worker are
in flight, so memory stays flat in the number of photos. Measured (``benchmarks/bench_photos_check.py``, 10,000
photos, two workers on two vCPUs): 1.57x the one-core rate; 1.06x when the photos were sent one by one.

The workers are opt-in, like the roster's (``XCERT_WORKERS=2``, see :mod:`.forked_rules`): on a shared two-vCPU
machine a second process pays only when the second vCPU is really free. Without ``fork``, with one core, or below
:data:`PARALLEL_PHOTOS` entries, :class:`PhotoFeed` measures here, in order, as the serial check always did.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from xcert_adapters.concurrency import requested_workers
from xcert_core.photos.checking import PhotoChecker, PhotoFacts

PARALLEL_PHOTOS = 400
"""Below this many zip entries the worker processes cost more than they save."""

BATCH = 16
"""Photos sent to a worker at once: one round trip (pickling, the pool's queues) per batch rather than per photo."""

WINDOW_PER_WORKER = 3 * BATCH
"""Photos in flight per worker: enough to keep it busy, few enough to keep memory flat."""

Measure = Callable[[bytes, "str | None", int], PhotoFacts]

_STATE: dict[str, Measure] = {}
"""The measuring function, for the workers: they are forked, so they inherit it rather than unpickle it."""


def _measure_in_worker(photos: list[tuple[bytes, str | None]], max_pixels: int) -> list[PhotoFacts]:
    measure = _STATE["measure"]
    return [measure(data, fmt, max_pixels) for data, fmt in photos]


def photo_workers(entries: int) -> int:
    """How many processes should measure the photos of a zip of ``entries`` entries: ``XCERT_WORKERS`` (default 1,
    at most the number of cores) when ``fork`` is available and the zip has at least :data:`PARALLEL_PHOTOS`
    entries; otherwise 1, meaning here."""
    count = requested_workers()
    return 1 if entries < PARALLEL_PHOTOS else count


class _Batch:
    """Photos measured together: their bytes and formats, and the worker's answer once sent."""

    def __init__(self) -> None:
        self.photos: list[tuple[bytes, str | None]] = []
        self.future: Future[list[PhotoFacts]] | None = None


class PhotoFeed:
    """The calls for a zip's entries, given to ``checker`` in the order they are made; photos measured by
    ``measure`` here (``workers == 1``) or in ``workers`` forked processes, :data:`BATCH` at a time. Use as a
    context manager: leaving it gives the checker everything still queued (or, on an error, stops the workers)."""

    def __init__(self, checker: PhotoChecker, measure: Measure, max_pixels: int, workers: int = 1) -> None:
        self._checker, self._measure, self._max_pixels = checker, measure, max_pixels
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            _STATE["measure"] = measure  # before the workers are forked (on the first batch)
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        self._window = workers * WINDOW_PER_WORKER
        self._queue: deque[tuple[_Batch | None, int, tuple[Any, ...], dict[str, Any]]] = deque()
        self._filling: _Batch | None = None
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
        if self._pool is None and not self._queue:
            self._checker.entry(*args, **kwargs)
            return
        self._queue.append((None, 0, args, kwargs))
        self._give(everything=False)

    def photo(self, name: str, data: bytes, fmt: str | None, *, key: int | None = None) -> None:
        """:meth:`PhotoChecker.photo` with the facts ``measure`` finds in ``data``, in its turn."""
        if self._pool is None and not self._queue:
            self._checker.photo(name, self._measure(data, fmt, self._max_pixels), key=key)
            return
        if self._filling is None:
            self._filling = _Batch()
        batch = self._filling
        batch.photos.append((data, fmt))
        self._queue.append((batch, len(batch.photos) - 1, (name,), {"key": key}))
        self._in_flight += 1
        if len(batch.photos) == BATCH:
            self._send()
        self._give(everything=False)

    def _send(self) -> None:
        """Send the batch being filled to a worker (when the pool still works; else it is measured here)."""
        batch, self._filling = self._filling, None
        if batch is None or self._pool is None:
            return
        try:
            batch.future = self._pool.submit(_measure_in_worker, batch.photos, self._max_pixels)
        except BrokenProcessPool:  # a worker died: this batch and every later photo are measured here
            self._pool.shutdown()
            self._pool = None

    def _facts(self, batch: _Batch, index: int) -> PhotoFacts:
        if batch.future is not None:
            try:
                return batch.future.result()[index]
            except BrokenProcessPool:  # a worker died (killed, out of memory): measure this one here
                batch.future = None
        data, fmt = batch.photos[index]
        return self._measure(data, fmt, self._max_pixels)

    def _give(self, *, everything: bool) -> None:
        """Give the checker the queue's head while it is ready; wait for it when ``everything`` or when the window
        is full (sending the batch being filled first)."""
        while self._queue:
            batch, index, args, kwargs = self._queue[0]
            if batch is not None:
                waiting = batch.future is not None and not batch.future.done()
                unsent = batch.future is None and batch is self._filling
                if (waiting or unsent) and not everything and self._in_flight < self._window:
                    return
                if unsent:
                    self._send()
            self._queue.popleft()
            if batch is None:
                self._checker.entry(*args, **kwargs)
                continue
            self._in_flight -= 1
            self._checker.photo(args[0], self._facts(batch, index), **kwargs)
