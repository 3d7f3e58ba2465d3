"""The rule port: a rule family checks one kind of input and yields catalogued issues.

A rule family never raises for bad user data and never mutates its input. Its ``issue_types`` are the codes
it may report; the plugin manager catalogues them, so a family cannot report an uncatalogued code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from xcert_core.issues import Issue, IssueType


@runtime_checkable
class RuleFamily(Protocol):
    """``name`` is the family's name in settings (e.g. ``"pinyin"``); ``target`` names what it checks
    (``"roster"`` → :class:`~xcert_core.roster.table.RosterTable`, ``"photos"``, ``"registrations"`` …)."""

    name: str
    target: str
    issue_types: tuple[IssueType, ...]

    def check(self, subject: Any) -> Iterable[Issue]: ...


RuleFamilyFactory = Callable[[], RuleFamily]
