"""Running the rule families in two processes at once: this one and a forked worker, sharing them out as they go.

A 100,000-row roster spends its time in families whose weight depends on the file: on a clean roster the
identity families are half of it, on one with a pinyin or whitespace fault in every other row the names family
is. So the families are not split in advance. This process runs them from the front of the list, in the order
the report is built; the worker, *forked* after the table is built (it shares the table copy-on-write, and
only the issues come back), takes them from the back. Each claims its next family under one lock, so the two
meet wherever the families' real cost puts the middle. Where ``fork`` is not available (Windows, macOS'
default) or the file is small, everything runs here as before.

The worker is opt-in (``XCERT_WORKERS=2``): it costs CPU of its own (pages copied on write in both processes as
each touches the shared rows), so it pays only when it gets a core nobody else wants. With the second vCPU of
the benchmark machine free, whole ``xcert students check`` runs of 100,000 rows took 2.80 → 2.55 s (clean),
3.09 → 2.74 s (every ID type) and 4.21 → 3.78 s (faults in half the rows); on a shared host the same run can
take *longer* forked when the host gives both vCPUs together one core's time, which the guest cannot see
(``/proc/stat`` shows the vCPU idle).

Contract of :func:`split_across_processes`: it returns families to pass to the usual runner
(:func:`xcert_core.roster.checking.check_roster`), which must run them in their order, each once; the results
are exactly the serial ones. A family that raises in the worker raises here, when the runner reaches it; a
worker that dies (killed, out of memory) costs only speed: what it had claimed and not sent is run here.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import threading
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


def _claim_back(ends: SynchronizedArray[int], first: Sequence[int]) -> range:
    """The worker's next families: the last bundle nobody has claimed (``first[i]`` is the first family of
    family ``i``'s bundle); empty when none is left."""
    with ends.get_lock():
        back = ends[_BACK]
        if back <= ends[_FRONT]:
            return range(0)
        ends[_BACK] = first[back - 1]  # bundles are claimed whole: the front is never inside one
        return range(first[back - 1], back)


def _sendable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling both ways, else a :class:`RuntimeError` saying what it was."""
    try:
        pickle.loads(pickle.dumps(error))  # an exception whose __init__ takes other arguments fails to load
    except Exception:  # anything that does not come back whole is described instead
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _work(families: Sequence[RuleFamily], subject: object, ends: SynchronizedArray[int], first: Sequence[int],
          sender: Connection) -> None:
    """The worker: run families from the back, a bundle at a time, until the two ends meet, sending ``(index,
    issues, error)`` for each family. Stops quietly when nobody listens any more (this process gave up on the check).

    The results are sent by a thread of the worker's own, so the worker claims its next family at once: a
    family with many issues fills the pipe, and this process reads it only when its runner reaches that family
    (the last one, often), so a worker that sent them itself would wait there while this process took what was
    left (found on a clean 100,000-row roster: the worker sat out 0.3 s of a 0.75 s check)."""
    outbox: queue.SimpleQueue[tuple[int, list[Issue] | None, BaseException | None] | None] = queue.SimpleQueue()
    posting = threading.Thread(target=_post, args=(outbox, sender), daemon=True)
    posting.start()
    try:
        while claimed := _claim_back(ends, first):
            for index in claimed:
                try:
                    found: tuple[int, list[Issue] | None, BaseException | None] = (
                        index, list(families[index].check(subject)), None)
                except Exception as error:  # raised again in the main process, at this family
                    found = (index, None, _sendable(error))
                outbox.put(found)
    finally:
        outbox.put(None)
        posting.join()


def _post(outbox: queue.SimpleQueue[tuple[int, list[Issue] | None, BaseException | None] | None],
          sender: Connection) -> None:
    """The worker's sending thread: send what ``outbox`` gives until ``None``, then close ``sender``; once
    nobody listens, the rest is dropped."""
    listening = True
    try:
        while (found := outbox.get()) is not None:
            if listening:
                try:
                    sender.send(found)
                except (BrokenPipeError, EOFError, OSError):
                    listening = False
    finally:
        sender.close()


class FamilyShare:
    """The families shared out between this process (from the front) and one forked worker (from the back).

    The last ``together`` families are one bundle, claimed whole by whichever process reaches it first: families
    that share a per-process cache (the identity and enrolment families share every row's ID verdict, which is
    most of their cost) would otherwise each compute it, one in each process, when the two ends meet between
    them. Every other family is a bundle of its own.

    Made by :func:`split_across_processes`; :meth:`close` and :meth:`join` end it after the check (or after
    the check failed: the worker then stops at its next family).
    """

    def __init__(self, families: Sequence[RuleFamily], subject: object, together: int = 1) -> None:
        context = multiprocessing.get_context("fork")
        count = len(families)
        bundled = max(count - max(together, 1), 0)  # the first family of the last bundle
        first = [index if index < bundled else bundled for index in range(count)]
        self._after = [index + 1 if index < bundled else count for index in range(count)]
        self._ends: SynchronizedArray[int] = context.Array("i", [0, count])
        self._receiver, sender = context.Pipe(duplex=False)
        self._process: BaseProcess = context.Process(target=_work, args=(families, subject, self._ends, first,
                                                                         sender), daemon=True)
        self._process.start()  # the process drops its arguments once started: nothing here keeps the table
        sender.close()  # the worker's end: with it closed here, a dead worker is an EOF, not a wait forever
        self._results: dict[int, tuple[int, list[Issue] | None, BaseException | None]] = {}

    def issues(self, index: int, family: RuleFamily, subject: object) -> list[Issue]:
        """The issues of family ``index`` (runners ask in order): run here if the worker has not claimed it,
        else received from the worker (run here after all if the worker died before sending them)."""
        with self._ends.get_lock():
            mine = index < self._ends[_BACK]
            if mine:
                self._ends[_FRONT] = max(self._ends[_FRONT], self._after[index])
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

    The families named in ``last`` come last (shared or not, so the report is the same either way), as one
    bundle (see :class:`FamilyShare`): the worker starts with them. Returns the share too (``None``: all run
    here); the caller closes it (``share.close(); share.join()``) after the check.
    """
    ordered: list[Any] = [f for f in families if f.name not in last] + [f for f in families if f.name in last]
    if rows < PARALLEL_ROWS or len(ordered) < 2 or not can_fork():
        return ordered, None
    share = FamilyShare(ordered, subject, together=sum(family.name in last for family in families))
    return [_Shared(family, index, share) for index, family in enumerate(ordered)], share
