"""Candidate photos (学生照片): the platform's requirements as data, the issue types, background colour
classification, file-name reading, matching against the candidates, and the report model.

Decoding pictures and reading zips is the adapters' part (:mod:`xcert_adapters.photos`): they measure each
photo into :class:`PhotoFacts` and hand it to a :class:`PhotoChecker`, which decides every finding.
"""

from __future__ import annotations

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
