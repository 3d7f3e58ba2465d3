"""Drawing the files of a printed pack in worker processes, ahead of the writer that renames them into place.

:func:`~xcert_adapters.app.pack_files.write_pack` goes through the planned files in order; the files it must draw
(room PDFs, the Excel lists) are independent of each other, so :class:`PackWorkers` hands them to forked worker
processes, in order and a few ahead of the writer (:data:`AHEAD` per worker), each drawing into the private
temporary the writer would have drawn into. The writer takes each file's result in its turn (waiting for it if
needed) and renames the temporary into place, so the order of the manifest, of the progress reports and of the
combined files' assembly is the serial one. The PDF renderer is reproducible, so each file holds the bytes the
serial run writes (a test compares them).

Workers are forked, so they inherit the planned files (renderer, font, and the documents a writer already holds)
rather than unpickle them. A writer that builds its documents only when it draws (a room of the printed pack,
built from storage room by room so that memory stays flat) offers them through :class:`Prepared`: they are built
here as its job is handed out and sent to the worker with it, so no worker reads storage and no more than those
few rooms' documents exist at once.

Forking a process that runs other threads can copy a lock another thread holds, so a process with more than one
thread (the web workbench's server) draws here. A worker that dies (killed, out of memory) costs only speed:
its files, and those not handed out yet, are drawn here. Opt-in with ``XCERT_WORKERS`` like the other workers
(:func:`~xcert_adapters.concurrency.requested_workers`).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from xcert_adapters.concurrency import requested_workers

Draw = Callable[[Path], tuple[int | None, set[str]]]
"""Draws one file at the path it is given; returns its pages (``None`` when not paged) and the characters the
font lacked."""

AHEAD = 2
"""Jobs handed to the workers ahead of the one the writer waits for, per worker."""


@runtime_checkable
class Prepared(Protocol):
    """A draw that can be split in two: :meth:`prepare` (here: build what it draws, as picklable data) and
    :meth:`draw_prepared` (in a worker: draw that data into the path). Calling it does both."""

    def __call__(self, path: Path) -> tuple[int | None, set[str]]: ...

    def prepare(self) -> Any: ...

    def draw_prepared(self, prepared: Any, path: Path) -> tuple[int | None, set[str]]: ...


_JOBS: list[tuple[Draw, Path]] = []
"""The files to draw, for the workers: they are forked after it is filled, so they inherit it."""


def _draw_in_worker(index: int, prepared: Any = None) -> tuple[int | None, set[str]]:
    draw, temporary = _JOBS[index]
    if isinstance(draw, Prepared):
        return draw.draw_prepared(prepared, temporary)
    return draw(temporary)


def pack_workers(files: int) -> int:
    """How many processes should draw ``files`` files: :func:`requested_workers` (at most ``files``) when this
    process runs no other thread; 1, meaning here, otherwise."""
    if files < 2 or threading.active_count() > 1:
        return 1
    return min(requested_workers(), files)


class PackWorkers:
    """``jobs`` (draw, temporary) drawn by ``workers`` forked processes; :meth:`drawn` gives a job's result. Jobs
    are handed out in order, :data:`AHEAD` per worker ahead of the one asked for (a :class:`Prepared` draw is
    prepared here as it is handed out); a draw whose ``here_only`` attribute is true (it reads storage as it
    draws) is drawn here, when its result is asked for. With ``workers == 1`` nothing is started and
    :meth:`drawn` draws. Use as a context manager: leaving it stops the workers and removes the temporaries of
    jobs whose result was never taken."""

    def __init__(self, jobs: Sequence[tuple[Draw, Path]], workers: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[Path, Future[tuple[int | None, set[str]]]] = {}
        self._jobs = [job for job in jobs if not getattr(job[0], "here_only", False)]
        self._order = {temporary: index for index, (_, temporary) in enumerate(self._jobs)}
        self._handed = 0
        self._ahead = AHEAD * workers
        if workers < 2 or not self._jobs:
            return
        _JOBS[:] = self._jobs  # before the workers are forked (on the first submit)
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        self._hand_out(self._ahead)

    def _hand_out(self, until: int) -> None:
        """Submit the jobs not yet handed out, up to (not including) job number ``until``."""
        while self._pool is not None and self._handed < min(until, len(self._jobs)):
            draw, temporary = self._jobs[self._handed]
            prepared = draw.prepare() if isinstance(draw, Prepared) else None
            try:
                self._futures[temporary] = self._pool.submit(_draw_in_worker, self._handed, prepared)
            except BrokenProcessPool:  # a worker died: the jobs not handed out yet are drawn here
                self._handed = len(self._jobs)
                return
            self._handed += 1

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
        index = self._order.get(temporary)
        if self._pool is not None and index is not None:
            self._hand_out(index + 1 + self._ahead)
        future = self._futures.pop(temporary, None)
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                pass
        return draw(temporary)
