"""Small pictures of the photos a check found problems with, so the person fixing them sees which photo is
meant (the workbench's 照片 page shows them beside each problem).

Contract of :func:`previews`: for each finding of a :class:`~xcert_core.photos.report.PhotoReport`, in order,
a small JPEG (at most :data:`SIZE`, without metadata) of the zip entry it concerns, or ``None`` when it concerns
no entry or the entry cannot be shown. The zip is read as hostile input exactly as the check reads it
(:class:`~xcert_adapters.photos.archive.PhotoZip`: size, ratio and pixel caps); an entry the check refused is
not decoded again; nothing is written to disk.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from xcert_adapters.photos.archive import DEFAULT_PHOTO_LIMITS, EntryRefused, PhotoZip
from xcert_adapters.photos.imaging import TooManyPixelsError, open_image
from xcert_core.errors import UnreadableFileError
from xcert_core.photos.formats import sniff_format
from xcert_core.photos.report import PhotoReport

SIZE = (72, 100)
"""A preview's largest width and height in pixels (the platform's photo is 295 × 413)."""
MOST = 200
"""Previews per report at most (a zip with thousands of problems shows the first ones)."""


def _preview(data: bytes) -> bytes | None:
    fmt = sniff_format(data[:64])
    if fmt is None:
        return None
    try:
        with open_image(data, fmt, DEFAULT_PHOTO_LIMITS.max_pixels) as image:
            image.thumbnail(SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (TooManyPixelsError, OSError, ValueError, Image.DecompressionBombError, KeyError):
        return None


def previews(zip_path: Path, report: PhotoReport) -> list[bytes | None]:
    """One preview (or ``None``) per finding of ``report``, which was made from ``zip_path``."""
    wanted = [finding.entry for finding in report.findings]
    if not any(wanted):
        return [None] * len(wanted)
    made: dict[str, bytes | None] = {}
    try:
        with PhotoZip(zip_path) as archive:
            members = {member.name: member for member in archive.members}
            for name in dict.fromkeys(entry for entry in wanted if entry):
                if len(made) >= MOST or name not in members:
                    continue
                try:
                    made[name] = _preview(archive.read(members[name]))
                except EntryRefused:
                    made[name] = None
    except UnreadableFileError:
        return [None] * len(wanted)
    return [made.get(entry) if entry else None for entry in wanted]
