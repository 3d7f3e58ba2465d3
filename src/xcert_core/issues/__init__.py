"""The issue model: catalogued issue types, issues with row/column coordinates, reports and settings."""

from __future__ import annotations

from xcert_core.issues.catalogue import IssueCatalogue
from xcert_core.issues.report import IssueCollector, IssueReport, IssueSettings, has_error
from xcert_core.issues.types import KEBAB_CASE, Issue, IssueType, PersonalData, issue_type

__all__ = [
    "KEBAB_CASE",
    "Issue",
    "IssueCatalogue",
    "IssueCollector",
    "IssueReport",
    "IssueSettings",
    "IssueType",
    "PersonalData",
    "has_error",
    "issue_type",
]
