"""A large .xlsx roster with ``XCERT_WORKERS=2``: the worker is forked before the file is checked and reads it
(unchecked, in its sandbox) while this process checks it; this process then takes the sheet the worker read
instead of parsing the file again, and the report is exactly the serial one. When the checks refuse the file the
worker is killed at once; when the file is saved again during the check, or the worker could not read it, this
process reads the file itself and nothing of the worker's is used.

The thresholds are lowered so that a few hundred rows take the large-file path; the files are real .xlsx files
made here."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app_school import new_workspace, roster_file, students
from roster_files import write_roster_xlsx
from xcert_adapters.app import roster
from xcert_adapters.concurrency import forked_rules
from xcert_adapters.workbooks.calamine import CalamineReader
from xcert_adapters.workspace.rule_settings import load_rule_config
from xcert_core.errors import UnreadableFileError
from xcert_core.issues import IssueReport
from xcert_core.plugins import make_plugin_manager

PLUGINS = make_plugin_manager(env={})
RULES = load_rule_config(None)
FORKING = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2,
                             reason="fork or a second core is not available here")


def rows(count: int) -> list[tuple[str, ...]]:
    """Rows with an issue of some family in most of them: wrong check digits (identity), a lower-case pinyin
    (names), a doubled blank (whitespace), a phone number one digit short (contact)."""
    made = []
    for n in range(count):
        pinyin = "zhang san" if n % 5 == 0 else "Zhang San" if n % 3 else "Dan Tianfang"
        made.append(("张三" if n % 3 else "单田芳", pinyin,
                     "男", "身份证", f"1401052004031{n % 100000:05d}", f"138{n:08d}"[: 10 + (n % 7 > 0)], "2020",
                     "中专", "计算机  平面设计" if n % 11 == 0 else "计算机平面设计", "090300", "2010"))
    return made


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          forks_beside_threads: None) -> Iterator[tuple[Path, list[forked_rules.FamilyShare]]]:
    """A 400-row roster that counts as large, ``XCERT_WORKERS=2``, and every share made during the test."""
    path = write_roster_xlsx(tmp_path / "考生信息.xlsx", rows(400))
    monkeypatch.setattr(forked_rules, "EARLY_FILE_BYTES", 1)
    monkeypatch.setattr(forked_rules, "PARALLEL_ROWS", 10)
    made: list[forked_rules.FamilyShare] = []
    plain_init = forked_rules.FamilyShare.__init__

    def recorded(self: forked_rules.FamilyShare, *args: Any, **kwargs: Any) -> None:
        plain_init(self, *args, **kwargs)
        self.reads_the_file = kwargs.get("make") is not None  # type: ignore[attr-defined]
        made.append(self)

    monkeypatch.setattr(forked_rules.FamilyShare, "__init__", recorded)
    yield path, made


def serial_report(path: Path, monkeypatch: pytest.MonkeyPatch) -> IssueReport:
    with monkeypatch.context() as serial:
        serial.setenv("XCERT_WORKERS", "1")
        return roster.check_roster_file(path, PLUGINS, RULES).report


def counted_reads(monkeypatch: pytest.MonkeyPatch, after_check: Any = None) -> list[Path]:
    """The files this process reads itself (through ``read_sheet``), in a list that fills as it does; with
    ``after_check``, called with the path when this process's checks of the file have passed."""
    reads: list[Path] = []
    plain_read, plain_check = roster.read_sheet, CalamineReader.check_file

    def read(path: Path, *args: Any) -> Any:
        reads.append(path)
        return plain_read(path, *args)

    def check(self: CalamineReader, path: Path) -> None:
        plain_check(self, path)
        if after_check is not None:
            after_check(path)

    monkeypatch.setattr(roster, "read_sheet", read)
    monkeypatch.setattr(CalamineReader, "check_file", check)
    return reads


@FORKING
def test_the_worker_reads_a_large_roster_too_and_the_report_is_the_serial_one(
        large: tuple[Path, list[forked_rules.FamilyShare]], monkeypatch: pytest.MonkeyPatch) -> None:
    path, made = large
    expected = serial_report(path, monkeypatch)
    assert made == []
    reads = counted_reads(monkeypatch)
    checked = roster.check_roster_file(path, PLUGINS, RULES)
    assert checked.report == expected
    assert checked.sheet == CalamineReader().read_sheet(path)  # the sheet the worker handed over, whole
    assert {"id-number-checksum", "pinyin-capitalisation", "whitespace-doubled", "mobile-length"} <= set(
        expected.counts_by_code())
    assert reads == []  # checked here, parsed only by the worker
    [share] = made  # the early worker's, used: no second worker forked after the read
    assert share.reads_the_file  # type: ignore[attr-defined]


