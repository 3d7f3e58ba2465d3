"""What every document kind draws with: a :class:`Pen` over a reportlab canvas that sets text in the CJK
font, records every character it could not draw, wraps Chinese text, places photos (JPEG passed through,
each file embedded once) and QR codes, and draws cut marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

import zxingcpp
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from xcert_adapters.rendering.fonts import PdfFont
from xcert_core.model import PROVISIONAL_NOTE, PhotoRef

WEEKDAYS = "一二三四五六日"
GREY = (0.45, 0.45, 0.45)


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def time_range(start: dt.time, end: dt.time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def provisional_footer(pen: Pen, page_width: float) -> None:
    """:data:`~xcert_core.model.PROVISIONAL_NOTE` along the foot of the page: the ticket numbers on it are xcert's
    dry run, not the platform's."""
    pen.text(page_width / 2, 14, PROVISIONAL_NOTE, 9, align="center", width=page_width - 24)


MISSING_MARK = "〓"


def bmp_only(text: str) -> str:
    """The CID fallback encodes text as UCS-2: a supplementary-plane character (𠇔) would come out as two wrong
    characters, so it is printed as 〓 (the typesetter's mark for a missing character) instead."""
    return "".join(MISSING_MARK if ord(ch) > 0xFFFF else ch for ch in text)


class PhotoFiles:
    """Photo locations -> the file each one is drawn from, so one photo is embedded once per PDF.

    reportlab embeds an image drawn by file name once per document (keyed by the name) and reads a JPEG file
    as it is into a ``DCTDecode`` stream, so JPEG bytes pass through unchanged. Photos with the same
    ``sha256`` but different locations are mapped to the first location seen, so they are embedded once too.
    """

    def __init__(self) -> None:
        self._by_hash: dict[str, str] = {}
        self._checked: set[str] = set()

    def path(self, photo: PhotoRef) -> str:
        location = photo.location
        if photo.sha256:
            location = self._by_hash.setdefault(photo.sha256, location)
        if location not in self._checked:
            if not Path(location).is_file():
                raise FileNotFoundError(f"照片文件不存在：{location}")
            self._checked.add(location)
        return location


QR_BORDER = 2
"""Light modules around a QR code, inside the square it is given (the page around it is blank too)."""
_DARK = bytes([1] + [0] * 255)
"""``bytes.translate`` table from zxing-cpp's grey levels (0 black, 255 white) to modules (1 dark, 0 light)."""


def qr_matrix(value: str) -> list[bytes]:
    """The modules of the QR code of ``value`` at error correction level M, rows from the top, 1 dark and 0
    light, without a quiet zone.

    zxing-cpp (C++) encodes it, choosing version, mode and mask as the standard says, in about 60 µs: segno, in
    pure Python, took 1.4 ms, almost all of it trying the eight masks, and was half the time of drawing a ticket.
    One pixel per module (``scale=1``) is the matrix itself.
    """
    image = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
        scale=1, add_quiet_zones=False)
    view = memoryview(cast(Any, image))  # a one-byte-per-pixel buffer, which the library's stub does not declare
    height, width = cast(tuple[int, int], view.shape)
    modules = view.tobytes().translate(_DARK)
    return [modules[row * width : (row + 1) * width] for row in range(height)]


