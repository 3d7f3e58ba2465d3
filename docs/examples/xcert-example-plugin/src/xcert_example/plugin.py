"""The example plug-in's hooks, found by xcert through the entry point in ``pyproject.toml``::

    [project.entry-points.xcert]
    example-school = "xcert_example.plugin"

Registration is cheap: factories are passed, never called, and nothing heavy is imported here.
"""

from __future__ import annotations

from xcert_core.hookspecs import Register, RegisterIssueType, hookimpl
from xcert_core.ports.rendering import RendererFactory
from xcert_core.ports.rules import RuleFamilyFactory

from xcert_example import rules
from xcert_example.html_tickets import HtmlTicketRenderer


@hookimpl
def xcert_register_rules(register: Register[RuleFamilyFactory]) -> None:
    register(rules.FAMILY, rules.SchoolPolicyRules)


@hookimpl
def xcert_register_issue_types(register: RegisterIssueType) -> None:
    for issue_type in rules.ISSUE_TYPES:
        register(issue_type)


@hookimpl
def xcert_register_renderers(register: Register[RendererFactory]) -> None:
    register("html", HtmlTicketRenderer)
