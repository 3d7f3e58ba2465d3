"""The combined 全部 files' assembly (:func:`xcert_adapters.rendering.assembly.concatenate`): the parts' pages in
order, read back by pypdf (strict) and qpdf (no repairs); streams copied byte for byte; an image in two parts
embedded once, an image with a soft mask copied; what a page inherits from its page tree kept; and the same
parts giving the same bytes."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pikepdf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
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


_LEAVES = (st.none().map(lambda _: ("null", None)) | st.booleans().map(lambda b: ("bool", b))
           | st.integers(-10**9, 10**9).map(lambda n: ("int", n))
           | st.text(alphabet=st.sampled_from("0 1R()\\/<>[]考场 \n"), max_size=10).map(lambda s: ("str", s))
           | st.sampled_from(["/R", "/A0", "/Length", "/Type", "/R0"]).map(lambda n: ("name", n)))
_VALUES = st.recursive(_LEAVES, lambda inner: (
    st.lists(inner, max_size=4).map(lambda items: ("array", items))
    | st.dictionaries(st.sampled_from(["/A", "/B", "/R", "/Length", "/W"]), inner, max_size=3).map(
        lambda entries: ("dict", entries))
    | inner.map(lambda value: ("indirect", value))), max_leaves=12)


def _built(pdf: pikepdf.Pdf, value: tuple[str, object]) -> object:
    kind, content = value
    if kind == "str":
        return pikepdf.String(content)
    if kind == "name":
        return pikepdf.Name(content)
    if kind == "array":
        return pikepdf.Array([_built(pdf, item) for item in content])  # type: ignore[attr-defined]
    if kind == "dict":
        return pikepdf.Dictionary({key: _built(pdf, item) for key, item in content.items()  # type: ignore[attr-defined]
                                   if item[0] != "null"})  # a dictionary holds no null: the key is left out
    if kind == "indirect":
        built = _built(pdf, content)  # type: ignore[arg-type]
        return pdf.make_indirect(built if isinstance(built, pikepdf.Object) else pikepdf.Array([built]))
    return content


def _plain(value: object) -> object:
    """A PDF object as Python values, indirect objects followed (what a reader sees)."""
    if isinstance(value, pikepdf.Array):
        return [_plain(item) for item in value]
    if isinstance(value, pikepdf.Dictionary):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, pikepdf.String):
        return ("str", bytes(value))
    if isinstance(value, pikepdf.Name):
        return ("name", str(value))
    return value


@settings(max_examples=60, deadline=None)
@given(values=st.lists(_VALUES, min_size=1, max_size=3))
@example(values=[("array", [("str", "see 5 0 R"), ("str", " 1 0 R)"), ("indirect", ("str", "( 2 0 R"))])])
@example(values=[("dict", {"/A": ("indirect", ("name", "/R")), "/R": ("int", 5)})])
def test_any_page_value_arrives_as_it_was(tmp_path_factory: pytest.TempPathFactory,
                                         values: list[tuple[str, object]]) -> None:
    """Whatever a page holds — literal strings with ``N G R``, brackets or parentheses in them, names, nested
    arrays and dictionaries, indirect objects — reads back the same from the combined file, whether the page was
    copied as qpdf wrote it (renumbered) or entry by entry."""
    folder = tmp_path_factory.mktemp("parts")
    paths = []
    for number, value in enumerate(values):
        source = part(folder / f"{number}.pdf", [f"page {number}"])
        with pikepdf.open(source) as pdf:
            pdf.pages[0].obj.XcertValue = pikepdf.Array([_built(pdf, value)])
            pdf.save(folder / f"held-{number}.pdf")
        paths.append(folder / f"held-{number}.pdf")
    concatenate(paths, folder / "all.pdf")
    assert read_back(folder / "all.pdf") == [f"page {number}" for number in range(len(values))]
    with pikepdf.open(folder / "all.pdf") as combined:
        for number, page in enumerate(combined.pages):
            with pikepdf.open(paths[number]) as original:
                assert _plain(page.obj.XcertValue) == _plain(original.pages[0].obj.XcertValue)


def test_every_page_hangs_from_the_combined_page_tree(tmp_path: Path) -> None:
    """Each page's ``/Parent`` is the combined file's page tree — also for a page whose file had lost it."""
    with pikepdf.open(part(tmp_path / "a.pdf", ["a1", "a2"])) as pdf:
        del pdf.pages[0].obj["/Parent"]
        pdf.save(tmp_path / "orphan.pdf")
    concatenate([tmp_path / "orphan.pdf", part(tmp_path / "b.pdf", ["b"])], tmp_path / "all.pdf")
    assert read_back(tmp_path / "all.pdf") == ["a1", "a2", "b"]
    with pikepdf.open(tmp_path / "all.pdf") as combined:
        tree = combined.Root.Pages.objgen
        assert [page.obj.Parent.objgen for page in combined.pages] == [tree] * 3


def test_images_alike_but_for_their_masks_are_not_shared(tmp_path: Path) -> None:
    """Two parts with the same colour image under different soft masks (their masks' numbers the same in each
    part): each page keeps its own mask."""
    paths = []
    for name, alpha in (("a", 200), ("b", 30)):
        png = tmp_path / f"{name}.png"
        Image.new("RGBA", (60, 80), (200, 40, 40, alpha)).save(png)
        paths.append(part(tmp_path / f"{name}.pdf", [name], photo=png))
    concatenate(paths, tmp_path / "all.pdf")

    def masks(path: Path) -> list[bytes]:
        with pikepdf.open(path) as pdf:
            return [image.SMask.read_raw_bytes() for page in pdf.pages
                    for image in page.obj.Resources.XObject.values()]

    assert masks(paths[0]) != masks(paths[1])
    assert masks(tmp_path / "all.pdf") == masks(paths[0]) + masks(paths[1])


def test_what_stays_in_memory_is_a_few_bytes_an_object(tmp_path: Path) -> None:
    """Each object's offset and each page's number are machine integers, and the cross-reference table is written
    a block at a time: 6,000 pages (12,000 objects and more) raise the Python heap's peak by about 80 bytes an
    object. With the offsets in a dict of Python integers and the table joined in one piece, it was 280."""
    parts = [part(tmp_path / f"{n}.pdf", [f"{n}-{i}" for i in range(200)]) for n in range(30)]
    concatenate(parts[:1], tmp_path / "warm.pdf")  # pikepdf's import and first use, outside the measure
    tracemalloc.start()
    try:
        concatenate(parts, tmp_path / "全部.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with pikepdf.open(tmp_path / "全部.pdf") as combined:
        objects = len(combined.objects)
    assert len(PdfReader(tmp_path / "全部.pdf").pages) == 6000 and objects > 12_000
    assert peak < 150 * objects, (peak, objects)
