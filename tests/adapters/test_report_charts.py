"""The reports' charts (reportlab's chart library): as SVG for the workbench every chart is well-formed, titled,
holds its labels as text whatever they contain, and has ids of its own, so several charts on one page never clip
each other; as PDF a long report flows over numbered pages."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pypdfium2
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from xcert_adapters.rendering.renderer import PdfRenderer
from xcert_adapters.rendering.report_charts import BAR_ROW, chart_height, chart_svg
from xcert_core.model import Chart, ChartKind, ChartPoint, ReportSection, StatisticsReport
from xcert_core.testing.strategies import charts

SVG = "{http://www.w3.org/2000/svg}"
LABELS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@given(charts(), LABELS)
def test_a_chart_is_well_formed_svg_with_its_labels_as_text(chart: Chart, hostile: str) -> None:
    chart = Chart(chart.title + hostile, chart.kind, (*chart.points, ChartPoint(f"<script>{hostile}", 1)),
                  chart.unit)
    svg = ET.fromstring(chart_svg(chart, 600, "Helvetica", "c1"))
    assert svg.get("class") == "chart" and svg.get("role") == "img"
    def shown(text: str) -> str:  # as XML reads it back: line ends normalised, control characters replaced
        return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))

    assert svg.findtext(f"{SVG}title") == shown(chart.title) and not list(svg.iter(f"{SVG}script"))
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    assert shown(chart.title) in texts
    if chart.kind is ChartKind.BARS:
        # every bar's printable label, as text (reportlab breaks a label at a line end into several texts)
        labels = Counter(p.label for p in chart.points if p.label.strip() and p.label.isprintable())
        assert labels <= Counter(texts)
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert ids and all(i.startswith("c1") for i in ids)


def test_charts_on_one_page_have_ids_of_their_own() -> None:
    chart = Chart("认证状态", ChartKind.BARS, (ChartPoint("信息准确", 3, 4),))
    first, second = chart_svg(chart, 600, "Helvetica", "a"), chart_svg(chart, 600, "Helvetica", "b")
    assert 'url(#a-clip)' in first and 'url(#b-clip)' in second and "url(#clip)" not in first + second


def test_the_height_follows_the_bars() -> None:
    bars = Chart("班级", ChartKind.BARS, tuple(ChartPoint(f"{n}班", n) for n in range(10)))
    assert chart_height(bars) - chart_height(Chart("班级", ChartKind.BARS, bars.points[:5])) == 5 * BAR_ROW
    assert chart_height(Chart("分布", ChartKind.COLUMNS, bars.points)) == chart_height(
        Chart("分布", ChartKind.COLUMNS, bars.points[:2]))


def test_a_long_report_flows_over_numbered_pages(tmp_path: Path) -> None:
    sections = tuple(ReportSection(f"第{n}节", (f"第{n}节的说明文字。" * 8,), (
        Chart(f"第{n}节 按班级", ChartKind.BARS, tuple(ChartPoint(f"{k}班", k, 40) for k in range(12)), "人"),
        Chart(f"第{n}节 分布", ChartKind.COLUMNS, tuple(ChartPoint(f"{k}", k) for k in range(10))),
        Chart(f"第{n}节 进度", ChartKind.LINE, tuple(ChartPoint(f"5-{k:02d}", k * 3, 40) for k in range(1, 30))),
        Chart(f"第{n}节 空", ChartKind.BARS))) for n in range(1, 4))
    report = StatisticsReport("统计分析报告", "示范学院", dt.date(2026, 7, 1), sections)
    out = tmp_path / "报告.pdf"
    rendered = PdfRenderer().render([report], out)
    reader = PdfReader(out)
    assert rendered.pages == len(reader.pages) >= 3 and not rendered
    pages = [page.extract_text() for page in reader.pages]
    assert all(f"第 {n} 页" in text for n, text in enumerate(pages, start=1))
    text = "".join(pages)
    for chart in report.charts:
        assert text.count(chart.title) == 1  # each chart once: none split, none lost
    assert "暂无数据" in text and "2026年7月1日" in pages[0] and reader.metadata.title == "统计分析报告"


def _dark_pixels(path: Path) -> int:
    """The pixels of the first page in the bars' colour (#2f6db5), at 72 dpi."""
    image = pypdfium2.PdfDocument(str(path))[0].render(scale=1).to_pil().convert("RGB")
    data = image.tobytes()
    return sum(1 for n in range(0, len(data), 3)
               if abs(data[n] - 0x2F) < 12 and abs(data[n + 1] - 0x6D) < 12 and abs(data[n + 2] - 0xB5) < 12)


def test_a_bar_is_drawn_in_proportion_to_its_value(tmp_path: Path) -> None:
    """Rasterised: a bar at 30 of 40 paints about three times the pixels of one at 10 of 40, and none at 0."""
    painted = []
    for value in (0, 10, 30):
        report = StatisticsReport("统计", "学校", dt.date(2026, 7, 1), (ReportSection("指标", (), (
            Chart("指标使用", ChartKind.BARS, (ChartPoint("证书", value, 40),), "人"),)),))
        out = tmp_path / f"{value}.pdf"
        PdfRenderer().render([report], out)
        painted.append(_dark_pixels(out))
    none, third, most = painted
    heading_bar = none  # the section heading's marker has the same colour
    assert third > heading_bar and 2.5 < (most - heading_bar) / (third - heading_bar) < 3.5
