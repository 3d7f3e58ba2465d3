"""桌贴: ``columns`` × ``rows`` labels per A4 page (2 × 4 by default), separated by cut marks."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4

from xcert_adapters.rendering.drawing import Pen, cut_marks, provisional_footer
from xcert_core.model import DeskLabel

MARGIN = 34.0  # 12 mm: room for the cut marks, and inside every printer's unprintable border


def draw_desk_labels(pen: Pen, labels: Sequence[DeskLabel], columns: int = 2, rows: int = 4) -> int:
    """Draw the labels page by page; returns the number of pages."""
    canvas = pen.canvas
    canvas.setPageSize(A4)
    width, height = A4
    cell_w = (width - 2 * MARGIN) / columns
    cell_h = (height - 2 * MARGIN) / rows
    xs = [MARGIN + cell_w * n for n in range(columns + 1)]
    ys = [MARGIN + cell_h * n for n in range(rows + 1)]
    per_page = columns * rows
    pages = 0
    for start in range(0, len(labels), per_page):
        for index, label in enumerate(labels[start:start + per_page]):
            column, row = index % columns, index // columns
            draw_desk_label(pen, label, xs[column], ys[rows - row - 1], cell_w, cell_h)
        cut_marks(canvas, xs, ys)
        if any(label.provisional for label in labels[start:start + per_page]):
            provisional_footer(pen, width)
        canvas.showPage()
        pages += 1
    return pages


def draw_desk_label(pen: Pen, label: DeskLabel, x: float, y: float, width: float, height: float) -> None:
    pad = 12.0
    left, right, top, bottom = x + pad, x + width - pad, y + height - pad, y + pad
    photo_w, photo_h = 60.0, 83.0
    text_right = right - photo_w - 8
    pen.text(left, top - 10, f"考场　{label.room_name}", 10, width=text_right - left, grey=True)
    if label.sessions:  # which exam this desk label is for: the same seat may hold another candidate later
        times = "、".join(f"{s.subject_name} {s.date.month}月{s.date.day}日 {s.start:%H:%M}" for s in label.sessions)
        pen.text(left, bottom + 2, times, 9.5, width=right - left)
    pen.text(left, top - 22, "座位号", 9, grey=True)
    seat = f"{label.seat:02d}"
    pen.text(left, top - 72, seat, 50, width=text_right - left)
    pen.photo(label.photo, right - photo_w, top - photo_h, photo_w, photo_h)
    name_y = min(top - 72, top - photo_h) - 30
    pen.text(left, name_y, label.candidate_name, 20, width=right - left)
    pen.text(left, name_y - 20, f"准考证号　{label.ticket_number}", 10.5, width=right - left)
    pen.text(left, max(bottom + 16, name_y - 36), f"证件号码　{label.masked_id_number}", 10.5, width=right - left)
