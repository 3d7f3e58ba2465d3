"""门贴: one A4 landscape page per room, readable from the corridor."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, landscape

from xcert_adapters.rendering.drawing import Pen, date_text, time_range
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
    if label.subjects:
        widths = [inner * f for f in (0.4, 0.12, 0.28, 0.2)]
        table = [("考试科目", "类型", "考试日期", "考试时间")] + [
            (s.subject_name, s.kind.label, date_text(s.date), time_range(s.start, s.end)) for s in label.subjects
        ]
        row_h = min(28.0, 130.0 / len(table))
        cursor = pen.grid(margin, cursor, widths, table, row_h, min(14.0, row_h * 0.55))
    facts = (
        ("座位号", f"{label.first_seat} – {label.last_seat}"),
        ("准考证号", f"{label.first_ticket_number} – {label.last_ticket_number}"),
        ("考生人数", f"{label.candidate_count} 人"),
    )
    column = inner / len(facts)
    for number, (caption, value) in enumerate(facts):
        cx = margin + column * (number + 0.5)
        pen.text(cx, min(cursor - 26, margin + 52), caption, 13, align="center", grey=True)
        pen.text(cx, min(cursor - 56, margin + 18), value, 22, align="center", width=column - 12)
