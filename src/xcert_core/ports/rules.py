"""The rule port: a rule family checks one kind of input and yields catalogued issues.

A rule family never raises for bad user data and never mutates its input. Its ``issue_types`` are the codes
it may report; the plugin manager catalogues them, so a family cannot report an uncatalogued code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from xcert_core.issues import Issue, IssueType

ROSTER_TARGET = "roster"
"""A family of this target checks the roster: ``check`` receives a :class:`~xcert_core.roster.table.RosterTable`."""
PHOTO_TARGET = "photo"
"""A family of this target checks each decodable photo of a zip: ``check`` receives a
:class:`~xcert_core.photos.checking.PhotoSubject` (entry name, the ID number it names, the picture's facts)."""
TARGETS = (ROSTER_TARGET, PHOTO_TARGET)
"""Every target xcert runs families for; a family with another target is registered but never run."""


@runtime_checkable
class RuleFamily(Protocol):
    """``name`` is the family's name in settings (e.g. ``"pinyin"``); ``target`` names what it checks, one of
    :data:`TARGETS`: ``"roster"`` (a :class:`~xcert_core.roster.table.RosterTable`) or ``"photo"`` (a
    :class:`~xcert_core.photos.checking.PhotoSubject`)."""

    name: str
    target: str
    issue_types: tuple[IssueType, ...]

    def check(self, subject: Any) -> Iterable[Issue]: ...


RuleFamilyFactory = Callable[[], RuleFamily]
