"""Pillow's part of the photo checks: measuring a photo's bytes into :class:`~xcert_core.photos.PhotoFacts`,
and rendering the platform-ready JPEG that ``xcert photos fix`` writes.

Decoding is protected: only the format the bytes' magic number names is tried; ``Image.MAX_IMAGE_PIXELS`` is
set to the configured cap while a photo is opened and decoded (and restored afterwards), and Pillow's
``DecompressionBombWarning`` (over the cap) and ``DecompressionBombError`` (over twice the cap) both become the
finding ``photo-too-many-pixels``, as does any picture over the cap however Pillow reacts; a truncated file
is an error, never padded (``ImageFile.LOAD_TRUNCATED_IMAGES`` stays off).

For speed a JPEG is decoded with ``Image.draft`` at 1/8 scale: the whole compressed stream is still read (so
truncation is still found) but the DCT is only evaluated for 1/64 of the pixels, which gives the small copy
the background is judged from. A PNG has no such mode and is decoded in full.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from attrs import frozen
from PIL import Image, ImageCms, ImageOps

from xcert_core.photos import PhotoFacts, PhotoRequirements, Thumbnail
from xcert_core.photos.formats import format_label

PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "webp": "WEBP", "tiff": "TIFF",
                  "jpeg2000": "JPEG2000", "ico": "ICO"}
"""The content formats xcert decodes, by Pillow's plug-in name (HEIC and AVIF are not among them)."""
THUMBNAIL_SIZE = (40, 56)
"""About how large the copy the background is judged from is."""
JPEG_QUALITIES = (92, 85, 75, 60, 45, 30)
"""The qualities ``fix`` tries, best first, until the file is under the size limit."""

_ORIENTATION = 0x0112
_GPS_IFD = 0x8825
_GPS_POSITION_TAGS = (1, 2, 3, 4)
_ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})
_REDUCIBLE_MODES = frozenset({"RGB", "RGBA", "L", "LA"})
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_PIXELS = re.compile(r"\((\d+) pixels\)")
_WHITE = (255, 255, 255)


class TooManyPixelsError(Exception):
    """A picture over the pixel cap: ``pixels`` is its pixel count (0 when Pillow did not say)."""

    def __init__(self, pixels: int) -> None:
        super().__init__(f"{pixels} pixels")
        self.pixels = pixels


@contextmanager
def _bomb_guard(max_pixels: int) -> Iterator[None]:
    """Pillow's decompression-bomb check at ``max_pixels`` (``Image.MAX_IMAGE_PIXELS`` is set for the block and
    restored after it), its warning and error both raised as :class:`TooManyPixelsError`."""
    before = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = _PIXELS.search(str(exc))
        raise TooManyPixelsError(int(found.group(1)) if found else 0) from None
    finally:
        Image.MAX_IMAGE_PIXELS = before


def open_image(data: bytes, fmt: str, max_pixels: int) -> Image.Image:
    """Open ``data`` as the format ``fmt`` only (header only, nothing decoded yet); raise
    :class:`TooManyPixelsError` over ``max_pixels`` pixels, or whatever Pillow raises for a bad file."""
    with _bomb_guard(max_pixels):
        image = Image.open(io.BytesIO(data), formats=(PILLOW_FORMATS[fmt],))
    width, height = image.size
    if width * height > max_pixels:
        raise TooManyPixelsError(width * height)
    return image


