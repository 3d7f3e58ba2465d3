"""QR codes on admission tickets: zxing-cpp's matrix drawn as one filled path, module for module.

The drawn code is read back from pixels (pypdfium2 rasterises the PDF) and compared with the encoder's matrix, so
a run placed one module off, a row flipped, or a quiet zone of the wrong size fails; the page is also scanned as
a phone would (zxing-cpp's reader) and must give the value back. That the matrix is a QR code of its value at
level M, for any value a ticket number may be, and the runs, are properties."""

from __future__ import annotations

import itertools
import re
import zlib
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from xcert_adapters.rendering.drawing import QR_BORDER, Pen, qr_matrix, qr_runs
from xcert_adapters.rendering.fonts import cid_fallback

SCALE = 8  # pixels per PDF point when rasterising


def draw_code(tmp_path: Path, value: str, x: float, y: float, size: float) -> Path:
    path = tmp_path / "qr.pdf"
    canvas = Canvas(str(path), pagesize=(300, 300), pageCompression=0)
    Pen(canvas, cid_fallback()).qr(value, x, y, size)
    canvas.showPage()
    canvas.save()
    return path


def rasterised(path: Path) -> Image.Image:
    """The PDF's first page in grey levels, :data:`SCALE` pixels per point."""
    return pypdfium2.PdfDocument(str(path))[0].render(scale=SCALE).to_pil().convert("L")


def scanned(image: Image.Image) -> tuple[str, str] | None:
    """The text and error correction level of the one QR code a reader finds in ``image`` (``None``: none)."""
    found = zxingcpp.read_barcode(image, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
    return (found.text, found.ec_level) if found is not None else None


def modules_read_back(path: Path, x: float, y: float, size: float, count: int) -> list[list[int]]:
    """The dark (1) and light (0) modules of the ``count`` × ``count`` grid drawn in the square at (x, y), read at
    each module's centre; row 0 is the top row."""
    image = rasterised(path)
    height = image.height
    module = size / count
    grid = []
    for row in range(count):
        centre_y = y + size - (row + 0.5) * module
        grid.append([int(image.getpixel((round((x + (column + 0.5) * module) * SCALE),
                                         round(height - centre_y * SCALE))) < 128) for column in range(count)])
    return grid


FINDER = [[1] * 7, [1, 0, 0, 0, 0, 0, 1], *([1, 0, 1, 1, 1, 0, 1],) * 3, [1, 0, 0, 0, 0, 0, 1], [1] * 7]
"""A finder pattern, 1 dark: a ring, a light ring, a dark 3 × 3 centre."""


@pytest.mark.parametrize("value", ["202506140100001", "2025061401" + "9" * 20, "XCERT-考号-07"])
def test_the_drawn_code_is_the_encoders_matrix_module_for_module_and_scans(tmp_path: Path, value: str) -> None:
    x, y, size = 37.0, 51.0, 180.0
    matrix = [list(row) for row in qr_matrix(value)]
    corners = ([row[:7] for row in matrix[:7]], [row[-7:] for row in matrix[:7]], [row[:7] for row in matrix[-7:]])
    assert list(corners) == [FINDER] * 3  # dark is 1 in the matrix: a code drawn inverted fails here
    path = draw_code(tmp_path, value, x, y, size)
    assert scanned(rasterised(path)) == (value, "M")
    count = len(matrix) + 2 * QR_BORDER
    drawn = modules_read_back(draw_code(tmp_path, value, x, y, size), x, y, size, count)
    light_row = [0] * count
    assert drawn[:QR_BORDER] == [light_row] * QR_BORDER and drawn[-QR_BORDER:] == [light_row] * QR_BORDER
    assert [row[:QR_BORDER] + row[-QR_BORDER:] for row in drawn] == [[0] * 2 * QR_BORDER] * count
    assert [row[QR_BORDER:-QR_BORDER] for row in drawn[QR_BORDER:-QR_BORDER]] == matrix


def test_a_code_is_one_path_in_module_units(tmp_path: Path) -> None:
    """One fill of small integer rectangles: the content has one ``f`` and no per-module drawing state."""
    path = draw_code(tmp_path, "202506140100001", 10, 10, 80)
    content = PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    rectangles = re.findall(r"(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?) (\d+) 1 re", content)
    assert len(rectangles) == len(qr_runs(qr_matrix("202506140100001")))
    assert all(float(a).is_integer() and float(b).is_integer() for a, b, _ in rectangles)
    assert content.count(" f") == 1 or content.count("\nf") == 1


TICKET_TEXT = st.one_of(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=60),
                        st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=30))
"""What a ticket number may be: xcert's and the platform's digits, letters and signs; a plug-in's Chinese. (A
short value mixing the two, 0潭, is encoded without an ECI header, as segno did before: a reader may then guess
its character set wrong. xcert's and the platform's ticket numbers are ASCII.)"""


@given(TICKET_TEXT)
def test_the_matrix_is_a_square_qr_code_of_its_value_at_level_m(value: str) -> None:
    """Drawn one pixel a module with a quiet zone and enlarged, the matrix scans as ``value`` at level M; its side
    is a QR version's (21, 25, … modules)."""
    matrix = qr_matrix(value)
    side = len(matrix)
    assert side in range(21, 178, 4) and {len(row) for row in matrix} == {side}
    assert set(b"".join(matrix)) <= {0, 1}
    image = Image.new("L", (side + 8, side + 8), 255)
    image.putdata([0 if dark else 255 for row in [bytes(side + 8)] * 4
                   + [bytes(4) + row + bytes(4) for row in matrix] + [bytes(side + 8)] * 4 for dark in row])
    assert scanned(image.resize((4 * image.width, 4 * image.height), Image.Resampling.NEAREST)) == (value, "M")


@given(st.lists(st.lists(st.integers(0, 1), min_size=5, max_size=5), min_size=1, max_size=6))
def test_runs_cover_exactly_the_dark_modules(matrix: list[list[int]]) -> None:
    painted = [[0] * len(row) for row in matrix]
    runs = qr_runs(matrix)
    for column, row, length in runs:
        assert length > 0
        for offset in range(length):
            assert painted[row][column + offset] == 0  # no module painted twice
            painted[row][column + offset] = 1
    assert painted == matrix
    for (c1, r1, l1), (c2, r2, _) in itertools.pairwise(runs):
        assert (r1, c1 + l1) != (r2, c2)  # maximal runs: two runs of a row never touch


def test_qr_content_is_compact(tmp_path: Path) -> None:
    """The page holding one code stays small: a few dozen rectangles, not a drawing per module."""
    path = draw_code(tmp_path, "202506140100001", 10, 10, 80)
    raw = PdfReader(path).pages[0].get_contents().get_data()  # type: ignore[union-attr]
    assert len(zlib.compress(raw)) < 1200
