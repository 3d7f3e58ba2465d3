"""Rule families offloaded to a forked worker give exactly the serial report."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from xcert_adapters.concurrency.forked_rules import PARALLEL_ROWS, can_fork, split_across_processes
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


def test_the_worker_is_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XCERT_WORKERS", raising=False)
    assert not can_fork()
    monkeypatch.setenv("XCERT_WORKERS", "1")
    assert not can_fork()
    monkeypatch.setenv("XCERT_WORKERS", "2")
    assert can_fork() == ("fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2,
                    reason="fork or a second core is not available here")
def test_forked_families_give_the_serial_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XCERT_WORKERS", "2")
    plugins = make_plugin_manager(env={})
    table, sheet_issues = read_roster(SheetData("Sheet1", (HEADER, *roster_rows(PARALLEL_ROWS))), "r.xlsx")
    families = roster_families([plugins.create(AdapterKind.RULE, n) for n in plugins.registry.names(AdapterKind.RULE)])
    offload = frozenset({"identity", "enrolment"})
    serial, none = split_across_processes(table, 10, families, offload)
    assert none is None
    forked, pool = split_across_processes(table, len(table.rows), families, offload)
    assert pool is not None
    try:
        parallel_report = check_roster(table, sheet_issues, forked, plugins.catalogue)
    finally:
        pool.close()
        pool.join()
    serial_report = check_roster(table, sheet_issues, serial, plugins.catalogue)
    assert parallel_report == serial_report
    assert {"id-number-checksum", "pinyin-wrong-reading"} <= set(parallel_report.counts_by_code())
