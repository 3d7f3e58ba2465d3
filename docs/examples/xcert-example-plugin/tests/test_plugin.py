"""The example plug-in's own tests, as a plug-in author would write them: xcert's contract suite for the
renderer, and the rules checked on a roster read the way ``xcert students check`` reads one."""

from __future__ import annotations

import datetime as dt
import html.parser
from pathlib import Path

import attrs
from xcert_core.issues import IssueCollector
from xcert_core.model import AdmissionTicket, PhotoRef
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import SheetData
from xcert_core.registry import AdapterKind
from xcert_core.roster.reading import read_roster
from xcert_core.roster.table import RosterContext
from xcert_core.testing.renderer_contract import RendererContract, sample_documents

from xcert_example import plugin, rules
from xcert_example.html_tickets import HtmlTicketRenderer

HEADER = ("*学生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码", "*手机号码", "*入学年份", "*专业层次",
          "*就读专业", "*专业代码", "*专业版本")


def roster(*rows: tuple[str, str]) -> SheetData:
    """A roster sheet whose rows differ only in 手机号码 and 入学年份 (the columns the family reads)."""
    return SheetData("Sheet1", (HEADER, *(
        ("张三", "Zhang San", "男", "身份证", "140105200403150017", mobile, year, "中专", "计算机平面设计",
         "090300", "2010")
        for mobile, year in rows
    )))


def check(sheet: SheetData, today: dt.date = dt.date(2025, 9, 1)) -> list[tuple[int | None, str, str | None]]:
    table, _ = read_roster(sheet, "roster.xlsx", RosterContext(today=today))
    collector = IssueCollector(make_plugin_manager([plugin], load_entrypoints=False).catalogue)
    collector.extend(rules.SchoolPolicyRules().check(table))
    return [(issue.row, issue.code, issue.value) for issue in collector.report()]


class TestHtmlTicketRenderer(RendererContract):
    kinds = (AdmissionTicket,)

    def make_renderer(self) -> HtmlTicketRenderer:
        return HtmlTicketRenderer()

    def extract_text(self, path: Path) -> str:
        parser = _TextOnly()
        parser.feed(path.read_text("utf-8"))
        return "".join(parser.text)


class _TextOnly(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def test_the_plugin_registers_the_family_the_issue_types_and_the_renderer() -> None:
    plugins = make_plugin_manager([plugin], load_entrypoints=False)
    assert isinstance(plugins.create(AdapterKind.RULE, "school-policy"), rules.SchoolPolicyRules)
    assert isinstance(plugins.create(AdapterKind.RENDERER, "html"), HtmlTicketRenderer)
    assert {t.code for t in plugins.catalogue} >= {"example-mobile-shared", "example-cohort-too-old"}


def test_a_shared_mobile_is_reported_on_each_row_masked() -> None:
    sheet = roster(("13812345678", "2025"), ("13912345678", "2025"), ("13812345678", "2024"))
    assert check(sheet) == [(2, "example-mobile-shared", "138****5678"), (4, "example-mobile-shared", "138****5678")]


def test_only_the_last_three_cohorts_may_register() -> None:
    sheet = roster(("13812345678", "2023"), ("13912345678", "2022"), ("13712345678", "20x2"))
    assert check(sheet) == [(3, "example-cohort-too-old", "2022")]  # 20x2 is the core's enrolment-year-format


def test_names_are_escaped_and_photos_embedded(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    ticket = sample_documents(AdmissionTicket)[0]
    ticket = attrs.evolve(ticket, candidate_name="<b>王</b>", photo=PhotoRef(str(photo)))
    out = tmp_path / "tickets.html"
    assert HtmlTicketRenderer().render([ticket], out) == set()
    page = out.read_text("utf-8")
    assert "&lt;b&gt;王&lt;/b&gt;" in page and "<b>王" not in page
    assert "data:image/jpeg;base64,/9j/4" in page


def test_characters_a_browser_cannot_show_are_reported(tmp_path: Path) -> None:
    ticket = attrs.evolve(sample_documents(AdmissionTicket)[0], site_name="第一\x07考核站点\ue000")
    assert HtmlTicketRenderer().render([ticket], tmp_path / "t.html") == {"\x07", "\ue000"}
