"""批量导出 of rooms, proctors, sites and plans (#24 item 2): each list comes out in the layout its import reads,
so exporting and importing again changes nothing; each has its 统计; a changed cell comes back as that change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from test_cli import xcert


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports") / "demo"
    assert xcert("demo", str(folder), "--students", "40").returncode == 0
    return folder


def run(workspace: Path, *args: str) -> Any:
    result = xcert("--workspace", str(workspace), *args, "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_rooms_and_proctors_come_back_unchanged_and_an_edit_comes_back_as_an_edit(demo: Path, tmp_path: Path) -> None:
    rooms = tmp_path / "考场.xlsx"
    exported = run(demo, "rooms", "export", str(rooms))
    book = load_workbook(rooms)
    assert book.sheetnames == ["DMI-1", "统计"] and exported["by_plan"] == {"DMI-1": 11}
    assert [c.value for c in book["统计"][2]][:2] == ["DMI-1", 11]
    assert rooms.stat().st_mode & 0o777 == 0o600
    again = run(demo, "rooms", "import", str(rooms), "--plan", "DMI-1", "--sheet", "DMI-1")
    assert (again["added"], again["replaced"], again["unchanged"]) == (0, 0, 11)

    proctors = tmp_path / "监考.xlsx"
    counted = run(demo, "proctors", "export", str(proctors))
    assert counted["proctors"] == 26 and counted["by_role"] == {"监考": 24, "巡考": 2}
    book = load_workbook(proctors)
    assert book.sheetnames[1] == "统计"
    first = book.worksheets[0]
    header_row = next(r for r in range(1, 10) if any(str(c.value or "").endswith("手机号码") for c in first[r]))
    phone_column = next(c.column for c in first[header_row] if str(c.value or "").endswith("手机号码"))
    first.cell(header_row + 1, phone_column).value = "13911112222"
    book.save(proctors)
    changed = run(demo, "proctors", "import", str(proctors))
    assert (changed["added"], changed["replaced"], changed["unchanged"]) == (0, 1, 25)


def test_plans_and_sites_are_exported_as_their_forms(demo: Path, tmp_path: Path) -> None:
    plans = tmp_path / "计划.xlsx"
    assert run(demo, "plans", "export", str(plans))["plans"] == ["DMI-1"]
    assert load_workbook(plans).sheetnames == ["考试计划", "科目", "场次"]
    imported = run(demo, "plans", "import", str(plans))
    assert [p["registrations"] for p in imported["plans"]] == [40]  # the same plan, its registrations kept
    assert run(demo, "plans", "list")["plans"][0]["registrations"] == 40
    missing = xcert("--workspace", str(demo), "plans", "export", str(tmp_path / "无.xlsx"), "--plan", "NO")
    assert missing.returncode == 2 and "没有考试计划“NO”" in missing.stderr

    sites = tmp_path / "站点.xlsx"
    assert run(demo, "sites", "export", str(sites))["by_review_status"] == {"审核通过": 1}
    rows = [[c.value for c in row] for row in load_workbook(sites)["考核站点"].iter_rows()]
    assert rows[0] == ["站点编号", "站点名称", "考点地址", "可考证书", "审核状态", "站点状态"] and len(rows) == 2
    refused = xcert("--workspace", str(demo), "sites", "export", str(sites))
    assert refused.returncode == 2 and "--force" in refused.stderr
