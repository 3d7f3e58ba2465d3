"""The rendering port: the document models of :mod:`xcert_core.model.documents` to files (PDF, HTML, Word)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from xcert_core.model import AdmissionTicket, CertificateSignOff, DeskLabel, DoorLabel, SignInSheet, StatisticsReport

PackDocument = AdmissionTicket | DeskLabel | DoorLabel | SignInSheet
"""The printed pack of exam day (step 10): every kind has a room."""
Document = PackDocument | CertificateSignOff | StatisticsReport
"""Everything a renderer may be given: the pack; after the exam the certificate sign-off sheets; and the reports
with charts for the school's leadership (statistics, weekly)."""


@runtime_checkable
class Renderer(Protocol):
    """Renders documents of one kind into one file at ``path`` (its suffix is in ``suffixes``).

    Returns the characters the renderer could not draw (e.g. a rare character missing from the font), so
    they are reported instead of vanishing; an empty set means everything was drawn.
    """

    suffixes: tuple[str, ...]

    def render(self, documents: Sequence[Document], path: Path) -> set[str]: ...


@runtime_checkable
class CombiningRenderer(Renderer, Protocol):
    """A renderer that can also make one file from files it rendered, without drawing again: the printed pack's
    combined 全部 file of a kind is then assembled from the per-room files. A renderer without ``combine`` has
    the combined files drawn from the documents like any other.

    ``combine`` writes to ``path`` the pages of ``parts`` (files this renderer wrote, in order) and returns the
    number of pages; ``title`` names the document. The same parts must give the same bytes."""

    def combine(self, parts: Sequence[Path], path: Path, *, title: str) -> int: ...


RendererFactory = Callable[[], Renderer]
