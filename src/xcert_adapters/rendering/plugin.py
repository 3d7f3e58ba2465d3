"""Registers the PDF renderer as ``pdf``. Importing this module loads no reportlab: the factory imports the
renderer when a renderer is actually needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xcert_core.hookspecs import Register, hookimpl
from xcert_core.ports.rendering import RendererFactory

if TYPE_CHECKING:
    from xcert_adapters.rendering.renderer import PdfRenderer


def pdf_renderer(font: str | None = None) -> PdfRenderer:
    """The ``pdf`` renderer in ``font`` (a TrueType/TrueType-collection path, ``path#index`` for one face of a
    collection), else the font found as :mod:`xcert_adapters.rendering.fonts` describes."""
    from xcert_adapters.rendering.renderer import PdfRenderer  # noqa: PLC0415 - lazy: reportlab is heavy

    return PdfRenderer(font)


@hookimpl
def xcert_register_renderers(register: Register[RendererFactory]) -> None:
    register("pdf", pdf_renderer)
