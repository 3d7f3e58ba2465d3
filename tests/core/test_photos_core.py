"""The pure part of the photo checks: requirements, background colour, file names, matching and the report,
with facts made up by the tests (no Pillow, no zip)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from photo_files import id_number
from xcert_core.issues import Issue, IssueType
from xcert_core.labels import Severity
from xcert_core.photos import (
    DEFAULT_TOLERANCE,
    FIXABLE,
    ISSUE_TYPES,
    PLATFORM_PHOTO,
    BackgroundColour,
    CandidateNumbers,
    EntryName,
    NameStatus,
    PhotoChecker,
    PhotoFacts,
    PhotoSubject,
    Thumbnail,
    border_samples,
    classify_background,
    classify_raster,
    content_findings,
    display_name,
    read_stem,
    sniff_format,
    unsafe_reason,
)
from xcert_core.photos import issue_types as t
from xcert_core.photos.names import UnsafeName
from xcert_core.plugins import make_plugin_manager

TODAY = dt.date(2025, 5, 1)


def raster(width: int, height: int, background: tuple[int, int, int],
           inner: tuple[int, int, int] = (226, 186, 160), margin: float = 0.2) -> Thumbnail:
    """A thumbnail of ``background`` with an ``inner`` block from ``margin`` of the width to the bottom."""
    pixels = bytearray()
    for y in range(height):
        for x in range(width):
            inside = width * margin <= x < width * (1 - margin) and y >= height * 0.15
            pixels += bytes(inner if inside else background)
    return Thumbnail(width, height, bytes(pixels))


def facts(**changes: object) -> PhotoFacts:
    base: dict[str, object] = {"byte_size": 30_000, "format": "jpeg", "width": 295, "height": 413, "mode": "RGB",
                               "thumbnail": raster(37, 52, (214, 28, 36))}
    base.update(changes)
    return PhotoFacts(**base)  # type: ignore[arg-type]


def codes(found: list[tuple[object, dict[str, object]]]) -> list[str]:
    return [issue_type.code for issue_type, _ in found]  # type: ignore[attr-defined]


# -- requirements -------------------------------------------------------------------------------------------


def test_the_platforms_requirements_as_data() -> None:
    assert PLATFORM_PHOTO.size == (295, 413)
    assert PLATFORM_PHOTO.max_bytes == 5_000_000
    assert PLATFORM_PHOTO.formats == {"jpeg", "png"}
    assert PLATFORM_PHOTO.background is BackgroundColour.RED
    assert PLATFORM_PHOTO.format_of_extension(".JPG") == "jpeg"
    assert PLATFORM_PHOTO.format_of_extension(".jpeg") is None


@pytest.mark.parametrize(("size", "same"), [((590, 826), True), ((413, 578), True), ((148, 207), True),
                                            ((300, 300), False), ((413, 295), False), ((295, 430), False)])
def test_same_aspect_within_one_percent(size: tuple[int, int], same: bool) -> None:
    assert PLATFORM_PHOTO.same_aspect(*size) is same


# -- background ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rgb", "colour"), [
    ((255, 0, 0), BackgroundColour.RED), ((200, 30, 40), BackgroundColour.RED),
    ((150, 20, 25), BackgroundColour.RED), ((67, 142, 219), BackgroundColour.BLUE),
    ((150, 200, 240), BackgroundColour.BLUE), ((245, 245, 245), BackgroundColour.WHITE),
    ((200, 200, 200), BackgroundColour.WHITE), ((230, 190, 160), BackgroundColour.OTHER),
    ((200, 140, 120), BackgroundColour.OTHER), ((255, 140, 0), BackgroundColour.OTHER),
    ((20, 20, 20), BackgroundColour.OTHER), ((40, 160, 60), BackgroundColour.OTHER),
])
def test_documented_colour_examples(rgb: tuple[int, int, int], colour: BackgroundColour) -> None:
    assert DEFAULT_TOLERANCE.classify_exactly(rgb) is colour
    assert DEFAULT_TOLERANCE.classify(rgb) is colour


def test_quantising_moves_a_threshold_by_at_most_one_step() -> None:
    disagreements = 0
    for r in range(0, 256, 5):
        for g in range(0, 256, 5):
            for b in range(0, 256, 5):
                if DEFAULT_TOLERANCE.classify((r, g, b)) is not DEFAULT_TOLERANCE.classify_exactly((r, g, b)):
                    disagreements += 1
                    near = {DEFAULT_TOLERANCE.classify_exactly((min(255, max(0, r + dr)), min(255, max(0, g + dg)),
                                                                min(255, max(0, b + db))))
                            for dr in (-4, 0, 4) for dg in (-4, 0, 4) for db in (-4, 0, 4)}
                    assert DEFAULT_TOLERANCE.classify((r, g, b)) in near
    assert disagreements < 0.05 * 52**3


@pytest.mark.parametrize(("background", "colour"), [((214, 28, 36), BackgroundColour.RED),
                                                    ((67, 142, 219), BackgroundColour.BLUE),
                                                    ((246, 246, 246), BackgroundColour.WHITE),
                                                    ((40, 160, 60), BackgroundColour.OTHER)])
def test_background_of_a_portrait(background: tuple[int, int, int], colour: BackgroundColour) -> None:
    thumb = raster(37, 52, background)
    verdict = classify_raster(thumb.width, thumb.height, thumb.rgb)
    assert verdict.colour is colour
    assert verdict == classify_background(border_samples(thumb.width, thumb.height, thumb.rgb))


def test_a_head_filling_the_border_is_not_a_background() -> None:
    thumb = raster(37, 52, (214, 28, 36), inner=(30, 24, 22), margin=0.0)  # hair up to the edges
    assert classify_raster(thumb.width, thumb.height, thumb.rgb).colour is BackgroundColour.RED  # top strip
    bands = [(214, 28, 36), (246, 246, 246), (67, 142, 219)]  # a red, a white and a blue third: no backdrop
    mixed = b"".join(bytes(bands[x * 3 // 37]) for _ in range(52) for x in range(37))
    verdict = classify_raster(37, 52, mixed)
    assert verdict.colour is BackgroundColour.OTHER and verdict.share == 0


def test_samples_are_the_border_and_the_corners_twice() -> None:
    thumb = raster(37, 52, (1, 2, 3), inner=(9, 9, 9))
    samples = border_samples(thumb.width, thumb.height, thumb.rgb)
    assert set(samples) == {(1, 2, 3)}  # nothing from the face or the lower half
    assert len(samples) == 37 * 3 + 2 * 2 * (29 - 3) + 2 * 6 * 6
    with pytest.raises(ValueError, match="RGB pixels"):
        border_samples(3, 3, b"\0" * 5)


@given(st.integers(1, 60), st.integers(1, 80), st.data())
def test_raster_and_sample_classification_agree(width: int, height: int, data: st.DataObject) -> None:
    rgb = data.draw(st.binary(min_size=width * height * 3, max_size=width * height * 3))
    assert classify_raster(width, height, rgb) == classify_background(border_samples(width, height, rgb))


# -- names --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "reason"), [
    ("../x.jpg", UnsafeName.TRAVERSAL), ("a/../../x.jpg", UnsafeName.TRAVERSAL), ("/etc/x.jpg", UnsafeName.ABSOLUTE),
    ("C:/x.jpg", UnsafeName.DRIVE), ("c:x.jpg", UnsafeName.DRIVE), ("a\\x.jpg", UnsafeName.BACKSLASH),
    ("..\\x.jpg", UnsafeName.BACKSLASH), ("x\0.jpg", UnsafeName.CONTROL), ("", UnsafeName.EMPTY),
    ("照片/x.jpg", None), ("x..y.jpg", None), ("...jpg", None),
])
def test_unsafe_names(name: str, reason: UnsafeName | None) -> None:
    assert unsafe_reason(name) is reason


def test_entry_names_taken_apart() -> None:
    parsed = EntryName.parse("照片/2021级/ABC.JPG")
    assert (parsed.folder, parsed.basename, parsed.stem, parsed.extension) == ("照片/2021级", "ABC.JPG", "ABC", ".jpg")
    assert EntryName.parse(".DS_Store").ignored and EntryName.parse("a/Thumbs.db").ignored
    assert EntryName.parse("__MACOSX/a/._x.jpg").ignored and EntryName.parse("._x.jpg").ignored
    assert not EntryName.parse("x.jpg").ignored
    assert EntryName.parse("x.HEIC").looks_like_image and EntryName.parse("a.rar").looks_like_archive
    assert EntryName.parse("noext").extension == ""


def test_stems_read_as_id_numbers() -> None:
    valid = id_number(5)
    assert read_stem(valid, TODAY).status is NameStatus.VALID and not read_stem(valid, TODAY).rename
    lower = read_stem(valid[:-1] + valid[-1].lower(), TODAY) if valid[-1] == "X" else None
    spaced = read_stem(f"{valid[:6]} {valid[6:]}", TODAY)
    assert spaced.status is NameStatus.VALID and spaced.rename and spaced.number == valid
    wide = read_stem(valid.translate(str.maketrans("0123456789", "０１２３４５６７８９")), TODAY)
    assert wide.number == valid and wide.rename
    if lower is not None:
        assert lower.rename
    bad_check = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    verdict = read_stem(bad_check, TODAY)
    assert verdict.status is NameStatus.INVALID and verdict.number is None and "校验" in verdict.reason
    assert read_stem("张三", TODAY).status is NameStatus.INVALID
    assert read_stem("140105040315001", TODAY).status is NameStatus.INVALID  # 15 digits: first generation
    assert read_stem("E12345678", TODAY).status is NameStatus.UNCHECKED  # a passport number, perhaps
    assert read_stem("H12345678", TODAY).status is NameStatus.VALID  # Hong Kong and Macau permit


def test_lower_case_x_is_renamed() -> None:
    number = next(id_number(n) for n in range(1000) if id_number(n).endswith("X"))
    verdict = read_stem(number[:-1] + "x", TODAY)
    assert (verdict.status, verdict.number, verdict.rename) == (NameStatus.VALID, number, True)


def test_display_names_mask_id_numbers() -> None:
    number = id_number(1)
    assert display_name(f"照片/{number}.jpg") == f"照片/{number[:3]}{'*' * 11}{number[-4:]}.jpg"
    assert display_name("张三.jpg") == "张三.jpg"
    assert number not in display_name(f"{number[:9]} {number[9:]}.png")


@pytest.mark.parametrize(("head", "fmt"), [
    (b"\xff\xd8\xff\xe0", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF89a", "gif"), (b"PK\x03\x04", "zip"),
    (b"\x00\x00\x00\x18ftypheic", "heic"), (b"RIFF\0\0\0\0WEBP", "webp"), (b"BM" + b"\0" * 12, "bmp"),
    (b"Rar!\x1a\x07\x00", "rar"), (b"%PDF-1.7", "pdf"), (b"hello", None), (b"", None),
])
def test_formats_by_magic_number(head: bytes, fmt: str | None) -> None:
    assert sniff_format(head) == fmt


# -- content findings ---------------------------------------------------------------------------------------


def test_a_right_photo_has_no_findings() -> None:
    assert content_findings(facts(), ".jpg") == []
    assert content_findings(facts(format="png"), ".png") == []


@pytest.mark.parametrize(("changes", "extension", "expected"), [
    ({"format": "png"}, ".jpg", ["photo-format-mismatch"]),
    ({}, ".jpeg", ["photo-extension"]),
    ({"format": "gif"}, ".gif", ["photo-format-unsupported"]),
    ({"format": "heic", "decode_error": "x", "thumbnail": None}, ".jpg", ["photo-format-unsupported"]),
    ({"decode_error": "truncated", "thumbnail": None}, ".jpg", ["photo-undecodable"]),
    ({"format": None, "decode_error": "unknown", "thumbnail": None}, ".jpg", ["photo-undecodable"]),
    ({"format": "png", "pixel_limit": 50_000_000, "pixels": 400_000_000, "thumbnail": None}, ".png",
     ["photo-too-many-pixels"]),
    ({"byte_size": 5_000_001}, ".jpg", ["photo-file-too-large"]),
    ({"width": 590, "height": 826}, ".jpg", ["photo-pixel-size"]),
    ({"width": 100, "height": 140}, ".jpg", ["photo-too-small"]),
    ({"width": 300, "height": 300}, ".jpg", ["photo-aspect-ratio"]),
    ({"mode": "CMYK"}, ".jpg", ["photo-colour-mode"]),
    ({"mode": "L", "thumbnail": raster(37, 52, (120, 120, 120))}, ".jpg", ["photo-greyscale"]),
    ({"format": "png", "mode": "RGBA", "transparent": True}, ".png", ["photo-transparency"]),
    ({"thumbnail": raster(37, 52, (67, 142, 219))}, ".jpg", ["photo-background"]),
    ({"orientation": 6}, ".jpg", ["photo-exif-orientation"]),
    ({"gps": True}, ".jpg", ["photo-gps-metadata"]),
])
def test_each_fact_its_finding(changes: dict[str, object], extension: str, expected: list[str]) -> None:
    assert codes(content_findings(facts(**changes), extension)) == expected  # type: ignore[arg-type]


def test_background_message_names_the_colour() -> None:
    [(issue_type, params)] = content_findings(facts(thumbnail=raster(37, 52, (67, 142, 219))), ".jpg")
    assert issue_type.at(**params).message == "照片底色是蓝色，平台要求红色。"


# -- the checker: matching and fixability -------------------------------------------------------------------


def test_matching_photos_against_candidates() -> None:
    a, b, c, d = (id_number(n) for n in (1, 2, 3, 4))
    candidates = CandidateNumbers({a: 5, b: 6, c: 7}, unreadable_rows=(9,))
    checker = PhotoChecker("p.zip", candidates=candidates, today=TODAY)
    checker.photo(f"{a}.jpg", facts())
    checker.photo(f"{b}.jpg", facts())
    checker.photo(f"{b}.png", facts(format="png"))
    checker.photo(f"{d}.jpg", facts())
    checker.photo("张三.jpg", facts())
    report = checker.finish()
    found = {(f.entry, f.code) for f in report}
    assert (f"{b}.jpg", "photo-id-twice") in found and (f"{b}.png", "photo-id-twice") in found
    assert (f"{d}.jpg", "photo-no-candidate") in found
    assert ("张三.jpg", "photo-name-not-id") in found
    missing = [f for f in report if f.code == "photo-candidate-missing"]
    assert [(f.entry, f.issue.row, f.id_number) for f in missing] == [(None, 7, c[:3] + "*" * 11 + c[-4:])]
    assert [f.issue.row for f in report if f.code == "photo-roster-id-unreadable"] == [9]
    assert report.photos == 5 and report.exit_code == 1
    for finding in report:
        assert a not in finding.issue.message and b not in finding.issue.message
    plans = {plan.entry: plan.output for plan in checker.plans()}
    assert plans == {f"{a}.jpg": f"{a}.jpg", f"{b}.jpg": None, f"{b}.png": None, f"{d}.jpg": None,
                     "张三.jpg": None}


def test_fixable_only_when_the_whole_photo_can_be_written() -> None:
    a, b = id_number(1), id_number(2)
    checker = PhotoChecker("p.zip", today=TODAY)
    checker.photo(f"照片/{a}.JPG", facts(width=590, height=826, gps=True))
    checker.photo(f"{b}.jpg", facts(width=590, height=826, thumbnail=raster(37, 52, (67, 142, 219))))
    report = checker.finish()
    by = {(f.entry, f.code): f.fixable for f in report}
    assert by == {(f"照片/{a}.JPG", "photo-zip-in-folder"): True, (f"照片/{a}.JPG", "photo-pixel-size"): True,
                  (f"照片/{a}.JPG", "photo-gps-metadata"): True, (f"{b}.jpg", "photo-pixel-size"): False,
                  (f"{b}.jpg", "photo-background"): False}
    assert [plan.output for plan in checker.plans()] == [f"{a}.jpg", None]


def test_entries_that_are_not_photos_and_an_empty_zip() -> None:
    checker = PhotoChecker("p.zip", today=TODAY)
    checker.entry("__MACOSX/._a.jpg", t.IGNORED_ENTRY, what="x", what_en="x")
    checker.entry("../a.jpg", t.UNSAFE_NAME, photo=True, reason="r", reason_en="r")
    report = checker.finish()
    assert [f.code for f in report] == ["photo-zip-ignored", "photo-zip-unsafe-name"]
    assert [f.fixable for f in report] == [True, False] and report.photos == 1
    empty = PhotoChecker("e.zip", today=TODAY).finish()
    assert [f.code for f in empty] == ["photo-zip-no-photos"] and empty.exit_code == 1


def test_a_passport_number_in_the_roster_is_not_a_warning() -> None:
    alone = PhotoChecker("p.zip", today=TODAY)
    alone.photo("E12345678.jpg", facts())
    assert [f.code for f in alone.finish()] == ["photo-name-unchecked"]
    listed = PhotoChecker("p.zip", candidates=CandidateNumbers.from_numbers(["e12345678"]), today=TODAY)
    listed.photo("E12345678.jpg", facts())
    assert list(listed.finish()) == []


NO_FACE = IssueType(code="photo-no-face", title="没有人脸", title_en="No face", message="照片中没有人脸。",
                    message_en="No face.", family="face")


class CentredFace:
    """A photo rule plug-in (target ``photo``) that finds no face anywhere."""

    name = "face"
    target = "photo"
    issue_types = (NO_FACE,)

    def check(self, subject: PhotoSubject) -> list[Issue]:
        assert subject.facts.thumbnail is not None
        return [NO_FACE.at()]


def test_a_photo_rule_plugin_sees_every_decoded_photo() -> None:
    checker = PhotoChecker("p.zip", today=TODAY, families=[CentredFace()])
    checker.photo(f"{id_number(1)}.jpg", facts())
    checker.photo(f"{id_number(2)}.jpg", facts(decode_error="broken", thumbnail=None))
    report = checker.finish()
    assert [(f.code, f.fixable) for f in report] == [("photo-no-face", False), ("photo-undecodable", False)]
    assert report.findings[0].issue.entry == display_name(f"{id_number(1)}.jpg")


# -- the catalogue -----------------------------------------------------------------------------------------


def test_every_photo_issue_type_is_catalogued_by_the_core_plugin() -> None:
    plugins = make_plugin_manager(env={"XCERT_DISABLE_PLUGINS": "*"})
    assert "xcert-photo-rules" in plugins.plugin_names()
    for issue_type in ISSUE_TYPES:
        assert plugins.catalogue.get(issue_type.code) is issue_type
    assert {issue_type.code for issue_type in ISSUE_TYPES} >= FIXABLE
    assert all(issue_type.severity in (Severity.ERROR, Severity.WARNING) for issue_type in ISSUE_TYPES)
