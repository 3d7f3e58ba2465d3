"""Programs of study (专业) from the national program catalogue (专业目录)."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import ProgramLevel
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty


@frozen
class Program(Keyed):
    """专业: a program as the catalogue of one version lists it (e.g. 中专 计算机平面设计 090300, 2010)."""

    level: ProgramLevel
    name: str = field(validator=non_empty)
    code: str = field(validator=non_empty)
    catalogue_version: str = field(validator=non_empty)

    key_fields: ClassVar[tuple[str, ...]] = ("catalogue_version", "level", "code")
