"""The core's organisation plug-in (``xcert-organisation``): catalogues the cross-school import's issue types."""

from __future__ import annotations

from xcert_core.hookspecs import RegisterIssueType, hookimpl
from xcert_core.organisation import issue_types


class OrganisationPlugin:
    """Catalogues the organisation's registration sheet's issue types."""

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for issue_type in issue_types.ISSUE_TYPES:
            register(issue_type)
