"""A reportlab canvas that writes each page to the file when the page ends, so memory stays flat in the
number of pages.

reportlab's :class:`~reportlab.pdfbase.pdfdoc.PDFDocument` keeps every page's content stream and every image
until ``save()`` and then formats the whole file at once: 10,000 admission tickets with their photos and QR
codes held about 30 KB per page. :class:`StreamingDocument` writes, as soon as a page is shown, the page
dictionary, its content stream and the images first drawn on it, and keeps only their object numbers and file
offsets (and, for an image, its size, which reportlab reads when the image is drawn again). What must wait
for the end — the fonts (subset to the glyphs used), the page tree, the catalogue, the document info — is
written by ``save()``, followed by the cross-reference table and the trailer. The output is an ordinary PDF
whose objects are simply not in number order, which the cross-reference table allows.

This relies on reportlab's internal document API (checked with reportlab 4 and 5); the tests render through it
and read the result back with pypdf, so a reportlab change that breaks it fails loudly, not silently.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

_INTERNAL_NAME = pdfdoc.__InternalName__


class _Written(pdfdoc.PDFObject):  # type: ignore[misc]
    """What stays in memory of an object already in the file: its name, and an image's size."""

    def __init__(self, name: str, width: Any = None, height: Any = None) -> None:
        setattr(self, _INTERNAL_NAME, name)
        self.width, self.height = width, height

    def format(self, document: Any) -> bytes:  # pragma: no cover - never formatted again
        raise RuntimeError("object already written")


class StreamingDocument(pdfdoc.PDFDocument):  # type: ignore[misc]
    """A PDF document that writes pages (and the images they introduce) to ``stream`` as they are added."""

    def __init__(self, stream: BinaryIO, **options: Any) -> None:
        super().__init__(**options)
        self._stream = stream
        self._offset = 0
        self._offsets: dict[int, int] = {}
        self._scanned = 0
        self._write(pdfdoc.PDFFile(self._pdfVersion).format(self))

    def _write(self, data: bytes) -> None:
        self._stream.write(data)
        self._offset += len(data)

    def _emit(self, name: str) -> None:
        number = self.idToObjectNumberAndVersion[name][0]
        if number in self._offsets:
            return
        obj = self.idToObject[name]
        data = pdfdoc.PDFIndirectObject(name, obj).format(self)
        self._offsets[number] = self._offset
        self._write(data)
        self.idToObject[name] = _Written(name, getattr(obj, "width", None), getattr(obj, "height", None))

    def addPage(self, page: Any) -> None:  # noqa: N802 - reportlab's name
        super().addPage(page)
        name = getattr(page, _INTERNAL_NAME)
        self._emit(name)  # formatting the page registers its content stream
        contents = getattr(page.Contents, _INTERNAL_NAME, None)
        if contents is not None:
            self._emit(contents)
        for number in range(self._scanned + 1, self.objectcounter + 1):
            other = self.numberToId[number]
            if isinstance(self.idToObject[other], pdfdoc.PDFImageXObject):  # complete once drawn
                self._emit(other)
        self._scanned = self.objectcounter
        pages = self.Pages.pages
        pages[-1] = _Written(name)  # the page tree needs only the page's name

    def format(self) -> bytes:
        """Write every object not written yet (new ones may appear while formatting), the cross-reference
        table and the trailer; returns nothing, the file is already written."""
        self.encrypt.prepare(self)
        catalog, info = self.Catalog, self.info
        self.Reference(catalog)
        self.Reference(info)
        number = 1
        while number in self.numberToId:
            if number not in self._offsets:
                self._emit(self.numberToId[number])
            number += 1
        count = number - 1
        xref = self._offset
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % (count + 1))
        self._write(b"".join(b"%010d 00000 n \n" % self._offsets[n] for n in range(1, count + 1)))
        trailer = pdfdoc.PDFTrailer(startxref=xref, Size=count + 1, Root=self.Reference(catalog),
                                    Info=self.Reference(info), ID=self.ID())
        self._write(trailer.format(self))
        return b""

    def SaveToFile(self, filename: Any, canvas: Canvas) -> None:  # noqa: N802 - reportlab's name
        if getattr(self, "_savedToFile", False):
            raise RuntimeError("a streaming document can only be saved once")
        self._savedToFile = True
        self.GetPDFData(canvas)  # realises the delayed (subset) fonts and the outline, then format()
        self._stream.flush()


class StreamingCanvas(Canvas):  # type: ignore[misc]
    """A :class:`~reportlab.pdfgen.canvas.Canvas` writing to ``stream`` page by page (see the module
    docstring); ``save()`` finishes the file but does not close ``stream``."""

    def __init__(self, stream: BinaryIO, **options: Any) -> None:
        super().__init__(getattr(stream, "name", "stream.pdf"), **options)
        first: Any = vars(self)["_doc"]  # the document Canvas made: only its settings are kept
        self._doc = StreamingDocument(stream, compression=self._pageCompression, invariant=first.invariant,
                                      pdfVersion=first._pdfVersion)
        self._make_preamble()  # the first document's font name mapping is gone with it