def _orientation(image: Image.Image) -> tuple[int, bool]:
    """The EXIF orientation (1 when absent or invalid) and whether a GPS position is recorded."""
    exif = image.getexif()
    if not exif:
        return 1, False
    value = exif.get(_ORIENTATION, 1)
    orientation = value if isinstance(value, int) and 1 <= value <= 8 else 1
    gps = False
    if _GPS_IFD in exif:
        try:
            gps = any(tag in exif.get_ifd(_GPS_IFD) for tag in _GPS_POSITION_TAGS)
        except Exception:
            gps = True
    return orientation, gps


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in _ALPHA_MODES or "transparency" in image.info


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB copy of ``image``: transparency composited onto white."""
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (*_WHITE, 255))
    background.alpha_composite(rgba)
    return background.convert("RGB")


def measure(data: bytes, fmt: str | None, max_pixels: int) -> PhotoFacts:
    """What a photo's bytes are (see :class:`~xcert_core.photos.PhotoFacts`). ``fmt`` is the sniffed content
    format. Never raises: an undecodable photo has ``decode_error`` set, one over ``max_pixels`` its
    ``pixel_limit``."""
    if fmt not in PILLOW_FORMATS:
        reason = "not a format xcert decodes" if fmt is not None else "unknown format"
        return PhotoFacts(len(data), fmt, decode_error=reason)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's complaints about damaged metadata: the findings say enough
            return _measure(data, fmt, max_pixels)
    except TooManyPixelsError as exc:
        return PhotoFacts(len(data), fmt, pixels=exc.pixels, pixel_limit=max_pixels)
    except Exception as exc:
        return PhotoFacts(len(data), fmt, decode_error=f"{type(exc).__name__}: {exc}"[:200])


def _measure(data: bytes, fmt: str, max_pixels: int) -> PhotoFacts:
    image = open_image(data, fmt, max_pixels)
    mode = image.mode
    width, height = image.size
    orientation, gps = _orientation(image)
    if image.format == "JPEG":
        image.draft(None, (1, 1))  # the smallest scale libjpeg offers: 1/8
    with _bomb_guard(max_pixels):
        image.load()
    transparent = False
    if _has_alpha(image):
        alpha = image.convert("RGBA").getchannel("A")
        transparent = alpha.getextrema()[0] < 255  # type: ignore[operator]
    small = image
    if small.mode not in _REDUCIBLE_MODES:  # palette, CMYK, 16-bit, float: to what Image.reduce takes
        small = small.convert("RGBA" if _has_alpha(small) else "RGB")
    factor = max(1, min(small.width // THUMBNAIL_SIZE[0], small.height // THUMBNAIL_SIZE[1]))
    if factor > 1:
        small = small.reduce(factor)
    small = _flatten(small) if _has_alpha(small) else small.convert("RGB")
    if orientation != 1:
        small = small.transpose(_TRANSPOSE[orientation])
    if orientation >= 5:
        width, height = height, width
    thumbnail = Thumbnail(small.width, small.height, small.tobytes())
    return PhotoFacts(len(data), fmt, width=width, height=height, mode=mode, transparent=transparent,
                      orientation=orientation, gps=gps, thumbnail=thumbnail)


# -- fix ---------------------------------------------------------------------------------------------------

_KEEP_APP = ((0xE0, b"JFIF\x00"), (0xE2, b"ICC_PROFILE\x00"), (0xEE, b"Adobe"))
"""Application segments a JPEG keeps when its metadata is dropped: JFIF (density), the ICC colour profile and
the Adobe segment (which says how to read the colour channels). EXIF, XMP, IPTC, MPF, comments and anything
after the end of the image go."""


class _Unfollowable(Exception):  # noqa: N818 - internal signal
    pass


def _segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """A JPEG's markers after SOI, each with the bytes that follow it up to the next marker (its segment, and
    after SOS the entropy-coded data too), ending with EOI; raise :class:`_Unfollowable` when the structure
    breaks off."""
    at, end = 2, len(data)
    while at < end:
        if data[at] != 0xFF:
            raise _Unfollowable
        while at < end and data[at] == 0xFF:
            at += 1
        if at >= end:
            break
        marker = data[at]
        at += 1
        if marker == 0xD9 or 0xD0 <= marker <= 0xD7 or marker in (0x01, 0xD8):
            yield marker, b""
            if marker == 0xD9:
                return
            continue
        length = int.from_bytes(data[at : at + 2], "big")
        if length < 2 or at + length > end:
            raise _Unfollowable
        stop = at + length
        if marker == 0xDA:
            stop = _entropy_end(data, stop)
            if stop < 0:
                raise _Unfollowable
        yield marker, data[at:stop]
        at = stop
    raise _Unfollowable


def strip_jpeg_metadata(data: bytes) -> bytes | None:
    """``data`` without EXIF, XMP, IPTC, comments, MPF and trailing data, losslessly (the compressed image is
    copied byte for byte); ``None`` when the JPEG's structure cannot be followed."""
    if not data.startswith(b"\xff\xd8"):
        return None
    out = bytearray(b"\xff\xd8")
    scanned = False
    try:
        for marker, body in _segments(data):
            scanned = scanned or marker == 0xDA
            if marker == 0xD9 and not scanned:
                return None
            if _kept(marker, body[2:]):
                out += bytes((0xFF, marker)) + body
    except _Unfollowable:
        return None
    return bytes(out)


def _kept(marker: int, payload: bytes) -> bool:
    """Whether a segment stays: every non-application segment, and the application segments of :data:`_KEEP_APP`."""
    if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
        return True  # also SOS with its entropy-coded data, and EOI
    return any(marker == keep and payload.startswith(prefix) for keep, prefix in _KEEP_APP)


def _entropy_end(data: bytes, at: int) -> int:
    """Where the entropy-coded data starting at ``at`` ends: the next marker that is neither a stuffed byte
    (``FF 00``), a restart marker nor fill; -1 when there is none."""
    while True:
        found = data.find(b"\xff", at)
        if found < 0 or found + 1 >= len(data):
            return -1
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at = found + 1
            continue
        return found


