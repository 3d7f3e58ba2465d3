"""Editing and removing one student (#24 item 2, students): the edited record meets the roster's rules, a name
change sends the student back to 信息待认证 and a phone change does not, a registered student cannot be removed
until the registration is withdrawn (the refusal names the command), and each change is in the audit log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_run import xcert
from test_teacher_path import (
    confirm_without_full_numbers,
    plan_from_the_excel_form,
    register_from_the_prefilled_template,
    start_with_students_and_photos,
)
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.student_records import edit_student
from xcert_adapters.workspace import Workspace

PLAN = "2026-06-DMI-M"


def run(workspace: Path, *args: str) -> tuple[int, Any, str]:
    result = xcert("--workspace", str(workspace), *args, "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else None, result.stderr


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 students, all 信息准确, 28 of them registered for the plan (the teacher's path)."""
    tmp_path = tmp_path_factory.mktemp("school")
    workspace = tmp_path / "报考2026"
    students = start_with_students_and_photos(workspace, tmp_path)
    confirm_without_full_numbers(workspace, tmp_path)
    plan_from_the_excel_form(workspace, tmp_path)
    register_from_the_prefilled_template(workspace, tmp_path, {c.name for c in students})
    return workspace


def test_edit_a_phone_then_a_name_then_remove_a_registered_student(school: Path) -> None:
    registered = run(school, "registrations", "list", "--plan", PLAN)[1]["registrations"][0]
    listed = {c["id_number"]: c for c in run(school, "students", "list")[1]["candidates"]}
    student = listed[registered["id_number"]]
    who = f"{student['name']}:{student['id_number'][-4:]}"
    assert student["state"] == "verified"

    code, edited, _ = run(school, "students", "edit", who, "--mobile", "13900001111", "--reason", "换了手机号")
    assert code == 0 and edited["stored"] and not edited["sent_back"]
    assert edited["student"]["mobile"] == "139****1111" and edited["student"]["state"] == "verified"

    code, refused, _ = run(school, "students", "edit", who, "--name", "张珊", "--reason", "按身份证更正")
    assert code == 1 and not refused["stored"]  # the pinyin no longer fits the name: nothing stored
    assert "pinyin-wrong-reading" in {i["code"] for i in refused["issues"]}
    assert run(school, "students", "list")[1]["candidates"][0]["name"] != "张珊"
    code, renamed, _ = run(school, "students", "edit", who, "--name", "张珊", "--pinyin", "Zhang Shan",
                           "--reason", "按身份证更正")
    assert code == 0 and renamed["sent_back"] and renamed["student"]["state"] == "pending"
    who = f"张珊:{student['id_number'][-4:]}"

    code, _, stderr = run(school, "students", "remove", who, "--reason", "已退学")
    withdrawal = f"xcert registrations withdraw {who} --plan {PLAN}"
    assert code == 2 and withdrawal in stderr
    assert xcert("--workspace", str(school), *withdrawal.split()[1:], "--reason", "已退学").returncode == 0
    photos_before = {p.name for p in (school / "photos").iterdir()}
    code, removed, _ = run(school, "students", "remove", who, "--reason", "已退学")
    assert code == 0 and removed["photo_removed"] and removed["withdrawn_registrations"] == 1
    (gone,) = photos_before - {p.name for p in (school / "photos").iterdir()}  # the student's photo, and only it
    full_number = gone.removesuffix(".jpg")
    assert full_number.endswith(student["id_number"][-4:]) and full_number.startswith(student["id_number"][:3])
    assert student["id_number"] not in {c["id_number"] for c in run(school, "students", "list")[1]["candidates"]}
    assert registered["id_number"] not in {r["id_number"] for r in
                                           run(school, "registrations", "list")[1]["registrations"]}

    log = run(school, "audit", "--limit", "5")[1]["entries"]
    actions = [(e["action"], e["detail"]) for e in log]
    assert ("students.remove", "已退学") in actions
    assert ("students.edit", "学生姓名、姓名拼音：按身份证更正") in actions
    assert ("students.edit", "手机号码：换了手机号") in actions
    assert all(full_number not in json.dumps(e, ensure_ascii=False) for e in log)  # masked


def test_what_cannot_be_edited_or_removed(school: Path) -> None:
    workspace = Workspace.open(school)
    try:
        anyone = run(school, "students", "list")[1]["candidates"][0]
        who = f"{anyone['name']}:{anyone['id_number'][-4:]}"
        with pytest.raises(RequestError, match="证件号码不能修改"):
            edit_student(workspace, who, {"id_number": "110101200001011234"}, actor="王老师", reason="x")
        with pytest.raises(RequestError, match="可以修改的是"):
            edit_student(workspace, who, {}, actor="王老师", reason="x")
        with pytest.raises(RequestError, match="--reason"):
            edit_student(workspace, who, {"mobile": "13900001111"}, actor="王老师", reason=" ")
        with pytest.raises(RequestError, match="没有“无此人”这名学生"):
            edit_student(workspace, "无此人", {"mobile": "13900001111"}, actor="王老师", reason="x")
    finally:
        workspace.close()
    assert run(school, "students", "remove", "无此人", "--reason", "x")[0] == 2


