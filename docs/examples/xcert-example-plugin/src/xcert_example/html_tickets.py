"""``html``: admission tickets (准考证) laid out as one self-contained HTML page, one ticket card per printed page.

A different layout from the built-in PDF renderer: the ticket number large at the top for the door check, the
candidate's details beside the photo, then the timetable and the candidate rules. Photos are embedded as
``data:`` URLs, so the one file can be e-mailed or printed from any browser (``@page`` sets A5 landscape).

It renders admission tickets only; other documents raise :class:`TypeError`, as the renderer contract asks
(:mod:`xcert_core.testing.renderer_contract`). Standard library only: nothing to install but xcert.
"""

from __future__ import annotations

import base64
import html
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from xcert_core.model import AdmissionTicket, PhotoRef
from xcert_core.ports.rendering import Document

_UNDRAWABLE = frozenset({"Cc", "Cs", "Co", "Cn"})
"""Controls, surrogates, private-use and unassigned code points: not text a browser can show."""

STYLE = """
@page { size: A5 landscape; margin: 8mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif; }
.ticket { break-after: page; border: 2px solid #222; padding: 6mm; }
.ticket h1 { font-size: 15pt; margin: 0 0 2mm; text-align: center; }
.number { font: bold 20pt monospace; letter-spacing: 1pt; text-align: center; margin-bottom: 3mm; }
.top { display: flex; gap: 6mm; }
.details { flex: 1; border-collapse: collapse; }
.details th { text-align: right; padding-right: 3mm; font-weight: normal; color: #555; white-space: nowrap; }
.photo { width: 26mm; height: 36mm; border: 1px dashed #888; display: flex; align-items: center;
         justify-content: center; color: #888; }
.photo img { width: 26mm; height: 36mm; object-fit: cover; }
.timetable { width: 100%; border-collapse: collapse; margin-top: 3mm; }
.timetable th, .timetable td { border: 1px solid #999; padding: 1mm 2mm; }
.rules { font-size: 8pt; margin: 3mm 0 0; padding-left: 5mm; }
"""


class HtmlTicketRenderer:
    """The ``html`` renderer of the example plug-in (see the module docstring)."""

    suffixes: tuple[str, ...] = (".html", ".htm")

    def render(self, documents: Sequence[Document], path: Path) -> set[str]:
        if not documents:
            raise ValueError("nothing to render")
        tickets = [document for document in documents if isinstance(document, AdmissionTicket)]
        if len(tickets) != len(documents):
            raise TypeError("the html renderer renders admission tickets (AdmissionTicket) only")
        missing: set[str] = set()
        cards = [self._card(ticket, missing) for ticket in tickets]
        page = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>准考证</title>\n"
                f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(cards) + "\n</body>\n</html>\n")
        Path(path).write_text(page, "utf-8")
        return missing

    def _card(self, ticket: AdmissionTicket, missing: set[str]) -> str:
        def text(value: str) -> str:
            drawable = []
            for ch in value:
                if unicodedata.category(ch) in _UNDRAWABLE and ch not in "\t\n":
                    missing.add(ch)
                else:
                    drawable.append(ch)
            return html.escape("".join(drawable))

        details = [
            ("姓名", text(ticket.candidate_name)), ("性别", text(ticket.gender.label if ticket.gender else "")),
            ("证件号码", text(ticket.id_number)), ("考核站点", text(ticket.site_name)),
            ("地址", text(ticket.site_address)), ("考场", text(ticket.room_name)), ("座位号", str(ticket.seat)),
        ]
        rows = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in details)
        timetable = "".join(
            f"<tr><td>{text(s.subject_name)}</td><td>{text(s.kind.label)}</td><td>{s.date:%Y-%m-%d}</td>"
            f"<td>{s.start:%H:%M}–{s.end:%H:%M}</td></tr>"
            for s in ticket.subjects
        )
        rules = "".join(f"<li>{text(rule)}</li>" for rule in ticket.rules)
        return (
            f"<section class=\"ticket\">\n<h1>{text(ticket.title)}</h1>\n"
            f"<div class=\"number\">准考证号 {text(ticket.ticket_number)}</div>\n"
            f"<div class=\"top\"><table class=\"details\">{rows}</table>{self._photo(ticket.photo)}</div>\n"
            f"<div class=\"plan\">{text(ticket.plan_name)}</div>\n"
            + (f"<table class=\"timetable\"><tr><th>科目</th><th>类型</th><th>日期</th><th>时间</th></tr>"
               f"{timetable}</table>\n" if timetable else "")
            + (f"<ol class=\"rules\">{rules}</ol>\n" if rules else "")
            + "</section>"
        )

    @staticmethod
    def _photo(photo: PhotoRef | None) -> str:
        """The photo as a ``data:`` URL; an empty box to paste one in when there is none."""
        if photo is None:
            return "<div class=\"photo\">贴照片处</div>"
        data = base64.b64encode(Path(photo.location).read_bytes()).decode("ascii")
        return f"<div class=\"photo\"><img alt=\"照片\" src=\"data:{photo.media_type};base64,{data}\"></div>"