def without_metadata(fmt: str, data: bytes) -> bytes:
    """A stored photo's bytes without its metadata (EXIF with any GPS position, XMP, IPTC, comments, PNG text
    chunks), pixels untouched: a JPEG losslessly by :func:`strip_jpeg_metadata`, a PNG re-saved (PNG is lossless)
    with only its colour profile. ``data`` itself when there is nothing to drop or its structure cannot be
    followed (the photo check has accepted it; ``fix`` re-encodes such a file)."""
    if fmt == "jpeg":
        return strip_jpeg_metadata(data) or data
    if fmt != "png":
        return data
    with Image.open(io.BytesIO(data)) as image:
        metadata = set(image.info) - {"icc_profile", "dpi", "gamma", "transparency", "srgb", "chromaticity"}
        if not metadata and not image.getexif():
            return data
        buffer = io.BytesIO()
        options = {key: image.info[key] for key in ("icc_profile", "dpi", "transparency") if key in image.info}
        image.save(buffer, "PNG", **options)
        return buffer.getvalue()


@frozen
class Rendered:
    """The bytes ``fix`` writes for one photo and what was changed, in Chinese (``changes``)."""

    data: bytes
    changes: tuple[str, ...]
    reencoded: bool


def _kb(size: int) -> str:
    return f"{size / 1000:.0f} KB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def render(data: bytes, facts: PhotoFacts, requirements: PhotoRequirements, max_pixels: int) -> Rendered:
    """The platform-ready JPEG for a decodable photo: upright, RGB, 295 x 413, without metadata, under the
    size limit. A JPEG that is already right keeps its compressed image byte for byte (only metadata goes);
    anything else is decoded, converted, scaled (cropping at most the aspect tolerance evenly from the edges)
    and encoded at the best quality of :data:`JPEG_QUALITIES` that fits. Raises whatever Pillow raises."""
    needs_pixels = (
        facts.format != "jpeg" or facts.mode != "RGB" or facts.transparent or facts.orientation != 1
        or (facts.width, facts.height) != requirements.size or facts.byte_size > requirements.max_bytes
    )
    if not needs_pixels:
        stripped = strip_jpeg_metadata(data)
        if stripped is not None:
            changes = ("删除了照片中的附加信息（EXIF 等）",) if len(stripped) < len(data) else ()
            return Rendered(stripped, changes, reencoded=False)
    return _reencode(data, facts, requirements, max_pixels)


def _reencode(data: bytes, facts: PhotoFacts, requirements: PhotoRequirements, max_pixels: int) -> Rendered:
    assert facts.format is not None
    changes: list[str] = []
    image = open_image(data, facts.format, max_pixels)
    had_metadata = bool(image.getexif()) or any(key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp"))
    if image.format == "JPEG":
        wanted = requirements.size if facts.orientation < 5 else requirements.size[::-1]
        image.draft(None, wanted)  # decode at the smallest scale still at least the target size
    with _bomb_guard(max_pixels):
        image.load()
    if facts.orientation != 1:
        image = image.transpose(_TRANSPOSE[facts.orientation])
        changes.append("按 EXIF 方向标记把照片转正")
    if facts.format != "jpeg":
        changes.append(f"由 {format_label(facts.format)} 转为 JPEG")
    image = _to_rgb(image, facts, changes)
    if (facts.width, facts.height) != requirements.size:
        changes.append(f"由 {facts.width}×{facts.height} 像素缩放为 {requirements.width}×{requirements.height}")
    if image.size != requirements.size:  # draft may already have scaled a JPEG by 1/2, 1/4 or 1/8
        image = ImageOps.fit(image, requirements.size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    for quality in JPEG_QUALITIES:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True)
        encoded = buffer.getvalue()
        if len(encoded) <= requirements.max_bytes:
            break
    if facts.byte_size > requirements.max_bytes:
        changes.append(f"重新压缩：{_kb(facts.byte_size)} → {_kb(len(encoded))}")
    if had_metadata:
        changes.append("删除了照片中的附加信息（EXIF 等）")
    changes.append(f"重新编码为 JPEG（质量 {quality}）")
    return Rendered(encoded, tuple(changes), reencoded=True)


def _to_rgb(image: Image.Image, facts: PhotoFacts, changes: list[str]) -> Image.Image:
    """``image`` in RGB: transparency onto white; through its ICC profile into sRGB when it has one."""
    if _has_alpha(image):
        if facts.transparent:
            changes.append("透明部分填为白色")
        return _flatten(image)
    icc = image.info.get("icc_profile")
    if facts.mode not in ("RGB", "P"):
        changes.append(f"由 {facts.mode} 色彩模式转为 RGB")
    if icc and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None
        if converted is not None:
            return converted
    return image.convert("RGB")
