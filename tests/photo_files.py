"""Photos and photo zips for the photo tests, made by the tests themselves the way schools' files arrive:
Pillow draws a head and shoulders on a coloured background, zipfile writes ordinary zips, and
:func:`raw_zip` writes zips byte by byte when a test needs what zipfile will not write (names in GBK without
the UTF-8 flag, the encryption flag, sizes that lie). No tests here."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from attrs import frozen
from PIL import Image, ImageDraw
from stdnum.cn import ric

RED = (214, 28, 36)
BLUE = (67, 142, 219)
WHITE = (246, 246, 246)
SIZE = (295, 413)


def id_number(n: int) -> str:
    """A valid 18-digit resident ID number (address code 140105, born 2004-03-15), distinct for n < 1000."""
    stem = f"14010520040315{n % 1000:03d}"
    return stem + ric.calc_check_digit(stem + "0")


def portrait(size: tuple[int, int] = SIZE, background: tuple[int, int, int] = RED) -> Image.Image:
    """An RGB head-and-shoulders picture on ``background``, centred like an ID photo."""
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.27, height * 0.10, width * 0.73, height * 0.48), fill=(30, 24, 22))  # hair
    draw.ellipse((width * 0.32, height * 0.18, width * 0.68, height * 0.58), fill=(226, 186, 160))  # face
    draw.rectangle((width * 0.45, height * 0.56, width * 0.55, height * 0.66), fill=(214, 176, 150))  # neck
    draw.pieslice((width * 0.05, height * 0.64, width * 0.95, height * 1.4), 180, 360, fill=(32, 36, 62))
    return image


def encode(image: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo_bytes(size: tuple[int, int] = SIZE, background: tuple[int, int, int] = RED, fmt: str = "JPEG",
                mode: str = "RGB", **options: object) -> bytes:
    """A portrait encoded as ``fmt`` in ``mode`` (``options`` go to Pillow's ``save``, e.g. ``exif=``)."""
    image = portrait(size, background)
    if mode != "RGB":
        image = image.convert(mode)
    if fmt == "JPEG" and "quality" not in options:
        options["quality"] = 92
    return encode(image, fmt, **options)


def write_zip(path: Path, entries: Iterable[tuple[str, bytes]],
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """An ordinary zip, as zipfile writes it (UTF-8 flag on non-ASCII names)."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


@frozen
class RawEntry:
    """One entry of :func:`raw_zip`: the name's bytes as stored, the data, the general-purpose flags, the method
    (8 deflate, 0 stored), declared size or CRC overrides for lying entries, and ``padding`` stored after the
    compressed data (counted in the compressed size)."""

    name: bytes
    data: bytes
    flags: int = 0
    method: int = 8
    declared_size: int | None = None
    crc: int | None = None
    padding: bytes = b""


def raw_zip(entries: Sequence[RawEntry]) -> bytes:
    """A zip written byte by byte (no data descriptors, no zip64), exactly as the entries say."""
    out = bytearray()
    directory = bytearray()
    for entry in entries:
        if entry.method == 8:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed = packer.compress(entry.data) + packer.flush()
        else:
            packed = entry.data
        packed += entry.padding
        crc = zlib.crc32(entry.data) if entry.crc is None else entry.crc
        size = len(entry.data) if entry.declared_size is None else entry.declared_size
        offset = len(out)
        fields = (20, entry.flags, entry.method, 0, 0x21, crc, len(packed), size, len(entry.name), 0)
        out += b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + entry.name + packed
        directory += b"PK\x01\x02" + struct.pack(
            "<HHHHHHIIIHHHHHII", 20, 20, entry.flags, entry.method, 0, 0x21, crc, len(packed), size,
            len(entry.name), 0, 0, 0, 0, 0, offset,
        ) + entry.name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(out), 0)
    return bytes(out + directory + end)


def exif_with(orientation: int | None = None, gps: bool = False) -> bytes:
    """EXIF bytes with an orientation and, optionally, a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 54.0, 26.0), 3: "E", 4: (116.0, 23.0, 29.0)})
    return exif.tobytes()
