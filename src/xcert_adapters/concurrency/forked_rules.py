"""Running the rule families in two processes at once: this one and a forked worker, sharing them out as they go.

A 100,000-row roster spends its time in families whose weight depends on the file: on a clean roster the
identity families are half of it, on one with a pinyin or whitespace fault in every other row the names family
is. So the families are not split in advance. This process runs them from the front of the list, in the order
the report is built; the worker, *forked* after the table is built (it shares the table copy-on-write, and
only the issues come back), takes them from the back. Each claims its next family under one lock, so the two
meet wherever the families' real cost puts the middle. Where ``fork`` is not available (Windows, macOS'
default) or the file is small, everything runs here as before.

The worker is opt-in (``XCERT_WORKERS=2``): it costs CPU of its own (pages copied on write in both processes as
each touches the shared rows), so it pays only when it gets a core nobody else wants. On the shared two-vCPU
machine the benchmark runs on, a 100,000-row check took 3.09 s forked vs 3.19 s serial when the second vCPU was
free, but 0.25-0.35 s *longer* forked when it was not — which the guest cannot see (``/proc/stat`` shows the
vCPU idle while the host gives both together one core's time).

Contract of :func:`split_across_processes`: it returns families to pass to the usual runner
(:func:`xcert_core.roster.checking.check_roster`), which must run them in their order, each once; the results
are exactly the serial ones. A family that raises in the worker raises here, when the runner reaches it; a
worker that dies (killed, out of memory) costs only speed: what it had claimed and not sent is run here.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import SynchronizedArray
from typing import Any

from xcert_adapters.concurrency import requested_workers
from xcert_core.issues import Issue, IssueType
from xcert_core.ports.rules import RuleFamily

PARALLEL_ROWS = 20_000
"""Below this many rows a worker costs more than it saves."""

_FRONT, _BACK = 0, 1


def _claim_back(ends: SynchronizedArray[int]) -> int | None:
    """The worker's next family: the last one nobody has claimed (``None``: none left)."""
    with ends.get_lock():
        if ends[_BACK] <= ends[_FRONT]:
            return None
        ends[_BACK] -= 1
        return int(ends[_BACK])


def _sendable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling both ways, else a :class:`RuntimeError` saying what it was."""
    try:
        pickle.loads(pickle.dumps(error))  # an exception whose __init__ takes other arguments fails to load
    except Exception:  # anything that does not come back whole is described instead
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _work(families: Sequence[RuleFamily], subject: object, ends: SynchronizedArray[int], sender: Connection) -> None:
    """The worker: run families from the back until the two ends meet, sending ``(index, issues, error)`` for
    each. Stops quietly when nobody listens any more (this process gave up on the check)."""
    try:
        while (index := _claim_back(ends)) is not None:
            try:
                found: tuple[int, list[Issue] | None, BaseException | None] = (
                    index, list(families[index].check(subject)), None)
            except Exception as error:  # raised again in the main process, at this family
                found = (index, None, _sendable(error))
            sender.send(found)
    except (BrokenPipeError, EOFError, OSError):
        pass
    finally:
        sender.close()


class FamilyShare:
    """The families shared out between this process (from the front) and one forked worker (from the back).

    Made by :func:`split_across_processes`; :meth:`close` and :meth:`join` end it after the check (or after
    the check failed: the worker then stops at its next family).
    """

    def __init__(self, families: Sequence[RuleFamily], subject: object) -> None:
        context = multiprocessing.get_context("fork")
        self._ends: SynchronizedArray[int] = context.Array("i", [0, len(families)])
        self._receiver, sender = context.Pipe(duplex=False)
        self._process: BaseProcess = context.Process(target=_work, args=(families, subject, self._ends, sender),
                                                     daemon=True)
        self._process.start()  # the process drops its arguments once started: nothing here keeps the table
        sender.close()  # the worker's end: with it closed here, a dead worker is an EOF, not a wait forever
        self._results: dict[int, tuple[int, list[Issue] | None, BaseException | None]] = {}

    def issues(self, index: int, family: RuleFamily, subject: object) -> list[Issue]:
        """The issues of family ``index`` (runners ask in order): run here if the worker has not claimed it,
        else received from the worker (run here after all if the worker died before sending them)."""
        with self._ends.get_lock():
            mine = index < self._ends[_BACK]
            if mine:
                self._ends[_FRONT] = index + 1
        if mine:
            return list(family.check(subject))
        while index not in self._results:
            try:
                found = self._receiver.recv()
            except (EOFError, OSError):
                return list(family.check(subject))
            self._results[found[0]] = found
        _, issues, error = self._results.pop(index)
        if error is not None:
            raise error
        assert issues is not None
        return issues

    def close(self) -> None:
        """Stop listening: a worker still running stops at its next family."""
        with self._ends.get_lock():
            self._ends[_FRONT] = self._ends[_BACK]
        self._receiver.close()

    def join(self) -> None:
        self._process.join()


class _Shared:
    """A family as the runner sees it: its issues come from :meth:`FamilyShare.issues`."""

    def __init__(self, family: RuleFamily, index: int, share: FamilyShare) -> None:
        self.name, self.target = family.name, family.target
        self.issue_types: tuple[IssueType, ...] = family.issue_types
        self._family, self._index, self._share = family, index, share

    def check(self, subject: object) -> list[Issue]:
        return self._share.issues(self._index, self._family, subject)


def can_fork() -> bool:
    """Fork is available, there is a second core, and ``XCERT_WORKERS`` (default 1) asks for 2 or more."""
    return requested_workers() > 1


def split_across_processes(subject: object, rows: int, families: Sequence[RuleFamily],
                           last: frozenset[str]) -> tuple[list[RuleFamily], FamilyShare | None]:
    """The families to run, shared with a forked worker started now when ``subject`` has ``rows`` ≥
    :data:`PARALLEL_ROWS` rows and :func:`can_fork`.

    The families named in ``last`` come last (shared or not, so the report is the same either way): the worker
    starts with them. Returns the share too (``None``: all run here); the caller closes it (``share.close();
    share.join()``) after the check.
    """
    ordered: list[Any] = [f for f in families if f.name not in last] + [f for f in families if f.name in last]
    if rows < PARALLEL_ROWS or len(ordered) < 2 or not can_fork():
        return ordered, None
    share = FamilyShare(ordered, subject)
    return [_Shared(family, index, share) for index, family in enumerate(ordered)], share
