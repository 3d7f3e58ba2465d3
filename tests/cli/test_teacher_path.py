"""#17's teacher's path, run as she runs it: from the roster to registered students without ever typing a full ID
number — list the students, confirm by name (or name and last four digits), fill the exam plan in Excel, take the
registration template xcert fills from the workspace, delete the rows of those who do not sit the exam, import."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from cli_run import xcert
from test_plan_form import PLAN_ROW, SESSION_ROWS, SUBJECT_ROWS
from xcert_adapters.demo.files import roster_row, write_filled, write_zip
from xcert_adapters.demo.people import generate_students
from xcert_adapters.demo.portraits import photo_jpeg
from xcert_core.plugins import make_plugin_manager
from xcert_core.roster.template import roster_template

SCHOOL, CERTIFICATE, SITE = "4133010001", "1550001066020254", "S001"
FULL_ID = re.compile(r"\d{17}[\dXx]")
typed: list[tuple[str, ...]] = []


def teacher(workspace: Path, *args: str) -> Any:
    """One command as the teacher types it (recorded, to prove no full ID number was ever typed), with --json."""
    typed.append(args)
    result = xcert("--workspace", str(workspace), *args, "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else None


def test_the_teachers_path_never_needs_a_full_id_number(tmp_path: Path) -> None:
    workspace = tmp_path / "报考2026"
    students = start_with_students_and_photos(workspace, tmp_path)
    confirm_without_full_numbers(workspace, tmp_path)
    plan_from_the_excel_form(workspace, tmp_path)
    register_from_the_prefilled_template(workspace, tmp_path, {c.name for c in students})
    assert not [args for args in typed if any(FULL_ID.fullmatch(a) for a in args)]


def start_with_students_and_photos(workspace: Path, tmp_path: Path) -> list[Any]:
    assert xcert("init", str(workspace), "--school-code", SCHOOL, "--school", "示范职业技术学院", "--year", "2026",
                 "--practice").returncode == 0
    students = [s.candidate for s in generate_students(30, SCHOOL)]
    roster = write_filled(make_plugin_manager(), roster_template(), [roster_row(c) for c in students],
                          tmp_path / "学生名单.xlsx")
    photos = write_zip(tmp_path / "照片.zip", [(f"{c.id_number}.jpg", photo_jpeg(n)) for n, c in enumerate(students)])
    assert teacher(workspace, "quota", "set", CERTIFICATE, "--approved", "50")[0] == 0
    assert teacher(workspace, "sites", "add", SITE, "--name", "信息楼考点", "--certificate", CERTIFICATE,
                   "--approved")[0] == 0
    assert teacher(workspace, "students", "import", str(roster))[0] == 0
    assert teacher(workspace, "photos", "import", str(photos))[0] == 0
    teacher(workspace, "verify", "--verifier", "fake")
    return students


def confirm_without_full_numbers(workspace: Path, tmp_path: Path) -> None:
    # 需人工确认: she reads the names off the list and confirms by name, or by name and last four digits
    listed = teacher(workspace, "students", "list", "--state", "需人工确认")[1]["candidates"]
    assert len(listed) >= 2, "the fake verifier leaves some to confirm"
    assert all(c["class_label"].startswith("20") for c in listed)  # 班级 shown beside the masked number
    # most of them from the list she passed round (she deleted the first row: not checked yet) …
    to_confirm = tmp_path / "待确认.xlsx"
    assert teacher(workspace, "students", "list", "--state", "需人工确认", "--report", str(to_confirm))[0] == 0
    book = load_workbook(to_confirm)
    assert [c.value for c in book.active[1]][1:4] == ["姓名", "证件号码（已脱敏）", "班级"]
    book.active.delete_rows(2)
    book.save(to_confirm)
    code, confirmed = teacher(workspace, "confirm", "--from", str(to_confirm), "--reason", "已核对身份证原件",
                              "--operator", "王老师")
    assert code == 0 and len(confirmed["candidates"]) == len(listed) - 1
    left = teacher(workspace, "students", "list", "--state", "需人工确认")[1]["candidates"]
    assert [c["id_number"] for c in left] == [listed[0]["id_number"]]
    # … and the last one by name (with the last four digits when the name is not unique)
    names = [c["name"] for c in teacher(workspace, "students", "list")[1]["candidates"]]
    first = listed[0]
    given = first["name"] if names.count(first["name"]) == 1 else f"{first['name']}:{first['id_number'][-4:]}"
    code, confirmed = teacher(workspace, "confirm", given, "--reason", "已核对身份证原件", "--operator", "王老师")
    assert code == 0 and confirmed["not_found"] == [] and len(confirmed["candidates"]) == 1
    assert teacher(workspace, "students", "list", "--state", "需人工确认")[1]["candidates"] == []


def plan_from_the_excel_form(workspace: Path, tmp_path: Path) -> None:
    plan_form = tmp_path / "考试计划.xlsx"
    assert xcert("plans", "template", str(plan_form)).returncode == 0
    book = load_workbook(plan_form)
    today = dt.date.today()  # registration open now, so the import goes through on any day
    plan_row = [*PLAN_ROW[:3], today - dt.timedelta(days=10), today + dt.timedelta(days=10)]
    for sheet, rows in zip(book.sheetnames, ([plan_row], SUBJECT_ROWS, SESSION_ROWS), strict=True):
        for row in rows:
            book[sheet].append(row)
    book.save(plan_form)
    code, plans = teacher(workspace, "plans", "import", str(plan_form))
    assert code == 0 and [p["code"] for p in plans["plans"]] == ["2026-06-DMI-M"]


def register_from_the_prefilled_template(workspace: Path, tmp_path: Path, names: set[str]) -> None:
    # the registration template filled from the workspace: every 信息准确 student, with 班级; she deletes two rows
    filled = tmp_path / "报考.xlsx"
    typed.append(("registrations", "template", str(filled), "--from-workspace", "--plan", "2026-06-DMI-M"))
    made = xcert("--workspace", str(workspace), *typed[-1])
    assert made.returncode == 0 and "已填入 30 名“信息准确”的学生" in made.stdout, made.stdout + made.stderr
    assert filled.stat().st_mode & 0o777 == 0o600  # full ID numbers: the owner's eyes only
    sheet = load_workbook(filled).active
    header = [c.value for c in sheet[3]]
    assert header[-1] == "班级" and header[:2] == ["*考生姓名", "*证件号码"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert len(rows) == 30 and {r[0] for r in rows} == names
    assert all(r[2:8] == ["院校考生", CERTIFICATE, "数字媒体交互设计职业技能等级证书", "中级", SITE, "信息楼考点"]
               and re.fullmatch(r"20\d\d级\S+", r[8]) for r in rows)
    sheet.delete_rows(4, 2)
    sheet.parent.save(filled)
    code, imported = teacher(workspace, "registrations", "import", str(filled), "--plan", "2026-06-DMI-M")
    assert code == 0, imported["issues"]
    registered = teacher(workspace, "registrations", "list", "--plan", "2026-06-DMI-M")[1]["registrations"]
    assert len(registered) == 28

    # asked again, the template holds only those not yet registered
    again = xcert("--workspace", str(workspace), "registrations", "template", str(tmp_path / "补报.xlsx"),
                  "--from-workspace", "--plan", "2026-06-DMI-M")
    assert "已填入 2 名" in again.stdout and "已报考该计划的 28 名" in again.stdout


def test_the_prefilled_template_refuses_what_it_cannot_fill(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    assert xcert("init", str(workspace), "--school-code", SCHOOL, "--school", "示范").returncode == 0

    def template(*args: str) -> Any:
        return xcert("--workspace", str(workspace), "registrations", "template", str(tmp_path / "r.xlsx"), *args,
                     "--force")

    assert "需要 --plan" in template("--from-workspace").stderr
    assert "只与 --from-workspace 一起使用" in template("--plan", "P").stderr
    missing = template("--from-workspace", "--plan", "P")
    assert missing.returncode == 2 and "没有考试计划“P”" in missing.stderr


def test_confirm_needs_someone_to_confirm_and_a_list_it_can_read(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    assert xcert("init", str(workspace), "--school-code", SCHOOL, "--school", "示范").returncode == 0
    nobody = xcert("--workspace", str(workspace), "confirm", "--reason", "x")
    assert nobody.returncode == 2 and "--from" in nobody.stderr
    headless = write_filled(make_plugin_manager(), roster_template(), [], tmp_path / "空.xlsx")
    unreadable = tmp_path / "无表头.xlsx"
    book = load_workbook(headless)
    book.active.delete_rows(1, 3)
    book.active.append(["编号", "备注"])
    book.save(unreadable)
    refused = xcert("--workspace", str(workspace), "confirm", "--from", str(unreadable), "--reason", "x")
    assert refused.returncode == 2 and "找不到“姓名”列" in refused.stderr
    empty = xcert("--workspace", str(workspace), "confirm", "--from", str(headless), "--reason", "x", "--json")
    assert empty.returncode == 2 and "--from" in empty.stderr  # a list with nobody on it confirms nobody
