"""The PDF renderer's own output, outside any workspace: a ticket without a gender, looked at, and the streaming
canvas's cross-reference table (pages written as they end, out of object order), read back strictly."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pypdf import PdfReader

from test_documents_pack import ROOM_A, ident, text_of, ticket_no, write_photo
from test_rendering import image_xobjects, render_png
from xcert_core.labels import CertificateLevel, Gender, SubjectKind
from xcert_core.model import AdmissionTicket, PhotoRef, SubjectTime

# --- a ticket without a gender, looked at -----------------------------------------------------------------------


def test_ticket_without_gender_prints_a_dash(tmp_path: Path) -> None:
    from xcert_adapters.rendering.renderer import PdfRenderer  # noqa: PLC0415

    write_photo(tmp_path / "p.jpg", 1)
    ticket = AdmissionTicket("计划", "数字媒体交互设计", CertificateLevel.INTERMEDIATE, "李护照", None, "E12345678",
                             ticket_no(1), "太原考核站点", "", ROOM_A, 3,
                             (SubjectTime("理论考试", SubjectKind.THEORY, dt.date(2026, 6, 13), dt.time(9),
                                          dt.time(10, 30), ROOM_A, 3),), (), PhotoRef(str(tmp_path / "p.jpg")))
    path = tmp_path / "t.pdf"
    PdfRenderer().render([ticket], path)
    text = text_of(path)
    assert "李护照" in text and "E12345678" in text and "—" in text
    if shutil.which("pdftoppm"):
        assert render_png(path, 1).getextrema() == (0, 255)  # drew something dark on white


# --- the streaming canvas ---------------------------------------------------------------------------------------


def test_streamed_pdf_has_a_correct_cross_reference_table(tmp_path: Path) -> None:
    """Pages are written as they end, out of object-number order: every xref offset must still point at its
    object, and the file must read back page by page with the photos in it."""
    import re  # noqa: PLC0415

    from xcert_adapters.rendering.renderer import PdfRenderer  # noqa: PLC0415

    tickets = []
    for n in range(1, 8):
        write_photo(tmp_path / f"{n}.jpg", n)
        photo = PhotoRef(str(tmp_path / f"{(n % 3) + 1}.jpg"))  # three photos shared by seven tickets
        tickets.append(AdmissionTicket("计划", "数字媒体交互设计", CertificateLevel.INTERMEDIATE, f"考生{n}",
                                       Gender.MALE, ident(n), ticket_no(n), "太原考核站点", "", ROOM_A, n,
                                       photo=photo))
    path = tmp_path / "t.pdf"
    report = PdfRenderer().render(tickets, path)
    data = path.read_bytes()
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))  # type: ignore[union-attr]
    header = re.match(rb"xref\n0 (\d+)\n", data[start:])
    assert header is not None
    count = int(header.group(1))
    entries = data[start + header.end():].split(b"\n")[:count]
    assert entries[0] == b"0000000000 65535 f "
    for number, entry in enumerate(entries[1:], start=1):
        offset = int(entry.split()[0])
        assert data[offset:].startswith(b"%d 0 obj\n" % number), number
    reader = PdfReader(path, strict=True)
    assert len(reader.pages) == report.pages == 7
    assert [f"考生{n}" in reader.pages[n - 1].extract_text() for n in range(1, 8)] == [True] * 7
    assert image_xobjects(path) == 3


