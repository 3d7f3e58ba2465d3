"""签到表: one per room and session. The sheet's heading (site, room, subject, time, proctors) is drawn on every
page, the table repeats its column header on every page, pages are numbered "第 N 页 / 共 M 页" within each
sheet, and the last page ends with the 应考/实考/缺考 counts and the proctors' signature lines.

Laid out with platypus (a table flows over pages); the story holds one sheet's rows at a time, so memory is
bounded by the largest room, not by the number of sheets in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from xcert_adapters.rendering.drawing import Pen, bmp_only, date_text, provisional_footer, time_range
from xcert_core.model import SignInSheet

MARGIN = 36.0
HEADING = 118.0  # room above the frame for the heading drawn on every page
FOOTER = 34.0
ROW_HEIGHT = 24.0
COLUMNS = ("座位号", "照片", "姓名", "证件号码", "准考证号", "签名")
WIDTHS = (44.0, 36.0, 76.0, 140.0, 120.0, 107.0)


class _Switch(Flowable):  # type: ignore[misc]
    """Zero-size marker placed before each sheet's page break: pages begun after it belong to sheet ``index``."""

    def __init__(self, state: dict[str, int], index: int) -> None:
        super().__init__()
        self.state, self.index, self.width, self.height = state, index, 0, 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state["sheet"] = self.index


def numbered_canvas(pen_font: str, sheet_of_page: list[int]) -> type[Canvas]:
    """A canvas class that defers each page until the end, then writes "第 N 页 / 共 M 页" counted per sheet."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            totals: dict[int, int] = {}
            for sheet in sheet_of_page:
                totals[sheet] = totals.get(sheet, 0) + 1
            seen: dict[int, int] = {}
            for number, state in enumerate(self._saved):
                self.__dict__.update(state)
                sheet = sheet_of_page[number] if number < len(sheet_of_page) else -1
                seen[sheet] = seen.get(sheet, 0) + 1
                self.setFont(pen_font, 9)
                self.drawCentredString(A4[0] / 2, FOOTER - 12, f"第 {seen[sheet]} 页 / 共 {totals.get(sheet, 1)} 页")
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def build_sign_in_sheets(path: str, pen: Pen, sheets: Sequence[SignInSheet], **doc_options: Any) -> int:
    """Write ``sheets`` to ``path`` with ``pen`` (its canvas is replaced by the document's); returns the pages."""
    state = {"sheet": 0}
    sheet_of_page: list[int] = []

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        pen.canvas = canvas
        sheet_of_page.append(state["sheet"])
        draw_heading(pen, sheets[state["sheet"]])

    doc = BaseDocTemplate(path, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + HEADING,
                          bottomMargin=MARGIN + FOOTER, **doc_options)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="rows", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPage=on_page)])
    story: list[Flowable] = []
    for index, sheet in enumerate(sheets):
        if index:
            story += [_Switch(state, index), PageBreak()]
        story += sheet_story(pen, sheet)
    doc.build(story, canvasmaker=numbered_canvas(pen.font.name, sheet_of_page))
    return len(sheet_of_page)


def draw_heading(pen: Pen, sheet: SignInSheet) -> None:
    width, height = A4
    top = height - MARGIN
    inner = width - 2 * MARGIN
    pen.text(width / 2, top - 20, "考 生 签 到 表", 20, align="center")
    if sheet.provisional:
        provisional_footer(pen, width)
    size = 10.5
    lines = (
        (f"考点：{sheet.site_name}", f"考场：{sheet.room_name}"),
        (f"科目：{sheet.subject_name}", f"时间：{date_text(sheet.date)} {time_range(sheet.start, sheet.end)}"),
        (f"监考：{'、'.join(sheet.proctor_names) or '＿＿＿＿＿＿'}", f"应考人数：{sheet.expected_count} 人"),
    )
    y = top - 48
    for first, second in lines:
        pen.text(MARGIN, y, first, size, width=inner * 0.5 - 8)
        pen.text(MARGIN + inner * 0.5, y, second, size, width=inner * 0.5)
        y -= 18


def sheet_story(pen: Pen, sheet: SignInSheet) -> list[Flowable]:
    font = pen.font.name
    cell = ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=11, alignment=1, wordWrap="CJK")
    def para(text: str) -> Paragraph:
        pen.track(text)
        return Paragraph(escape(text if pen.font.embedded else bmp_only(text)), cell)

    data: list[list[Any]] = [[para(c) for c in COLUMNS]]
    for row in sheet.rows:
        photo: Any = ""
        if row.photo is not None:
            photo = Image(pen.photos.path(row.photo), width=WIDTHS[1] - 6, height=ROW_HEIGHT - 3, kind="proportional")
        data.append([
            para(f"{row.seat}"), photo, para(row.candidate_name), para(row.id_number), para(row.ticket_number), "",
        ])
    table = Table(data, colWidths=list(WIDTHS), rowHeights=[20.0] + [ROW_HEIGHT] * len(sheet.rows), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, (0, 0, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), (0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return [table, Spacer(1, 12), _Totals(pen, sheet.expected_count)]


class _Totals(Flowable):  # type: ignore[misc]
    """The foot of a sheet: 应考 N 人, blanks for 实考 and 缺考, and the proctors' signature lines."""

    def __init__(self, pen: Pen, expected: int) -> None:
        super().__init__()
        self.pen, self.expected = pen, expected
        self.width, self.height = sum(WIDTHS), 56.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        pen = self.pen
        pen.canvas = self.canv
        size = 11.0
        self._segments(38.0, [f"应考 {self.expected} 人", "　实考", 50, "人", "　缺考", 50, "人"], size)
        self._segments(6.0, ["监考员签名：", 110, 110, "　日期：", 90], size)

    def _segments(self, y: float, parts: list[str | int], size: float) -> None:
        """Text and blank lines (an ``int`` is a line that long) left to right at baseline ``y``."""
        x = 0.0
        canvas = self.canv
        canvas.setLineWidth(0.6)
        for part in parts:
            if isinstance(part, int):
                canvas.line(x, y - 2, x + part, y - 2)
                x += part + 8
            else:
                self.pen.text(x, y, part, size)
                x += self.pen.width(part, size) + 8
