"""Rule families shared with a forked worker (it takes them from the back, this process from the front) give
exactly the serial report: each family runs once, a family's error is raised at that family, and a worker that
dies costs only speed. A worker that makes its own subject (reads the file unchecked) does so with its address
space capped, and is killed when the check ends without it."""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from multiprocessing.sharedctypes import SynchronizedArray
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xcert_adapters.concurrency.forked_rules import (
    PARALLEL_ROWS,
    WORKER_MEMORY,
    FamilyShare,
    FileStamp,
    Make,
    _sendable,
    can_fork,
    read_unchanged,
    split_across_processes,
)
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import SheetData
from xcert_core.registry import AdapterKind
from xcert_core.roster.checking import check_roster, roster_families
from xcert_core.roster.reading import read_roster

HEADER = ("*学生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码", "*手机号码", "*入学年份", "*专业层次",
          "*就读专业", "*专业代码", "*专业版本")


def roster_rows(count: int) -> list[tuple[object, ...]]:
    rows = []
    for n in range(count):
        number = f"1401052004031{n % 100000:05d}"  # mostly wrong check digits: plenty of identity issues
        rows.append(("张三" if n % 3 else "单田芳", "Zhang San" if n % 3 else "Dan Tianfang", "男", "身份证",
                     number, f"138{n:08d}", "2020", "中专", "计算机平面设计", "090300", "2010"))
    return rows


def test_the_worker_is_opt_in(monkeypatch: pytest.MonkeyPatch, forks_beside_threads: None) -> None:
    monkeypatch.delenv("XCERT_WORKERS", raising=False)
    assert not can_fork()
    monkeypatch.setenv("XCERT_WORKERS", "1")
    assert not can_fork()
    monkeypatch.setenv("XCERT_WORKERS", "2")
    assert can_fork() == ("fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1)


FORKING = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2,
                             reason="fork or a second core is not available here")


@FORKING
def test_forked_families_give_the_serial_report(forks_beside_threads: None) -> None:
    plugins = make_plugin_manager(env={})
    table, sheet_issues = read_roster(SheetData("Sheet1", (HEADER, *roster_rows(PARALLEL_ROWS))), "r.xlsx")
    families = roster_families([plugins.create(AdapterKind.RULE, n) for n in plugins.registry.names(AdapterKind.RULE)])
    last = frozenset({"identity", "enrolment"})
    serial, none = split_across_processes(table, 10, families, last)
    assert none is None
    assert [family.name for family in serial[-2:]] == [f.name for f in families if f.name in last]
    forked, share = split_across_processes(table, len(table.rows), families, last)
    assert share is not None
    try:
        parallel_report = check_roster(table, sheet_issues, forked, plugins.catalogue)
    finally:
        share.close()
        share.join()
    serial_report = check_roster(table, sheet_issues, serial, plugins.catalogue)
    assert parallel_report == serial_report
    assert {"id-number-checksum", "pinyin-wrong-reading"} <= set(parallel_report.counts_by_code())


