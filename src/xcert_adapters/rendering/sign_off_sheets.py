"""证书领取签收表: one class's certificates per sheet, a row per candidate (name, masked ID number, certificate
number) with blank 领取人签名 and 领取日期 columns; rows run over pages, each page with the heading and the column
header, pages numbered within the sheet."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4

from xcert_adapters.rendering.drawing import Pen
from xcert_core.model import CertificateSignOff

MARGIN = 40.0
ROW_HEIGHT = 26.0
COLUMNS = ("序号", "姓名", "证件号码", "证书编号", "领取人签名", "领取日期")
WIDTHS = (36.0, 74.0, 120.0, 130.0, 80.0, 75.0)
TABLE_TOP = A4[1] - MARGIN - 84
ROWS_PER_PAGE = int((TABLE_TOP - MARGIN - 30 - ROW_HEIGHT) // ROW_HEIGHT)


def draw_sign_off_sheets(pen: Pen, sheets: Sequence[CertificateSignOff]) -> int:
    """Draw every sheet, page by page; returns the number of pages."""
    canvas = pen.canvas
    canvas.setPageSize(A4)
    width = A4[0]
    left = (width - sum(WIDTHS)) / 2
    pages = 0
    for sheet in sheets:
        total = max(1, math.ceil(len(sheet.rows) / ROWS_PER_PAGE))
        for number in range(total):
            pen.text(width / 2, A4[1] - MARGIN - 20, "证书领取签收表", 20, align="center")
            pen.text(width / 2, A4[1] - MARGIN - 44, f"{sheet.certificate_name} · {sheet.plan_name}", 11,
                     align="center", width=width - 2 * MARGIN, grey=True)
            pen.text(left, A4[1] - MARGIN - 68, f"班级：{sheet.class_label}", 11, width=width / 2)
            pen.text(left + sum(WIDTHS), A4[1] - MARGIN - 68, f"共 {len(sheet.rows)} 本", 11, align="right")
            start = number * ROWS_PER_PAGE
            rows = [COLUMNS, *((str(start + n + 1), r.candidate_name, r.masked_id_number, r.certificate_number, "",
                                "") for n, r in enumerate(sheet.rows[start:start + ROWS_PER_PAGE]))]
            pen.grid(left, TABLE_TOP, WIDTHS, rows, ROW_HEIGHT, 10)
            pen.text(width / 2, MARGIN - 10, f"第 {number + 1} 页 / 共 {total} 页", 9, align="center")
            canvas.showPage()
            pages += 1
    return pages
