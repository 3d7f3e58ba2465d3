"""The command line's progress bars are redrawn by the command as it goes, never by a thread of their own: the
worker processes ``XCERT_WORKERS`` asks for are forked only while this process runs one thread (a fork copies
the locks other threads hold), so a bar with a refresh thread would leave a teacher at a terminal without them.
Found on the printed pack: on a terminal, ``XCERT_WORKERS=2`` drew every file in one process."""

from __future__ import annotations

import io
import sys
import threading

import pytest

from xcert_adapters.app.roster import RuleProgress
from xcert_adapters.cli.documents_command import _progress
from xcert_adapters.cli.students import _progress_bar
from xcert_adapters.concurrency import requested_workers
from xcert_adapters.concurrency.pack_workers import pack_workers


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """stderr a terminal (set in the test itself: pytest sets its own capture again between setup and call), two
    cores and ``XCERT_WORKERS=2``."""
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setenv("XCERT_WORKERS", "2")
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    return screen


def test_the_packs_bar_draws_on_a_terminal_and_leaves_the_workers_to_be_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_a_terminal(monkeypatch)
    threads = threading.active_count()  # 1, or more when another test left one (Litestar's log listener)
    with _progress(100) as advance:
        assert advance is not None
        advance("准考证-信息楼101.pdf", 30)
        assert threading.active_count() == threads
        assert pack_workers(47) == (2 if threads == 1 else 1)
    assert "生成打印材料" in terminal.getvalue() and "信息楼101" in terminal.getvalue()


def test_the_rosters_bar_draws_on_a_terminal_without_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_a_terminal(monkeypatch)
    threads = threading.active_count()
    with _progress_bar() as show:
        show(RuleProgress(None, 0, 8, 100_000))
        show(RuleProgress("identity", 1, 8, 100_000))
        assert threading.active_count() == threads
        assert requested_workers() == (2 if threads == 1 else 1)
    assert "检查 100000 行" in terminal.getvalue() and "已完成 identity" in terminal.getvalue()


def test_no_worker_is_forked_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XCERT_WORKERS", "2")
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)  # a daemon thread holds locks all the same
    other.start()
    try:
        assert requested_workers() == 1 and pack_workers(47) == 1
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # this thread alone (none left by another test)
    assert requested_workers() == 2 and pack_workers(47) == 2
