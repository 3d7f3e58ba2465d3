"""Running the rule families in two processes at once: this one and a forked worker, sharing them out as they go.

A 100,000-row roster spends its time in families whose weight depends on the file: on a clean roster the
identity families are half of it, on one with a pinyin or whitespace fault in every other row the names family
is. So the families are not split in advance. This process runs them from the front of the list, in the order
the report is built; the worker, *forked* after the table is built (it shares the table copy-on-write, and
only the issues come back), takes them from the back. Each claims its next family under one lock, so the two
meet wherever the families' real cost puts the middle. Where ``fork`` is not available (Windows, macOS'
default) or the file is small, everything runs here as before.

The worker is opt-in (``XCERT_WORKERS=2``): it costs CPU of its own (it reads the file again, or touches the
shared rows and so copies their pages), so it pays only when it gets a core nobody else wants. With the second
vCPU of the benchmark machine free, whole ``xcert students check`` runs of 100,000 rows took 2.75 → 2.2 s
(clean), 3.1 → 2.4 s (every ID type) and 4.3 → 3.6 s (faults in half the rows); on a shared host the same run can
take *longer* forked when the host gives both vCPUs together one core's time, which the guest cannot see
(``/proc/stat`` shows the vCPU idle).

Contract of :func:`split_across_processes`: it returns families to pass to the usual runner
(:func:`xcert_core.roster.checking.check_roster`), which must run them in their order, each once; the results
are exactly the serial ones. A family that raises in the worker raises here, when the runner reaches it; a
worker that dies (killed, out of memory) costs only speed: what it had claimed and not sent is run here.

**A worker that reads the file too** (:func:`start_early_worker`). Before the families, this process checks the
file (:mod:`xcert_adapters.workbooks.safety`: a pass over every cell of the sheet's XML, a tenth of a
100,000-row check) and then parses it; a worker forked only after that has the table but waits out both. For a
large .xlsx the worker is therefore forked *first*: it parses the file, unchecked, while this process checks it;
it hands the sheet it read over to this process (packed by :mod:`~xcert_adapters.workbooks.sheet_bytes`:
unpacking costs a tenth of parsing), and both make their table of it and share the families. This process never
parses the file then, and the worker starts on the families first, so more of them fall to it. Untrusted bytes
reach a parser before the checks have passed, so the worker is a sandbox:

* its address space is capped (:data:`WORKER_MEMORY` above what it had when forked), so a zip bomb or a sheet
  whose extent would have calamine allocate the world ends the worker (an abort or a ``MemoryError``), never
  the machine's memory;
* it never writes anything, and nothing of it is used before this process's own checks of the file have passed:
  when they refuse the file, the worker is killed at once (:meth:`EarlyWorker.stop`);
* what it read counts only when the file is the one it read: same device, inode, size and modification time
  (:class:`FileStamp`) when it was forked, when it had read the file, and when this process takes the sheet; a
  roster saved again in Excel during the check is read by this process itself, and the worker stopped (a worker
  forked after that read shares the families instead).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
import queue
import resource
import stat
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import SynchronizedArray
from pathlib import Path
from typing import Any, TypeVar

from attrs import frozen

from xcert_adapters.concurrency import requested_workers
from xcert_core.issues import Issue, IssueType
from xcert_core.ports.rules import RuleFamily

PARALLEL_ROWS = 20_000
"""Below this many rows a worker costs more than it saves."""

EARLY_FILE_BYTES = 1024 * 1024
"""A file at least this large (about 17,000 rows of the school's template) is read by the worker too, while this
process checks it (see the module docstring); a smaller one gets a worker after the read, if any."""
WORKER_MEMORY = 4 * 1024**3
"""Address space a worker reading an unchecked file may take beyond what it had when forked: room for a sheet
at the readers' ``max_cells`` (about 1.7 GB, see :class:`~xcert_adapters.workbooks.safety.ReadLimits`) with
margin, far below what a bomb asks for."""

_FRONT, _BACK = 0, 1
T = TypeVar("T")


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


Make = Callable[[Callable[[bytes], None]], object]
"""How a worker makes its own subject: called in the worker with ``hand_over``, which sends bytes to this process
ahead of any family's result (see :meth:`FamilyShare.handed_over`); returns the subject, or ``None``."""
_HANDED_OVER = "handed over"


def _work(families: Sequence[RuleFamily], subject: object, ends: SynchronizedArray[int], first: Sequence[int],
          sender: Connection, make: Make | None = None, memory: int | None = None) -> None:
    """The worker: run families from the back, a bundle at a time, until the two ends meet, sending ``(index,
    issues, error)`` for each family. Stops quietly when nobody listens any more (this process gave up on the check).

    With ``make``, the worker first makes its own subject by calling it, with its address space capped ``memory``
    bytes above what it has (when given); when ``make`` returns ``None`` or fails, the worker claims nothing and
    ends (this process, seeing the pipe closed, runs everything itself).

    The results are sent by a thread of the worker's own, so the worker claims its next family at once: a
    family with many issues fills the pipe, and this process reads it only when its runner reaches that family
    (the last one, often), so a worker that sent them itself would wait there while this process took what was
    left (found on a clean 100,000-row roster: the worker sat out 0.3 s of a 0.75 s check)."""
    if make is not None:
        if memory is not None:
            _cap_address_space(memory)
        try:
            subject = make(lambda data: sender.send((_HANDED_OVER, data)))
        except BaseException:  # an unchecked file may fail the reader any way: this process reads it, and says why
            subject = None
        if subject is None:
            sender.close()
            return
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


def _cap_address_space(extra: int) -> None:
    """Cap this process's address space (``RLIMIT_AS``) at what it maps now plus ``extra`` bytes, never above
    the hard limit; left as it is where the current size cannot be read."""
    try:
        mapped = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = mapped + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft == resource.RLIM_INFINITY or cap < soft:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


class FamilyShare:
    """The families shared out between this process (from the front) and one forked worker (from the back).

    The last ``together`` families are one bundle, claimed whole by whichever process reaches it first: families
    that share a per-process cache (the identity and enrolment families share every row's ID verdict, which is
    most of their cost) would otherwise each compute it, one in each process, when the two ends meet between
    them. Every other family is a bundle of its own.

    ``make`` and ``memory``: the worker makes its own subject (see :func:`_work`), with ``subject`` unused.

    Made by :func:`split_across_processes` or :func:`start_early_worker`; :meth:`close` and :meth:`join` end it
    after the check, or after the check failed: by then nothing the worker has not sent is wanted, so it is
    killed wherever it is (in a family, or still reading the file).
    """

    def __init__(self, families: Sequence[RuleFamily], subject: object, together: int = 1, *,
                 make: Make | None = None, memory: int | None = None) -> None:
        context = multiprocessing.get_context("fork")
        count = len(families)
        bundled = max(count - max(together, 1), 0)  # the first family of the last bundle
        first = [index if index < bundled else bundled for index in range(count)]
        self._after = [index + 1 if index < bundled else count for index in range(count)]
        self._ends: SynchronizedArray[int] = context.Array("i", [0, count])
        self._receiver, sender = context.Pipe(duplex=False)
        self._process: BaseProcess = context.Process(target=_work, args=(families, subject, self._ends, first,
                                                                         sender, make, memory), daemon=True)
        self._process.start()  # the process drops its arguments once started: nothing here keeps the table
        sender.close()  # the worker's end: with it closed here, a dead worker is an EOF, not a wait forever
        self._results: dict[int, tuple[int, list[Issue] | None, BaseException | None]] = {}
        self.from_worker = 0
        """How many families' results came from the worker so far."""

    def handed_over(self) -> bytes | None:
        """What a worker making its own subject handed over to this process before its families; ``None`` when it
        handed nothing over (it failed, made nothing, or does not hand over). Ask before any :meth:`issues`."""
        try:
            found = self._receiver.recv()
        except (EOFError, OSError):
            return None
        if found[0] == _HANDED_OVER:
            return found[1]  # type: ignore[no-any-return]
        self._results[found[0]] = found  # a family's result: the worker handed nothing over
        return None

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
        self.from_worker += 1
        if error is not None:
            raise error
        assert issues is not None
        return issues

    def close(self) -> None:
        """Stop listening and end the worker: nothing it has not sent by now is wanted."""
        with self._ends.get_lock():
            self._ends[_FRONT] = self._ends[_BACK]
        self._receiver.close()
        self._process.kill()

    def join(self) -> None:
        self._process.join()

    @property
    def exitcode(self) -> int | None:
        """The worker's exit code (``-signal.SIGKILL`` when :meth:`close` ended it), ``None`` while it runs."""
        return self._process.exitcode


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


@frozen
class FileStamp:
    """What tells one state of a file from another without reading it: device, inode, size and modification
    time. A file saved again (Excel writes a new file and renames it) has another."""

    device: int
    inode: int
    size: int
    modified_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        """The stamp of ``path`` as it is now; ``None`` when it is not a regular file this process can see."""
        try:
            info = path.stat()
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


class EarlyWorker:
    """A worker forked before this process read the file, reading it itself (see the module docstring): take what
    it read with :meth:`read_here`, then pass it to :func:`split_across_processes`; :meth:`stop` it when this
    process's checks or read failed, or :meth:`read_here` gave nothing (a worker forked after this process's own
    read can then share the families)."""

    def __init__(self, path: Path, stamp: FileStamp, share: FamilyShare) -> None:
        self.path, self.stamp, self.share = path, stamp, share

    def file_unchanged(self) -> bool:
        """The file is as it was when the worker was forked."""
        return FileStamp.of(self.path) == self.stamp

    def read_here(self, unpack: Callable[[bytes], T]) -> T | None:
        """What the worker read, handed over and unpacked, once it has; ``None`` when it handed nothing over, or
        the file is no longer the one it read (then this process reads it itself). Call it only after this
        process's own checks of the file have passed: until then what the worker read counts for nothing."""
        data = self.share.handed_over()
        if data is None or not self.file_unchanged():
            return None
        return unpack(data)

    def stop(self) -> None:
        """Kill the worker wherever it is, and wait for it to go."""
        self.share.close()
        self.share.join()


def _in_order(families: Sequence[RuleFamily], last: frozenset[str]) -> list[Any]:
    """``families`` with those named in ``last`` moved to the end, each part in its order."""
    return [f for f in families if f.name not in last] + [f for f in families if f.name in last]


def _share(families: Sequence[RuleFamily], last: frozenset[str], subject: object, *, make: Make | None = None,
           memory: int | None = None) -> FamilyShare:
    """A :class:`FamilyShare` of ``families`` in :func:`_in_order`, those named in ``last`` one bundle."""
    return FamilyShare(_in_order(families, last), subject, together=sum(family.name in last for family in families),
                       make=make, memory=memory)


def start_early_worker(path: Path, families: Sequence[RuleFamily], last: frozenset[str],
                       read: Callable[[], T] | None, build: Callable[[T], object],
                       pack: Callable[[T], bytes]) -> EarlyWorker | None:
    """A worker forked now that reads ``path`` with ``read`` (unchecked), hands ``pack`` of it over to this
    process (:meth:`EarlyWorker.read_here`), makes its subject with ``build`` and takes ``families`` from the
    back, as :func:`split_across_processes` orders them; ``None`` (nothing started) unless ``read`` is given,
    ``path`` is a regular file of at least :data:`EARLY_FILE_BYTES` and :func:`can_fork`.

    The worker's address space is capped at :data:`WORKER_MEMORY` more than it has; it hands over and claims
    nothing unless the file's :class:`FileStamp` after its read is the one taken here, before it."""
    stamp = FileStamp.of(path)
    if read is None or stamp is None or stamp.size < EARLY_FILE_BYTES or len(families) < 2 or not can_fork():
        return None
    make = functools.partial(_read_hand_over_and_build, path, stamp, read, pack, build)
    return EarlyWorker(path, stamp, _share(families, last, None, make=make, memory=WORKER_MEMORY))


def read_unchanged(path: Path, stamp: FileStamp, read: Callable[[], T]) -> T | None:
    """``read()``, or ``None`` when ``path``'s stamp after it is not ``stamp``: the file was saved again while the
    worker read it, perhaps after this process had read it and found it unchanged."""
    subject = read()
    return subject if FileStamp.of(path) == stamp else None


def _read_hand_over_and_build(path: Path, stamp: FileStamp, read: Callable[[], T], pack: Callable[[T], bytes],
                              build: Callable[[T], object], hand_over: Callable[[bytes], None]) -> object:
    """The early worker's :data:`Make`: read the file, and when it is unchanged hand the read over and build the
    subject of it."""
    got = read_unchanged(path, stamp, read)
    if got is None:
        return None
    hand_over(pack(got))
    return build(got)


def split_across_processes(subject: object, rows: int, families: Sequence[RuleFamily], last: frozenset[str],
                           early: EarlyWorker | None = None) -> tuple[list[RuleFamily], FamilyShare | None]:
    """The families to run, shared with a forked worker when ``subject`` has ``rows`` ≥ :data:`PARALLEL_ROWS`
    rows and :func:`can_fork`: the ``early`` worker when given and the file is unchanged since it was forked
    (else it is stopped), or one forked now.

    The families named in ``last`` come last (shared or not, so the report is the same either way), as one
    bundle (see :class:`FamilyShare`): the worker starts with them. Returns the share too (``None``: all run
    here); the caller closes it (``share.close(); share.join()``) after the check.
    """
    ordered = _in_order(families, last)
    if rows < PARALLEL_ROWS or len(ordered) < 2 or not can_fork():
        if early is not None:
            early.stop()
        return ordered, None
    if early is not None and early.file_unchanged():
        share = early.share
    else:
        if early is not None:
            early.stop()
        share = _share(families, last, subject)
    return [_Shared(family, index, share) for index, family in enumerate(ordered)], share
