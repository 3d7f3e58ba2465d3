"""Exam rooms (考场) and their seat layout."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import RoomStatus
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty, positive


@frozen
class SeatLayout:
    """行数 x 列数 of a room, with seats that cannot be used, given as 1-based ``(row, column)`` pairs."""

    rows: int = field(validator=positive)
    columns: int = field(validator=positive)
    unusable: frozenset[tuple[int, int]] = frozenset()

    def __attrs_post_init__(self) -> None:
        for row, column in self.unusable:
            if not (1 <= row <= self.rows and 1 <= column <= self.columns):
                raise ValueError(f"unusable seat ({row}, {column}) lies outside {self.rows}x{self.columns}")

    @property
    def usable_count(self) -> int:
        return self.rows * self.columns - len(self.unusable)

    def positions(self) -> list[tuple[int, int]]:
        """Usable ``(row, column)`` positions row by row: seat number *n* sits at ``positions()[n - 1]``."""
        return [
            (row, column)
            for row in range(1, self.rows + 1)
            for column in range(1, self.columns + 1)
            if (row, column) not in self.unusable
        ]


@frozen
class ExamRoom(Keyed):
    """考场: a real classroom (e.g. 信息楼301) at a site, used for one exam plan.

    ``seats`` is 考位数. With a layout, seats are numbered from 1 row by row over the usable positions, so
    ``seats`` may not exceed the layout's usable count.
    """

    plan_code: str = field(validator=non_empty)
    site_code: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    room_type: str = "普通考场"
    seats: int = field(default=30, validator=positive)
    layout: SeatLayout | None = None
    status: RoomStatus = RoomStatus.UNSCHEDULED

    def __attrs_post_init__(self) -> None:
        if self.layout is not None and self.seats > self.layout.usable_count:
            raise ValueError(
                f"room {self.name}: {self.seats} seats do not fit a layout with {self.layout.usable_count}"
            )

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "site_code", "name")


@frozen
class ExamClientCheck(Keyed):
    """考试客户端 in one room of a plan: installed and tested (step 11 of the seed: 培训评价组织联系院校安装考试
    客户端, and the school tests it in every room before the exam). Kept apart from :class:`ExamRoom`, so
    re-importing the room list does not forget it."""

    plan_code: str = field(validator=non_empty)
    site_code: str = field(validator=non_empty)
    room_name: str = field(validator=non_empty)
    installed: bool = False
    tested: bool = False
    checked_on: dt.date | None = None
    checked_by: str = ""
    note: str = ""

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "site_code", "room_name")

    @property
    def ready(self) -> bool:
        """Installed and tested: the room can hold the exam."""
        return self.installed and self.tested

    @property
    def label(self) -> str:
        """The room list's 考试客户端 cell: 已安装并测试 · 已安装，未测试 · 未安装."""
        if self.ready:
            return "已安装并测试"
        return "已安装，未测试" if self.installed else "未安装"
