"""Properties of the photo checks (hypothesis): whatever ``fix`` writes passes ``check``, for every fixable
photo; and ``check`` never raises, whatever bytes it is given, inside a zip entry or as the zip itself."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from photo_files import RED, encode, exif_with, id_number, portrait, write_zip
from xcert_adapters.photos import PhotoZipLimits, check_photo_zip, fix_photo_zip
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import Severity
from xcert_core.photos import PLATFORM_PHOTO, PhotoReport

REDS = [RED, (255, 0, 0), (190, 22, 30), (232, 45, 52), (205, 30, 60)]
# Orientation -> how the stored pixels are turned so that, with the tag applied, the photo is upright.
UPRIGHT_TO_STORED = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90,
                     8: Image.Transpose.ROTATE_270}
SMALL_LIMITS = PhotoZipLimits(max_entry_bytes=4 * 1024 * 1024, max_pixels=4_000_000)
FLAT_PICTURES = PhotoZipLimits(max_ratio=5000.0)
"""The drawn portraits are flat colours: as an uncompressed BMP or TIFF they deflate beyond the 100:1 that
flags a zip bomb, which no photograph does. This property is about the pictures, not the zip rules."""


@st.composite
def fixable_photos(draw: st.DrawFn, n: int) -> tuple[str, bytes]:
    """A photo ``fix`` must repair: any size of the platform's aspect from half to four times, any red, any of
    the colour modes and formats it converts, with or without EXIF orientation and GPS, under a loosely
    written name, perhaps in a folder."""
    scale = draw(st.floats(0.5, 4.0))
    size = (round(295 * scale), round(413 * scale))
    if not (PLATFORM_PHOTO.same_aspect(*size) and PLATFORM_PHOTO.large_enough(*size)):
        size = (295, 413)
    image = portrait(size, draw(st.sampled_from(REDS)))
    fmt, mode = draw(st.sampled_from([("JPEG", "RGB"), ("JPEG", "CMYK"), ("PNG", "RGB"), ("PNG", "RGBA"),
                                      ("PNG", "P"), ("PNG", "RGBA-hole"), ("GIF", "P"), ("BMP", "RGB"),
                                      ("WEBP", "RGB"), ("TIFF", "RGB")]))
    options: dict[str, object] = {}
    if mode == "RGBA-hole":  # transparent pixels inside the face only: the background stays red
        image = image.convert("RGBA")
        for x in range(size[0] * 2 // 5, size[0] * 3 // 5):
            image.putpixel((x, size[1] // 3), (0, 0, 0, 0))
    elif mode != "RGB":
        image = image.convert(mode)
    if fmt == "JPEG":
        orientation = draw(st.sampled_from(sorted(UPRIGHT_TO_STORED)))
        turn = UPRIGHT_TO_STORED[orientation]
        if turn is not None:
            image = image.transpose(turn)
        options["exif"] = exif_with(orientation, gps=draw(st.booleans()))
        options["quality"] = draw(st.integers(60, 98))
        options["progressive"] = draw(st.booleans())
    data = encode(image, fmt, **options)
    number = id_number(n)
    stem = draw(st.sampled_from([number, number.lower(), f"{number[:6]} {number[6:]}"]))
    extension = draw(st.sampled_from([".jpg", ".JPG", ".png", ".jpeg", ".gif"]))
    folder = draw(st.sampled_from(["", "照片/", "2021级/计算机1班/"]))
    return folder + stem + extension, data


def _zip(folder: Path, entries: list[tuple[str, bytes]]) -> Path:
    return write_zip(folder / "照片.zip", entries)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 999), min_size=1, max_size=3, unique=True).flatmap(
    lambda numbers: st.tuples(*(fixable_photos(n) for n in numbers))))
def test_fix_output_always_passes_check(tmp_path_factory: pytest.TempPathFactory,
                                        photos: tuple[tuple[str, bytes], ...]) -> None:
    path = _zip(tmp_path_factory.mktemp("fix"), list(photos))
    before = check_photo_zip(path, limits=FLAT_PICTURES)
    assert all(f.fixable for f in before if f.severity is Severity.ERROR), [f.issue.message for f in before]
    out = path.with_name("out.zip")
    report = fix_photo_zip(path, out, limits=FLAT_PICTURES)
    assert report.exit_code == 0 and report.written == len(photos), [f.changes for f in report.files]
    after = check_photo_zip(out)
    assert list(after) == [] and after.photos == len(photos)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert all(name.isascii() and "/" not in name and name.endswith(".jpg") for name in names)
        for name in names:
            image = Image.open(io.BytesIO(archive.read(name)))
            assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (295, 413))


def _check_or_unusable(path: Path) -> PhotoReport | None:
    try:
        return check_photo_zip(path, limits=SMALL_LIMITS)
    except UnreadableFileError:
        return None


MAGIC = [b"", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"BM", b"RIFF\0\0\0\0WEBP",
         b"II*\x00", b"MM\x00*", b"PK\x03\x04", b"\x00\x00\x00\x18ftypheic", b"\x00\x00\x01\x00"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(MAGIC), st.binary(max_size=4096),
       st.sampled_from([f"{id_number(1)}.jpg", "a.png", "x.txt", "b.gif", "照片/c.JPG", "d", "e.zip"]))
def test_check_never_raises_on_arbitrary_bytes_in_an_entry(tmp_path_factory: pytest.TempPathFactory, magic: bytes,
                                                           body: bytes, name: str) -> None:
    report = check_photo_zip(_zip(tmp_path_factory.mktemp("entry"), [(name, magic + body)]), limits=SMALL_LIMITS)
    assert report.photos <= 1


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06"]), st.binary(max_size=2048))
def test_check_never_raises_on_arbitrary_bytes_as_the_zip(tmp_path_factory: pytest.TempPathFactory, magic: bytes,
                                                         body: bytes) -> None:
    path = tmp_path_factory.mktemp("zip") / "p.zip"
    path.write_bytes(magic + body)
    _check_or_unusable(path)


_GOOD = None


def _good_zip_bytes() -> bytes:
    global _GOOD  # noqa: PLW0603 - made once, on first use
    if _GOOD is None:
        jpeg = encode(portrait(), "JPEG", quality=80)
        png = encode(portrait((148, 207)), "PNG")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{id_number(1)}.jpg", jpeg)
            archive.writestr(f"照片/{id_number(2)}.png", png)
            archive.writestr("说明.txt", "x" * 50)
        _GOOD = buffer.getvalue()
    return _GOOD


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
       st.floats(0.05, 1.0))
@example(flips=[(0.9992000901210175, 65)], keep=1.0)  # a directory offset gone negative: was an OSError from seek
def test_check_and_fix_survive_a_damaged_zip(tmp_path_factory: pytest.TempPathFactory, flips: list[tuple[float, int]],
                                             keep: float) -> None:
    """Bytes changed anywhere, and the end cut off: an answer, never a crash; and what fix writes is clean."""
    data = bytearray(_good_zip_bytes())
    for where, value in flips:
        data[int(where * len(data))] = value
    data = data[: max(1, int(len(data) * keep))] if keep < 0.999 else data
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "p.zip"
    path.write_bytes(bytes(data))
    if _check_or_unusable(path) is None:
        return
    out = folder / "out.zip"
    report = fix_photo_zip(path, out, limits=SMALL_LIMITS)
    if report.out is not None:
        assert list(check_photo_zip(out)) == []