@FORKING
def test_when_the_worker_cannot_read_the_file_this_process_does(
        large: tuple[Path, list[forked_rules.FamilyShare]], monkeypatch: pytest.MonkeyPatch) -> None:
    path, made = large
    expected = serial_report(path, monkeypatch)

    def fails(self: CalamineReader, *args: Any) -> Any:
        raise MemoryError  # as under its address-space cap

    monkeypatch.setattr(CalamineReader, "read_sheet_unchecked", fails)
    reads = counted_reads(monkeypatch)
    assert roster.check_roster_file(path, PLUGINS, RULES).report == expected
    assert reads == [path]
    early, late = made  # the families are still shared: with a worker forked after this process's read
    assert early.reads_the_file and early.from_worker == 0  # type: ignore[attr-defined]
    assert not late.reads_the_file  # type: ignore[attr-defined]


def with_doctype(path: Path) -> Path:
    """``path`` rewritten with an entity declaration in its sheet: the checks refuse it."""
    hostile = path.with_name("hostile.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "b">]>' + data
            target.writestr(info.filename, data)
    return hostile


@FORKING
@pytest.mark.parametrize("worker", ["still reading", "done reading"])
def test_a_file_the_checks_refuse_is_refused_and_the_worker_killed(
        large: tuple[Path, list[forked_rules.FamilyShare]], monkeypatch: pytest.MonkeyPatch, worker: str) -> None:
    """calamine reads this file (it ignores the entity declaration); the checks here refuse it, whether the worker
    has read it by then (what it read is not taken) or not (it is killed)."""
    path, made = large
    hostile = with_doctype(path)
    plain = CalamineReader.read_sheet_unchecked

    def slow(self: CalamineReader, *args: Any) -> Any:
        time.sleep(60)  # still reading when the checks have refused the file
        return plain(self, *args)

    if worker == "still reading":
        monkeypatch.setattr(CalamineReader, "read_sheet_unchecked", slow)
    with pytest.raises(UnreadableFileError, match="DOCTYPE"):
        roster.check_roster_file(hostile, PLUGINS, RULES)
    [share] = made
    assert share.exitcode is not None
    if worker == "still reading":
        assert share.exitcode == -signal.SIGKILL


@FORKING
def test_a_roster_saved_again_during_the_check_is_checked_here_as_read_here(
        large: tuple[Path, list[forked_rules.FamilyShare]], monkeypatch: pytest.MonkeyPatch) -> None:
    path, made = large
    expected = serial_report(path, monkeypatch)

    def saved_again(path: Path) -> None:
        time.sleep(0.5)  # the worker has read the file as it was, and waits to hand its sheet over
        stamp = path.stat().st_mtime_ns + 10**9
        os.utime(path, ns=(stamp, stamp))

    reads = counted_reads(monkeypatch, after_check=saved_again)
    assert roster.check_roster_file(path, PLUGINS, RULES).report == expected
    assert reads == [path]  # what the worker read is not taken: the file is not the one it read
    early, late = made  # the early worker was stopped and one forked after the read took its place
    assert early.reads_the_file and early.exitcode is not None and early.from_worker == 0  # type: ignore[attr-defined]
    assert not late.reads_the_file  # type: ignore[attr-defined]


@FORKING
def test_a_small_file_gets_no_early_worker(
        large: tuple[Path, list[forked_rules.FamilyShare]], monkeypatch: pytest.MonkeyPatch) -> None:
    path, made = large
    monkeypatch.setattr(forked_rules, "EARLY_FILE_BYTES", path.stat().st_size + 1)
    assert roster.check_roster_file(path, PLUGINS, RULES).report == serial_report(path, monkeypatch)
    [late] = made  # forked after the read, sharing this process's table
    assert not late.reads_the_file  # type: ignore[attr-defined]


@FORKING
def test_an_import_with_the_early_worker_stores_what_a_serial_import_stores(
        large: tuple[Path, list[forked_rules.FamilyShare]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The workspace's database is open in this process when the worker is forked (it opens none of its own and
    is killed at the end): the stored candidates and the report are the serial import's."""
    _, made = large
    people = students(60)
    stored = []
    for workers in ("1", "2"):
        monkeypatch.setenv("XCERT_WORKERS", workers)
        with new_workspace(tmp_path / f"ws{workers}") as workspace:
            path = roster_file(workspace.plugins, people, tmp_path / f"ws{workers}" / "名单.xlsx")
            imported = roster.import_roster(workspace, path)
            assert imported.summary is not None, imported.checked.report
            candidates = sorted(roster.list_candidates(workspace), key=lambda candidate: candidate.id_number)
            stored.append((imported.checked.report, candidates))
    assert stored[0] == stored[1] and len(stored[0][1]) == 60
    [share] = made
    assert share.reads_the_file and share.exitcode is not None  # type: ignore[attr-defined]
