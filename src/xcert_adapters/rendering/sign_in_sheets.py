"""签到表: one per room and session. The sheet's heading (site, room, subject, time, proctors) is drawn on every
page, the table repeats its column header on every page, pages are numbered "第 N 页 / 共 M 页" within each
sheet, and the last page ends with the 应考/实考/缺考 counts and the proctors' signature lines.

Drawn straight onto the canvas, page by page like the other documents (so memory stays flat, and the page
count of a sheet is known before its first page): every row has the same height, so :data:`ROWS_PER_PAGE` rows
fit a page, and the foot goes on the last page when it fits under the last row, else on a page of its own.
Long cell text shrinks to fit its cell. (platypus laid these sheets out until #21: about five times the time of
drawing them, for a table whose geometry never changes.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4

from xcert_adapters.rendering.drawing import Pen, date_text, provisional_footer, time_range
from xcert_core.model import SignInRow, SignInSheet

MARGIN = 36.0
HEADING = 118.0  # room above the table for the heading drawn on every page
FOOTER = 34.0
HEADER_HEIGHT = 20.0
ROW_HEIGHT = 24.0
COLUMNS = ("座位号", "照片", "姓名", "证件号码", "准考证号", "签名")
WIDTHS = (44.0, 36.0, 76.0, 140.0, 120.0, 107.0)
TABLE_TOP: float = A4[1] - MARGIN - HEADING
TABLE_BOTTOM = MARGIN + FOOTER
ROWS_PER_PAGE = int((TABLE_TOP - TABLE_BOTTOM - HEADER_HEIGHT) // ROW_HEIGHT)
FOOT_HEIGHT = 12.0 + 56.0  # the gap under the table, then the counts and the signature lines
CELL_SIZE = 9.5


def sheet_pages(rows: int) -> int:
    """Pages of a sheet of ``rows`` rows: the rows' pages, plus one when the foot does not fit under the last."""
    pages = max(1, math.ceil(rows / ROWS_PER_PAGE))
    last = rows - (pages - 1) * ROWS_PER_PAGE
    below = TABLE_TOP - HEADER_HEIGHT - last * ROW_HEIGHT - TABLE_BOTTOM
    return pages + (1 if below < FOOT_HEIGHT else 0)


def draw_sign_in_sheets(pen: Pen, sheets: Sequence[SignInSheet]) -> int:
    """Draw every sheet, page by page (nothing is kept between pages); returns the number of pages."""
    canvas = pen.canvas
    canvas.setPageSize(A4)
    pages = 0
    left = MARGIN + (A4[0] - 2 * MARGIN - sum(WIDTHS)) / 2
    for sheet in sheets:
        total = sheet_pages(len(sheet.rows))
        for number in range(total):
            draw_heading(pen, sheet)
            rows = sheet.rows[number * ROWS_PER_PAGE:(number + 1) * ROWS_PER_PAGE]
            bottom = TABLE_TOP
            if rows or number == 0:
                bottom = _table(pen, left, rows)
            if number == total - 1:
                _foot(pen, left, bottom - 12.0, sheet.expected_count)
            pen.text(A4[0] / 2, FOOTER - 7, f"第 {number + 1} 页 / 共 {total} 页", 9, align="center")
            canvas.showPage()
            pages += 1
    return pages


def _table(pen: Pen, left: float, rows: Sequence[SignInRow]) -> float:
    """The column header and ``rows`` from :data:`TABLE_TOP` down; returns the table's bottom."""
    canvas = pen.canvas
    width = sum(WIDTHS)
    canvas.setFillColorRGB(0.92, 0.92, 0.92)
    canvas.rect(left, TABLE_TOP - HEADER_HEIGHT, width, HEADER_HEIGHT, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    _cells(pen, left, TABLE_TOP, HEADER_HEIGHT, COLUMNS)
    top = TABLE_TOP - HEADER_HEIGHT
    for row in rows:
        texts = (f"{row.seat}", "", row.candidate_name, row.id_number, row.ticket_number, "")
        _cells(pen, left, top, ROW_HEIGHT, texts)
        if row.photo is not None:
            pen.photo(row.photo, left + WIDTHS[0] + 3, top - ROW_HEIGHT + 1.5, WIDTHS[1] - 6, ROW_HEIGHT - 3)
        top -= ROW_HEIGHT
    canvas.setLineWidth(0.6)
    x = left
    for cell_width in (0.0, *WIDTHS):  # the grid: one path of lines
        x += cell_width
        canvas.line(x, TABLE_TOP, x, top)
    y = TABLE_TOP
    for step in (0.0, HEADER_HEIGHT, *([ROW_HEIGHT] * len(rows))):
        y -= step
        canvas.line(left, y, left + width, y)
    return top


def _cells(pen: Pen, left: float, top: float, height: float, texts: Sequence[str]) -> None:
    x = left
    for text, cell_width in zip(texts, WIDTHS, strict=True):
        pen.text(x + cell_width / 2, top - height / 2 - CELL_SIZE * 0.35, text, CELL_SIZE, align="center",
                 width=cell_width - 6)
        x += cell_width


def _foot(pen: Pen, left: float, top: float, expected: int) -> None:
    """应考 N 人, blanks for 实考 and 缺考, and the proctors' signature lines, from ``top`` down."""
    size = 11.0
    _segments(pen, left, top - 56.0 + 38.0, [f"应考 {expected} 人", "　实考", 50, "人", "　缺考", 50, "人"], size)
    _segments(pen, left, top - 56.0 + 6.0, ["监考员签名：", 110, 110, "　日期：", 90], size)


def _segments(pen: Pen, x: float, y: float, parts: list[str | int], size: float) -> None:
    """Text and blank lines (an ``int`` is a line that long) left to right at baseline ``y``."""
    canvas = pen.canvas
    canvas.setLineWidth(0.6)
    for part in parts:
        if isinstance(part, int):
            canvas.line(x, y - 2, x + part, y - 2)
            x += part + 8
        else:
            pen.text(x, y, part, size)
            x += pen.width(part, size) + 8


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
