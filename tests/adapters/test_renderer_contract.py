"""The built-in PDF renderer passes the generic renderer contract of :mod:`xcert_core.testing`, the suite a
third-party renderer runs too (see docs/examples/xcert-example-plugin)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from xcert_adapters.rendering.fonts import cid_fallback
from xcert_adapters.rendering.renderer import PdfRenderer
from xcert_core.ports.rendering import Renderer
from xcert_core.testing.renderer_contract import RendererContract


class TestPdfRendererContract(RendererContract):
    """With reportlab's STSong-Light fallback, which needs no font installed, so the suite runs everywhere."""

    def make_renderer(self) -> Renderer:
        return PdfRenderer(cid_fallback())

    def extract_text(self, path: Path) -> str:
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
