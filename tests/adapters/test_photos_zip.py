"""The adapters' part of the photo checks, through the library: hostile zips (never extracted), Pillow's
measurements, the decompression-bomb cap, lossless metadata removal and the fixed zip."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from photo_files import (
    BLUE,
    RED,
    RawEntry,
    encode,
    exif_with,
    id_number,
    photo_bytes,
    portrait,
    raw_zip,
    write_zip,
)
from xcert_adapters.photos import (
    PhotoZip,
    PhotoZipLimits,
    check_photo_zip,
    fix_photo_zip,
    measure,
    strip_jpeg_metadata,
)
from xcert_core.errors import UnreadableFileError
from xcert_core.photos import CandidateNumbers, FixAction, PhotoReport

A, B, C = id_number(1), id_number(2), id_number(3)
PILLOW_DEFAULT_CAP = Image.MAX_IMAGE_PIXELS


def found(report: PhotoReport) -> set[tuple[str | None, str]]:
    return {(f.entry, f.code) for f in report}


def check_bytes(tmp_path: Path, data: bytes, **options: object) -> PhotoReport:
    path = tmp_path / "照片.zip"
    path.write_bytes(data)
    return check_photo_zip(path, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    """A 20,000 x 20,000 palette PNG: 400 million pixels in about 50 KB."""
    buffer = io.BytesIO()
    Image.new("P", (20_000, 20_000), 0).save(buffer, "PNG")
    return buffer.getvalue()


# -- the zip as a whole --------------------------------------------------------------------------------------


def test_good_photos_pass(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "p.zip", [(f"{A}.jpg", photo_bytes()), (f"{B}.png", photo_bytes(fmt="PNG"))])
    report = check_photo_zip(path)
    assert (report.photos, list(report), report.exit_code) == (2, [], 0)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "不是 zip"), (b"hello, not a zip", "不是 zip"), (b"Rar!\x1a\x07\x00" + b"\0" * 40, "RAR"),
    (b"7z\xbc\xaf\x27\x1c" + b"\0" * 40, "7z"), (b"PK\x03\x04" + b"\0" * 40, "损坏"),
    (photo_bytes(), "不是 zip"),
])
def test_files_that_are_no_usable_zip(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFileError, match=reason):
        check_bytes(tmp_path, data)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="找不到"):
        check_photo_zip(tmp_path / "none.zip")
    with pytest.raises(UnreadableFileError, match="文件夹"):
        check_photo_zip(tmp_path)


def test_an_empty_zip_has_no_photos(tmp_path: Path) -> None:
    report = check_photo_zip(write_zip(tmp_path / "p.zip", []))
    assert found(report) == {(None, "photo-zip-no-photos")} and report.exit_code == 1


def test_limits_on_the_whole_zip(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "p.zip", [(f"{id_number(n)}.jpg", photo_bytes()) for n in range(5)])
    with pytest.raises(UnreadableFileError, match="文件过多"):
        check_photo_zip(path, limits=PhotoZipLimits(max_entries=4))
    with pytest.raises(UnreadableFileError, match="压缩炸弹"):
        check_photo_zip(path, limits=PhotoZipLimits(max_total_bytes=30_000))
    with pytest.raises(UnreadableFileError, match="压缩包过大"):
        check_photo_zip(path, limits=PhotoZipLimits(max_file_bytes=1000))


# -- hostile entries: reported, never read, never extracted -------------------------------------------------


@pytest.mark.parametrize("name", ["../../etc/cron.d/x.jpg", f"/tmp/{A}.jpg", f"C:/Windows/{A}.jpg",
                                  f"C:\\{A}.jpg", f"照片\\{A}.jpg", f"a/../{A}.jpg"])
def test_unsafe_names_are_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = work / "p.zip"
    path.write_bytes(raw_zip([RawEntry(name.encode(), photo_bytes()), RawEntry(f"{B}.jpg".encode(), photo_bytes())]))
    report = check_photo_zip(path)
    assert found(report) == {(name, "photo-zip-unsafe-name")}
    assert report.photos == 2
    fixed = fix_photo_zip(path, work / "out.zip")
    assert zipfile.ZipFile(work / "out.zip").namelist() == [f"{B}.jpg"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out.zip", "p.zip", "work"]  # nothing extracted
    assert [f.action for f in fixed.files] == [FixAction.LEFT_OUT, FixAction.KEPT]


def test_declared_zip_bomb(tmp_path: Path) -> None:
    bomb = b"\0" * (20 * 1024 * 1024)
    report = check_photo_zip(write_zip(tmp_path / "p.zip", [(f"{A}.jpg", bomb), (f"{B}.jpg", photo_bytes())]))
    assert found(report) == {(f"{A}.jpg", "photo-zip-bomb")}
    assert "声明的压缩比" in report.findings[0].issue.message


def test_an_entry_inflating_beyond_its_declared_size_is_stopped(tmp_path: Path) -> None:
    lying = RawEntry(f"{A}.jpg".encode(), b"\0" * (8 * 1024 * 1024), declared_size=900_000, crc=0)
    report = check_bytes(tmp_path, raw_zip([lying]))
    assert found(report) == {(f"{A}.jpg", "photo-zip-bomb")}
    assert "比声明的多" in report.findings[0].issue.message


def test_actual_ratio_is_capped_too(tmp_path: Path) -> None:
    """Padding after the deflate stream makes the declared ratio harmless (3:1); the data read says 12:1."""
    padded = RawEntry(f"{A}.jpg".encode(), b"\0" * (3 * 1024 * 1024), padding=b"\0" * (1024 * 1024))
    report = check_bytes(tmp_path, raw_zip([padded]), limits=PhotoZipLimits(max_ratio=5.0))
    assert [f.code for f in report] == ["photo-zip-bomb"]
    assert "实际压缩比超过 5:1" in report.findings[0].issue.message
    report = check_bytes(tmp_path, raw_zip([padded]), limits=PhotoZipLimits(max_ratio=20.0))
    assert [f.code for f in report] == ["photo-undecodable"]  # read, and then not a picture


def test_an_entry_too_large_to_read(tmp_path: Path) -> None:
    report = check_bytes(tmp_path, raw_zip([RawEntry(f"{A}.jpg".encode(), photo_bytes(), method=0)]),
                         limits=PhotoZipLimits(max_entry_bytes=1000))
    assert {f.code for f in report} == {"photo-zip-entry-too-large"}


def test_overlapping_entries_are_a_bomb(tmp_path: Path) -> None:
    data = bytearray(raw_zip([RawEntry(f"{A}.jpg".encode(), photo_bytes()), RawEntry(b"b.txt", b"x" * 10)]))
    at = data.rfind(b"PK\x01\x02")  # make the second entry's directory record point into the first's data
    data[at + 42 : at + 46] = (100).to_bytes(4, "little")
    report = check_bytes(tmp_path, bytes(data))
    assert ("b.txt", "photo-zip-entry-damaged") in found(report) or ("b.txt", "photo-zip-bomb") in found(report)
    assert (f"{A}.jpg", "photo-zip-bomb") in found(report)  # its data now overlaps the second entry's header


def test_nested_archives(tmp_path: Path) -> None:
    inner = (tmp_path / "inner.zip")
    write_zip(inner, [(f"{C}.jpg", photo_bytes())])
    report = check_photo_zip(write_zip(tmp_path / "p.zip", [("more.zip", inner.read_bytes()),
                                                            (f"{A}.jpg", inner.read_bytes()),
                                                            ("old.rar", b"Rar!\x1a\x07\x00")]))
    assert found(report) == {("more.zip", "photo-zip-nested"), (f"{A}.jpg", "photo-zip-nested"),
                             ("old.rar", "photo-zip-nested")}


def test_encrypted_entries_are_not_read(tmp_path: Path) -> None:
    report = check_bytes(tmp_path, raw_zip([RawEntry(f"{A}.jpg".encode(), b"\x12" * 500, flags=0x1),
                                           RawEntry(f"{B}.jpg".encode(), photo_bytes())]))
    assert found(report) == {(f"{A}.jpg", "photo-zip-encrypted-entry")}
    assert report.photos == 2


def test_duplicate_names(tmp_path: Path) -> None:
    one, other = photo_bytes(), photo_bytes(background=(200, 20, 30))
    same = [RawEntry(f"{A}.jpg".encode(), one), RawEntry(f"{A}.jpg".encode(), one)]
    report = check_bytes(tmp_path, raw_zip(same))
    assert [(f.code, f.severity.value, f.fixable) for f in report] == [("photo-zip-duplicate-copy", "warning", True)]
    different = [RawEntry(f"{A}.jpg".encode(), one), RawEntry(f"{A}.jpg".encode(), other)]
    report = check_bytes(tmp_path, raw_zip(different))
    assert [(f.code, f.fixable) for f in report] == [("photo-zip-duplicate-name", False)] * 2


def test_names_in_gbk_as_windows_writes_them(tmp_path: Path) -> None:
    entries = [RawEntry("张三.jpg".encode("gbk"), photo_bytes()),
               RawEntry(f"照片/{A}.jpg".encode("gbk"), photo_bytes()),
               RawEntry("李四.jpg".encode(), photo_bytes())]  # UTF-8 without the flag, as some tools write
    path = tmp_path / "p.zip"
    path.write_bytes(raw_zip(entries))
    with PhotoZip(path) as archive:
        assert [m.name for m in archive.members] == ["张三.jpg", f"照片/{A}.jpg", "李四.jpg"]
    report = check_photo_zip(path)
    assert found(report) == {("张三.jpg", "photo-name-not-id"), (f"照片/{A}.jpg", "photo-zip-in-folder"),
                             ("李四.jpg", "photo-name-not-id")}


def test_system_clutter_is_ignored_with_a_note(tmp_path: Path) -> None:
    report = check_photo_zip(write_zip(tmp_path / "p.zip", [
        (f"{A}.jpg", photo_bytes()), (f"__MACOSX/._{A}.jpg", b"\0\5\26\7" + b"\0" * 60), (".DS_Store", b"\0" * 64),
        ("照片/Thumbs.db", b"\xd0\xcf\x11\xe0" + b"\0" * 60), ("照片/", b""),
    ]))
    assert {(f.entry, f.code, f.severity.value) for f in report} == {
        (f"__MACOSX/._{A}.jpg", "photo-zip-ignored", "warning"), (".DS_Store", "photo-zip-ignored", "warning"),
        ("照片/Thumbs.db", "photo-zip-ignored", "warning")}
    assert report.photos == 1 and report.exit_code == 0


def test_upper_case_extension_accepted_and_other_files_reported(tmp_path: Path) -> None:
    report = check_photo_zip(write_zip(tmp_path / "p.zip", [
        (f"{A}.JPG", photo_bytes()), (f"{B}.PNG", photo_bytes(fmt="PNG")), ("说明.txt", "请上传".encode()),
        ("名单.xlsx", b"PK\x03\x04" + b"\0" * 40), (f"{C}.jpeg", photo_bytes()),
    ]))
    assert found(report) == {("说明.txt", "photo-zip-not-photo"), ("名单.xlsx", "photo-zip-nested"),
                             (f"{C}.jpeg", "photo-extension")}


def test_damaged_entries(tmp_path: Path) -> None:
    bad_crc = RawEntry(f"{A}.jpg".encode(), photo_bytes(), crc=12345)
    stored_short = RawEntry(f"{B}.jpg".encode(), photo_bytes(), method=0, declared_size=10)
    bzip2 = RawEntry(f"{C}.jpg".encode(), photo_bytes(), method=12)
    report = check_bytes(tmp_path, raw_zip([bad_crc, stored_short, bzip2]))
    assert {f.code for f in report} == {"photo-zip-entry-damaged"} and len(report) == 3


# -- pictures: Pillow's measurements -------------------------------------------------------------------------


def test_a_20000_by_20000_png_is_a_decompression_bomb(tmp_path: Path, huge_png: bytes) -> None:
    assert len(huge_png) < 200_000
    report = check_photo_zip(write_zip(tmp_path / "p.zip", [(f"{A}.png", huge_png)]))
    [finding] = report.findings
    assert finding.code == "photo-too-many-pixels" and "400,000,000" in finding.issue.message
    facts = measure(huge_png, "png", 50_000_000)
    assert (facts.pixel_limit, facts.pixels, facts.decoded) == (50_000_000, 400_000_000, False)
    warned = measure(photo_bytes((590, 826), fmt="PNG"), "png", 300_000)  # between the cap and twice the cap
    assert warned.pixel_limit == 300_000 and warned.pixels == 590 * 826
    assert Image.MAX_IMAGE_PIXELS == PILLOW_DEFAULT_CAP  # the cap applies while a photo is read, then is restored


def test_a_truncated_jpeg(tmp_path: Path) -> None:
    data = photo_bytes()
    report = check_photo_zip(write_zip(tmp_path / "p.zip", [(f"{A}.jpg", data[: len(data) * 2 // 3])]))
    assert [f.code for f in report] == ["photo-undecodable"]
    assert not measure(data[:200], "jpeg", 50_000_000).decoded


def test_measurements_of_every_kind() -> None:
    limit = 50_000_000
    plain = measure(photo_bytes(), "jpeg", limit)
    assert (plain.width, plain.height, plain.mode, plain.orientation, plain.gps) == (295, 413, "RGB", 1, False)
    assert plain.thumbnail is not None and plain.thumbnail.width < 60
    assert plain.background() is not None and plain.background().colour.value == "red"  # type: ignore[union-attr]
    assert measure(photo_bytes(mode="CMYK"), "jpeg", limit).mode == "CMYK"
    assert measure(photo_bytes(mode="L"), "jpeg", limit).mode == "L"
    rotated = measure(photo_bytes((413, 295), exif=exif_with(6, gps=True)), "jpeg", limit)
    assert (rotated.width, rotated.height, rotated.orientation, rotated.gps) == (295, 413, 6, True)
    opaque = measure(photo_bytes(fmt="PNG", mode="RGBA"), "png", limit)
    assert opaque.mode == "RGBA" and not opaque.transparent
    image = portrait().convert("RGBA")
    image.putpixel((150, 200), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    assert measure(buffer.getvalue(), "png", limit).transparent
    assert measure(b"\0\0\0\x18ftypheic" + b"\0" * 50, "heic", limit).decode_error is not None
    gif = measure(photo_bytes(fmt="GIF"), "gif", limit)
    assert gif.decoded and gif.mode == "P"


def test_blue_and_white_backgrounds_and_a_photo_from_the_side(tmp_path: Path) -> None:
    report = check_photo_zip(write_zip(tmp_path / "p.zip", [
        (f"{A}.jpg", photo_bytes(background=BLUE)), (f"{B}.jpg", photo_bytes(background=(246, 246, 246))),
        (f"{C}.jpg", photo_bytes((413, 295), exif=exif_with(8))),
    ]))
    messages = {f.entry: f.issue.message for f in report if f.code == "photo-background"}
    assert messages == {f"{A}.jpg": "照片底色是蓝色，平台要求红色。", f"{B}.jpg": "照片底色是白色，平台要求红色。"}
    assert {f.code for f in report if f.entry == f"{C}.jpg"} == {"photo-exif-orientation"}


# -- metadata and the fixed zip ----------------------------------------------------------------------------


def test_metadata_is_removed_losslessly() -> None:
    data = photo_bytes(exif=exif_with(1, gps=True), comment=b"taken at home")
    stripped = strip_jpeg_metadata(data)
    assert stripped is not None and len(stripped) < len(data)
    assert b"Exif" not in stripped and b"taken at home" not in stripped
    original, clean = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(stripped))
    assert original.tobytes() == clean.tobytes()  # the same compressed image, pixel for pixel
    progressive = photo_bytes(progressive=True, exif=exif_with(1))
    assert Image.open(io.BytesIO(strip_jpeg_metadata(progressive))).tobytes() == \
        Image.open(io.BytesIO(progressive)).tobytes()  # type: ignore[arg-type]
    assert strip_jpeg_metadata(data + b"trailing secrets")[-2:] == b"\xff\xd9"  # type: ignore[index]
    assert strip_jpeg_metadata(b"\xff\xd8\xff\xe0\x00") is None
    assert strip_jpeg_metadata(data[:-300]) is None


def test_fix_writes_exactly_the_acceptable_photos(tmp_path: Path) -> None:
    lower_x = next(id_number(n) for n in range(1000) if id_number(n).endswith("X"))
    numbers = [id_number(n) for n in range(10, 20)]
    entries = [
        (f"{numbers[0]}.jpg", photo_bytes(exif=exif_with(1, gps=True))),  # kept, metadata removed
        (f"照片/{numbers[1]}.JPG", photo_bytes((590, 826))),  # scaled, moved up
        (f"{numbers[2]}.jpg", photo_bytes(fmt="PNG")),  # a PNG named .jpg
        (f"{numbers[3]}.png", photo_bytes(mode="CMYK", fmt="JPEG")),  # a CMYK JPEG named .png
        (f"{lower_x[:-1]}x.jpg", photo_bytes()),  # renamed
        (f"{numbers[4]}.jpg", photo_bytes((413, 295), exif=exif_with(6))),  # rotated
        (f"{numbers[5]}.gif", photo_bytes(fmt="GIF")),  # converted
        (f"{numbers[6]}.jpg", photo_bytes(background=BLUE)),  # left out: background
        (f"{numbers[7]}.jpg", photo_bytes((300, 300))),  # left out: aspect
        ("张三.jpg", photo_bytes()),  # left out: name
        ("__MACOSX/._x.jpg", b"\0" * 40), ("说明.txt", b"x"),  # dropped
        (f"{numbers[8]}.jpg", photo_bytes()), (f"{numbers[8]}.png", photo_bytes(fmt="PNG")),  # left out: twice
    ]
    path = write_zip(tmp_path / "p.zip", entries)
    out = tmp_path / "out.zip"
    report = fix_photo_zip(path, out)
    expected = {f"{n}.jpg" for n in numbers[:6]} | {f"{lower_x}.jpg"}
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == expected and len(archive.namelist()) == len(expected)
        for name in archive.namelist():
            image = Image.open(io.BytesIO(archive.read(name)))
            assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (295, 413))
            assert not image.getexif() and "icc_profile" not in image.info
    recheck = check_photo_zip(out)
    assert (list(recheck), recheck.photos) == ([], len(expected))
    actions = {f.entry: f.action for f in report.files}
    assert actions[f"{numbers[0]}.jpg"] is FixAction.KEPT
    assert actions[f"照片/{numbers[1]}.JPG"] is FixAction.FIXED
    assert actions[f"{numbers[6]}.jpg"] is FixAction.LEFT_OUT and actions["张三.jpg"] is FixAction.LEFT_OUT
    assert actions["__MACOSX/._x.jpg"] is FixAction.DROPPED and actions["说明.txt"] is FixAction.DROPPED
    assert actions[f"{numbers[8]}.png"] is FixAction.LEFT_OUT
    changes = {f.entry: f.changes for f in report.files}
    assert any("缩放为 295×413" in change for change in changes[f"照片/{numbers[1]}.JPG"])
    assert any("移到压缩包最外层" in change for change in changes[f"照片/{numbers[1]}.JPG"])
    assert any("转正" in change for change in changes[f"{numbers[4]}.jpg"])
    assert any("CMYK" in change for change in changes[f"{numbers[3]}.png"])
    assert changes[f"{numbers[0]}.jpg"] == ("删除了照片中的附加信息（EXIF 等）",)
    with zipfile.ZipFile(out) as archive:  # kept: the compressed image is the original's
        kept = archive.read(f"{numbers[0]}.jpg")
    assert Image.open(io.BytesIO(kept)).tobytes() == Image.open(io.BytesIO(entries[0][1])).tobytes()
    assert report.exit_code == 1 and report.written == len(expected)
    assert {f.code for f in report.remaining} >= {"photo-background", "photo-aspect-ratio", "photo-name-not-id",
                                                 "photo-id-twice"}
    assert not any(f.fixable for f in report.remaining)


def test_fix_against_a_roster(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "p.zip", [(f"{A}.jpg", photo_bytes((590, 826))), (f"{B}.jpg", photo_bytes())])
    report = fix_photo_zip(path, tmp_path / "out.zip", candidates=CandidateNumbers({A: 4, C: 5}))
    assert zipfile.ZipFile(tmp_path / "out.zip").namelist() == [f"{A}.jpg"]
    assert {f.code for f in report.remaining} == {"photo-no-candidate", "photo-candidate-missing"}
    missing = next(f for f in report.remaining if f.code == "photo-candidate-missing")
    assert missing.issue.row == 5 and C not in missing.issue.message and missing.id_number == C[:3] + "*" * 11 + C[-4:]


def test_fix_writes_nothing_when_no_photo_can_be_written(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "p.zip", [(f"{A}.jpg", photo_bytes(background=BLUE))])
    report = fix_photo_zip(path, tmp_path / "out.zip")
    assert report.out is None and not (tmp_path / "out.zip").exists() and report.exit_code == 1
    assert [p.name for p in tmp_path.iterdir()] == ["p.zip"]  # no temporary file left behind


def test_a_photo_over_5_mb_is_recompressed(tmp_path: Path) -> None:
    """A 1475 x 2065 PNG of noise (incompressible) with a red border: too large, too many pixels, fixable."""
    width, height = 1475, 2065
    image = Image.frombytes("RGB", (width, height), random.Random(4).randbytes(width * height * 3))
    image.paste(RED, (0, 0, width, height * 12 // 100))
    image.paste(RED, (0, 0, width * 15 // 100, height * 60 // 100))
    image.paste(RED, (width * 85 // 100, 0, width, height * 60 // 100))
    data = encode(image, "PNG")
    assert len(data) > 5_000_000
    path = write_zip(tmp_path / "p.zip", [(f"{A}.png", data)], compression=zipfile.ZIP_STORED)
    report = fix_photo_zip(path, tmp_path / "out.zip")
    assert [(f.code, f.fixable) for f in report.check] == [("photo-file-too-large", True), ("photo-pixel-size", True)]
    assert report.written == 1 and list(check_photo_zip(tmp_path / "out.zip")) == []
    assert any("重新压缩" in change for change in report.files[0].changes)
