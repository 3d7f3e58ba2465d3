"""Drawing the files of a printed pack in worker processes, ahead of the writer that renames them into place.

:func:`~xcert_adapters.app.pack_files.write_pack` goes through the planned files in order; the files it must draw
(room PDFs, the Excel lists) are independent of each other, so :class:`PackWorkers` hands them all to forked
worker processes at the start, each drawing into the private temporary the writer would have drawn into. The
writer then takes each file's result in its turn (waiting for it if needed) and renames the temporary into place,
so the order of the manifest, of the progress reports and of the combined files' assembly is the serial one.
The PDF renderer is reproducible, so each file holds the bytes the serial run writes (a test compares them).

Workers are forked, so they inherit the planned files (renderer, font, and the documents a file already holds)
rather than unpickle them; a file that builds its documents as it is drawn (a room of the printed pack) reads
storage in the worker, on connections of the worker's own (see :mod:`xcert_adapters.storage.sql.storage`).
A process with more than one thread (the web workbench's server) draws here (see :mod:`xcert_adapters.concurrency`).
A worker that dies (killed, out of memory) costs only speed: its files are drawn here. Opt-in with
``XCERT_WORKERS`` like the other workers (:func:`~xcert_adapters.concurrency.requested_workers`).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from xcert_adapters.concurrency import requested_workers

Draw = Callable[[Path], tuple[int | None, set[str]]]
"""Draws one file at the path it is given; returns its pages (``None`` when not paged) and the characters the
font lacked."""

_JOBS: list[tuple[Draw, Path]] = []
"""The files to draw, for the workers: they are forked after it is filled, so they inherit it."""


def _draw_in_worker(index: int) -> tuple[int | None, set[str]]:
    draw, temporary = _JOBS[index]
    return draw(temporary)


def pack_workers(files: int) -> int:
    """How many processes should draw ``files`` files: :func:`requested_workers`, at most ``files``; 1 means
    here."""
    return 1 if files < 2 else min(requested_workers(), files)


class PackWorkers:
    """``jobs`` (draw, temporary) drawn by ``workers`` forked processes, started at once; :meth:`drawn` gives a
    job's result. With ``workers == 1`` nothing is started and :meth:`drawn` draws. Use as a context manager:
    leaving it stops the workers and removes the temporaries of jobs whose result was never taken."""

    def __init__(self, jobs: Sequence[tuple[Draw, Path]], workers: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[Path, Future[tuple[int | None, set[str]]]] = {}
        if workers < 2 or not jobs:
            return
        _JOBS[:] = jobs  # before the workers are forked (on the first submit)
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        for index, (_, temporary) in enumerate(jobs):
            self._futures[temporary] = self._pool.submit(_draw_in_worker, index)

    def __enter__(self) -> PackWorkers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            _JOBS.clear()
        for temporary in self._futures:  # drawn, or being drawn when the writer stopped: never renamed
            temporary.unlink(missing_ok=True)
        self._futures.clear()

    def drawn(self, draw: Draw, temporary: Path) -> tuple[int | None, set[str]]:
        """The result of drawing into ``temporary``: a worker's, when one was asked to (a worker that died is
        replaced by drawing here), else ``draw(temporary)`` here."""
        future = self._futures.pop(temporary, None)
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                pass
        return draw(temporary)
