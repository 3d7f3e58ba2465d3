"""The core's photo issue types as a plug-in (``xcert-photo-rules``), registered like any other."""

from __future__ import annotations

from xcert_core.hookspecs import RegisterIssueType, hookimpl
from xcert_core.photos.issue_types import ISSUE_TYPES


class PhotoRulesPlugin:
    """Catalogues every issue type the photo checks (``xcert photos check`` and ``fix``) report."""

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for issue_type in ISSUE_TYPES:
            register(issue_type)
