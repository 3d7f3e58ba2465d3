"""The eleven steps in a real browser (issue 18): a school's exam administrator walks a fresh workspace from the
pilot quota to the exam client by clicking and uploading in the workbench — nothing typed on the command line
after ``xcert init`` — and ends with the tickets PDF downloaded and opened, and every step ticked.

The files uploaded are the ones ``xcert demo`` writes for its school (its 资料 folder), as a school would have
them from its own systems and the platform.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from browser import Browser, served_browser
from cli_run import xcert
from demo_folders import copy_demo
from xcert_adapters.workspace import Workspace
from xcert_core.labels import SeatOrigin, VerificationState
from xcert_core.model import AuditEntry, Candidate, SeatAssignment

CERTIFICATE, PLAN, SITE = "1550001066010252", "DMI-1", "S001"


@pytest.fixture(scope="module")
def materials(tmp_path_factory: pytest.TempPathFactory, demo_master: Path) -> Path:
    """The demo school's files (roster with mistakes, fixed roster, photos, plan, registrations, rooms, proctors),
    and the platform's export of the candidates' verification with two marked 需人工确认."""
    folder = copy_demo(demo_master, tmp_path_factory.mktemp("walk") / "demo")
    files = folder / "资料"
    book = load_workbook(files / "平台导出-考生名单.xlsx")
    sheet = book.active
    assert sheet is not None and sheet["E1"].value == "状态"
    sheet["E2"], sheet["E3"] = "需人工确认", "需人工确认"
    book.save(files / "平台导出-认证结果.xlsx")
    return files


class Walk:
    """The administrator at the browser: finds elements, uploads the school's files, reads the result banner."""

    def __init__(self, browser: Browser, materials: Path) -> None:
        from selenium.webdriver.common.by import By  # noqa: PLC0415

        self.browser, self.driver, self.materials, self.by = browser, browser.driver, materials, By

    def css(self, selector: str) -> Any:
        return self.driver.find_element(self.by.CSS_SELECTOR, selector)

    def go(self, link: str) -> None:
        self.browser.after(self.driver.find_element(self.by.LINK_TEXT, link).click)

    def click(self, selector: str) -> None:
        self.browser.after(self.css(selector).click)

    def banner(self) -> str:
        return str(self.css("p.result").text)

    def upload(self, form: str, name: str) -> str:
        """Choose ``name`` in the form posting to ``form``, submit, and return the result banner."""
        self.css(f"form[action='{form}'] input[type=file]").send_keys(str(self.materials / name))
        self.click(f"form[action='{form}'] button[type=submit]")
        return self.banner()

    def setup(self) -> None:
        """Steps 1–2 and the plan: the quota the platform approved, the exam site, the plan file."""
        from selenium.webdriver.support.ui import Select  # noqa: PLC0415

        self.go("证书与站点")
        Select(self.css("form[action='/setup/quota'] select")).select_by_value(CERTIFICATE)
        self.css("form[action='/setup/quota'] input[name=approved]").send_keys("360")
        self.click("form[action='/setup/quota'] button")
        assert "批准总培训人数 360" in self.banner()
        for name, value in (("code", SITE), ("name", "示范职业技术学院信息楼考点"), ("address", "示范路 1 号信息楼")):
            self.css(f"form[action='/setup/sites'] input[name={name}]").send_keys(value)
        self.css(f"form[action='/setup/sites'] input[value='{CERTIFICATE}']").click()
        self.css("form[action='/setup/sites'] input[name=approved]").click()
        self.click("form[action='/setup/sites'] button")
        assert "已登记考核站点 S001" in self.banner()
        assert "已导入 1 个考试计划" in self.upload("/setup/plans", "考试计划.toml")
        self.browser.shot("walk-02-setup")

    def students_and_photos(self) -> None:
        """Steps 3–5: the roster with mistakes checked (one kind of problem filtered, the marked-up report
        downloaded) and refused, the fixed one imported; photos; the platform's verification; two confirmed by
        hand with a reason."""
        from selenium.webdriver.support.ui import Select  # noqa: PLC0415

        self.go("考生管理")
        raw = str(self.materials / "学生名单-原始.xlsx")
        self.css("form[action='/students/check'] input[type=file]").send_keys(raw)
        self.click("form[action='/students/check'] button")
        codes = {cell.text for cell in self.driver.find_elements(self.by.CSS_SELECTOR, "table.issues td code")}
        assert {"pinyin-wrong-reading", "gender-id-mismatch"} <= codes
        Select(self.css("#code-filter")).select_by_value("gender-id-mismatch")  # only one kind of problem
        shown = [row for row in self.driver.find_elements(self.by.CSS_SELECTOR, "#roster-issues tbody tr")
                 if row.is_displayed()]
        assert len(shown) == 1 and "gender-id-mismatch" in shown[0].text
        self.driver.find_element(self.by.PARTIAL_LINK_TEXT, "下载标注好的错误报告").click()
        report = load_workbook(self.browser.downloaded("学生名单-原始-错误报告.xlsx"))
        assert len(report.sheetnames) == 2  # the school's sheet marked up, and the summary
        assert "有错误，未导入任何学生" in self.upload("/students/import", "学生名单-原始.xlsx")
        assert "已导入，新增 40 名" in self.upload("/students/import", "学生名单.xlsx")
        self.browser.shot("walk-03-students")
        self.go("照片")
        assert "有照片不符合要求" in self.upload("/photos/import", "学生照片-原始.zip")
        self.css("form[action='/photos/import'] input[name=partial]").click()  # the good ones now, the rest later
        partial = self.upload("/photos/import", "学生照片-原始.zip")
        assert "已导入 36 张照片" in partial and "有错误的照片没有导入" in partial
        assert "已导入" in self.upload("/photos/import", "学生照片.zip")
        self.go("平台交换")  # students and photos go to the platform before its verification
        self.click("form[action='/platform/export'] button")
        assert "已导出" in self.banner() and "学生照片" in self.banner()
        self.go("考生管理")
        assert "已按平台结果认证 40 名" in self.upload("/students/verify", "平台导出-认证结果.xlsx")
        self.browser.after(self.driver.find_element(self.by.PARTIAL_LINK_TEXT, "需人工确认").click)
        boxes = self.driver.find_elements(self.by.CSS_SELECTOR, "form.confirm input[name=ref]")
        assert len(boxes) == 2
        for box in boxes:
            box.click()
        self.css("form.confirm input[name=reason]").send_keys("已核对身份证原件和本人")
        self.browser.shot("walk-05-confirm")
        self.click("form.confirm button[value=confirm]")
        assert "已人工确认 2 名考生" in self.banner()

    def register_rooms_and_proctors(self) -> None:
        """Steps 6–8."""
        self.go("报考")
        assert "已报考 40 条" in self.upload("/registrations", "报考.xlsx")
        self.browser.shot("walk-06-registrations")
        self.go("考场与监考")
        assert "新增 11 个考场" in self.upload("/rooms/import", "考场.xlsx")
        assert "新增 26 名监考人员" in self.upload("/rooms/proctors", "监考人员.xlsx")

    def schedule_and_move(self) -> str:
        """Step 9: xcert's provisional seating, then one candidate dragged onto a free seat; returns the
        ticket number moved."""
        self.go("排考与座位")
        self.click("form[action$='/schedule'] button[value=schedule]")
        assert "排考已完成（xcert 试排" in self.banner()
        self.browser.shot("walk-09-plans")

        def has_free_seats(row: Any) -> bool:
            cells = row.find_elements(self.by.TAG_NAME, "td")
            return int(cells[4].text) < int(cells[3].text)

        rows = [row for row in self.driver.find_elements(self.by.CSS_SELECTOR, "table.list tbody tr")
                if has_free_seats(row)]
        self.browser.after(rows[0].find_element(self.by.LINK_TEXT, "座位图").click)
        source = self.driver.find_elements(self.by.CSS_SELECTOR, "table.seatmap td.taken")[0]
        target = self.driver.find_elements(self.by.CSS_SELECTOR, "table.seatmap td.free")[0]
        ticket, seat = source.get_attribute("data-ticket"), target.get_attribute("data-seat")
        self.browser.after(lambda: self.driver.execute_script(
            "const dt = new DataTransfer();"
            "arguments[0].dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
            "arguments[1].dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true}));"
            "arguments[1].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));", source, target))
        assert self.css(f"table.seatmap td[data-seat='{seat}']").get_attribute("data-ticket") == ticket
        self.browser.shot("walk-09-seat-map")
        return str(ticket)

    def print_and_open(self, ticket: str) -> None:
        """Step 10: the printed pack generated, the tickets downloaded and opened."""
        self.go("排考与座位")
        self.go("打印材料")
        from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

        self.click("form.generate button")  # the job runs in the background; htmx reloads the page when it ends
        assert "正在生成打印材料" in self.driver.page_source  # 40 tickets with photos take seconds, the redirect ms
        self.browser.shot("walk-10-printing")
        WebDriverWait(self.driver, 120).until(lambda d: "已生成" in d.page_source)
        assert "与当前数据一致" in self.driver.page_source and "正在生成" not in self.driver.page_source
        self.browser.shot("walk-10-documents")
        self.driver.find_element(self.by.LINK_TEXT, "准考证-全部.pdf").click()
        tickets = PdfReader(self.browser.downloaded("准考证-全部.pdf"))
        assert len(tickets.pages) == 40 and ticket in "".join(page.extract_text() for page in tickets.pages)

    def exam_day(self) -> None:
        """Step 11: the exam client in every room; the dashboard ticks all eleven steps; the audit log."""
        self.go("考场与监考")
        self.click("form[action='/rooms/client'] button")
        assert "已记录 DMI-1 的 11 个考场：已安装并测试" in self.banner()
        self.go("报考准备情况")
        assert len(self.driver.find_elements(self.by.CSS_SELECTOR, "li.step.done")) == 11
        assert "十一个步骤都已完成" in self.driver.page_source
        self.browser.shot("walk-11-dashboard-ready")
        self.go("统计")
        assert len(self.driver.find_elements(self.by.CSS_SELECTOR, "svg.chart")) == 6
        self.browser.shot("walk-12-stats")
        self.go("操作记录")
        assert "students.confirm" in self.driver.page_source and "seats.move" in self.driver.page_source
        self.browser.shot("walk-13-audit")


