"""What a file really is, from its first bytes (its "magic number"), whatever its name says.

A photo renamed from ``.png`` to ``.jpg`` is still a PNG; a ``.jpg`` that is really a HEIC from an iPhone, or
a zip inside the zip, must be reported as what it is.
"""

from __future__ import annotations

SNIFF_BYTES = 32
"""How many leading bytes :func:`sniff_format` needs."""

IMAGE_FORMATS = frozenset({"jpeg", "png", "gif", "bmp", "webp", "tiff", "heic", "avif", "jpeg2000", "ico"})
"""Content formats that are pictures (only ``jpeg`` and ``png`` are accepted by the platform)."""
ARCHIVE_FORMATS = frozenset({"zip", "rar", "7z", "gzip"})
"""Content formats that are archives: a zip inside the photo zip."""

FORMAT_LABELS = {
    "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "webp": "WebP", "tiff": "TIFF",
    "heic": "HEIC（苹果手机照片格式）", "avif": "AVIF", "jpeg2000": "JPEG 2000", "ico": "图标（ICO）",
    "zip": "ZIP 压缩包", "rar": "RAR 压缩包", "7z": "7z 压缩包", "gzip": "gzip 压缩包", "pdf": "PDF 文档",
    "ole2": "Office 文档", "text": "文本",
}
"""How messages name a format."""

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}


_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "jpeg2000"),
    (b"\xff\x4f\xff\x51", "jpeg2000"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"PK\x07\x08", "zip"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"%PDF", "pdf"),
    (b"\xd0\xcf\x11\xe0", "ole2"),
)


def sniff_format(head: bytes) -> str | None:
    """The format of a file whose first bytes are ``head`` (:data:`SNIFF_BYTES` suffice), ``None`` when
    unknown. Never raises."""
    for prefix, name in _PREFIXES:
        if head.startswith(prefix):
            return name
    if head.startswith(b"BM") and len(head) >= 14:
        return "bmp"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "heic"
        if brand in _AVIF_BRANDS:
            return "avif"
    return None


def format_label(name: str | None) -> str:
    """A format's name in messages (``"png"`` → ``PNG``); unknown formats are ``未知格式``."""
    if name is None:
        return "未知格式"
    return FORMAT_LABELS.get(name, name.upper())
