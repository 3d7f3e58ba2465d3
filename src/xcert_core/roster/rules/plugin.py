"""The core's roster rule families as a plug-in (``xcert-roster-rules``), registered like any other.

Registering them imports none of them: each family's module (the pinyin tables, python-stdnum and pycountry for
the ID numbers …) is imported when a roster is first checked, not by every command at start-up. The issue types
are every type :mod:`xcert_core.roster.issue_types` defines, in its order; a test holds them to be exactly the
types the sheet reading, the import and the families report.
"""

from __future__ import annotations

import importlib

from xcert_core.hookspecs import Register, RegisterIssueType, hookimpl
from xcert_core.issues import IssueType
from xcert_core.issues.catalogue import defined_in
from xcert_core.ports.rules import RuleFamily, RuleFamilyFactory
from xcert_core.roster import issue_types

FAMILIES: tuple[tuple[str, str, str], ...] = (
    (issue_types.F_WHITESPACE, "whitespace", "WhitespaceRules"),
    (issue_types.F_CELL_TEXT, "cell_text", "CellTextRules"),
    (issue_types.F_NAMES, "names", "NameRules"),
    (issue_types.F_IDENTITY, "identity", "IdentityRules"),
    (issue_types.F_CONTACT, "contact", "ContactRules"),
    (issue_types.F_ENROLMENT, "enrolment", "EnrolmentRules"),
    (issue_types.F_PROGRAMS, "programs", "ProgramRules"),
    (issue_types.F_EDUCATION, "education", "EducationRules"),
)
"""(family name, module of :mod:`xcert_core.roster.rules`, class) of each family."""

ISSUE_TYPES: tuple[IssueType, ...] = defined_in(issue_types)


def family_factory(module: str, name: str) -> RuleFamilyFactory:
    """A factory of the family class ``name`` of :mod:`xcert_core.roster.rules`'s ``module``, imported when the
    first family is made."""

    def make() -> RuleFamily:
        family: RuleFamily = getattr(importlib.import_module(f"xcert_core.roster.rules.{module}"), name)()
        return family

    return make


class RosterRulesPlugin:
    """Registers every roster rule family under its ``name`` and catalogues their issue types."""

    @hookimpl
    def xcert_register_rules(self, register: Register[RuleFamilyFactory]) -> None:
        for family, module, name in FAMILIES:
            register(family, family_factory(module, name))

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for issue_type in ISSUE_TYPES:
            register(issue_type)
