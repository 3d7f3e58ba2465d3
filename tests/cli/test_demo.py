"""The integration test of issue 10: ``xcert demo`` drives every workspace command through the real CLI (init,
quota, sites, students, photos, verify, confirm, plans, registrations, rooms, proctors, schedule, documents,
export, sync, status), on SQLite and on PostgreSQL, and leaves the four PDFs and the platform package."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cli_run import xcert
from demo_folders import copy_demo
from xcert_adapters.workspace import Workspace
from xcert_core.labels import FeeState, SeatOrigin, VerificationState
from xcert_core.model import Candidate, FeePayment, SeatAssignment

KINDS = ("准考证", "桌贴", "门贴", "签到表")


def check_demo_folder(folder: Path, result_stdout: str) -> None:
    for kind in KINDS:
        assert (folder / "output" / "DMI-1" / f"{kind}-全部.pdf").is_file(), kind
    package = folder / "output" / "平台导入包"
    assert {p.suffix for p in package.iterdir()} >= {".xlsx", ".zip"}
    assert (folder / "报告" / "学生名单-错误报告.xlsx").is_file()
    with Workspace.open(folder, env={}) as workspace:
        candidates = workspace.storage.list(Candidate)
        seats = workspace.storage.list(SeatAssignment, plan_code="DMI-1")
    assert len(candidates) == 40 and {c.state for c in candidates} == {VerificationState.VERIFIED}
    assert len(seats) == 80  # two sessions each
    tickets = "".join(page.extract_text() for page in PdfReader(folder / "output" / "DMI-1" / "准考证-全部.pdf").pages)
    assert all(c.name in tickets for c in candidates if "·" not in c.name)  # the dot may extract differently
    assert all(s.ticket_number in tickets for s in seats)
    # the platform's 排考 is the truth: its ticket numbers are printed, with no provisional mark
    assert {s.origin for s in seats} == {SeatOrigin.PLATFORM} and all("1218" in s.ticket_number for s in seats)
    assert "临时编排" not in tickets
    doors = PdfReader(folder / "output" / "DMI-1" / "门贴-全部.pdf").pages
    counts = [re.search(r"(\d+)\s*人（考位\s*(\d+)\s*个）", page.extract_text()) for page in doors]
    assert counts and all(c is not None and int(c[1]) <= int(c[2]) for c in counts)  # head count <= seats
    assert sum(int(c[1]) for c in counts if c is not None) == len(seats)  # one door label per room and session
    desk = "".join(page.extract_text() for page in PdfReader(folder / "output" / "DMI-1" / "桌贴-全部.pdf").pages)
    assert "理论考试" in desk and "实操考试" in desk  # a seat used in both sessions: each label names its exam
    for caught in ("pinyin-wrong-reading", "pinyin-compound-surname-split", "id-number-stored-as-number",
                   "gender-id-mismatch", "mobile-separators", "reg-name-mismatch", "photo-background"):
        assert caught in result_stdout, caught
    assert "已同步 0 名学生的状态" in result_stdout  # the platform's states of what we sent change nothing
    assert "已同步 80 个座位" in result_stdout  # the same seats, with the platform's ticket numbers
    status = xcert("--workspace", str(folder), "status", "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["ready"] is True
    # after the exam (#19): the platform's score export imported, and every registered candidate has a result
    results = json.loads(xcert("--workspace", str(folder), "results", "--plan", "DMI-1", "--json").stdout)
    assert len(results["results"]) == 40 and results["counts"]["pending"] == 0
    assert results["counts"]["passed"] and results["counts"]["failed"] and results["counts"]["absent"]
    assert (folder / "报告" / "考证结果.xlsx").is_file() and "第 12 步：考试之后" in result_stdout
    awards = json.loads(xcert("--workspace", str(folder), "awards", "list", "--plan", "DMI-1", "--json").stdout)
    assert len(awards["awards"]) == results["counts"]["passed"]  # a certificate for every pass, and only for one
    assert sum(1 for a in awards["awards"] if a["handed_out_on"]) == 3
    sheet = "".join(page.extract_text() for page in PdfReader(folder / "报告" / "证书领取签收表.pdf").pages)
    assert all(a["certificate_number"] in sheet for a in awards["awards"])
    # fees (#19 item 4): each 13th candidate unpaid, flagged by status; the finance office's workbook
    steps = {s["step"]: s for s in json.loads(status.stdout)["steps"]}
    assert "DMI-1 3 人次未缴费，缴费截止" in steps[6]["detail"] and steps[6]["ok"] is True
    assert load_workbook(folder / "报告" / "财务对账.xlsx").sheetnames == ["汇总", "欠费名单", "应退费名单", "缴费明细"]
    # statistics (#19 item 5): the report with its charts, and the one-page weekly report
    assert "统计分析报告已生成" in result_stdout
    charts = int(re.search(r"统计分析报告已生成：.+（\d+ 页，(\d+) 张图表）", result_stdout)[1])  # type: ignore[index]
    assert charts >= 4
    report = "".join(page.extract_text() for page in PdfReader(folder / "报告" / "统计分析报告.pdf").pages)
    for title in ("认证状态", "信息准确人数（按日）", "培训指标使用（按证书）", "报考人数（按班级）",
                  "考场使用（按场次）", "通过人数（按班级）", "DMI-1 理论考试 成绩分布"):
        assert title in report, title
    assert f"通过 {results['counts']['passed']} 人" in report
    assert len(PdfReader(folder / "报告" / "周报.pdf").pages) == 1


def readable_by_others(folder: Path) -> list[str]:
    """Every file and folder under ``folder`` (and itself) that group or others may read, write or enter."""
    return [f"{oct(path.stat().st_mode & 0o777)} {path}" for path in (folder, *folder.rglob("*"))
            if path.stat().st_mode & 0o077]


def test_demo_on_sqlite(tmp_path: Path) -> None:
    folder = tmp_path / "演示"
    old = os.umask(0o022)  # the usual umask: files 0644 unless xcert makes them private
    try:
        result = xcert("demo", str(folder), "--students", "40")
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert (folder / "xcert.db").is_file()
    assert readable_by_others(folder) == []  # the database, photos, PDFs, workbooks, zips, inputs: 0600 / 0700
    check_demo_folder(folder, result.stdout)
    hint = re.search(r"接着可以试试：(.+)", result.stdout)
    assert hint is not None  # the hint runs as printed, with or without an activated virtual environment
    assert subprocess.run(shlex.split(hint[1]), capture_output=True, timeout=120, check=False).returncode == 0
    no_full_numbers_in_json(folder, tmp_path)
    again = xcert("demo", str(folder))
    assert again.returncode == 2 and "不为空" in again.stderr
    withdraw_after_publication(folder)


def no_full_numbers_in_json(folder: Path, tmp_path: Path) -> None:
    """Issue 23: every command's ``--json`` shows ID numbers masked, as docs/explanation/data-protection.md says
    (full values only in the files made for the platform and the printed pack, never in what a command prints)."""
    with Workspace.open(folder, env={}) as workspace:
        numbers = {c.id_number for c in workspace.storage.list(Candidate)}
    inputs = folder / "资料"
    commands = [
        ("status",), ("students", "list"), ("registrations", "list"), ("rooms", "list"), ("proctors", "list"),
        ("quota", "list"), ("sites", "list"), ("plans", "list"), ("certificates", "list"), ("verify",),
        ("schedule", "report", "--plan", "DMI-1"), ("documents", "--plan", "DMI-1"),
        ("schedule", "proctors", "--plan", "DMI-1"),
        ("results", "--plan", "DMI-1"), ("fees", "list", "--plan", "DMI-1"),
        ("fees", "import", str(inputs / "缴费记录.xlsx"), "--plan", "DMI-1"),
        ("scores", "import", str(inputs / "平台导出-科目成绩.xlsx"), "--plan", "DMI-1"),
        ("schedule", "--plan", "DMI-1", "--redo", "--replace-platform-seating"),
        ("export", "platform", "--out", str(tmp_path / "包"), "--force"),
        ("students", "check", str(inputs / "学生名单-原始.xlsx")),
        ("students", "import", str(inputs / "学生名单.xlsx")),
        ("registrations", "check", str(inputs / "报考-原始.xlsx")),
        ("registrations", "import", str(inputs / "报考.xlsx")),
        ("photos", "check", str(inputs / "学生照片-原始.zip"), "--roster", str(inputs / "学生名单.xlsx")),
        ("photos", "fix", str(inputs / "学生照片-原始.zip"), "--out", str(tmp_path / "修复.zip")),
        ("photos", "import", str(inputs / "学生照片.zip")),
        ("sync", "platform", str(inputs / "平台导出-考生名单.xlsx")),
        ("sync", "platform", str(inputs / "平台导出-排考明细.xlsx")),
        ("schedule", "--registrations", str(inputs / "报考.xlsx"), "--rooms", str(inputs / "考场.xlsx"),
         "--proctors", str(inputs / "监考人员.xlsx"), "--seed", "1"),
    ]
    for command in commands:
        result = xcert("--workspace", str(folder), *command, "--json")
        assert result.returncode in (0, 1), (command, result.stderr)
        json.loads(result.stdout)
        shown = [number for number in numbers if number in result.stdout + result.stderr]
        assert shown == [], f"{' '.join(command)} --json prints full ID numbers: {shown[:3]}"


def withdraw_after_publication(folder: Path) -> None:
    """A withdrawal returns the quota, frees the seats and makes the printed pack stale until it is redone."""
    with Workspace.open(folder, env={}) as workspace:
        paid = {p.id_number for p in workspace.storage.list(FeePayment) if p.state is FeeState.PAID}
        number = next(s.id_number for s in workspace.storage.list(SeatAssignment, plan_code="DMI-1")
                      if s.id_number in paid)

    def run(*args: str) -> dict[str, object]:
        result = xcert("--workspace", str(folder), *args, "--json")
        assert result.returncode in (0, 1), result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    done = run("registrations", "withdraw", number, "--plan", "DMI-1", "--reason", "学生生病")
    assert done["seats_freed"] == 2 and done["id_number"] != number  # masked
    assert done["refund_due"] == "180.00"  # the withdrawal says the fee paid is to be refunded
    assert run("quota", "list")["applications"][0]["used"] == 39  # type: ignore[index]
    steps = {s["step"]: s for s in run("status")["steps"]}  # type: ignore[attr-defined]
    assert steps[10]["ok"] is False and "documents --plan DMI-1" in steps[10]["next"]
    run("documents", "--plan", "DMI-1")
    assert run("status")["ready"] is True
    due = run("fees", "list", "--plan", "DMI-1", "--refund-due")["rows"]  # paid, then withdrew: a refund is due
    assert [row["id_number"] for row in due] == [done["id_number"]]  # type: ignore[index]
    refunded = xcert("--workspace", str(folder), "fees", "refund", number, "--plan", "DMI-1")
    assert refunded.returncode == 0 and "共 180.00 元" in refunded.stdout
    assert run("fees", "list", "--plan", "DMI-1")["summary"]["refunded"] == 1  # type: ignore[index]
    with Workspace.open(folder, env={}) as workspace:
        assert all(s.id_number != number for s in workspace.storage.list(SeatAssignment))
    again = xcert("--workspace", str(folder), "registrations", "withdraw", "140105200001010000", "--plan", "DMI-1")
    assert again.returncode == 2 and "140105200001010000" not in again.stderr


def test_demo_on_postgresql(tmp_path: Path, postgresql_url: str) -> None:
    database = f"xcert_demo_{uuid.uuid4().hex[:8]}"
    engine = create_engine(postgresql_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    url = make_url(postgresql_url).set(database=database).render_as_string(hide_password=False)
    try:
        folder = tmp_path / "demo"
        result = xcert("demo", str(folder), "--students", "40", "--db", url)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr
        assert not (folder / "xcert.db").exists()
        check_demo_folder(folder, result.stdout)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        engine.dispose()


@pytest.mark.parametrize("students", ["5", "abc"])
def test_demo_refuses_bad_options(tmp_path: Path, students: str) -> None:
    result = xcert("demo", str(tmp_path / "d"), "--students", students)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_demo_json_prints_only_the_summary(tmp_path: Path) -> None:
    result = xcert("demo", str(tmp_path / "d"), "--students", "20", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)  # one JSON object, nothing else on stdout
    assert len(summary["steps"]) == 12 and len(summary["pdfs"]) == 4  # the eleven steps, then after the exam
    assert summary["steps"][-1].startswith("12. 考试之后")
    assert "2_学生照片.zip" in summary["platform_package"]


def test_status_sees_lost_photos_unwatched_rooms_and_unseated_registrations(tmp_path: Path, demo_master: Path) -> None:
    folder = copy_demo(demo_master, tmp_path / "d")

    def steps() -> dict[int, dict[str, object]]:
        result = xcert("--workspace", str(folder), "status", "--json")
        return {s["step"]: s for s in json.loads(result.stdout)["steps"]}

    with Workspace.open(folder, env={}) as workspace:
        candidates = workspace.storage.list(Candidate)
        seat = workspace.storage.list(SeatAssignment, plan_code="DMI-1", session_code="T1")[0]
    photo = folder / str(candidates[0].photo.location if candidates[0].photo else "")
    kept = photo.read_bytes()
    photo.unlink()
    assert steps()[4]["ok"] is False and "照片文件已丢失" in str(steps()[4]["detail"])
    photo.write_bytes(kept)

    moved = xcert("--workspace", str(folder), "schedule", "move", seat.id_number, "--plan", "DMI-1",
                  "--room", "实训楼205", "--seat", "1", "--session", "T1")
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert "sched-room-unwatched" in moved.stdout  # warned when it happens, not only by status
    assert steps()[8]["ok"] is False and "实训楼205" in str(steps()[8]["detail"])  # nobody watches that room

    freed = xcert("--workspace", str(folder), "schedule", "withdraw", seat.id_number, "--plan", "DMI-1")
    assert freed.returncode == 0, freed.stdout + freed.stderr
    assert steps()[9]["ok"] is False and "schedule add" in str(steps()[9]["next"])  # not a new draw


def test_unknown_unavailable_sessions_are_reported_when_scheduling(tmp_path: Path, demo_master: Path) -> None:
    from xcert_core.model import Proctor  # noqa: PLC0415

    folder = copy_demo(demo_master, tmp_path / "d")
    with Workspace.open(folder, env={}) as workspace:
        workspace.storage.add(Proctor(workspace.school_code, "T900", "新老师", unavailable_sessions=frozenset({"X9"})))
    result = xcert("--workspace", str(folder), "schedule", "proctors", "--plan", "DMI-1", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    issues = json.loads(result.stdout)["issues"]
    assert [(i["code"], i["severity"]) for i in issues] == [("sched-unavailable-session-unknown", "warning")]
    assert "T900" in issues[0]["message"] and "X9" in issues[0]["message"]
