"""Pilot schools (试点院校) and evaluation organisations (培训评价组织)."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty


@frozen
class School(Keyed):
    """试点院校: a pilot school. ``code`` is the school's code on the platform (院校代码)."""

    code: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    address: str = ""

    key_fields: ClassVar[tuple[str, ...]] = ("code",)


@frozen
class EvaluationOrganization(Keyed):
    """培训评价组织: the organisation that owns a certificate, approves sites and schedules exams (排考)."""

    code: str = field(validator=non_empty)
    name: str = field(validator=non_empty)

    key_fields: ClassVar[tuple[str, ...]] = ("code",)
