"""Registers the PDF renderer as ``pdf``. Importing this module loads no reportlab: the factory imports the
renderer when a renderer is actually needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xcert_core.hookspecs import Register, hookimpl
from xcert_core.ports.rendering import RendererFactory

if TYPE_CHECKING:
    from xcert_adapters.rendering.renderer import PdfRenderer


def pdf_renderer(font: str | None = None, tickets_per_page: int = 1) -> PdfRenderer:
    """The ``pdf`` renderer in ``font`` (a TrueType/TrueType-collection path, ``path#index`` for one face of a
    collection), else the font found as :mod:`xcert_adapters.rendering.fonts` describes; ``tickets_per_page``
    1 or 2 (``xcert.toml``: ``[adapters.renderer.pdf] tickets_per_page = 2``)."""
    from xcert_adapters.rendering.renderer import PdfRenderer  # noqa: PLC0415 - lazy: reportlab is heavy

    return PdfRenderer(font, tickets_per_page=tickets_per_page)


@hookimpl
def xcert_register_renderers(register: Register[RendererFactory]) -> None:
    register("pdf", pdf_renderer)
