"""统计分析报告 and 周报: a report's title, school and date at the top of its first page, then each section — a
heading, its lines of text (wrapped), its charts (:mod:`.report_charts`) — flowing down A4 pages; a chart never
splits over two pages, and every page is numbered within its report."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics import renderPDF
from reportlab.lib.pagesizes import A4

from xcert_adapters.rendering.drawing import Pen, date_text
from xcert_adapters.rendering.report_charts import chart_drawing, chart_height
from xcert_core.model import Chart, StatisticsReport

MARGIN = 48.0
FOOT = MARGIN - 8
BODY_WIDTH = A4[0] - 2 * MARGIN
LINE_SIZE = 10.0
LEADING = 15.0


class _Pages:
    """The pages of one report: where the next thing goes, and a new page when it does not fit."""

    def __init__(self, pen: Pen, report: StatisticsReport) -> None:
        self.pen, self.report = pen, report
        self.number = 0
        self.y = 0.0
        self._new_page(first=True)

    def _new_page(self, *, first: bool = False) -> None:
        if not first:
            self._foot()
            self.pen.canvas.showPage()
        self.number += 1
        pen, top = self.pen, A4[1] - MARGIN
        if first:
            pen.text(A4[0] / 2, top - 20, self.report.title, 18, align="center", width=BODY_WIDTH)
            pen.text(A4[0] / 2, top - 40, f"{self.report.school_name}　截至 {date_text(self.report.as_of)}", 10,
                     align="center", width=BODY_WIDTH, grey=True)
            self.y = top - 64
        else:
            pen.text(MARGIN, top - 8, self.report.title, 9, width=BODY_WIDTH / 2, grey=True)
            self.y = top - 24

    def _foot(self) -> None:
        self.pen.text(A4[0] / 2, FOOT - 10, f"第 {self.number} 页", 9, align="center", grey=True)

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the current position (a first item always fits)."""
        if self.y - height < FOOT + 12 and self.y < A4[1] - MARGIN - 64:
            self._new_page()

    def finish(self) -> int:
        self._foot()
        self.pen.canvas.showPage()
        return self.number


def _chart_texts(chart: Chart) -> str:
    return chart.title + chart.unit + "".join(p.label for p in chart.points) + "暂无数据单位：/"


def draw_statistics_reports(pen: Pen, reports: Sequence[StatisticsReport]) -> int:
    """Draw every report, page by page; returns the number of pages."""
    canvas = pen.canvas
    canvas.setPageSize(A4)
    pages = 0
    for report in reports:
        flow = _Pages(pen, report)
        for section in report.sections:
            flow.room(30 + LEADING)
            canvas.setFillColorRGB(0.18, 0.43, 0.71)
            canvas.rect(MARGIN, flow.y - 4, 3, 16, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
            pen.text(MARGIN + 10, flow.y, section.heading, 13, width=BODY_WIDTH - 10)
            flow.y -= 22
            for line in section.lines:
                for part in pen.wrap(line, BODY_WIDTH - 12, LINE_SIZE):
                    flow.room(LEADING)
                    pen.text(MARGIN + 12, flow.y, part, LINE_SIZE)
                    flow.y -= LEADING
            for chart in section.charts:
                height = chart_height(chart)
                flow.room(height + 8)
                pen.track(_chart_texts(chart))
                renderPDF.draw(chart_drawing(chart, BODY_WIDTH - 12, pen.font.name), canvas, MARGIN + 12,
                               flow.y - height)
                flow.y -= height + 12
            flow.y -= 8
        pages += flow.finish()
    return pages
