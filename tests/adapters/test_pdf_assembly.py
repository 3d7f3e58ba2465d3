"""The combined 全部 files' assembly (:func:`xcert_adapters.rendering.assembly.concatenate`): the parts' pages in
order, read back by pypdf (strict) and qpdf (no repairs); streams copied byte for byte; an image in two parts
embedded once, an image with a soft mask copied; what a page inherits from its page tree kept; and the same
parts giving the same bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from xcert_adapters.rendering.assembly import concatenate

PHOTO = Image.new("RGB", (60, 80), (200, 40, 40))


def part(path: Path, texts: list[str], *, photo: Path | None = None) -> Path:
    canvas = Canvas(str(path), pagesize=(300, 400), invariant=1)
    for text in texts:
        canvas.drawString(20, 300, text)
        if photo is not None:
            canvas.drawImage(str(photo), 20, 20, 60, 80, mask="auto")
        canvas.showPage()
    canvas.save()
    return path


def image_objects(path: Path) -> list[bytes]:
    with pikepdf.open(path) as pdf:
        return [obj.read_raw_bytes() for obj in pdf.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image]


def read_back(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        assert pdf.get_warnings() == []  # qpdf had nothing to repair
    return [page.extract_text().strip() for page in PdfReader(path, strict=True).pages]


def test_pages_of_the_parts_in_order(tmp_path: Path) -> None:
    parts = [part(tmp_path / f"{n}.pdf", [f"room {n} page {k}" for k in range(n)]) for n in (2, 1, 3)]
    pages = concatenate(parts, tmp_path / "all.pdf", title="准考证")
    assert pages == 6
    assert read_back(tmp_path / "all.pdf") == [f"room {n} page {k}" for n in (2, 1, 3) for k in range(n)]
    assert PdfReader(tmp_path / "all.pdf").metadata["/Title"] == "准考证"
    assert (tmp_path / "all.pdf").stat().st_mode & 0o777 == 0o600


def test_a_photo_in_two_parts_is_embedded_once_and_byte_for_byte(tmp_path: Path) -> None:
    jpeg = tmp_path / "photo.jpg"
    PHOTO.save(jpeg, "JPEG", quality=90)
    other = tmp_path / "other.jpg"
    Image.new("RGB", (60, 80), (20, 40, 200)).save(other, "JPEG", quality=90)
    parts = [part(tmp_path / "a.pdf", ["a"], photo=jpeg), part(tmp_path / "b.pdf", ["b1", "b2"], photo=jpeg),
             part(tmp_path / "c.pdf", ["c"], photo=other)]
    concatenate(parts, tmp_path / "all.pdf")
    assert read_back(tmp_path / "all.pdf") == ["a", "b1", "b2", "c"]
    in_parts = [image for path in parts for image in image_objects(path)]
    assert len(in_parts) == 3 and in_parts[0] == in_parts[1] != in_parts[2]
    assert sorted(image_objects(tmp_path / "all.pdf")) == sorted({*in_parts})


def test_an_image_with_a_soft_mask_is_copied_with_its_mask(tmp_path: Path) -> None:
    png = tmp_path / "photo.png"
    Image.new("RGBA", (60, 80), (200, 40, 40, 128)).save(png)
    parts = [part(tmp_path / "a.pdf", ["a"], photo=png), part(tmp_path / "b.pdf", ["b"], photo=png)]
    concatenate(parts, tmp_path / "all.pdf")
    assert read_back(tmp_path / "all.pdf") == ["a", "b"]
    with pikepdf.open(tmp_path / "all.pdf") as pdf:
        for page in pdf.pages:
            (image,) = page.obj.Resources.XObject.values()
            assert isinstance(image.get("/SMask"), pikepdf.Stream)


def test_what_a_page_inherits_from_its_page_tree_moves_onto_the_page(tmp_path: Path) -> None:
    source = part(tmp_path / "a.pdf", ["inherited"])
    with pikepdf.open(source) as pdf:
        page, tree = pdf.pages[0].obj, pdf.Root.Pages
        for key in ("/Resources", "/MediaBox"):
            tree[key] = page[key]
            del page[key]
        tree.Rotate = 90
        del page["/Rotate"]
        page.XcertChecked, page.XcertSkipped = True, False
        page.XcertValues = pikepdf.Array([None, 1.5, -2, pikepdf.String("考场(1)")])  # every kind of value
        pdf.save(tmp_path / "inheriting.pdf")
    concatenate([tmp_path / "inheriting.pdf", part(tmp_path / "b.pdf", ["own"])], tmp_path / "all.pdf")
    assert read_back(tmp_path / "all.pdf") == ["inherited", "own"]
    first, second = PdfReader(tmp_path / "all.pdf").pages
    assert [float(v) for v in first.mediabox] == [0, 0, 300, 400] and first.rotation == 90
    assert second.rotation == 0
    with pikepdf.open(tmp_path / "all.pdf") as pdf:
        copied = pdf.pages[0].obj
        assert (copied.XcertChecked, copied.XcertSkipped) == (True, False)
        assert list(copied.XcertValues) == [None, 1.5, -2, pikepdf.String("考场(1)")]


def test_the_same_parts_give_the_same_bytes(tmp_path: Path) -> None:
    parts = [part(tmp_path / f"{n}.pdf", [f"room {n}"]) for n in range(3)]
    concatenate(parts, tmp_path / "one.pdf", title="桌贴")
    concatenate(parts, tmp_path / "two.pdf", title="桌贴")
    concatenate(parts, tmp_path / "three.pdf", title="门贴")
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
    assert (tmp_path / "one.pdf").read_bytes() != (tmp_path / "three.pdf").read_bytes()


def test_nothing_to_assemble_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nothing"):
        concatenate([], tmp_path / "all.pdf")
    assert not (tmp_path / "all.pdf").exists()


def test_streams_are_copied_not_decoded(tmp_path: Path) -> None:
    parts = [part(tmp_path / "a.pdf", ["compressed"])]
    concatenate(parts, tmp_path / "all.pdf")
    with pikepdf.open(parts[0]) as source, pikepdf.open(tmp_path / "all.pdf") as combined:
        original = source.pages[0].obj.Contents
        copied = combined.pages[0].obj.Contents
        assert copied.read_raw_bytes() == original.read_raw_bytes() and copied.Filter == original.Filter
    assert b"compressed" not in (tmp_path / "all.pdf").read_bytes()  # still Flate-compressed
    assert io.BytesIO((tmp_path / "all.pdf").read_bytes()).read(8) == b"%PDF-1.4"
