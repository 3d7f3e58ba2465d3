"""A page of a printed PDF as a PNG image, to look at before printing (the workbench's 预览).

pypdfium2 (Google's PDFium, the engine of Chrome's PDF viewer) renders it; reportlab writes PDFs but cannot
draw them, and calling a command-line tool (pdftoppm) would make poppler a run-time requirement.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2

SCALE = 1.5
"""Pixels per PDF point: an A4 page becomes about 890 × 1260 pixels."""


def page_image(pdf: Path, number: int, *, scale: float = SCALE) -> bytes | None:
    """Page ``number`` (from 1) of ``pdf`` as PNG bytes, or ``None`` when the PDF has no such page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        if not 1 <= number <= len(document):
            return None
        page = document[number - 1]
        try:
            image = page.render(scale=scale).to_pil()
        finally:
            page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
