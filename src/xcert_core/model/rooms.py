"""Exam rooms (考场) and their seat layout."""

from __future__ import annotations

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