def test_export_is_the_full_list_with_counts_and_reads_back_unchanged(school: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook  # noqa: PLC0415

    listed = run(school, "students", "list")[1]["candidates"]
    out = tmp_path / "学生信息导出.xlsx"
    code, exported, _ = run(school, "students", "export", str(out))
    assert code == 0 and exported["students"] == len(listed)
    assert exported["by_state"] == {label: sum(c["state_label"] == label for c in listed)
                                    for label in {c["state_label"] for c in listed}}
    assert out.stat().st_mode & 0o777 == 0o600  # full ID and phone numbers
    book = load_workbook(out)
    sheet = [[cell.value for cell in row] for row in book["考生信息"].iter_rows()]
    assert sheet[0][:3] == ["序号", "学生姓名", "姓名拼音"] and sheet[0][-3:] == ["学生信息状态", "班级", "照片"]
    assert len(sheet) - 1 == len(listed) and all(len(str(row[5])) == 18 for row in sheet[1:])  # full numbers
    counts = {row[0]: row[1] for row in book["统计"].iter_rows(min_row=2, values_only=True)}
    assert counts["合计"] == len(listed)
    # the platform's candidate-list shape: sync platform reads it back and finds nothing to change
    code, synced, _ = run(school, "sync", "platform", str(out))
    assert code == 0, synced
    assert run(school, "students", "list")[1]["candidates"] == listed
    only = tmp_path / "待认证.xlsx"
    code, pending, _ = run(school, "students", "export", str(only), "--state", "信息待认证")
    assert code == 0 and set(pending["by_state"]) <= {"信息待认证"}
    assert run(school, "students", "export", str(only))[0] == 2  # never overwritten without --force


def test_every_import_is_in_the_history_and_a_file_is_found_by_its_content(school: Path, tmp_path: Path) -> None:
    """#24 item 3: 导入记录 — stored and refused imports alike, with the file's SHA-256, so a renamed copy of a file
    still says when it was imported and by whom."""
    history = run(school, "imports")[1]["imports"]
    assert {"学生名单", "学生照片", "考试计划", "报考表"} <= {r["kind"] for r in history}
    assert all(r["channel"] == "命令行" and r["actor"] != "（未知）" for r in history)
    roster = next(r for r in history if r["kind"] == "学生名单")
    assert roster["stored"] and roster["added"] == 30 and roster["file"] == "学生名单.xlsx"
    renamed = tmp_path / "不知道哪来的.xlsx"
    renamed.write_bytes((school.parent / "学生名单.xlsx").read_bytes())
    found = run(school, "imports", "--file", str(renamed))[1]["imports"]
    assert [(r["kind"], r["file"]) for r in found] == [("学生名单", "学生名单.xlsx")]
    broken = tmp_path / "坏的报考.xlsx"
    broken.write_bytes((school.parent / "报考.xlsx").read_bytes())
    from openpyxl import load_workbook  # noqa: PLC0415

    book = load_workbook(broken)
    book.active["B4"] = "110101200001011234"  # a student nobody has
    book.save(broken)
    assert run(school, "registrations", "import", str(broken), "--plan", PLAN)[0] == 1
    refused = run(school, "imports", "--kind", "报考表", "--limit", "1")[1]["imports"]
    assert refused[0]["file"] == "坏的报考.xlsx" and not refused[0]["stored"] and refused[0]["errors"] >= 1
    shown = xcert("--workspace", str(school), "imports", "--limit", "3")
    assert shown.returncode == 0 and "未导入" in shown.stdout and "110101200001011234" not in shown.stdout

    # the refused import's report is kept with it: each problem with its row, column and message, masked
    report = run(school, "imports", "--show", refused[0]["id"][:6])[1]
    assert report["id"] == refused[0]["id"] and len(report["issues"]) == refused[0]["errors"] + refused[0]["warnings"]
    unknown = next(i for i in report["issues"] if i["code"] == "reg-candidate-unknown")
    assert (unknown["row"], unknown["column"], unknown["severity"]) == (4, "证件号码", "error")
    assert "110***********1234" in unknown["message"] and "110101200001011234" not in json.dumps(report)
    text = xcert("--workspace", str(school), "imports", "--show", refused[0]["id"][:6])
    assert "第 4 行 证件号码" in text.stdout and "reg-candidate-unknown" in text.stdout
    missing = xcert("--workspace", str(school), "imports", "--show", "zzzz")
    assert missing.returncode == 2 and "没有编号为“zzzz”的导入记录" in missing.stderr


def test_every_roster_column_can_be_edited_from_the_command_line(school: Path) -> None:
    """The program columns change and keep the state; a 性别 the ID number contradicts is refused; another
    证件类型 sends the student back to 信息待认证, with a warning when the number looks like another type's."""
    student = run(school, "students", "list", "--state", "信息准确")[1]["candidates"][-1]
    who = f"{student['name']}:{student['id_number'][-4:]}"
    code, edited, _ = run(school, "students", "edit", who, "--enrolment-year", "2023", "--program-level", "中专",
                          "--program-name", "计算机平面设计", "--program-code", "090300", "--catalogue-version", "2010",
                          "--reason", "转专业")
    assert code == 0 and not edited["sent_back"], edited["issues"]
    after = edited["student"]
    assert (after["enrolment_year"], after["program_level"], after["program_code"], after["catalogue_version"]) == (
        2023, "secondary", "090300", "2010")
    other = "女" if student["gender"] == "male" else "男"
    code, refused, _ = run(school, "students", "edit", who, "--gender", other, "--reason", "更正")
    assert code == 1 and "gender-id-mismatch" in {i["code"] for i in refused["issues"]}
    code, same, _ = run(school, "students", "edit", who, "--id-type", "居民身份证", "--reason", "写全称")
    assert code == 0 and not same["sent_back"]  # 身份证 and 居民身份证 are the same type: nothing to re-verify
    code, retyped, _ = run(school, "students", "edit", who, "--id-type", "护照", "--reason", "更正")
    assert code == 0 and retyped["sent_back"] and retyped["student"]["state"] == "pending"
    assert "id-type-mismatch" in {i["code"] for i in retyped["issues"]}  # the number looks like a resident ID
