"""The core's results plug-in (``xcert-results``): catalogues the score import's issue types."""

from __future__ import annotations

from xcert_core.hookspecs import RegisterIssueType, hookimpl
from xcert_core.results import issue_types


class ResultsPlugin:
    """Catalogues the score sheet's and the certificate sheet's issue types."""

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for issue_type in (*issue_types.ISSUE_TYPES, *issue_types.AWARD_ISSUE_TYPES):
            register(issue_type)
