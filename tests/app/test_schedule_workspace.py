"""Scheduling in a workspace: rooms and proctors imported, ``xcert schedule --plan`` storing the plan, the
changes after publication and the plan report — real processes on a real SQLite workspace; plus property
tests of the stored-scheduling service on random registrations and rooms."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cli_run import xcert as run
from test_schedule_cli import PROCTOR_HEADER, ROOM_HEADER, ident, write_xlsx
from xcert_adapters.storage.memory import MemoryStorage
from xcert_adapters.workspace import Workspace
from xcert_core.labels import (
    CertificateLevel,
    Gender,
    IdType,
    ProctorRole,
    ProgramLevel,
    ReviewStatus,
)
from xcert_core.model import (
    Candidate,
    ExamPlan,
    ExamRoom,
    ExamSession,
    ExamSite,
    Proctor,
    ProctorAssignment,
    Registration,
    SeatAssignment,
    SeatChange,
    SeatLayout,
    Subject,
)
from xcert_core.ports.storage import Storage
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling import changes
from xcert_core.scheduling.stored import change_plan, schedule_plan

SCHOOL = "4133010001"
ORG = "fhxlh"
CERTIFICATE = "1550001066020254"
PLAN = "P1"
DAY = dt.date(2026, 6, 13)


def plan(code: str = PLAN, start: int = 9) -> ExamPlan:
    return ExamPlan(code, "数字媒体交互设计（中级）", 2026, ORG, CERTIFICATE, CertificateLevel.INTERMEDIATE,
                    subjects=(Subject("T", "理论考试"),),
                    sessions=(ExamSession(f"{code}-S1", "T", DAY, dt.time(start), dt.time(start + 1, 30)),))


def candidate(n: int) -> Candidate:
    return Candidate(SCHOOL, f"考生{n}", f"Kao Sheng {n}", Gender.MALE, IdType.RESIDENT_ID, ident(n), "13812345678",
                     2024, ProgramLevel.HIGHER_VOCATIONAL, "数字媒体技术", f"51020{n % 3}")


def registration(n: int, code: str = PLAN, site: str = "18") -> Registration:
    return Registration(code, ident(n), SCHOOL, CERTIFICATE, site)


def xcert(ws: Path, *args: str | Path) -> Any:
    return run("--workspace", str(ws), *map(str, args))


def fill(ws: Path, count: int, *, sites: tuple[str, ...] = ("18",), plans: tuple[ExamPlan, ...] = (plan(),)) -> None:
    """Store sites (approved), plans, candidates and their registrations directly (the registration import is
    not what is tested here)."""
    with Workspace.open(ws) as workspace, workspace.storage.transaction() as tx:
        for site in sites:
            tx.put(ExamSite(site, f"考点{site}", SCHOOL, ORG, (CERTIFICATE,), ReviewStatus.APPROVED,
                            address=f"示范路 {site} 号"))
        for exam in plans:
            tx.put(exam)
        for n in range(1, count + 1):
            tx.put(candidate(n))
            for exam in plans:
                tx.put(registration(n, exam.code, sites[n % len(sites)]))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    result = run("init", str(folder), "--school-code", SCHOOL, "--school", "示范职业技术学院", "--year", "2026")
    assert result.returncode == 0, result.stderr
    return folder


def room_sheet(path: Path, rows: list[tuple[object, ...]]) -> Path:
    return write_xlsx(path, "考场导入模板", ROOM_HEADER, rows)


def proctor_sheet(path: Path, proctors: int, inspectors: int = 1) -> Path:
    rows = [(f"T{i:02d}", f"老师{i}", f"1381234{i:04d}", None, "太原", "监考", None) for i in range(proctors)]
    rows += [(f"X{i:02d}", f"巡考{i}", f"1391234{i:04d}", None, "太原", "巡考", None) for i in range(inspectors)]
    return write_xlsx(path, "监考人员导入模板", PROCTOR_HEADER, rows)


def stored(ws: Path, entity: type[Any], **equals: Any) -> list[Any]:
    with Workspace.open(ws) as workspace:
        return workspace.storage.list(entity, **equals)


def seats_of(ws: Path) -> dict[str, SeatAssignment]:
    return {a.id_number: a for a in stored(ws, SeatAssignment)}


# --- rooms and proctors ------------------------------------------------------------------------------------


def marks_of(report: Path) -> set[tuple[str, str]]:
    """(cell, code) of each commented cell of a marked-up report's first sheet: the code is read back from the
    问题汇总 sheet's detail lines by row and column."""
    book = load_workbook(report)
    first, summary = book.worksheets[0], book["问题汇总"]
    header = [c.value for c in next(first.iter_rows(min_row=3, max_row=3))]
    detail = {(row[0], row[1]): row[3] for row in summary.iter_rows(values_only=True) if isinstance(row[0], int)}
    found = set()
    for row in first.iter_rows():
        for cell in row:
            if cell.comment is not None:
                column = header[cell.column - 1] if cell.column - 1 < len(header) else None
                code = detail.get((cell.row, str(column).lstrip("*"))) or next(
                    code for (r, _), code in detail.items() if r == cell.row)
                found.add((cell.coordinate, code))
    return found


