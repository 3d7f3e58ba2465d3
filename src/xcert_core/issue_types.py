"""The issue types the core package itself reports, and the core's own plug-in that catalogues them. Each
subpackage keeps its own in its ``issue_types.py``, all built by :func:`xcert_core.issues.issue_type`."""

from __future__ import annotations

from xcert_core.hookspecs import RegisterIssueType, hookimpl
from xcert_core.issues import issue_type
from xcert_core.labels import Severity

SETTINGS_UNKNOWN_CODE = issue_type(
    "settings", "settings-unknown-code", title="设置中的问题代码不存在", title_en="Unknown issue code in settings",
    severity=Severity.WARNING,
    message="设置中的问题代码“{code}”不存在，这条设置不起作用。",
    message_en="The settings name issue code {code!r}, which no rule reports; the setting has no effect.",
    suggestion="请对照“问题代码”列表改正拼写，或删除这条设置。",
    description="A severity override names a code that is not catalogued (often a typo).",
)

CORE_ISSUE_TYPES = (SETTINGS_UNKNOWN_CODE,)


class CorePlugin:
    """The core's plug-in: registered by :func:`xcert_core.plugins.make_plugin_manager` as ``xcert-core``."""

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for each in CORE_ISSUE_TYPES:
            register(each)