def test_the_eleven_steps_by_clicking_and_uploading(materials: Path, tmp_path: Path) -> None:
    root = tmp_path / "报考2026"
    made = xcert("init", str(root), "--school-code", "4133010001", "--school", "示范职业技术学院", "--year", "2026",
                 "--address", "山西省太原市小店区示范路 1 号")
    assert made.returncode == 0, made.stderr
    with served_browser(root, tmp_path) as browser:
        browser.driver.get(browser.url)
        assert browser.driver.find_elements("css selector", "li.step.done") == []
        browser.shot("walk-01-dashboard-empty")
        walk = Walk(browser, materials)
        walk.setup()
        walk.students_and_photos()
        walk.register_rooms_and_proctors()
        walk.print_and_open(walk.schedule_and_move())
        walk.exam_day()

    with Workspace.open(root, env={}) as workspace:
        states = {c.state for c in workspace.storage.list(Candidate)}
        origins = {s.origin for s in workspace.storage.list(SeatAssignment)}
        actions = {e.action for e in workspace.storage.list(AuditEntry)}
    assert states == {VerificationState.VERIFIED} and origins == {SeatOrigin.XCERT}
    assert {"quota.set", "sites.add", "plans.import", "students.import", "photos.import", "students.verify",
            "registrations.import", "rooms.import", "proctors.import", "plans.schedule", "documents.generate",
            "rooms.client", "platform.export"} <= actions
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
