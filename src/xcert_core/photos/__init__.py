"""Candidate photos (学生照片): the platform's requirements as data, the issue types, background colour
classification, file-name reading, matching against the candidates, and the report model.

Decoding pictures and reading zips is the adapters' part (:mod:`xcert_adapters.photos`): they measure each
photo into :class:`PhotoFacts` and hand it to a :class:`PhotoChecker`, which decides every finding.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xcert_core.photos.background import (
        DEFAULT_TOLERANCE,
        BackgroundColour,
        BackgroundVerdict,
        ColourTolerance,
        border_samples,
        classify_background,
        classify_raster,
    )
    from xcert_core.photos.checking import (
        CandidateNumbers,
        PhotoChecker,
        PhotoFacts,
        PhotoPlan,
        PhotoSubject,
        Thumbnail,
        content_findings,
    )
    from xcert_core.photos.formats import IMAGE_FORMATS, sniff_format
    from xcert_core.photos.issue_types import FIXABLE, ISSUE_TYPES
    from xcert_core.photos.names import EntryName, NameStatus, NameVerdict, display_name, read_stem, unsafe_reason
    from xcert_core.photos.report import FixAction, FixedFile, FixReport, PhotoFinding, PhotoReport
    from xcert_core.photos.requirements import PLATFORM_PHOTO, PhotoRequirements

_HOMES = {
    "BackgroundColour": "background",
    "BackgroundVerdict": "background",
    "CandidateNumbers": "checking",
    "ColourTolerance": "background",
    "DEFAULT_TOLERANCE": "background",
    "EntryName": "names",
    "FIXABLE": "issue_types",
    "FixAction": "report",
    "FixReport": "report",
    "FixedFile": "report",
    "IMAGE_FORMATS": "formats",
    "ISSUE_TYPES": "issue_types",
    "NameStatus": "names",
    "NameVerdict": "names",
    "PLATFORM_PHOTO": "requirements",
    "PhotoChecker": "checking",
    "PhotoFacts": "checking",
    "PhotoFinding": "report",
    "PhotoPlan": "checking",
    "PhotoReport": "report",
    "PhotoRequirements": "requirements",
    "PhotoSubject": "checking",
    "Thumbnail": "checking",
    "border_samples": "background",
    "classify_background": "background",
    "classify_raster": "background",
    "content_findings": "checking",
    "display_name": "names",
    "read_stem": "names",
    "sniff_format": "formats",
    "unsafe_reason": "names",
}
"""Each name of :data:`__all__` and the module of this package it comes from."""

__all__ = [
    "DEFAULT_TOLERANCE",
    "FIXABLE",
    "IMAGE_FORMATS",
    "ISSUE_TYPES",
    "PLATFORM_PHOTO",
    "BackgroundColour",
    "BackgroundVerdict",
    "CandidateNumbers",
    "ColourTolerance",
    "EntryName",
    "FixAction",
    "FixReport",
    "FixedFile",
    "NameStatus",
    "NameVerdict",
    "PhotoChecker",
    "PhotoFacts",
    "PhotoFinding",
    "PhotoPlan",
    "PhotoReport",
    "PhotoRequirements",
    "PhotoSubject",
    "Thumbnail",
    "border_samples",
    "classify_background",
    "classify_raster",
    "content_findings",
    "display_name",
    "read_stem",
    "sniff_format",
    "unsafe_reason",
]


def __getattr__(name: str) -> Any:
    """A name of :data:`__all__`, imported from its module on first use (:pep:`562`): registering the photo issue
    types, which every command does, needs none of the checks, and so none of what they import."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
