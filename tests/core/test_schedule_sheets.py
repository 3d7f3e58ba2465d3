"""The room and proctor templates: blank templates and the row-by-row readers."""

from __future__ import annotations

import pytest

from xcert_core.errors import UnreadableFileError
from xcert_core.labels import ProctorRole
from xcert_core.model import SeatLayout
from xcert_core.ports.workbooks import SheetData
from xcert_core.scheduling.proctors_sheet import proctor_template, read_proctors_sheet
from xcert_core.scheduling.rooms_sheet import read_rooms_sheet, room_template

ROOM_HEADER = ("*考核站点编号", "*考核站点名称", "*考场名称", "*考场类型", "*考位数", "行数", "列数")
PROCTOR_HEADER = ("*教师编号", "*教师姓名", "*手机号码", "所属院校", "所在区域", "*监考类型", "不可监考场次")


def sheet(header: tuple[str, ...], *rows: tuple[object, ...]) -> SheetData:
    return SheetData("Sheet1", (("标题",), ("注意说明：……",), header, *rows))


def test_templates_have_title_notes_and_header() -> None:
    assert room_template().rows[2] == ROOM_HEADER and room_template().rows[0][0] == "考场导入模板"
    assert proctor_template().rows[2] == PROCTOR_HEADER and proctor_template().rows[0][0] == "监考人员导入模板"


def test_good_rooms_are_read_in_file_order() -> None:
    rooms, issues = read_rooms_sheet(sheet(ROOM_HEADER, ("18", "站点", "信息楼301", "普通考场", 30.0, 5, 6),
                                           ("18", "站点", "信息楼302", "机房", "20", None, None),
                                           ("19", "另一站点", "信息楼301", "普通考场", 10, None, None)),
                                     "考场.xlsx", "P1")
    assert issues == []
    assert [(r.site_code, r.name, r.seats, r.layout) for r in rooms] == [
        ("18", "信息楼301", 30, SeatLayout(5, 6)), ("18", "信息楼302", 20, None), ("19", "信息楼301", 10, None)]
    assert {r.plan_code for r in rooms} == {"P1"} and rooms[1].room_type == "机房"


def test_every_room_problem_is_reported_by_row() -> None:
    rooms, issues = read_rooms_sheet(sheet(ROOM_HEADER,
                                           ("18", "站点", None, "普通考场", 30, None, None),
                                           ("18", "站点", "A", "普通考场", "三十", None, None),
                                           ("18", "站点", "B", "普通考场", 0, None, None),
                                           ("18", "站点", "C", "普通考场", 2.5, None, None),
                                           ("18", "站点", "D", "普通考场", 30, 4, 5),
                                           ("18", "站点", "E", "普通考场", 30, None, None),
                                           ("18", "站点", "E", "普通考场", 30, None, None),
                                           ("18", "站点", "F", None, 30, 0, 6)),
                                     "考场.xlsx", "P1")
    found = {(i.row, i.code) for i in issues}
    assert found == {(4, "room-cell-missing"), (5, "room-number-invalid"), (6, "room-number-invalid"),
                     (7, "room-number-invalid"), (8, "room-layout-too-small"), (10, "room-duplicate"),
                     (11, "room-cell-missing"), (11, "room-number-invalid")}
    assert [r.name for r in rooms] == ["E"]
    assert "4 × 列数 5 = 20，小于考位数 30" in next(i.message for i in issues if i.row == 8)


def test_rooms_without_header_or_data() -> None:
    with pytest.raises(UnreadableFileError, match="表头"):
        read_rooms_sheet(sheet(("甲", "乙")), "考场.xlsx", "P1")
    assert [i.code for i in read_rooms_sheet(sheet(ROOM_HEADER), "考场.xlsx", "P1")[1]] == ["room-no-data"]
    _, issues = read_rooms_sheet(sheet(ROOM_HEADER[:5], ("18", "站点", "A", "普通考场", 30)), "考场.xlsx", "P1")
    assert issues == []


def test_good_proctors_with_unavailable_sessions() -> None:
    proctors, issues = read_proctors_sheet(sheet(PROCTOR_HEADER,
                                                 ("T01", "王老师", "13812345678", "某学校", "太原", "监考", "S1;S2"),
                                                 ("T02", "李老师", 13912345678.0, None, None, "巡考", None)),
                                           "监考.xlsx")
    assert issues == []
    assert [(p.teacher_number, p.role, p.unavailable_sessions, p.school_code) for p in proctors] == [
        ("T01", ProctorRole.PROCTOR, frozenset({"S1", "S2"}), "某学校"),
        ("T02", ProctorRole.INSPECTOR, frozenset(), "本校")]
    assert proctors[1].phone == "13912345678"


def test_every_proctor_problem_is_reported_and_phones_are_masked() -> None:
    proctors, issues = read_proctors_sheet(sheet(PROCTOR_HEADER,
                                                 ("T01", "王老师", "13812345678", None, None, "老师", None),
                                                 ("T02", "李老师", "2381234567890", None, None, "监考", None),
                                                 ("T03", None, "13812345678", None, None, "监考", None),
                                                 ("T04", "赵老师", "13812345678", None, None, "巡考", None),
                                                 ("T04", "钱老师", "13812345679", None, None, "监考", None)),
                                           "监考.xlsx")
    assert {(i.row, i.code) for i in issues} == {(4, "proctor-role-unknown"), (5, "proctor-phone-invalid"),
                                                 (6, "proctor-cell-missing"), (8, "proctor-duplicate")}
    assert [p.teacher_number for p in proctors] == ["T04"]
    assert all("2381234567890" not in i.message for i in issues)
    with pytest.raises(UnreadableFileError, match="表头"):
        read_proctors_sheet(sheet(("甲", "乙")), "监考.xlsx")


@pytest.mark.parametrize(("seats", "rows", "columns"), [(99999999999, None, None), (30, 5000, 1), (1001, None, None)])
def test_absurd_room_sizes_are_refused(seats: int, rows: int | None, columns: int | None) -> None:
    """A typo such as 30000 seats must be reported, not handed to the allocator (it walks every seat)."""
    rooms, issues = read_rooms_sheet(sheet(ROOM_HEADER, ("18", "站点", "信息楼301", "普通考场", seats, rows, columns)),
                                     "考场.xlsx", "P1")
    assert rooms == [] and [i.code for i in issues] == ["room-number-invalid"]
