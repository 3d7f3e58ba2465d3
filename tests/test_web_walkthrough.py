"""The eleven steps in a real browser (issue 18): a school's exam administrator walks a fresh workspace from the
pilot quota to the exam client by clicking and uploading in the workbench — nothing typed on the command line
after ``xcert init`` — and ends with the tickets PDF downloaded and opened, and every step ticked.

The files uploaded are the ones ``xcert demo`` writes for its school (its 资料 folder), as a school would have
them from its own systems and the platform.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from browser import served_browser
from test_cli import xcert
from xcert_adapters.workspace import Workspace
from xcert_core.labels import SeatOrigin, VerificationState
from xcert_core.model import AuditEntry, Candidate, SeatAssignment

CERTIFICATE, PLAN, SITE = "1550001066010252", "DMI-1", "S001"


@pytest.fixture(scope="module")
def materials(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo school's files (roster with mistakes, fixed roster, photos, plan, registrations, rooms, proctors),
    and the platform's export of the candidates' verification with two marked 需人工确认."""
    folder = tmp_path_factory.mktemp("walk") / "demo"
    assert xcert("demo", str(folder), "--students", "40").returncode == 0
    files = folder / "资料"
    book = load_workbook(files / "平台导出-考生名单.xlsx")
    sheet = book.active
    assert sheet is not None and sheet["E1"].value == "状态"
    sheet["E2"], sheet["E3"] = "需人工确认", "需人工确认"
    book.save(files / "平台导出-认证结果.xlsx")
    return files


