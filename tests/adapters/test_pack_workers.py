"""Pack files drawn by worker processes (:mod:`xcert_adapters.concurrency.pack_workers`): each result is the one
drawing here gives, a worker that dies costs only speed, an error stops the run like the serial one, and nothing
half-drawn is left behind. The pack through the use case, drawn by workers and byte for byte the serial pack,
is tested in ``tests/app/test_documents_pack.py``."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from xcert_adapters.app.pack_files import MANIFEST, PlannedFile, write_pack
from xcert_adapters.concurrency import requested_workers
from xcert_adapters.concurrency.pack_workers import PackWorkers, pack_workers
from xcert_adapters.private_files import TEMPORARY_PREFIX, temporary_for

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers are forked")

PARENT = os.getpid()


def writer(text: str, *, die: bool = False, fail: bool = False):  # type: ignore[no-untyped-def]
    def draw(path: Path) -> tuple[int | None, set[str]]:
        if die and os.getpid() != PARENT:
            os.kill(os.getpid(), signal.SIGKILL)  # a worker killed mid-job
        if fail:
            raise ValueError(f"cannot draw {text}")
        path.write_text(f"{text} drawn by {'parent' if os.getpid() == PARENT else 'worker'}", "utf-8")
        return len(text), {text[0]}

    return draw


def test_each_job_is_drawn_by_a_worker_into_its_temporary(tmp_path: Path) -> None:
    jobs = [(writer(f"file{n}"), temporary_for(tmp_path / f"f{n}.pdf")) for n in range(5)]
    with PackWorkers(jobs, 2) as drawing:
        results = [drawing.drawn(draw, temporary) for draw, temporary in jobs]
        texts = [temporary.read_text("utf-8") for _, temporary in jobs]
    assert results == [(5, {"f"})] * 5
    assert texts == [f"file{n} drawn by worker" for n in range(5)]


def test_one_worker_draws_here(tmp_path: Path) -> None:
    jobs = [(writer("here"), tmp_path / "a")]
    with PackWorkers(jobs, 1) as drawing:
        assert drawing.drawn(*jobs[0]) == (4, {"h"})
    assert (tmp_path / "a").read_text("utf-8") == "here drawn by parent"


def test_a_killed_worker_costs_only_speed(tmp_path: Path) -> None:
    jobs = [(writer(f"file{n}", die=n == 1), temporary_for(tmp_path / f"f{n}.pdf")) for n in range(4)]
    with PackWorkers(jobs, 2) as drawing:
        results = [drawing.drawn(draw, temporary) for draw, temporary in jobs]
        texts = [temporary.read_text("utf-8") for _, temporary in jobs]
    assert results == [(5, {"f"})] * 4
    assert texts[1] == "file1 drawn by parent"  # the killed job, drawn again here
    assert all(text.startswith(f"file{n} drawn by") for n, text in enumerate(texts))


def test_an_error_in_a_worker_stops_the_pack_and_leaves_no_temporary(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xcert_adapters.app.pack_files.pack_workers", lambda files: 2)
    out = tmp_path / "pack"
    planned = [PlannedFile(f"f{n}.pdf", "k", None, 0, f"fp{n}", writer(f"file{n}", fail=n == 2)) for n in range(6)]
    with pytest.raises(ValueError, match="cannot draw file2"):
        write_pack(planned, out)
    left = sorted(p.name for p in out.iterdir())
    assert not any(name.startswith(TEMPORARY_PREFIX) for name in left), left
    assert left == ["f0.pdf", "f1.pdf"]  # renamed before the error; no manifest: the run did not finish
    assert MANIFEST not in left


def test_write_pack_with_workers_reports_in_the_serial_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned = [PlannedFile(f"f{n}.pdf", "k", None, 0, f"fp{n}", writer(f"file{n}")) for n in range(7)]
    serial_order: list[str] = []
    write_pack(planned, tmp_path / "serial", progress=lambda name, weight: serial_order.append(name))
    monkeypatch.setattr("xcert_adapters.app.pack_files.pack_workers", lambda files: 2)
    order: list[str] = []
    result = write_pack(planned, tmp_path / "parallel", progress=lambda name, weight: order.append(name))
    assert order == serial_order == [f"f{n}.pdf" for n in range(7)] == result.written
    assert all((tmp_path / "parallel" / f"f{n}.pdf").read_text("utf-8") == f"file{n} drawn by worker"
               for n in range(7))


def test_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.delenv("XCERT_WORKERS", raising=False)
    assert pack_workers(10) == 1  # opt-in
    monkeypatch.setenv("XCERT_WORKERS", "3")
    assert requested_workers() == 3 and pack_workers(10) == 3
    assert pack_workers(2) == 2 and pack_workers(1) == 1  # never more workers than files, none for one file
    monkeypatch.setenv("XCERT_WORKERS", "16")
    assert pack_workers(10) == 4  # at most the cores
    monkeypatch.setenv("XCERT_WORKERS", "two")
    assert pack_workers(10) == 1
    monkeypatch.setenv("XCERT_WORKERS", "2")
    monkeypatch.setattr(threading, "active_count", lambda: 3)
    assert pack_workers(10) == 1  # a process running threads (the web server) is never forked
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
    assert pack_workers(10) == 1