class Family:
    """A stand-in family: sleeps ``cost`` seconds, counts its runs in ``runs`` (shared by both processes), and
    returns its name and the process it ran in, or raises, or ends the worker process it runs in."""

    target = "roster"
    issue_types = ()

    def __init__(self, index: int, cost: float, runs: SynchronizedArray[int], *, fails: bool = False,
                 kills_worker: bool = False, payload: int = 0) -> None:
        self.name, self.index, self.cost, self.runs = f"f{index}", index, cost, runs
        self.fails, self.kills_worker, self.payload = fails, kills_worker, payload
        self.parent = os.getpid()

    def check(self, subject: object) -> list[object]:
        if self.kills_worker and os.getpid() != self.parent:
            os._exit(9)  # the worker dies before it sends anything of this family
        time.sleep(self.cost)
        with self.runs.get_lock():
            self.runs[self.index] += 1
        if self.fails:
            raise ValueError(f"family {self.index} failed on {subject}")
        return [(self.name, os.getpid())] + [(f"{n:08d}" + "x" * 992, n) for n in range(self.payload // 1000)]


def share_out(costs: list[float], failing: set[int] = frozenset(), killer: int | None = None, *,
              together: int = 1, payloads: dict[int, int] | None = None) -> tuple[list[object], list[int]]:
    """Run the stand-in families through a :class:`FamilyShare` in order, as the runner does: per family its
    result (or its error's text), and how many times each ran. ``payloads``: bytes of result a family adds."""
    runs = multiprocessing.get_context("fork").Array("i", len(costs))
    families = [Family(n, cost, runs, fails=n in failing, kills_worker=n == killer,
                       payload=(payloads or {}).get(n, 0)) for n, cost in enumerate(costs)]
    share = FamilyShare(families, "the table", together)  # type: ignore[arg-type]
    results: list[object] = []
    try:
        for index, family in enumerate(families):
            try:
                results.append(share.issues(index, family, "the table"))  # type: ignore[arg-type]
            except ValueError as error:
                results.append(str(error))
    finally:
        share.close()
        share.join()
    return results, list(runs)


@FORKING
@settings(max_examples=25, deadline=None)
@given(costs=st.lists(st.sampled_from([0.0, 0.001, 0.003]), min_size=1, max_size=8), data=st.data())
def test_every_family_runs_once_and_gives_its_own_result_in_order(costs: list[float], data: st.DataObject) -> None:
    failing = data.draw(st.sets(st.integers(0, len(costs) - 1)), label="failing")
    together = data.draw(st.integers(1, len(costs) + 1), label="together")
    results, runs = share_out(costs, failing, together=together)
    assert runs == [1] * len(costs)
    for index, result in enumerate(results):
        if index in failing:
            assert result == f"family {index} failed on the table"  # raised here, at its own family
        else:
            assert isinstance(result, list) and [name for name, _ in result][:1] == [f"f{index}"]
    bundle = [result[0][1] for index, result in enumerate(results)  # type: ignore[index]
              if index >= len(costs) - together and index not in failing]
    assert len(set(bundle)) <= 1  # the last ``together`` ran in one process, whichever it was


@FORKING
def test_the_last_bundle_runs_in_one_process() -> None:
    """The worker claims the last two families together: without the bundle it would take only the slow last
    one, and this process, done with its first two, the one before it (as with identity and enrolment, which
    would then both build every row's ID verdict)."""
    results, runs = share_out([0.2, 0.0, 0.0, 0.3], together=2)
    where = [result[0][1] for result in results]  # type: ignore[index]
    assert runs == [1] * 4
    assert where[0] == os.getpid() and where[2] == where[3] != os.getpid()


@FORKING
def test_the_worker_goes_on_while_its_results_wait_to_be_read() -> None:
    """The worker's first family leaves 2 MB of results, more than a pipe holds, which this process reads only
    when its runner reaches that family, last: the worker must take the family before it meanwhile, not wait
    until this process, done with its slow first family, takes that one too."""
    results, runs = share_out([0.5, 0.0, 0.0], payloads={2: 2_000_000})
    where = [result[0][1] for result in results]  # type: ignore[index]
    assert runs == [1] * 3
    assert where[0] == os.getpid() and where[1] == where[2] != os.getpid()
    assert len(results[2]) == 2001  # type: ignore[arg-type]


@FORKING
def test_both_processes_take_families_from_their_own_end() -> None:
    """Eight slow families: this process runs the first ones, the worker the last ones, each family once."""
    results, runs = share_out([0.05] * 8)
    where = [result[0][1] for result in results]  # type: ignore[index]
    assert runs == [1] * 8
    assert where[0] == os.getpid() and where[-1] != os.getpid()
    assert where == sorted(where, key=lambda pid: pid != os.getpid())  # ours first, then the worker's, one cut


@FORKING
def test_a_worker_that_dies_costs_only_speed() -> None:
    """The worker dies on the last family (the first it takes): that family and the rest are run here."""
    results, runs = share_out([0.1, 0.01, 0.01, 0.01], killer=3)
    assert [result[0][0] for result in results] == ["f0", "f1", "f2", "f3"]  # type: ignore[index]
    assert all(result[0][1] == os.getpid() for result in results)  # type: ignore[index]
    assert runs == [1] * 4


class StubbornError(Exception):
    """An error that pickles but does not load again: its ``__init__`` takes other arguments than it stores."""

    def __init__(self, part: str, whole: str) -> None:
        super().__init__(f"{part} of {whole}")


def test_an_error_is_sent_as_it_is_when_it_comes_back_whole_else_described() -> None:
    """What the worker sends of a family's error must load in this process, or the check would fail there with
    the pickling's own error instead of the family's."""
    plain = ValueError("第3行")
    assert _sendable(plain) is plain
    described = _sendable(StubbornError("a row", "the roster"))
    assert type(described) is RuntimeError and str(described) == "StubbornError: a row of the roster"


class Echo:
    """A stand-in family that sleeps ``cost`` seconds and returns the process it ran in and what ``report`` says
    of its subject there."""

    target = "roster"
    issue_types = ()

    def __init__(self, index: int, cost: float, report: Callable[[object], object] = lambda subject: subject):
        self.name, self.cost, self.report = f"e{index}", cost, report

    def check(self, subject: object) -> list[object]:
        time.sleep(self.cost)
        return [(os.getpid(), self.report(subject))]


def run_made(make: Make, families: list[Echo], **kwargs: object) -> tuple[list[object], int | None]:
    """Run ``families`` through a share whose worker makes its own subject with ``make`` (this process's
    subject: "read here"): each family's result, and how the worker ended."""
    share = FamilyShare(families, None, make=make, **kwargs)  # type: ignore[arg-type]
    try:
        results = [share.issues(index, family, "read here")[0]  # type: ignore[arg-type]
                   for index, family in enumerate(families)]
    finally:
        share.close()
        share.join()
    return results, share.exitcode


@FORKING
def test_a_worker_that_makes_its_own_subject_checks_that_one() -> None:
    results, _ = run_made(lambda hand_over: "read there", [Echo(0, 0.5), Echo(1, 0.0)])
    assert results[1][1] == "read there" and results[1][0] != os.getpid()  # type: ignore[index]  # the back: its own
    # the front family too, when the worker claimed it before this process asked for it: then with its subject
    assert results[0] in {(os.getpid(), "read here"), (results[1][0], "read there")}  # type: ignore[index]


@FORKING
@pytest.mark.parametrize("make", [lambda hand_over: None, lambda hand_over: 1 / 0],
                         ids=["nothing made", "making failed"])
def test_a_worker_that_makes_nothing_leaves_every_family_here(make: Make) -> None:
    results, _ = run_made(make, [Echo(0, 0.3), Echo(1, 0.0), Echo(2, 0.0)])
    assert results == [(os.getpid(), "read here")] * 3


@FORKING
def test_closing_kills_a_worker_still_making_its_subject() -> None:
    """This process ran every family while the worker was still reading: the worker is killed, not waited for."""
    results, ended = run_made(lambda hand_over: time.sleep(60), [Echo(0, 0.0), Echo(1, 0.0)])
    assert results == [(os.getpid(), "read here")] * 2
    assert ended == -signal.SIGKILL


def _address_space_cap(subject: object) -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[0]


@FORKING
def test_a_worker_making_its_subject_has_its_address_space_capped() -> None:
    results, _ = run_made(lambda hand_over: "read there", [Echo(0, 0.5), Echo(1, 0.0, _address_space_cap)],
                          memory=WORKER_MEMORY)
    there = results[1]
    assert there[0] != os.getpid()  # type: ignore[index]
    assert WORKER_MEMORY < there[1] < WORKER_MEMORY + 8 * 1024**3  # type: ignore[index]  # what it had, plus that


@FORKING
def test_a_worker_whose_subject_would_take_more_than_its_cap_makes_nothing() -> None:
    """Six GiB asked for at once (a bomb's sheet): the cap refuses it, the worker claims nothing. Without the cap
    the allocation succeeds here (untouched pages cost nothing) and the worker takes the last family."""
    results, _ = run_made(lambda hand_over: bytes(6 * 1024**3), [Echo(0, 0.5), Echo(1, 0.0, len)],
                          memory=1024**3)
    assert results == [(os.getpid(), "read here"), (os.getpid(), len("read here"))]


def test_what_the_worker_read_counts_only_when_the_file_was_not_saved_again_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "考生信息.xlsx"
    path.write_bytes(b"PK")
    stamp = FileStamp.of(path)
    assert stamp is not None and FileStamp.of(tmp_path) is None and FileStamp.of(tmp_path / "gone") is None
    assert read_unchanged(path, stamp, lambda: "the table") == "the table"

    def read_while_saved_again() -> str:
        later = stamp.modified_ns + 10**9
        os.utime(path, ns=(later, later))
        return "the table"

    assert read_unchanged(path, stamp, read_while_saved_again) is None


def hands_over(data: bytes) -> Make:
    def make(hand_over: Callable[[bytes], None]) -> object:
        hand_over(data)
        return "read there"
    return make


@FORKING
@pytest.mark.parametrize("size", [0, 10, 3 * 1024 * 1024])  # more than a pipe holds: the worker waits for us
def test_what_the_worker_hands_over_comes_here_before_any_familys_result(size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"sheet"
    families = [Echo(0, 0.0), Echo(1, 0.0)]
    share = FamilyShare(families, None, make=hands_over(data))  # type: ignore[arg-type]
    try:
        time.sleep(0.3)  # the worker is waiting to hand over, or has
        assert share.handed_over() == data
        results = [share.issues(n, family, "read here")[0] for n, family in enumerate(families)]  # type: ignore[arg-type]
    finally:
        share.close()
        share.join()
    assert {result[1] for result in results} <= {"read here", "read there"}  # type: ignore[index]
    assert len(results) == 2


@FORKING
def test_a_worker_that_hands_nothing_over_still_gives_its_familys_result() -> None:
    families = [Echo(0, 0.5), Echo(1, 0.0)]
    share = FamilyShare(families, None, make=lambda hand_over: "read there")  # type: ignore[arg-type]
    try:
        assert share.handed_over() is None  # the first thing it sent was the last family's result: kept
        results = [share.issues(n, family, "read here")[0] for n, family in enumerate(families)]  # type: ignore[arg-type]
    finally:
        share.close()
        share.join()
    assert results[1][1] == "read there" and results[1][0] != os.getpid()  # type: ignore[index]
    assert results[0][1] in {"read here", "read there"}  # type: ignore[index]
