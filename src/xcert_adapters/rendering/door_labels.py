"""门贴: one A4 landscape page per room and session, readable from the corridor."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, landscape

from xcert_adapters.rendering.drawing import Pen, date_text, provisional_footer, time_range
from xcert_core.model import DoorLabel


def draw_door_labels(pen: Pen, labels: Sequence[DoorLabel]) -> int:
    canvas = pen.canvas
    for label in labels:
        canvas.setPageSize(landscape(A4))
        draw_door_label(pen, label)
        canvas.showPage()
    return len(labels)


def draw_door_label(pen: Pen, label: DoorLabel) -> None:
    width, height = landscape(A4)
    margin = 40.0
    inner = width - 2 * margin
    centre = width / 2
    canvas = pen.canvas
    pen.text(centre, height - margin - 14, f"{label.site_name}　·　{label.plan_name}", 14, align="center",
             width=inner, grey=True)
    pen.text(centre, height - margin - 44, f"{label.certificate_name}（{label.level.label}）", 22, align="center",
             width=inner)
    pen.text(centre, height - margin - 168, label.room_name, 110, align="center", width=inner)
    canvas.setLineWidth(1.5)
    canvas.line(margin, height - margin - 196, width - margin, height - margin - 196)

    cursor = height - margin - 206
    s = label.session
    widths = [inner * f for f in (0.4, 0.12, 0.28, 0.2)]
    table = [("考试科目", "类型", "考试日期", "考试时间"),
             (s.subject_name, s.kind.label, date_text(s.date), time_range(s.start, s.end))]
    cursor = pen.grid(margin, cursor, widths, table, 28.0, 14.0)
    count = f"{label.candidate_count} 人" + (f"（考位 {label.room_seats} 个）" if label.room_seats else "")
    facts = (("座位号", seat_text(label)), ("考生人数", count))
    column = inner / len(facts)
    for number, (caption, value) in enumerate(facts):
        cx = margin + column * (number + 0.5)
        pen.text(cx, cursor - 24, caption, 13, align="center", grey=True)
        pen.text(cx, cursor - 52, value, 20, align="center", width=column - 12)
    lines = ticket_lines(label)
    size = 22.0 if len(lines) == 1 else max(9.0, min(13.0, 150.0 / len(lines) / 1.3))
    pen.text(centre, cursor - 88, "准考证号", 13, align="center", grey=True)
    for index, line in enumerate(lines):
        pen.text(centre, cursor - 88 - size * 1.6 - index * size * 1.3, line, size, align="center", width=inner)
    if label.provisional:
        provisional_footer(pen, width)


TICKETS_LISTED = 40
"""A room's ticket numbers that are not one unbroken stretch are listed in full up to this many; beyond it the
label shows the first, the last and the count (the sign-in sheet lists everyone)."""


def seat_text(label: DoorLabel) -> str:
    """``1 – 30``, or runs joined by 、 (``1 – 12、15、17 – 30``) when seats are left free in between."""
    return "、".join(f"{a} – {b}" if a != b else str(a) for a, b in label.seat_runs) or "—"


def ticket_lines(label: DoorLabel) -> list[str]:
    """The 准考证号 lines: a range only when it is exactly this room's tickets in this session; otherwise the
    numbers, six to a line, or (over :data:`TICKETS_LISTED`) the first, the last and the count."""
    numbers = label.ticket_numbers
    if not numbers:
        return ["—"]
    if (stretch := label.ticket_range) is not None:
        return [f"{stretch[0]} – {stretch[1]}（连续 {len(numbers)} 个）"]
    if len(numbers) > TICKETS_LISTED:
        return [f"{numbers[0]} 至 {numbers[-1]} 之间的 {len(numbers)} 个（不连续，名单见签到表）"]
    return ["、".join(numbers[i:i + 6]) for i in range(0, len(numbers), 6)]
