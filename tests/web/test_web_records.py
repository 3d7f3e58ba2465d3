"""编辑 / 删除 / 批量导出 / 导入记录 in the workbench (#24 item 2 and 3): the record page edits and removes a
student through the same use cases as ``xcert students edit/remove`` (a phone keeps the state, a name sends the
student back, a registered student is refused with the withdrawal command), rooms, proctors, sites and plans are
removed from their lists (refused while in use), the export needs a role that may see full numbers, the import
history is listed — each change audited as made through the 工作台; and the same in a real browser."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook

from browser import Browser, served_browser
from cli_run import xcert
from test_web import TOKEN, _csrf, demo, demo_copy, signed_in  # noqa: F401 - the fixtures are used by name
from xcert_adapters.demo.people import generate_students
from xcert_adapters.web.app import create_app
from xcert_adapters.web.record_pages import form_changes
from xcert_adapters.web.security import Gate
from xcert_adapters.workspace import Workspace
from xcert_core.access import Permission, permits
from xcert_core.labels import Role
from xcert_core.model import AuditEntry, Candidate, ExamRoom, ExamSite, Proctor


@pytest.fixture
def bench(demo_copy: Path) -> Iterator[TestClient[Any]]:  # noqa: F811 - pytest's fixture by name
    with TestClient(create_app(demo_copy, Gate(TOKEN))) as client:
        yield signed_in(client)


def _first_record(client: TestClient[Any]) -> tuple[str, str]:
    """(reference, name) of the first student on 考生管理."""
    found = re.search(r'href="/students/record/([0-9a-f]+)">([^<]+)</a>', client.get("/students").text)
    assert found is not None
    return found[1], found[2]


def _audit(workspace: Path) -> list[AuditEntry]:
    with Workspace.open(workspace, env={}) as opened:
        return sorted(opened.storage.list(AuditEntry), key=lambda e: e.at)


def test_a_record_is_edited_in_its_page_like_the_command(bench: TestClient[Any], demo_copy: Path) -> None:  # noqa: F811
    ref, name = _first_record(bench)
    page = bench.get(f"/students/record/{ref}")
    assert page.status_code == 200 and name in page.text and "信息准确" in page.text
    with Workspace.open(demo_copy, env={}) as workspace:
        stored = {c.name: c for c in workspace.storage.list(Candidate)}[name]
    assert stored.id_number not in page.text and stored.mobile not in page.text  # both masked, also in the form

    kept = bench.post(f"/students/record/{ref}/edit", data={"_csrf_token": _csrf(page.text), "mobile": "13900001111",
                                                             "reason": "换了手机号", "name": stored.name})
    assert kept.status_code == 200 and "认证状态不变（信息准确）" in kept.text
    refused = bench.post(f"/students/record/{ref}/edit", data={"_csrf_token": _csrf(page.text), "name": "张珊",
                                                                "reason": "按身份证更正"})
    assert "未保存" in refused.text and 'data-code' not in refused.text and "pinyin-wrong-reading" in refused.text
    renamed = bench.post(f"/students/record/{ref}/edit", data={"_csrf_token": _csrf(page.text), "name": "张珊",
                                                                "name_pinyin": "Zhang Shan", "reason": "按身份证更正"})
    assert "已回到“信息待认证”" in renamed.text
    with Workspace.open(demo_copy, env={}) as workspace:
        after = workspace.storage.get(Candidate, stored.key)
    assert (after.name, after.mobile, after.state.label) == ("张珊", "13900001111", "信息待认证")
    edits = [e for e in _audit(demo_copy) if e.action == "students.edit"]
    assert [(e.channel, e.detail) for e in edits] == [("工作台", "手机号码：换了手机号"),
                                                     ("工作台", "学生姓名、姓名拼音：按身份证更正")]

    removal = bench.post(f"/students/record/{ref}/remove", data={"_csrf_token": _csrf(page.text), "reason": "已退学"})
    assert "不能删除" in removal.text and "xcert registrations withdraw 张珊:" in removal.text
    assert bench.get("/students/record/0123456789abcdef0123").status_code == 404


def test_a_withdrawn_student_is_removed_with_the_photo(bench: TestClient[Any], demo_copy: Path) -> None:  # noqa: F811
    ref, name = _first_record(bench)
    with Workspace.open(demo_copy, env={}) as workspace:
        number = {c.name: c for c in workspace.storage.list(Candidate)}[name].id_number
    withdrawn = xcert("--workspace", str(demo_copy), "registrations", "withdraw", f"{name}:{number[-4:]}",
                      "--plan", "DMI-1", "--reason", "已退学")
    assert withdrawn.returncode == 0, withdrawn.stderr
    page = bench.get(f"/students/record/{ref}")
    removed = bench.post(f"/students/record/{ref}/remove", data={"_csrf_token": _csrf(page.text), "reason": "已退学"})
    assert "考生已删除" in removed.text and "和照片" in removed.text
    assert not list((demo_copy / "photos").glob(f"{number}.*"))
    assert name not in bench.get("/students").text
    assert [e.channel for e in _audit(demo_copy) if e.action == "students.remove"] == ["工作台"]


def test_rooms_proctors_sites_and_plans_are_removed_from_their_lists_unless_in_use(
        bench: TestClient[Any], demo_copy: Path) -> None:  # noqa: F811
    with Workspace.open(demo_copy, env={}) as workspace:
        site = workspace.storage.list(ExamSite)[0].code
        seated_room = workspace.storage.list(ExamRoom)[0]
        proctor = workspace.storage.list(Proctor)[0]
    assert xcert("--workspace", str(demo_copy), "rooms", "add", "--plan", "DMI-1", "--site", site, "--name", "备用教室",
                 "--seats", "10").returncode == 0
    rooms = bench.get("/rooms")
    token = _csrf(rooms.text)
    assert rooms.text.count("确认删除") == rooms.text.count('action="/rooms/remove"') + rooms.text.count(
        'action="/rooms/proctors/remove"') > 0
    in_use = bench.post("/rooms/remove", data={"_csrf_token": token, "plan": "DMI-1", "site": seated_room.site_code,
                                               "name": seated_room.name, "reason": "教室维修"})
    assert "未完成" in in_use.text and "xcert schedule close-room" in in_use.text
    spare = bench.post("/rooms/remove", data={"_csrf_token": token, "plan": "DMI-1", "site": site, "name": "备用教室",
                                              "reason": "不用了"})
    assert "已删除 DMI-1 的考场 备用教室" in spare.text, re.findall(r"<p class=\"banner[^>]*>([^<]*)", spare.text)
    assert "<td>备用教室</td>" not in spare.text
    assigned = bench.post("/rooms/proctors/remove", data={"_csrf_token": token, "number": proctor.teacher_number,
                                                          "reason": "调离"})
    assert "未完成" in assigned.text and proctor.name in bench.get("/rooms").text
    no_reason = bench.post("/rooms/remove", data={"_csrf_token": token, "plan": "DMI-1", "site": site,
                                                  "name": "备用教室", "reason": " "})
    assert "未完成" in no_reason.text

    setup = bench.get("/setup/")
    token = _csrf(setup.text)
    site_in_use = bench.post("/setup/sites/remove", data={"_csrf_token": token, "code": site, "reason": "不再使用"})
    plan_in_use = bench.post("/setup/plans/remove", data={"_csrf_token": token, "code": "DMI-1", "reason": "取消"})
    assert "未完成" in site_in_use.text and "未完成" in plan_in_use.text
    removed = [(e.action, e.channel, e.target, e.detail) for e in _audit(demo_copy) if e.action.endswith(".remove")]
    assert removed == [("rooms.remove", "工作台", f"DMI-1 {site} 备用教室", "不用了")]  # the refusals wrote nothing


def test_the_export_and_the_import_history(bench: TestClient[Any], demo_copy: Path) -> None:  # noqa: F811
    exported = bench.get("/students/export")
    assert exported.status_code == 200 and exported.headers["content-disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(exported.content))
    assert book.sheetnames == ["考生信息", "统计"] and book["考生信息"].max_row == 41
    assert not list(demo_copy.glob("output/.xcert-tmp-export-*/*"))  # the server's copy is gone once sent
    assert [e.detail for e in _audit(demo_copy) if e.action == "students.export"] == ["40 名，含完整证件号码"]
    assert permits(Role.ADMIN, Permission.SEE_FULL_IDS) and not permits(Role.STAFF, Permission.SEE_FULL_IDS)
    assert permits(Role.STAFF, Permission.EDIT_RECORDS) and not permits(Role.READER, Permission.EDIT_RECORDS)

    history = bench.get("/imports")
    assert history.status_code == 200 and "学生名单" in history.text and "已导入" in history.text
    only_photos = bench.get("/imports?kind=学生照片").text
    assert "学生照片" in only_photos and "<td>学生名单</td>" not in only_photos
    record = re.search(r'href="/imports/([0-9a-f]+)"', history.text)
    assert record is not None
    report = bench.get(f"/imports/{record[1]}")
    assert report.status_code == 200 and "SHA-256" in report.text and ("table class=\"issues\"" in report.text
                                                                        or "没有发现问题" in report.text)
    assert bench.get("/imports/zzzz").status_code == 404


def test_the_form_changes_only_what_was_typed_differently() -> None:
    student = generate_students(1, "4133010001")[0].candidate
    same = {"name": student.name, "name_pinyin": student.name_pinyin, "mobile": "",
            "program_name": student.program_name}
    assert form_changes(student, same) == {}
    assert form_changes(student, {**same, "mobile": "13900001111"}) == {"mobile": "13900001111"}
    assert form_changes(student, {**same, "name": "张珊"}) == {"name": "张珊"}
    assert form_changes(student, {**same, "education": "本科", "id_number": "1"}) == {}  # not this student's fields


@pytest.fixture
def chromium(demo_copy: Path, tmp_path: Path) -> Iterator[Browser]:  # noqa: F811
    with served_browser(demo_copy, tmp_path) as browser:
        yield browser


def test_a_teacher_edits_a_phone_number_in_the_browser(chromium: Browser, demo_copy: Path) -> None:  # noqa: F811
    """In headless Chromium: 考生管理 → a student's name → type the new phone and a reason → 保存修改; the page says
    the state is unchanged, and the 导入记录 page lists the demo's imports. Screenshots are kept."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    driver, after, shots = chromium.driver, chromium.after, chromium.shots
    driver.get(chromium.url)
    after(driver.find_element(By.LINK_TEXT, "考生管理").click)
    after(driver.find_elements(By.CSS_SELECTOR, "table.list td a")[0].click)
    driver.save_screenshot(str(shots / "student-record.png"))
    driver.find_element(By.NAME, "mobile").send_keys("13900001111")
    driver.find_elements(By.NAME, "reason")[0].send_keys("换了手机号")
    after(driver.find_element(By.XPATH, "//button[text()='保存修改']").click)
    assert "认证状态不变" in driver.find_element(By.CSS_SELECTOR, "p.result").text
    driver.save_screenshot(str(shots / "student-edited.png"))
    after(driver.find_element(By.LINK_TEXT, "导入记录").click)
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")) >= 4
    driver.save_screenshot(str(shots / "imports.png"))