def qr_runs(matrix: Sequence[Sequence[int]]) -> list[tuple[int, int, int]]:
    """The dark modules of a QR ``matrix`` (rows from the top, 1 = dark) as horizontal runs ``(column, row,
    length)``: a code drawn as one rectangle per run has a few dozen rectangles, not hundreds of squares."""
    runs: list[tuple[int, int, int]] = []
    for row, modules in enumerate(matrix):
        start = None
        for column, dark in enumerate((*modules, 0)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append((start, row, column - start))
                start = None
    return runs


class _TextObject:
    """A text object already written as PDF operators, for ``Canvas.drawText`` (which asks it for its code)."""

    __slots__ = ("_code",)

    def __init__(self, code: str) -> None:
        self._code = code

    def getCode(self) -> str:  # noqa: N802 — reportlab's name
        return self._code


class Pen:
    """Draws on ``canvas`` in ``font``; ``missing`` collects every character the font could not draw."""

    def __init__(self, canvas: Canvas, font: PdfFont, photos: PhotoFiles | None = None) -> None:
        self.canvas = canvas
        self.font = font
        self.photos = photos or PhotoFiles()
        self.missing: set[str] = set()
        self._seen: set[str] = set()
        self._wrapped: dict[tuple[str, float, float], list[str]] = {}
        self._metrics = getFont(font.name)
        self._dynamic = bool(getattr(self._metrics, "_dynamicFont", False))
        self._shown: dict[tuple[str, float], str] = {}

    def track(self, text: str) -> str:
        """Record the characters of ``text`` the font lacks; returns ``text``."""
        new = set(text) - self._seen
        if new:
            self._seen |= new
            self.missing |= self.font.missing("".join(new))
        return text

    def width(self, text: str, size: float) -> float:
        return float(self._metrics.stringWidth(text, size))

    def fit(self, text: str, width: float, size: float, smallest: float = 6) -> float:
        """The largest size up to ``size`` (not below ``smallest``) at which ``text`` fits ``width``."""
        natural = self.width(text, size)
        if natural <= width or natural == 0:
            return size
        return max(smallest, size * width / natural)

    def text(self, x: float, y: float, text: str, size: float, *, align: str = "left",
             width: float | None = None, grey: bool = False) -> None:
        """One line at baseline ``y``; with ``width`` the text shrinks to fit (never below 6 pt).

        In an embedded TrueType font the line is one text object written directly (:meth:`_show`), the same
        operators reportlab's ``drawString`` writes; otherwise (the CID fallback) through ``drawString``."""
        if not text:
            return
        self.track(text)
        if not self.font.embedded:
            text = bmp_only(text)
        if width is not None:
            size = self.fit(text, width, size)
        canvas = self.canvas
        if grey:
            canvas.setFillColorRGB(*GREY)
        if self._dynamic:  # the operators set the font themselves; the canvas's own font is left as it was
            if align != "left":
                shift = self.width(text, size)
                x -= shift / 2 if align == "center" else shift
            canvas.drawText(_TextObject(f"BT 1 0 0 1 {fp_str(x, y)} Tm {self._show(text, size)} ET"))
        else:
            canvas.setFont(self.font.name, size)
            if align == "center":
                canvas.drawCentredString(x, y, text)
            elif align == "right":
                canvas.drawRightString(x, y, text)
            else:
                canvas.drawString(x, y, text)
        if grey:
            canvas.setFillColorRGB(0, 0, 0)

    def _show(self, text: str, size: float) -> str:
        """The operators that show ``text`` at ``size`` in the TrueType font, as reportlab's ``ttfonts`` module
        says to write them for a dynamic font: per run of characters in one subset, the subset's name, ``Tf``
        and the run's escaped bytes, ``Tj``. Which subset a character is in is fixed for the document once it is
        first met, so the operators are remembered per pen (one pen draws one document): a plan's tickets repeat
        every label and every line of 考生须知."""
        key = (text, size)
        shown = self._shown.get(key)
        if shown is None:
            font, document, points = self._metrics, self.canvas._doc, fp_str(size)
            shown = self._shown[key] = " ".join(
                f"{font.getSubsetInternalName(subset, document)} {points} Tf ({escapePDF(run)}) Tj"
                for subset, run in font.splitString(text, document))
        return shown

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Greedy line breaking character by character (Chinese has no spaces), keeping closing punctuation
        off the start of a line. Remembered per pen: every ticket of a plan wraps the same 考生须知."""
        key = (text, width, size)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = self._wrapped[key] = self._wrap(text, width, size)
        return list(lines)

    def _wrap(self, text: str, width: float, size: float) -> list[str]:
        lines: list[str] = []
        line = ""
        for ch in text:
            candidate = line + ch
            if line and self.width(candidate, size) > width and ch not in "，。、；：！？）》”’":
                lines.append(line)
                line = ch
            else:
                line = candidate
        if line:
            lines.append(line)
        return lines

    def paragraph(self, x: float, y: float, text: str, width: float, size: float, leading: float,
                  *, indent: str = "") -> float:
        """Wrapped text from baseline ``y`` down; continuation lines are indented by the width of ``indent``.
        Returns the baseline below the last line."""
        pad = self.width(indent, size)
        for number, line in enumerate(self.wrap(text, width - pad, size)):
            self.text(x if number == 0 else x + pad, y, line, size)
            y -= leading
        return y

    def photo(self, photo: PhotoRef | None, x: float, y: float, width: float, height: float) -> None:
        """The photo fitted into the box (aspect ratio kept), or a box saying 照片 when there is none."""
        canvas = self.canvas
        if photo is None:
            canvas.setLineWidth(0.5)
            canvas.setDash(2, 2)
            canvas.rect(x, y, width, height)
            canvas.setDash()
            self.text(x + width / 2, y + height / 2 - 4, "照片", min(12, width / 3), align="center", grey=True)
            return
        canvas.drawImage(self.photos.path(photo), x, y, width, height, preserveAspectRatio=True, anchor="c")

    def qr(self, value: str, x: float, y: float, size: float) -> None:
        """A QR code of ``value`` filling a ``size`` square at (x, y), a quiet zone of :data:`QR_BORDER` modules
        included: one filled path of the dark modules of :func:`qr_matrix` (see :func:`qr_runs`)."""
        matrix = qr_matrix(value)
        count = len(matrix) + 2 * QR_BORDER
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(size / count, size / count)  # one unit is one module: the path's numbers are small integers
        top = count - QR_BORDER - 1  # integers all: written as reportlab's path.rect writes them, without fp_str
        path = PDFPathObject([f"{column + QR_BORDER} {top - row} {length} 1 re"
                              for column, row, length in qr_runs(matrix)])
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()

    def grid(self, x: float, top: float, widths: Sequence[float], rows: Iterable[Sequence[str]], height: float,
             size: float, *, header: bool = True) -> float:
        """A ruled table from ``top`` down, each cell's text centred and shrunk to fit; returns its bottom."""
        canvas = self.canvas
        canvas.setLineWidth(0.6)
        y = top
        for number, row in enumerate(rows):
            cx = x
            if header and number == 0:
                canvas.setFillColorRGB(0.92, 0.92, 0.92)
                canvas.rect(x, y - height, sum(widths), height, stroke=0, fill=1)
                canvas.setFillColorRGB(0, 0, 0)
            for cell, cell_width in zip(row, widths, strict=True):
                canvas.rect(cx, y - height, cell_width, height)
                self.text(cx + cell_width / 2, y - height / 2 - size * 0.35, cell, size, align="center",
                          width=cell_width - 4)
                cx += cell_width
            y -= height
        return y


def cut_marks(canvas: Canvas, xs: Sequence[float], ys: Sequence[float], length: float = 8, gap: float = 3) -> None:
    """Crop marks for a grid of labels whose cut lines are ``xs`` and ``ys``: ticks in the page margin
    outside the grid (they survive the cut) and a small cross at every inner intersection."""
    canvas.setLineWidth(0.4)
    canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
    left, right, bottom, top = xs[0], xs[-1], ys[0], ys[-1]
    for x in xs:
        canvas.line(x, top + gap, x, top + gap + length)
        canvas.line(x, bottom - gap, x, bottom - gap - length)
    for y in ys:
        canvas.line(left - gap, y, left - gap - length, y)
        canvas.line(right + gap, y, right + gap + length, y)
    for x in xs[1:-1]:
        for y in ys[1:-1]:
            canvas.line(x - length / 2, y, x + length / 2, y)
            canvas.line(x, y - length / 2, x, y + length / 2)
    canvas.setStrokeColorRGB(0, 0, 0)
