"""The core's fees plug-in (``xcert-fees``): catalogues the payment import's issue types."""

from __future__ import annotations

from xcert_core.fees import issue_types
from xcert_core.hookspecs import RegisterIssueType, hookimpl


class FeesPlugin:
    """Catalogues the payment sheet's issue types."""

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for issue_type in issue_types.ISSUE_TYPES:
            register(issue_type)