def test_rooms_proctors_sites_and_plans_are_edited_from_their_lists(bench: TestClient[Any], demo_copy: Path) -> None:  # noqa: F811
    with Workspace.open(demo_copy, env={}) as workspace:
        room = workspace.storage.list(ExamRoom)[0]
        proctor = workspace.storage.list(Proctor)[0]
        site = workspace.storage.list(ExamSite)[0]
    rooms = bench.get("/rooms")
    token = _csrf(rooms.text)
    assert 'action="/rooms/edit"' in rooms.text and 'action="/rooms/proctors/edit"' in rooms.text
    grown = bench.post("/rooms/edit", data={"_csrf_token": token, "plan": "DMI-1", "site": room.site_code,
                                            "name": room.name, "seats": "45", "rows": "", "columns": "",
                                            "room_type": room.room_type, "reason": "加了桌椅"})
    assert "已修改考场" in grown.text and "seats → 45" in grown.text and "<td>45</td>" in grown.text
    shrunk = bench.post("/rooms/edit", data={"_csrf_token": token, "plan": "DMI-1", "site": room.site_code,
                                             "name": room.name, "seats": "2", "room_type": room.room_type,
                                             "reason": "试"})
    assert "有错误，未保存" in shrunk.text and 'class="issues"' in shrunk.text
    phoned = bench.post("/rooms/proctors/edit", data={"_csrf_token": token, "number": proctor.teacher_number,
                                                      "name": proctor.name, "phone": "13955556666",
                                                      "role": proctor.role.label, "unavailable": "",
                                                      "reason": "换了手机号"})
    assert "phone → 139****6666" in phoned.text and "13955556666" not in phoned.text
    kept = bench.post("/rooms/proctors/edit", data={"_csrf_token": token, "number": proctor.teacher_number,
                                                    "name": proctor.name, "phone": "", "role": proctor.role.label,
                                                    "unavailable": "", "reason": "核对"})
    assert "没有改动" in kept.text  # an empty phone field keeps the stored number

    setup = bench.get("/setup/")
    token = _csrf(setup.text)
    moved = bench.post("/setup/sites/edit", data={"_csrf_token": token, "code": site.code, "name": site.name,
                                                  "address": "示范市学院路 9 号", "reason": "搬迁"})
    assert "示范市学院路 9 号" in moved.text and "已修改考核站点" in moved.text
    later = bench.post("/setup/plans/edit", data={"_csrf_token": token, "code": "DMI-1", "name": "",
                                                  "opens": "", "closes": "2027-01-31", "reason": "平台延长报名"})
    assert "closes → 2027-01-31" in later.text, re.findall(r'<p class="banner[^>]*>([^<]*)', later.text)
    edits = [(e.action, e.channel) for e in _audit(demo_copy) if e.action.endswith(".edit")]
    assert edits == [("rooms.edit", "工作台"), ("proctors.edit", "工作台"), ("sites.edit", "工作台"),
                     ("plans.edit", "工作台")]
