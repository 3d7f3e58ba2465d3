"""The built-in platform packager (``x-platform``) and the upload package's issue types, registered through the
``platform-packager`` entry point.

Registering loads only the issue types: the packager (:mod:`xcert_adapters.platform.packager`, with the package's
sheets and the roster rules they run) is imported when a packager is made, so every command's start-up does not
pay for it.
"""

from __future__ import annotations

from typing import Any

from xcert_core.exchange.issue_types import ISSUE_TYPES
from xcert_core.hookspecs import Register, RegisterIssueType, hookimpl
from xcert_core.ports.platform import PlatformPackager, PlatformPackagerFactory

NAME = "x-platform"


def make_packager(*args: Any, **options: Any) -> PlatformPackager:
    """:class:`~xcert_adapters.platform.packager.XPlatformPackager` made with the arguments given."""
    from xcert_adapters.platform.packager import XPlatformPackager  # noqa: PLC0415

    return XPlatformPackager(*args, **options)


@hookimpl
def xcert_register_platform_packagers(register: Register[PlatformPackagerFactory]) -> None:
    register(NAME, make_packager)


@hookimpl
def xcert_register_issue_types(register: RegisterIssueType) -> None:
    for issue_type in ISSUE_TYPES:
        register(issue_type)
