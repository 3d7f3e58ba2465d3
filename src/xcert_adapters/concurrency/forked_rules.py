"""Running some rule families in a forked worker while the others run here.

A 100,000-row roster spends about as long in the identity families as in the names and other families; on a
machine with two cores the two halves can run at once. The worker is *forked* after the table is built, so
it shares the table copy-on-write and nothing large is pickled: only the issues come back. Where ``fork`` is
not available (Windows, macOS' default) or the file is small, everything runs here as before.

The worker is opt-in (``XCERT_WORKERS=2``): it costs about half its families' time again in CPU (pages copied on
write in both processes as each touches the shared rows, the pool), so it pays only when it gets a core nobody
else wants. On the shared two-vCPU machine the benchmark runs on, a 100,000-row check took 3.09 s forked vs
3.19 s serial when the second vCPU was free, but 0.25-0.35 s *longer* forked when it was not — which the guest
cannot see (``/proc/stat`` shows the vCPU idle while the host gives both together one core's time).

Contract of :func:`split_across_processes`: it returns families to pass to the usual runner
(:func:`xcert_core.roster.checking.check_roster`) in the same order; the results are exactly the serial ones.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from xcert_adapters.concurrency import requested_workers
from xcert_core.issues import Issue, IssueType
from xcert_core.ports.rules import RuleFamily

PARALLEL_ROWS = 20_000
"""Below this many rows a worker costs more than it saves."""

_STATE: dict[str, Any] = {}


def _run_in_worker(indices: list[int]) -> list[list[Issue]]:
    families: Sequence[RuleFamily] = _STATE["families"]
    subject = _STATE["subject"]
    return [list(families[index].check(subject)) for index in indices]


class _FromWorker:
    """A family whose issues the worker computes; :meth:`check` waits for them."""

    def __init__(self, family: RuleFamily, result: AsyncResult[list[list[Issue]]], slot: int) -> None:
        self.name, self.target = family.name, family.target
        self.issue_types: tuple[IssueType, ...] = family.issue_types
        self._result, self._slot = result, slot

    def check(self, subject: object) -> list[Issue]:
        return self._result.get()[self._slot]


def can_fork() -> bool:
    """Fork is available, there is a second core, and ``XCERT_WORKERS`` (default 1) asks for 2 or more."""
    return requested_workers() > 1


def split_across_processes(subject: object, rows: int, families: Sequence[RuleFamily],
                           offload: frozenset[str]) -> tuple[list[RuleFamily], Pool | None]:
    """The families to run, with those named in ``offload`` computed by a forked worker started now.

    The offloaded families come last (forked or not, so the report is the same either way): the ones that
    run here are done by the time the worker's results are needed. Returns the pool too: the caller closes
    it (``pool.close(); pool.join()``) after the check.
    """
    families = [f for f in families if f.name not in offload] + [f for f in families if f.name in offload]
    chosen = [n for n, family in enumerate(families) if family.name in offload]
    if rows < PARALLEL_ROWS or not chosen or len(chosen) == len(families) or not can_fork():
        return families, None
    _STATE.update(families=families, subject=subject)
    pool = multiprocessing.get_context("fork").Pool(1)
    result = pool.apply_async(_run_in_worker, (chosen,))
    _STATE.clear()  # the worker has its own copy now; do not keep the table alive here
    wrapped: list[RuleFamily] = families
    for slot, index in enumerate(chosen):
        wrapped[index] = _FromWorker(families[index], result, slot)
    return wrapped, pool
