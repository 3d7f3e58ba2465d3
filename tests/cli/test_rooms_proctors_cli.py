"""``xcert rooms`` and ``xcert proctors`` in a workspace, and whitespace in the room and proctor sheets."""

from __future__ import annotations

from xcert_core.ports.workbooks import SheetData
from xcert_core.scheduling.proctors_sheet import read_proctors_sheet
from xcert_core.scheduling.rooms_sheet import read_rooms_sheet

ROOM_HEADER = ("*考核站点编号", "*考核站点名称", "*考场名称", "*考场类型", "*考位数", "行数", "列数")
PROCTOR_HEADER = ("*教师编号", "*教师姓名", "*手机号码", "所属院校", "所在区域", "*监考类型", "不可监考场次")


def sheet(header: tuple[str, ...], *rows: tuple[object, ...]) -> SheetData:
    return SheetData("Sheet1", (("标题",), ("注意说明：……",), header, *rows))


def test_room_whitespace_is_reported_with_the_roster_codes_and_the_row_gives_no_room() -> None:
    rooms, issues = read_rooms_sheet(sheet(ROOM_HEADER,
                                           ("18 ", "站点", "信息楼301", "普通考场", 30, None, None),
                                           ("18", "站点", "信息楼\u3000302", "普通考场", 30, None, None),
                                           ("1 8", "站点", "信息楼 303", "普通考场", 30, None, None),
                                           ("18", "站点", "信息楼304\u200b", "普通考场", 30, None, None),
                                           ("18", "站点", "信息楼 305", "普通考场", 30, None, None)),
                                     "考场.xlsx", "P1")
    assert sorted((i.row, i.code, i.column) for i in issues) == [
        (4, "whitespace-edges", "考核站点编号"), (5, "whitespace-full-width", "考场名称"),
        (6, "whitespace-inside", "考核站点编号"), (7, "whitespace-zero-width", "考场名称")]
    assert [r.name for r in rooms] == ["信息楼 305"]  # one space between words is fine in a room name
    assert next(i for i in issues if i.row == 5).suggestion == "改为“信息楼 302”"


def test_proctor_whitespace_is_reported_and_the_phone_is_not_echoed() -> None:
    proctors, issues = read_proctors_sheet(sheet(PROCTOR_HEADER,
                                                 ("T01", "王老师", " 13812345678", None, None, "监考", None),
                                                 ("T02", "李老师", "13912345678", None, None, "巡考 ", None),
                                                 ("T03", "张老师", "13712345678", None, None, "监考", "S1; S2")),
                                           "监考.xlsx")
    assert sorted((i.row, i.code, i.column) for i in issues) == [
        (4, "whitespace-edges", "手机号码"), (5, "whitespace-edges", "监考类型")]
    assert "13812345678" not in (issues[0].suggestion or "") + issues[0].message
    assert [(p.teacher_number, p.unavailable_sessions) for p in proctors] == [("T03", frozenset({"S1", "S2"}))]
