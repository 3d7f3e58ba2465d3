"""The PDF renderer: one homogeneous sequence of documents (all 准考证, all 桌贴, all 门贴, all 签到表, all
证书领取签收表 or all reports) to one PDF file."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4

from xcert_adapters.private_files import open_private
from xcert_adapters.rendering.assembly import concatenate
from xcert_adapters.rendering.desk_labels import draw_desk_labels
from xcert_adapters.rendering.door_labels import draw_door_labels
from xcert_adapters.rendering.drawing import Pen, PhotoFiles
from xcert_adapters.rendering.fonts import PdfFont, find_font
from xcert_adapters.rendering.sign_in_sheets import draw_sign_in_sheets
from xcert_adapters.rendering.sign_off_sheets import draw_sign_off_sheets
from xcert_adapters.rendering.streaming import StreamingCanvas
from xcert_adapters.rendering.tickets import draw_tickets
from xcert_core.model import AdmissionTicket, CertificateSignOff, DeskLabel, DoorLabel, SignInSheet, StatisticsReport
from xcert_core.ports.rendering import Document

TITLES: dict[type, str] = {AdmissionTicket: "准考证", DeskLabel: "桌贴", DoorLabel: "门贴", SignInSheet: "签到表",
                           CertificateSignOff: "证书领取签收表", StatisticsReport: "统计报告"}


class RenderReport(set[str]):
    """What :meth:`PdfRenderer.render` returns: the set of characters the font could not draw (as the
    :class:`~xcert_core.ports.rendering.Renderer` protocol asks), plus ``pages``, the font used and whether it
    is embedded (``False`` for the STSong-Light fallback, whose glyphs come from the viewer)."""

    def __init__(self, missing: set[str], *, pages: int, font: PdfFont) -> None:
        super().__init__(missing)
        self.pages = pages
        self.font_name = font.name
        self.font_embedded = font.embedded


@contextmanager
def _binary_streams() -> Iterator[None]:
    """reportlab ASCII85-encodes streams by default, which would re-encode JPEG bytes; write them raw."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class PdfRenderer:
    """Renders the printed pack to PDF with reportlab, in an embedded (subset) CJK TrueType font.

    The output is reproducible: the same documents, photos and settings give the same bytes (reportlab's
    invariant mode: a fixed creation date and an ``/ID`` derived from the content), so files rendered in worker
    processes equal those rendered here. :meth:`combine` assembles files it rendered into one without drawing.

    ``font``: a :class:`~xcert_adapters.rendering.fonts.PdfFont`, or a TrueType file (``path.ttc#N`` for a
    sub-font); default ``XCERT_FONT`` or a system font, else the non-embedded STSong-Light with a
    :class:`~xcert_adapters.rendering.fonts.FontFallbackWarning`.
    ``tickets_per_page``: 1 (A4) or 2 (two A5 halves). ``desk_label_grid``: (columns, rows) per A4 page.
    """

    suffixes: tuple[str, ...] = (".pdf",)

    def __init__(self, font: PdfFont | str | os.PathLike[str] | None = None, *, tickets_per_page: int = 1,
                 desk_label_grid: tuple[int, int] = (2, 4)) -> None:
        if tickets_per_page not in (1, 2):
            raise ValueError("tickets_per_page must be 1 or 2")
        self.font = font if isinstance(font, PdfFont) else find_font(font)
        self.tickets_per_page = tickets_per_page
        self.desk_label_grid = desk_label_grid

    @property
    def font_embedded(self) -> bool:
        return self.font.embedded

    def render(self, documents: Sequence[Document], path: Path) -> RenderReport:
        if not documents:
            raise ValueError("nothing to render")
        kind = type(documents[0])
        if kind not in TITLES or any(type(d) is not kind for d in documents):
            raise TypeError("documents must all be of one kind: AdmissionTicket, DeskLabel, DoorLabel, SignInSheet, "
                            "CertificateSignOff or StatisticsReport")
        path = Path(path)
        title = documents[0].title if isinstance(documents[0], StatisticsReport) else TITLES[kind]
        # pages go to the file as they are drawn: memory stays flat
        with _binary_streams(), open_private(path) as stream:
            canvas = StreamingCanvas(stream, pagesize=A4, pageCompression=1, invariant=1)
            canvas.setTitle(title)
            canvas.setCreator("xcert")
            pen = Pen(canvas, self.font, PhotoFiles())
            if kind is AdmissionTicket:
                pages = draw_tickets(pen, documents, self.tickets_per_page)  # type: ignore[arg-type]
            elif kind is DeskLabel:
                columns, rows = self.desk_label_grid
                pages = draw_desk_labels(pen, documents, columns, rows)  # type: ignore[arg-type]
            elif kind is SignInSheet:
                pages = draw_sign_in_sheets(pen, documents)  # type: ignore[arg-type]
            elif kind is CertificateSignOff:
                pages = draw_sign_off_sheets(pen, documents)  # type: ignore[arg-type]
            elif kind is StatisticsReport:  # its charts (reportlab.graphics) take 60 ms to import: only here
                from xcert_adapters.rendering.statistics_reports import draw_statistics_reports  # noqa: PLC0415

                pages = draw_statistics_reports(pen, documents)  # type: ignore[arg-type]
            else:
                pages = draw_door_labels(pen, documents)  # type: ignore[arg-type]
            canvas.save()
        return RenderReport(pen.missing, pages=pages, font=self.font)

    def combine(self, parts: Sequence[Path], path: Path, *, title: str) -> int:
        """Write to ``path`` the pages of ``parts`` (PDFs this renderer wrote) in order, copied, not drawn again
        (:func:`~xcert_adapters.rendering.assembly.concatenate`); returns the number of pages."""
        return concatenate(parts, Path(path), title=title)
