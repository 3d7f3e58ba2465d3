"""Proctors (监考人员) and their assignments as 监考 (one room) or 巡考 (a whole site)."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import ProctorRole
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty


@frozen
class Proctor(Keyed):
    """监考人员 as the platform's proctor template lists them (教师编号, 教师姓名, 手机号码, 所属院校, 所在区域)."""

    school_code: str = field(validator=non_empty)
    teacher_number: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    phone: str = ""
    region: str = ""
    role: ProctorRole = ProctorRole.PROCTOR
    unavailable_sessions: frozenset[str] = frozenset()

    key_fields: ClassVar[tuple[str, ...]] = ("school_code", "teacher_number")


@frozen
class ProctorAssignment(Keyed):
    """One proctor in one session: in a room (监考, ``room_name`` set) or over a site (巡考, ``room_name`` None)."""

    plan_code: str = field(validator=non_empty)
    session_code: str = field(validator=non_empty)
    site_code: str = field(validator=non_empty)
    school_code: str = field(validator=non_empty)
    teacher_number: str = field(validator=non_empty)
    role: ProctorRole
    room_name: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.role is ProctorRole.PROCTOR) != (self.room_name is not None):
            raise ValueError("a 监考 assignment names a room; a 巡考 assignment names none")

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "session_code", "school_code", "teacher_number")
