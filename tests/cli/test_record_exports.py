"""批量导出 of rooms, proctors, sites and plans (#24 item 2): each list comes out in the layout its import reads,
so exporting and importing again changes nothing; each has its 统计; a changed cell comes back as that change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cli_run import xcert
from demo_folders import copy_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_master: Path) -> Path:
    return copy_demo(demo_master, tmp_path_factory.mktemp("exports") / "demo")  # `xcert demo --students 40`


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


# --- 编辑: one record, checked as its import checks it, audited ------------------------------------------------


@pytest.fixture
def school(demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo"
    shutil.copytree(demo, copy)
    return copy


def edit(workspace: Path, *args: str) -> tuple[int, Any, str]:
    result = xcert("--workspace", str(workspace), *args, "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else None, result.stderr


def audited(workspace: Path, action: str) -> list[tuple[str, str, dict[str, str]]]:
    entries = run(workspace, "audit", "--limit", "50")["entries"]
    return [(e["target"], e["detail"], e["changes"]) for e in entries if e["action"] == action]


def test_a_room_is_edited_unless_it_would_lose_an_occupied_seat(school: Path) -> None:
    room = run(school, "rooms", "list", "--plan", "DMI-1")["rooms"][0]
    where = ("--plan", "DMI-1", "--site", room["site"], "--name", room["name"])
    code, shrunk, _ = edit(school, "rooms", "edit", *where, "--seats", "3", "--reason", "拆了桌椅")
    assert code == 1 and not shrunk["stored"] and shrunk["issues"][0]["severity"] == "error"
    assert run(school, "rooms", "list", "--plan", "DMI-1")["rooms"][0]["seats"] == room["seats"]
    code, grown, _ = edit(school, "rooms", "edit", *where, "--seats", "40", "--reason", "加了桌椅")
    assert code == 0 and grown["changes"] == {"seats": "40"}
    assert audited(school, "rooms.edit") == [(f"DMI-1 {room['site']} {room['name']}", "加了桌椅", {"seats": "40"})]
    code, _, stderr = edit(school, "rooms", "edit", "--plan", "DMI-1", "--site", room["site"], "--name", "没有的教室",
                           "--seats", "4", "--reason", "试")
    assert code == 2 and "没有考场“没有的教室”" in stderr


def test_a_proctor_is_edited_and_the_log_shows_the_phone_masked(school: Path) -> None:
    proctor = run(school, "proctors", "list")["proctors"][0]
    number = proctor["teacher_number"]
    code, edited, _ = edit(school, "proctors", "edit", number, "--phone", "13955556666", "--reason", "换了手机号")
    assert code == 0 and edited["changes"] == {"phone": "139****6666"}
    listed = {p["teacher_number"]: p for p in run(school, "proctors", "list")["proctors"]}
    assert listed[number]["phone"] == "139****6666" and listed[number]["name"] == proctor["name"]
    log = audited(school, "proctors.edit")
    assert log == [(f"{proctor['name']}（{number}）", "换了手机号", {"phone": "139****6666"})]
    assert "13955556666" not in json.dumps(run(school, "audit", "--limit", "50"))
    code, refused, _ = edit(school, "proctors", "edit", number, "--phone", "12345", "--reason", "试")
    assert code == 1 and not refused["stored"]
    assert edit(school, "proctors", "edit", number, "--reason", "试")[0] == 2  # nothing to change


def test_a_site_and_a_plan_are_edited_within_what_registrations_allow(school: Path) -> None:
    site = run(school, "sites", "list")["sites"][0]
    code, edited, _ = edit(school, "sites", "edit", site["code"], "--address", "示范市学院路 9 号", "--reason", "搬迁")
    assert code == 0 and edited["changes"] == {"address": "示范市学院路 9 号"}
    assert run(school, "sites", "list")["sites"][0]["review_status"] == site["review_status"]
    code, _, stderr = edit(school, "sites", "edit", site["code"], "--certificate", "1550001066020254",
                           "--reason", "换证书")
    assert code == 2 and "有报考，不能去掉它们的证书" in stderr

    code, extended, _ = edit(school, "plans", "edit", "DMI-1", "--closes", "2027-01-31", "--reason", "平台延长报名")
    assert code == 0 and extended["changes"] == {"closes": "2027-01-31"}  # registrations keep the plan editable here
    assert run(school, "plans", "list")["plans"][0]["registration_closes"] == "2027-01-31"
    code, _, stderr = edit(school, "plans", "edit", "DMI-1", "--closes", "2020-01-01", "--reason", "试")
    assert code == 2 and "早于开始日期" in stderr
    code, _, stderr = edit(school, "plans", "edit", "DMI-1", "--opens", "下周一", "--reason", "试")
    assert code == 2 and "不是日期" in stderr
    assert [a for a, *_ in audited(school, "plans.edit")] == ["DMI-1"]


def test_the_exam_client_is_recorded_per_room_with_a_note_and_readiness_follows(school: Path) -> None:
    room = run(school, "rooms", "list", "--plan", "DMI-1")["rooms"][0]["name"]
    recorded = run(school, "rooms", "client", "--plan", "DMI-1", "--room", room, "--installed", "--not-tested",
                   "--note", "3 号机更换后重测")
    assert recorded["rooms"] == [{"site": "S001", "name": room, "installed": True, "tested": False, "ready": False}]
    listed = {r["name"]: r["exam_client"] for r in run(school, "rooms", "list", "--plan", "DMI-1")["rooms"]}
    assert listed[room]["note"] == "3 号机更换后重测" and not listed[room]["tested"]
    status = xcert("--workspace", str(school), "status")
    assert f"考试客户端未安装或未测试：{room}" in status.stdout
    assert run(school, "rooms", "client", "--plan", "DMI-1", "--room", room, "--tested")["rooms"][0]["ready"]
    assert f"考试客户端未安装或未测试：{room}" not in xcert("--workspace", str(school), "status").stdout


def test_a_proctors_region_and_unavailable_sessions_are_edited(school: Path) -> None:
    number = run(school, "proctors", "list")["proctors"][1]["teacher_number"]
    code, edited, _ = edit(school, "proctors", "edit", number, "--region", "太原市小店区", "--unavailable", "T1",
                           "--reason", "当天上午出差")
    assert code == 0 and edited["changes"] == {"region": "太原市小店区", "unavailable": "T1"}
    listed = {p["teacher_number"]: p for p in run(school, "proctors", "list")["proctors"]}[number]
    assert (listed["region"], listed["unavailable_sessions"]) == ("太原市小店区", ["T1"])