def test_room_import_is_all_or_nothing_and_checks_plan_and_site(ws: Path, tmp_path: Path) -> None:
    fill(ws, 0)
    bad = room_sheet(tmp_path / "坏.xlsx", [("18", "考点18", "信息楼301", "普通考场", 30, 5, 6),
                                            ("99", "别处", "信息楼302", "普通考场", 30, None, None),
                                            ("18", "考点18", "信息楼303 ", "普通考场", 30, None, None)])
    result = xcert(ws, "rooms", "import", bad, "--plan", PLAN, "--json")
    assert result.returncode == 1, result.stderr
    out = json.loads(result.stdout)
    assert out["stored"] is False and out["rows"] == 3
    assert {(i["row"], i["code"]) for i in out["issues"]} == {(5, "room-site-unknown"), (6, "whitespace-edges")}
    assert "“99”" in next(i["message"] for i in out["issues"] if i["code"] == "room-site-unknown")
    assert stored(ws, ExamRoom) == []  # the good row was not stored either
    marked_up = xcert(ws, "rooms", "import", bad, "--plan", PLAN, "--report", tmp_path / "考场报告.xlsx")
    assert marked_up.returncode == 1 and "错误报告已写入" in marked_up.stdout
    assert marks_of(tmp_path / "考场报告.xlsx") == {("A5", "room-site-unknown"), ("C6", "whitespace-edges")}

    result = xcert(ws, "rooms", "import", bad, "--plan", "不存在")
    assert result.returncode == 1 and "没有考试计划“不存在”" in result.stdout and "未导入" in result.stdout

    good = room_sheet(tmp_path / "好.xlsx", [("18", "考点18", "信息楼301", "普通考场", 30, 5, 6),
                                             ("18", "考点18", "信息楼302", "机房", 20, None, None)])
    result = xcert(ws, "rooms", "import", good, "--plan", PLAN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "新增 2 个考场" in result.stdout
    rooms = stored(ws, ExamRoom)
    assert [(r.plan_code, r.site_code, r.name, r.seats, r.layout) for r in rooms] == [
        (PLAN, "18", "信息楼301", 30, SeatLayout(5, 6)), (PLAN, "18", "信息楼302", 20, None)]
    listed = json.loads(xcert(ws, "rooms", "list", "--plan", PLAN, "--json").stdout)
    assert listed["seats"] == 50 and [r["name"] for r in listed["rooms"]] == ["信息楼301", "信息楼302"]
    assert json.loads(xcert(ws, "rooms", "list", "--plan", "P9", "--json").stdout)["rooms"] == []
    again = json.loads(xcert(ws, "rooms", "import", good, "--plan", PLAN, "--json").stdout)
    assert (again["added"], again["replaced"], again["unchanged"]) == (0, 0, 2)  # the same sheet: nothing to write


def test_room_add_uses_the_sheet_rules_and_the_workspace(ws: Path, tmp_path: Path) -> None:
    fill(ws, 0, sites=("18", "19"))
    with Workspace.open(ws) as workspace:  # a site still under review takes rooms, with a warning
        site = workspace.storage.get(ExamSite, ("19",))
        workspace.storage.put(ExamSite(site.code, site.name, SCHOOL, ORG, (CERTIFICATE,), ReviewStatus.SUBMITTED))
    ok = xcert(ws, "rooms", "add", "--plan", PLAN, "--site", "18", "--name", "信息楼301", "--seats", "30",
               "--rows", "5", "--columns", "6", "--json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["added"] == 1
    small = xcert(ws, "rooms", "add", "--plan", PLAN, "--site", "18", "--name", "信息楼302", "--seats", "30",
                  "--rows", "4", "--columns", "5", "--json")
    assert small.returncode == 1
    assert [i["code"] for i in json.loads(small.stdout)["issues"]] == ["room-layout-too-small"]
    assert json.loads(small.stdout)["issues"][0]["row"] is None
    nowhere = xcert(ws, "rooms", "add", "--plan", PLAN, "--site", "77", "--name", "A", "--seats", "3")
    assert nowhere.returncode == 1 and "没有考核站点“77”" in nowhere.stdout
    warned = xcert(ws, "rooms", "add", "--plan", PLAN, "--site", "19", "--name", "B", "--seats", "3", "--json")
    assert warned.returncode == 0
    assert [i["code"] for i in json.loads(warned.stdout)["issues"]] == ["room-site-not-ready"]
    assert [r.name for r in stored(ws, ExamRoom)] == ["信息楼301", "B"]
    text = xcert(ws, "rooms", "list").stdout
    assert "信息楼301（普通考场）：30 个考位，5 行 × 6 列" in text


def test_rooms_fewer_seats_than_registrants_warn_when_added_and_fail_at_scheduling(ws: Path,
                                                                                    tmp_path: Path) -> None:
    """考位数 ≥ 报考人数 per plan, site and session is checked when rooms are added or imported (a warning with the
    shortfall: registrations may still change), counting the rooms already stored, and is an error at 排考."""
    fill(ws, 3, sites=("18", "19"))  # candidates 1 and 3 at site 19, candidate 2 at site 18
    short = xcert(ws, "rooms", "add", "--plan", PLAN, "--site", "19", "--name", "信息楼301", "--seats", "1", "--json")
    assert short.returncode == 0, short.stdout + short.stderr  # stored: a warning only
    (issue,) = json.loads(short.stdout)["issues"]
    assert issue["code"] == "room-seats-short" and issue["severity"] == "warning"
    assert "考核站点“19”场次“P1-S1”：报考 2 人，考场共 1 个考位，还差 1 个" in issue["message"]
    other = xcert(ws, "rooms", "add", "--plan", PLAN, "--site", "18", "--name", "信息楼302", "--seats", "1")
    assert other.returncode == 0 and "没有发现问题" in other.stdout  # site 18 holds its one; 19 is not touched
    sheet = room_sheet(tmp_path / "考场.xlsx", [("19", "考点19", "信息楼303", "普通考场", 1, None, None)])
    enough = json.loads(xcert(ws, "rooms", "import", sheet, "--plan", PLAN, "--json").stdout)
    assert enough["issues"] == []  # the stored room and the imported one hold both
    shrink = room_sheet(tmp_path / "少.xlsx", [("19", "考点19", "信息楼303", "普通考场", 1, None, None),
                                               ("19", "考点19", "信息楼301", "普通考场", 1, None, None)])
    assert json.loads(xcert(ws, "rooms", "import", shrink, "--plan", PLAN, "--json").stdout)["issues"] == []
    with Workspace.open(ws) as workspace:
        workspace.storage.delete(ExamRoom, (PLAN, "19", "信息楼303"))
    scheduled = xcert(ws, "schedule", "--plan", PLAN, "--per-room", "0", "--inspectors", "0", "--json")
    assert scheduled.returncode == 1
    assert [i["code"] for i in json.loads(scheduled.stdout)["issues"]] == ["sched-seat-shortfall"]


def test_templates(ws: Path, tmp_path: Path) -> None:
    assert xcert(ws, "rooms", "template", tmp_path / "r.xlsx").returncode == 0
    assert [c.value for c in load_workbook(tmp_path / "r.xlsx").active[3]] == list(ROOM_HEADER)
    assert xcert(ws, "proctors", "template", tmp_path / "p.xlsx").returncode == 0
    assert [c.value for c in load_workbook(tmp_path / "p.xlsx").active[3]] == list(PROCTOR_HEADER)


def test_proctor_import_is_all_or_nothing_and_list_masks_phones(ws: Path, tmp_path: Path) -> None:
    bad = write_xlsx(tmp_path / "坏.xlsx", "监考人员导入模板", PROCTOR_HEADER,
                     [("T01", "王老师", "13812345678", None, None, "监考", None),
                      ("T02", "李老师", "1391234567", None, None, "巡考", None)])
    result = xcert(ws, "proctors", "import", bad, "--json")
    assert result.returncode == 1
    assert [i["code"] for i in json.loads(result.stdout)["issues"]] == ["proctor-phone-invalid"]
    assert stored(ws, Proctor) == []
    marked_up = xcert(ws, "proctors", "import", bad, "--report", tmp_path / "监考报告.xlsx", "--json")
    assert json.loads(marked_up.stdout)["stored"] is False and "错误报告已写入" in marked_up.stderr
    assert marks_of(tmp_path / "监考报告.xlsx") == {("C5", "proctor-phone-invalid")}
    assert "1391234567" not in str(load_workbook(tmp_path / "监考报告.xlsx").worksheets[0]["C5"].comment.text)
    result = xcert(ws, "proctors", "import", proctor_sheet(tmp_path / "好.xlsx", 3))
    assert result.returncode == 0 and "新增 4 名监考人员" in result.stdout
    people = stored(ws, Proctor)
    assert {p.school_code for p in people} == {SCHOOL}  # an empty 所属院校 is the workspace's school
    assert Counter(p.role for p in people) == {ProctorRole.PROCTOR: 3, ProctorRole.INSPECTOR: 1}
    listed = xcert(ws, "proctors", "list", "--json").stdout
    assert "13812340000" not in listed and len(json.loads(listed)["proctors"]) == 4
    assert "13812340000" not in xcert(ws, "proctors", "list").stdout
    again = xcert(ws, "proctors", "import", proctor_sheet(tmp_path / "好.xlsx", 3))
    assert "新增 0 名监考人员，更新 0 名，未变 4 名" in again.stdout  # the same sheet again changes nothing


# --- scheduling ----------------------------------------------------------------------------------------------


def _setup(ws: Path, tmp_path: Path, count: int = 20, seats: tuple[int, ...] = (12, 12), proctors: int = 4) -> None:
    fill(ws, count)
    rows = [("18", "考点18", f"信息楼30{i}", "普通考场", n, None, None) for i, n in enumerate(seats, start=1)]
    assert xcert(ws, "rooms", "import", room_sheet(tmp_path / "考场.xlsx", rows), "--plan", PLAN).returncode == 0
    assert xcert(ws, "proctors", "import", proctor_sheet(tmp_path / "监考.xlsx", proctors)).returncode == 0


def test_schedule_stores_the_plan_once_and_redo_gives_the_same_plan(ws: Path, tmp_path: Path) -> None:
    _setup(ws, tmp_path)
    report = tmp_path / "汇总.xlsx"
    result = xcert(ws, "schedule", "--plan", PLAN, "--report", report, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert out["stored"] is True and out["seed"] == 1 and out["candidates"] == 20 and out["issues"] == []
    seats = seats_of(ws)
    assert sorted(seats) == sorted(ident(n) for n in range(1, 21))
    assert len({(a.room_name, a.seat) for a in seats.values()}) == 20
    assert Counter(a.room_name for a in seats.values()) == {"信息楼301": 12, "信息楼302": 8}
    staff = stored(ws, ProctorAssignment)
    assert Counter((a.role, a.room_name) for a in staff) == {(ProctorRole.PROCTOR, "信息楼301"): 2,
                                                             (ProctorRole.PROCTOR, "信息楼302"): 2,
                                                             (ProctorRole.INSPECTOR, None): 1}
    assert [(c.seq, c.action, c.reason) for c in stored(ws, SeatChange)] == [(1, "schedule", "seed=1")]
    rooms = {r["room"]: r for r in out["rooms"]}
    assert (rooms["信息楼302"]["occupied"], rooms["信息楼302"]["free"]) == (8, 4)
    assert len(rooms["信息楼301"]["proctors"]) == 2 and rooms["信息楼301"]["proctors"][0]["name"].startswith("老师")
    sheet = load_workbook(report)["排考汇总"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [(v[2], v[4], v[5]) for v in values[:2]] == [("信息楼301", 12, 0), ("信息楼302", 8, 4)]
    assert values[-1][:1] == ["合计"] and values[-1][4] == 20
    assert {v[7] for v in values[:2]} == {min(a.ticket_number for a in seats.values() if a.room_name == v[2])
                                          for v in values[:2]}

    again = xcert(ws, "schedule", "--plan", PLAN)
    assert again.returncode == 2 and "已排考" in again.stderr and "--redo" in again.stderr
    assert seats_of(ws) == seats

    redo = xcert(ws, "schedule", "--plan", PLAN, "--redo", "--seed", "1")
    assert redo.returncode == 0, redo.stdout + redo.stderr
    assert "替换了原有的 20 个考位" in redo.stdout and "信息楼301" in redo.stdout
    assert seats_of(ws) == seats and stored(ws, ProctorAssignment) == staff
    assert [c.action for c in stored(ws, SeatChange)] == ["schedule", "redo"]

    other = xcert(ws, "schedule", "--plan", PLAN, "--redo", "--seed", "2")
    assert other.returncode == 0
    assert set(seats_of(ws)) == set(seats) and seats_of(ws) != seats

    text = xcert(ws, "schedule", "report", "--plan", PLAN, "--out", tmp_path / "r2.xlsx")
    assert text.returncode == 0 and "空余 4" in text.stdout and "巡考：X00 巡考0" in text.stdout
    assert load_workbook(tmp_path / "r2.xlsx")["巡考安排"]["C2"].value == "X00"


def test_shortfalls_store_nothing_and_name_the_missing_number(ws: Path, tmp_path: Path) -> None:
    _setup(ws, tmp_path, count=10, seats=(8,), proctors=1)
    result = xcert(ws, "schedule", "--plan", PLAN, "--json")
    assert result.returncode == 1
    out = json.loads(result.stdout)
    assert out["stored"] is False
    messages = {i["code"]: i["message"] for i in out["issues"]}
    assert "场次“P1-S1”" in messages["sched-seat-shortfall"] and "还差 2 个" in messages["sched-seat-shortfall"]
    assert "还差 1 人" in messages["sched-proctor-shortfall"]
    assert stored(ws, SeatAssignment) == [] and stored(ws, ProctorAssignment) == [] and stored(ws, SeatChange) == []
    human = xcert(ws, "schedule", "--plan", PLAN)
    assert human.returncode == 1 and "未保存" in human.stdout and "还差 2 个" in human.stdout


def test_usage_errors_exit_2(ws: Path) -> None:
    fill(ws, 1)
    result = xcert(ws, "schedule", "--plan", "P9")
    assert result.returncode == 2 and "没有考试计划“P9”" in result.stderr and "Traceback" not in result.stderr
    result = xcert(ws, "schedule", "withdraw", "--plan", PLAN, ident(1))
    assert result.returncode == 2 and "还没有排考" in result.stderr
    result = xcert(ws, "schedule")
    assert result.returncode == 2 and "--plan" in result.stderr
    result = xcert(ws, "schedule", "--plan", PLAN, "--documents", "x")
    assert result.returncode == 2 and "xcert documents" in result.stderr


def _others_unchanged(before: dict[str, SeatAssignment], after: dict[str, SeatAssignment], *named: str) -> None:
    assert {k: v for k, v in before.items() if k not in named} == {k: v for k, v in after.items() if k not in named}


def _last_change(ws: Path) -> tuple[str, str, str]:
    """The plan's latest 排考调整记录: what, who, why."""
    record = stored(ws, SeatChange)[-1]
    return record.action, record.actor, record.reason


def test_changes_after_publication_touch_only_the_named_candidates(  # noqa: PLR0915 - one publication's story
        ws: Path, tmp_path: Path) -> None:
    _setup(ws, tmp_path, count=20, seats=(12, 12, 12))
    assert xcert(ws, "schedule", "--plan", PLAN).returncode == 0
    before = seats_of(ws)
    one, two = sorted(before)[:2]

    # withdraw frees the seat, nobody moves up
    result = xcert(ws, "schedule", "withdraw", "--plan", PLAN, one, "--reason", "退考", "--actor", "教务处", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert out["seq"] == 2 and out["moves"][0]["after"] is None
    after = seats_of(ws)
    assert one not in after
    _others_unchanged(before, after, one)
    record = stored(ws, SeatChange)[-1]
    assert (record.action, record.actor, record.reason) == ("withdraw", "教务处", "退考")

    # add: the still-active registration is seated again in a free seat with a fresh ticket number
    result = xcert(ws, "schedule", "add", "--plan", PLAN, one, "--reason", "撤销有误", "--actor", "李老师")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _last_change(ws) == ("add-late", "李老师", "撤销有误")
    readded = seats_of(ws)
    _others_unchanged(after, readded, one)
    assert (readded[one].room_name, readded[one].seat) not in {(a.room_name, a.seat) for a in after.values()}
    assert readded[one].ticket_number not in {a.ticket_number for a in after.values()}
    assert xcert(ws, "schedule", "add", "--plan", PLAN, one).returncode == 1  # already seated: refused

    # move to a free seat, then swap
    free_room = "信息楼303"
    result = xcert(ws, "schedule", "move", "--plan", PLAN, two, "--room", free_room, "--seat", "12",
                   "--reason", "视力原因靠前", "--actor", "王老师")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _last_change(ws) == ("move", "王老师", "视力原因靠前")
    moved = seats_of(ws)
    assert (moved[two].room_name, moved[two].seat) == (free_room, 12)
    _others_unchanged(readded, moved, two)
    taken = xcert(ws, "schedule", "move", "--plan", PLAN, one, "--room", free_room, "--seat", "12", "--json")
    assert taken.returncode == 1 and json.loads(taken.stdout)["stored"] is False
    assert seats_of(ws) == moved
    assert xcert(ws, "schedule", "move", "--plan", PLAN, one, "--room", "无此考场", "--seat", "1").returncode == 2

    result = xcert(ws, "schedule", "swap", "--plan", PLAN, one, two, "--session", moved[one].session_code,
                   "--reason", "同班相邻", "--actor", "王老师", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    swap = json.loads(result.stdout)
    assert {m["id_number"] for m in swap["moves"]} == {mask_id_number(one), mask_id_number(two)}
    assert _last_change(ws) == ("swap", "王老师", "同班相邻")
    refused = xcert(ws, "schedule", "swap", "--plan", PLAN, one, two, "--session", "无此场次")
    assert refused.returncode == 1 and "sched-change-refused" in refused.stdout
    swapped = seats_of(ws)
    assert (swapped[one].room_name, swapped[one].seat) == (moved[two].room_name, moved[two].seat)
    assert (swapped[two].room_name, swapped[two].seat) == (moved[one].room_name, moved[one].seat)
    assert swapped[one].ticket_number == moved[one].ticket_number
    _others_unchanged(moved, swapped, one, two)

    # close a room: only its candidates move, into the other rooms, and the room and its proctors leave the plan
    closing = swapped[sorted(swapped)[5]].room_name
    inside = {k for k, a in swapped.items() if a.room_name == closing}
    result = xcert(ws, "schedule", "close-room", "--plan", PLAN, "--site", "18", "--room", closing, "--json",
                   "--reason", "空调坏了", "--actor", "教务处")
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert ({m["id_number"] for m in out["moves"]}, len(out["released_proctors"])) == (
        {mask_id_number(n) for n in inside}, 2)  # ID numbers masked, as in every --json
    closed = seats_of(ws)
    assert set(closed) == set(swapped) and all(closed[k].room_name != closing for k in inside)
    _others_unchanged(swapped, closed, *inside)
    assert len({(a.room_name, a.seat) for a in closed.values()}) == len(closed)
    assert closing not in {r.name for r in stored(ws, ExamRoom)}
    assert _last_change(ws) == ("close-room", "教务处", "空调坏了")
    assert closing not in {a.room_name for a in stored(ws, ProctorAssignment)}
    assert [c.action for c in stored(ws, SeatChange)] == ["schedule", "withdraw", "add-late", "move", "swap",
                                                         "close-room"]


def test_closing_a_room_without_enough_free_seats_changes_nothing(ws: Path, tmp_path: Path) -> None:
    _setup(ws, tmp_path, count=20, seats=(12, 12))
    assert xcert(ws, "schedule", "--plan", PLAN).returncode == 0
    before = seats_of(ws)
    result = xcert(ws, "schedule", "close-room", "--plan", PLAN, "--site", "18", "--room", "信息楼301")
    assert result.returncode == 1 and "还差" in result.stdout and "未作任何调整" in result.stdout
    assert seats_of(ws) == before and len(stored(ws, ExamRoom)) == 2 and len(stored(ws, SeatChange)) == 1


# --- properties of the service -----------------------------------------------------------------------------


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[int, list[tuple[str, int, SeatLayout | None]], int]:
    """Candidates, rooms (site, seats, layout) with enough seats at each site, and a seed."""
    rooms = draw(st.lists(st.tuples(st.sampled_from(["18", "19"]), st.integers(1, 12),
                                    st.none() | st.just(SeatLayout(3, 4))), min_size=1, max_size=5))
    capacity = min(sum(seats for site, seats, _ in rooms if site == s) for s in ("18", "19")
                   if any(site == s for site, _, _ in rooms))
    count = draw(st.integers(0, capacity))
    return count, rooms, draw(st.integers(0, 2**31))


def _store_scenario(count: int, rooms: list[tuple[str, int, SeatLayout | None]]) -> Storage:
    storage = MemoryStorage()
    sites = sorted({site for site, _, _ in rooms})
    with storage.transaction() as tx:
        tx.put(plan())
        for site in sites:
            tx.put(ExamSite(site, site, SCHOOL, ORG, (CERTIFICATE,), ReviewStatus.APPROVED))
        for n in range(1, count + 1):
            tx.put(candidate(n))
            tx.put(Registration(PLAN, ident(n), SCHOOL, CERTIFICATE, sites[n % len(sites)],
                                class_label=f"{n % 3}班" if n % 2 else None))
        for i, (site, seats, layout) in enumerate(rooms):
            tx.put(ExamRoom(PLAN, site, f"R{i}", seats=seats, layout=layout))
    return storage


def _plan_state(storage: Storage) -> tuple[list[SeatAssignment], list[ProctorAssignment]]:
    return storage.list(SeatAssignment, plan_code=PLAN), storage.list(ProctorAssignment, plan_code=PLAN)


AT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), pick=st.integers(0, 10**6), which=st.sampled_from(["withdraw", "move", "swap"]))
def test_stored_plan_is_valid_deterministic_and_changes_move_nobody_else(
        scenario: tuple[int, list[tuple[str, int, SeatLayout | None]], int], pick: int, which: str) -> None:
    count, rooms, seed = scenario
    storage = _store_scenario(count, rooms)
    outcome = schedule_plan(storage, PLAN, seed=seed, per_room=0, inspectors_per_site=0, at=AT)
    assert outcome.stored and outcome.issues == ()
    seats, _ = _plan_state(storage)
    assert sorted(a.id_number for a in seats) == sorted(ident(n) for n in range(1, count + 1))
    assert len({(a.site_code, a.room_name, a.seat) for a in seats}) == len(seats)  # never two in one seat
    size = {(r.site_code, r.name): r.seats for r in storage.list(ExamRoom)}
    assert all(1 <= a.seat <= size[(a.site_code, a.room_name)] for a in seats)  # capacity respected
    assert len({a.ticket_number for a in seats}) == len(seats)

    twin = _store_scenario(count, rooms)  # same data and seed: same stored plan
    schedule_plan(twin, PLAN, seed=seed, per_room=0, inspectors_per_site=0, at=AT)
    assert _plan_state(twin) == _plan_state(storage)

    if not seats:
        return
    target = seats[pick % len(seats)]
    mates = [a for a in seats if a.site_code == target.site_code and a.id_number != target.id_number]
    if which == "withdraw":
        change = lambda s: changes.withdraw(s, id_number=target.id_number, actor="t", at=AT)  # noqa: E731
        named = {target.id_number}
    elif which == "swap":
        if not mates:
            return
        other = mates[pick % len(mates)]
        change = lambda s: changes.swap(s, first=target.id_number, second=other.id_number,  # noqa: E731
                                        session_code=target.session_code, actor="t", at=AT)
        named = {target.id_number, other.id_number}
    else:
        occupied = {(a.room_name, a.seat) for a in seats if a.site_code == target.site_code}
        free = [(r, n) for r in storage.list(ExamRoom, site_code=target.site_code) for n in range(1, r.seats + 1)
                if (r.name, n) not in occupied]
        if not free:
            return
        room, seat = free[pick % len(free)]
        change = lambda s: changes.move(s, id_number=target.id_number,  # noqa: E731
                                        session_code=target.session_code, room=room, seat=seat, actor="t", at=AT)
        named = {target.id_number}
    result = change_plan(storage, PLAN, change)
    after, _ = _plan_state(storage)
    assert result.record is not None, result.issues
    assert [a for a in after if a.id_number not in named] == [a for a in seats if a.id_number not in named]
    assert len({(a.site_code, a.room_name, a.seat) for a in after}) == len(after)
    assert [c.action for c in storage.list(SeatChange)] == ["schedule", which]


def test_stateless_form_writes_the_report_too(tmp_path: Path) -> None:
    from test_schedule_cli import registrations, rooms  # noqa: PLC0415 - the stateless form's file builders
    from test_schedule_cli import xcert as stateless  # noqa: PLC0415

    out = tmp_path / "汇总.xlsx"
    result = stateless("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 20),
                       "--rooms", rooms(tmp_path / "考场.xlsx", 12, 12), "--seed", "7", "--report", out, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(json.loads(result.stdout)) == {"assignments", "proctors", "issues"}  # the contract is unchanged
    rows = [[c.value for c in row] for row in load_workbook(out)["排考汇总"].iter_rows(min_row=3)]
    assert [(r[2], r[4], r[5]) for r in rows] == [("信息楼301", 12, 0), ("信息楼302", 8, 4), (None, 20, 4)]


def test_adding_someone_without_an_active_registration_is_refused(ws: Path, tmp_path: Path) -> None:
    _setup(ws, tmp_path, count=3, seats=(6,), proctors=2)
    assert xcert(ws, "schedule", "--plan", PLAN).returncode == 0
    before = seats_of(ws)
    result = xcert(ws, "schedule", "add", "--plan", PLAN, ident(99), "--json")
    assert result.returncode == 1
    out = json.loads(result.stdout)
    assert out["stored"] is False and out["issues"][0]["code"] == "sched-change-refused"
    assert ident(99) not in out["issues"][0]["message"]  # masked
    assert seats_of(ws) == before and len(stored(ws, SeatChange)) == 1


def test_a_room_or_proctor_in_use_is_not_removed_until_emptied(ws: Path, tmp_path: Path) -> None:
    """#24: rooms remove / proctors remove refuse while seats or assignments depend on them, naming the command
    that frees them; once free (or never used), they go, audited."""
    _setup(ws, tmp_path)
    spare = xcert(ws, "rooms", "add", "--plan", PLAN, "--site", "18", "--name", "备用教室", "--seats", "10")
    assert spare.returncode == 0
    assert xcert(ws, "schedule", "--plan", PLAN).returncode == 0
    busy = xcert(ws, "rooms", "remove", "--plan", PLAN, "--site", "18", "--name", "信息楼302", "--reason", "停电")
    assert busy.returncode == 2 and f"xcert schedule close-room --plan {PLAN} --site 18 --room 信息楼302" in busy.stderr
    assert {r.name for r in stored(ws, ExamRoom)} == {"信息楼301", "信息楼302", "备用教室"}
    unused = [r for r in ("信息楼301", "信息楼302", "备用教室")
              if not any(a.room_name == r for a in seats_of(ws).values())]
    assert unused, "one room holds nobody"
    gone = xcert(ws, "rooms", "remove", "--plan", PLAN, "--site", "18", "--name", unused[0], "--reason", "不用了")
    assert gone.returncode == 0 and "已删除考场" in gone.stdout
    assert unused[0] not in {r.name for r in stored(ws, ExamRoom)}
    assert xcert(ws, "rooms", "remove", "--plan", PLAN, "--site", "18", "--name", unused[0],
                 "--reason", "再删").returncode == 2  # no such room any more

    assigned = next(a for a in stored(ws, ProctorAssignment) if a.role is ProctorRole.PROCTOR)
    refused = xcert(ws, "proctors", "remove", assigned.teacher_number, "--reason", "调走")
    assert refused.returncode == 2 and f"{PLAN} {assigned.session_code}" in refused.stderr
    assert xcert(ws, "proctors", "import", proctor_sheet(tmp_path / "又一名.xlsx", 5)).returncode == 0  # T04: new
    idle = {p.teacher_number for p in stored(ws, Proctor)} - {a.teacher_number for a in stored(ws, ProctorAssignment)}
    assert "T04" in idle
    assert xcert(ws, "proctors", "remove", "T04", "--reason", "调走").returncode == 0
    assert "T04" not in {p.teacher_number for p in stored(ws, Proctor)}
    log = json.loads(xcert(ws, "audit", "--json").stdout)["entries"]
    assert ("rooms.remove", "不用了") in {(e["action"], e["detail"]) for e in log}
    # the site and the plan the rooms and registrations hang on are not removed
    site = xcert(ws, "sites", "remove", "18", "--reason", "x")
    assert site.returncode == 2 and "xcert sites enable 18 --disable" in site.stderr
    plan_refused = xcert(ws, "plans", "remove", PLAN, "--reason", "x")
    assert plan_refused.returncode == 2 and "registrations withdraw" in plan_refused.stderr
