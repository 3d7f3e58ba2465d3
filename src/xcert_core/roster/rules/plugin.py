"""The core's roster rule families as a plug-in (``xcert-roster-rules``), registered like any other."""

from __future__ import annotations

from xcert_core.hookspecs import Register, RegisterIssueType, hookimpl
from xcert_core.ports.rules import RuleFamilyFactory
from xcert_core.roster import reading
from xcert_core.roster.issue_types import TYPE_CONFLICT
from xcert_core.roster.rules import cell_text, contact, education, enrolment, identity, names, programs, whitespace

FAMILIES: tuple[RuleFamilyFactory, ...] = (
    whitespace.WhitespaceRules,
    cell_text.CellTextRules,
    names.NameRules,
    identity.IdentityRules,
    contact.ContactRules,
    enrolment.EnrolmentRules,
    programs.ProgramRules,
    education.EducationRules,
)
ISSUE_TYPES = (
    *reading.ISSUE_TYPES,
    TYPE_CONFLICT,
    *whitespace.ISSUE_TYPES,
    *cell_text.ISSUE_TYPES,
    *names.ISSUE_TYPES,
    *identity.ISSUE_TYPES,
    *contact.ISSUE_TYPES,
    *enrolment.ISSUE_TYPES,
    *programs.ISSUE_TYPES,
    *education.ISSUE_TYPES,
)


class RosterRulesPlugin:
    """Registers every roster rule family under its ``name`` and catalogues their issue types."""

    @hookimpl
    def xcert_register_rules(self, register: Register[RuleFamilyFactory]) -> None:
        for factory in FAMILIES:
            register(factory().name, factory)

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for issue_type in ISSUE_TYPES:
            register(issue_type)