def test_the_eleven_steps_by_clicking_and_uploading(materials: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.support.ui import Select  # noqa: PLC0415

    root = tmp_path / "报考2026"
    made = xcert("init", str(root), "--school-code", "4133010001", "--school", "示范职业技术学院", "--year", "2026",
                 "--address", "山西省太原市小店区示范路 1 号")
    assert made.returncode == 0, made.stderr
    with served_browser(root, tmp_path) as browser:
        driver = browser.driver

        def css(selector: str) -> object:
            return driver.find_element(By.CSS_SELECTOR, selector)

        def upload(form: str, name: str) -> str:
            """Choose ``name`` in the form posting to ``form``, submit, and return the result banner."""
            css(f"form[action='{form}'] input[type=file]").send_keys(str(materials / name))  # type: ignore[attr-defined]
            browser.after(css(f"form[action='{form}'] button[type=submit]").click)  # type: ignore[attr-defined]
            return str(css("p.result").text)  # type: ignore[attr-defined]

        driver.get(browser.url)
        assert len(driver.find_elements(By.CSS_SELECTOR, "li.step.done")) == 0
        browser.shot("walk-01-dashboard-empty")

        # 1-2: the quota the platform approved, the exam site, the plan
        browser.after(driver.find_element(By.LINK_TEXT, "证书与站点").click)
        Select(css("form[action='/setup/quota'] select")).select_by_value(CERTIFICATE)
        css("form[action='/setup/quota'] input[name=approved]").send_keys("360")  # type: ignore[attr-defined]
        browser.after(css("form[action='/setup/quota'] button").click)  # type: ignore[attr-defined]
        assert "批准总培训人数 360" in css("p.result").text  # type: ignore[attr-defined]
        for name, value in (("code", SITE), ("name", "示范职业技术学院信息楼考点"), ("address", "示范路 1 号信息楼")):
            css(f"form[action='/setup/sites'] input[name={name}]").send_keys(value)  # type: ignore[attr-defined]
        css(f"form[action='/setup/sites'] input[value='{CERTIFICATE}']").click()  # type: ignore[attr-defined]
        css("form[action='/setup/sites'] input[name=approved]").click()  # type: ignore[attr-defined]
        browser.after(css("form[action='/setup/sites'] button").click)  # type: ignore[attr-defined]
        assert "已登记考核站点 S001" in css("p.result").text  # type: ignore[attr-defined]
        assert "已导入 1 个考试计划" in upload("/setup/plans", "考试计划.toml")
        browser.shot("walk-02-setup")

        # 3: the roster with mistakes is checked and refused, the fixed one imported
        browser.after(driver.find_element(By.LINK_TEXT, "考生管理").click)
        css("form[action='/students/check'] input[type=file]").send_keys(  # type: ignore[attr-defined]
            str(materials / "学生名单-原始.xlsx"))
        browser.after(css("form[action='/students/check'] button").click)  # type: ignore[attr-defined]
        codes = {cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "table.issues td code")}
        assert {"pinyin-wrong-reading", "gender-id-mismatch"} <= codes
        assert "有错误，未导入任何学生" in upload("/students/import", "学生名单-原始.xlsx")
        assert "已导入，新增 40 名" in upload("/students/import", "学生名单.xlsx")
        browser.shot("walk-03-students")

        # 4: photos
        browser.after(driver.find_element(By.LINK_TEXT, "照片").click)
        assert "有照片不符合要求" in upload("/photos/import", "学生照片-原始.zip")
        assert "已导入 40 张照片" in upload("/photos/import", "学生照片.zip")

        # 5: the platform's verification, then two confirmed by hand with a reason
        browser.after(driver.find_element(By.LINK_TEXT, "考生管理").click)
        assert "已按平台结果认证 40 名" in upload("/students/verify", "平台导出-认证结果.xlsx")
        browser.after(driver.find_element(By.PARTIAL_LINK_TEXT, "需人工确认").click)
        boxes = driver.find_elements(By.CSS_SELECTOR, "form.confirm input[name=ref]")
        assert len(boxes) == 2
        for box in boxes:
            box.click()
        css("form.confirm input[name=reason]").send_keys("已核对身份证原件和本人")  # type: ignore[attr-defined]
        browser.shot("walk-05-confirm")
        browser.after(css("form.confirm button[value=confirm]").click)  # type: ignore[attr-defined]
        assert "已人工确认 2 名考生" in css("p.result").text  # type: ignore[attr-defined]

        # 6: registration
        browser.after(driver.find_element(By.LINK_TEXT, "报考").click)
        assert "已报考 40 条" in upload("/registrations", "报考.xlsx")
        browser.shot("walk-06-registrations")

        # 7-8: rooms and proctors
        browser.after(driver.find_element(By.LINK_TEXT, "考场与监考").click)
        assert "新增 11 个考场" in upload("/rooms/import", "考场.xlsx")
        assert "新增 26 名监考人员" in upload("/rooms/proctors", "监考人员.xlsx")

        # 9: xcert's provisional seating, then one candidate dragged onto a free seat
        browser.after(driver.find_element(By.LINK_TEXT, "排考与座位").click)
        browser.after(css("form[action$='/schedule'] button[value=schedule]").click)  # type: ignore[attr-defined]
        assert "排考已完成（xcert 试排" in css("p.result").text  # type: ignore[attr-defined]
        browser.shot("walk-09-plans")
        rows = [row for row in driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
                if int(row.find_elements(By.TAG_NAME, "td")[4].text) < int(row.find_elements(By.TAG_NAME, "td")[3].text)]
        browser.after(rows[0].find_element(By.LINK_TEXT, "座位图").click)  # a room with free seats
        source = driver.find_elements(By.CSS_SELECTOR, "table.seatmap td.taken")[0]
        target = driver.find_elements(By.CSS_SELECTOR, "table.seatmap td.free")[0]
        ticket, seat = source.get_attribute("data-ticket"), target.get_attribute("data-seat")
        browser.after(lambda: driver.execute_script(
            "const dt = new DataTransfer();"
            "arguments[0].dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
            "arguments[1].dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true}));"
            "arguments[1].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));", source, target))
        assert css(f"table.seatmap td[data-seat='{seat}']").get_attribute("data-ticket") == ticket  # type: ignore[attr-defined]

        # 10: the printed pack, generated and the tickets downloaded and opened
        browser.after(driver.find_element(By.LINK_TEXT, "排考与座位").click)
        browser.after(driver.find_element(By.LINK_TEXT, "打印材料").click)
        browser.after(css("form[action$='/documents/'] button").click)  # type: ignore[attr-defined]
        assert "与当前数据一致" in driver.page_source
        browser.shot("walk-10-documents")
        driver.find_element(By.LINK_TEXT, "准考证-全部.pdf").click()
        tickets = PdfReader(browser.downloaded("准考证-全部.pdf"))
        assert len(tickets.pages) == 40 and ticket in "".join(page.extract_text() for page in tickets.pages)

        # 11: the exam client in every room, and the dashboard ticks all eleven steps
        browser.after(driver.find_element(By.LINK_TEXT, "考场与监考").click)
        browser.after(css("form[action='/rooms/client'] button").click)  # type: ignore[attr-defined]
        assert "已记录 DMI-1 的 11 个考场：已安装并测试" in css("p.result").text  # type: ignore[attr-defined]
        browser.after(driver.find_element(By.LINK_TEXT, "报考准备情况").click)
        assert len(driver.find_elements(By.CSS_SELECTOR, "li.step.done")) == 11
        assert "十一个步骤都已完成" in driver.page_source
        browser.shot("walk-11-dashboard-ready")

        # what the workbench did is in the audit log, as the start token's holder
        browser.after(driver.find_element(By.LINK_TEXT, "操作记录").click)
        assert "students.confirm" in driver.page_source and "seats.move" in driver.page_source

    with Workspace.open(root, env={}) as workspace:
        states = {c.state for c in workspace.storage.list(Candidate)}
        origins = {s.origin for s in workspace.storage.list(SeatAssignment)}
        actions = {e.action for e in workspace.storage.list(AuditEntry)}
    assert states == {VerificationState.VERIFIED} and origins == {SeatOrigin.XCERT}
    assert {"quota.set", "sites.add", "plans.import", "students.import", "photos.import", "students.verify",
            "registrations.import", "rooms.import", "proctors.import", "plans.schedule", "documents.generate",
            "rooms.client"} <= actions
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
