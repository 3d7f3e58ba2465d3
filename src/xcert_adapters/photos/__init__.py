"""Candidate photos, the adapters' part: reading a photo zip as hostile input (:mod:`.archive`), measuring and
re-encoding pictures with Pillow (:mod:`.imaging`), and the check and fix built on the core's
:class:`~xcert_core.photos.PhotoChecker` (:mod:`.service`)."""

from __future__ import annotations

from xcert_adapters.photos.archive import DEFAULT_PHOTO_LIMITS, EntryRefused, Member, PhotoZip, PhotoZipLimits
from xcert_adapters.photos.imaging import measure, render, strip_jpeg_metadata
from xcert_adapters.photos.service import check_photo_zip, fix_photo_zip, load_candidates

__all__ = [
    "DEFAULT_PHOTO_LIMITS",
    "EntryRefused",
    "Member",
    "PhotoZip",
    "PhotoZipLimits",
    "check_photo_zip",
    "fix_photo_zip",
    "load_candidates",
    "measure",
    "render",
    "strip_jpeg_metadata",
]
