"""准考证: one per A4 page, or two per A4 page (each an A5 half, with a dashed cut line between)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4

from xcert_adapters.rendering.drawing import Pen, date_text, provisional_footer, time_range
from xcert_core.model import AdmissionTicket

NO_VALUE = "—"
"""Printed where a ticket has nothing to say (no gender for a passport holder, no site address)."""


def draw_tickets(pen: Pen, tickets: Sequence[AdmissionTicket], per_page: int = 1) -> int:
    """Draw every ticket, page by page (nothing is kept between pages); returns the number of pages."""
    if per_page not in (1, 2):
        raise ValueError("per_page must be 1 or 2")
    canvas = pen.canvas
    width, height = A4
    canvas.setPageSize(A4)
    pages = 0
    for start in range(0, len(tickets), per_page):
        batch = tickets[start:start + per_page]
        if per_page == 1:
            draw_ticket(pen, batch[0], 0, 0, width, height, compact=False)
        else:
            half = height / 2
            for number, ticket in enumerate(batch):
                draw_ticket(pen, ticket, 0, half * (1 - number), width, half, compact=True)
            canvas.setDash(4, 3)
            canvas.setLineWidth(0.4)
            canvas.setStrokeColorRGB(0.5, 0.5, 0.5)
            canvas.line(18, half, width - 18, half)
            canvas.setStrokeColorRGB(0, 0, 0)
            canvas.setDash()
        if any(ticket.provisional for ticket in batch):
            provisional_footer(pen, width)
        canvas.showPage()
        pages += 1
    return pages


def draw_ticket(pen: Pen, ticket: AdmissionTicket, x: float, y: float, width: float, height: float,
                *, compact: bool) -> None:
    """One ticket inside the box whose lower left corner is (x, y): heading, details beside the photo and QR
    code, the subjects table, then the rules."""
    margin = 28 if compact else 48
    left, right = x + margin, x + width - margin
    top, bottom = y + height - margin + (6 if compact else 0), y + margin
    cursor = _heading(pen, ticket, x + width / 2, left, right, top, compact)
    cursor = _details(pen, ticket, left, right, cursor, compact)
    if ticket.subjects:
        widths = [(right - left) * f for f in (0.27, 0.08, 0.27, 0.16, 0.14, 0.08)]
        table = [("考试科目", "类型", "考试日期", "考试时间", "考场", "座位号")] + [
            (s.subject_name, s.kind.label, date_text(s.date), time_range(s.start, s.end),
             s.room_name or ticket.room_name, f"{s.seat or ticket.seat}") for s in ticket.subjects
        ]
        cursor = pen.grid(left, cursor, widths, table, 14 if compact else 21, 8.5 if compact else 10.5)
        cursor -= 8 if compact else 18
    if ticket.rules:
        _rules(pen, ticket.rules, left, right, cursor, bottom, compact)


def _heading(pen: Pen, ticket: AdmissionTicket, centre: float, left: float, right: float, top: float,
             compact: bool) -> float:
    title_size = 17 if compact else 22
    pen.text(centre, top - title_size, ticket.title, title_size, align="center", width=right - left)
    cursor = top - title_size - (14 if compact else 20)
    pen.text(centre, cursor, ticket.plan_name, 9 if compact else 11, align="center", width=right - left, grey=True)
    cursor -= 8 if compact else 12
    pen.canvas.setLineWidth(1)
    pen.canvas.line(left, cursor, right, cursor)
    return cursor - (6 if compact else 14)


def _details(pen: Pen, ticket: AdmissionTicket, left: float, right: float, cursor: float, compact: bool) -> float:
    """The candidate's details on the left, photo and QR code on the right; returns the y below them."""
    photo_w, photo_h = (58.0, 80.0) if compact else (85.0, 118.0)
    qr_size = 62.0 if compact else 80.0
    photo_x = right - photo_w
    pen.photo(ticket.photo, photo_x, cursor - photo_h, photo_w, photo_h)
    if compact:  # QR code beside the photo
        qr_x = photo_x - 6 - qr_size
        pen.qr(ticket.ticket_number, qr_x, cursor - qr_size, qr_size)
        info_right = qr_x - 8
        block_bottom = cursor - photo_h
    else:  # QR code under the photo
        qr_x = photo_x + (photo_w - qr_size) / 2
        pen.qr(ticket.ticket_number, qr_x, cursor - photo_h - 6 - qr_size, qr_size)
        pen.text(photo_x + photo_w / 2, cursor - photo_h - qr_size - 14, "准考证号二维码", 7, align="center",
                 grey=True)
        info_right = photo_x - 14
        block_bottom = cursor - photo_h - qr_size - 18
    same = ticket.one_room
    rows = (
        ("姓　　名", ticket.candidate_name),
        ("性　　别", ticket.gender.label if ticket.gender is not None else NO_VALUE),
        ("证件号码", ticket.id_number),
        ("准考证号", ticket.ticket_number),
        ("考点名称", ticket.site_name),
        ("考点地址", ticket.site_address or NO_VALUE),
        ("考　　场", ticket.room_name if same else "各科目不同，见下表"),
        ("座 位 号", f"{ticket.seat}" if same else "见下表"),
    )
    size = 9.5 if compact else 12.5
    leading = 13.0 if compact else 23
    label_w = pen.width("证件号码：", size)
    line_y = cursor - size - 2
    for label, value in rows:
        pen.text(left, line_y, label + "：", size, grey=True)
        emphasis = label in ("准考证号", "座 位 号", "考　　场")
        pen.text(left + label_w, line_y, value, size + (1.5 if emphasis else 0), width=info_right - left - label_w)
        line_y -= leading
    return min(block_bottom, line_y + leading - (6 if compact else 8)) - (4 if compact else 14)


def _rules(pen: Pen, rules: Sequence[str], left: float, right: float, cursor: float, bottom: float,
           compact: bool) -> None:
    """考生须知, numbered, wrapped, and shrunk until it fits above ``bottom``."""
    heading = 9.5 if compact else 12
    pen.text(left, cursor - heading, "考生须知", heading)
    cursor -= heading + (4 if compact else 8)
    size = 9.0 if compact else 11.0
    inner = right - left
    items = [f"{n}. {rule}" for n, rule in enumerate(rules, start=1)]
    while size > 5:
        lines = sum(len(pen.wrap(item, inner - pen.width("1. ", size), size)) for item in items)
        if cursor - lines * size * 1.45 >= bottom - 4:
            break
        size -= 0.5
    for item in items:
        cursor = pen.paragraph(left, cursor - size, item, inner, size, size * 1.45, indent="1. ") + size
