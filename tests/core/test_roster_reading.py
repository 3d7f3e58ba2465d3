"""Reading a roster sheet (:mod:`xcert_core.roster.reading`): what each kind of cell becomes and the issue it gets,
the sheet's own issues (column order, no data, blank rows, no header), and the fast block path being taken where
it should (it is the roster check's speed, issue 21) and giving what row-by-row reading gives."""

from __future__ import annotations

import datetime as dt
import re
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roster_files import HEADER
from xcert_core.errors import UnreadableFileError
from xcert_core.issues import Issue
from xcert_core.labels import CandidateType
from xcert_core.ports.workbooks import CellValue, SheetData
from xcert_core.roster import reading
from xcert_core.roster.columns import SCHOOL_ROSTER
from xcert_core.roster.reading import read_roster

ROW = ("张三", "Zhang San", "男", "身份证", "140105200403150017", "13812345678", "2021", "中专", "计算机平面设计",
       "090300", "2010")
KEYS = tuple(column.key for column in SCHOOL_ROSTER.columns)
TITLE = ("本校学生导入模板",)


def read(*rows: tuple[CellValue, ...], header: tuple[str, ...] = HEADER) -> tuple[reading.RosterTable, list[Issue]]:
    return read_roster(SheetData("Sheet1", (TITLE, header, *rows)), "名单.xlsx")


def with_cell(key: str, value: CellValue) -> tuple[CellValue, ...]:
    return tuple(value if k == key else text for k, text in zip(KEYS, ROW, strict=True))


def cell_outcome(key: str, value: CellValue) -> tuple[str | None, list[Issue]]:
    """The text the row keeps for ``key`` holding ``value``, and the issues of the sheet."""
    table, issues = read(with_cell(key, value))
    return table.rows[0].raw[key], issues


# --- what a cell that is not text becomes ------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "kind"), [(True, "逻辑值"), (False, "逻辑值"), (dt.date(2021, 9, 1), "日期时间"),
                                             (dt.datetime(2021, 9, 1, 8), "日期时间"), (dt.time(8, 30), "日期时间")])
def test_a_boolean_or_a_date_is_the_wrong_kind_of_cell(value: CellValue, kind: str) -> None:
    text, issues = cell_outcome("name", value)
    assert text is None
    assert [(i.code, i.row, i.column) for i in issues] == [("wrong-cell-type", 3, "学生姓名")]
    assert f"这里是{kind}（{value}）" in issues[0].message


def test_a_fraction_in_a_text_column_is_the_wrong_kind_of_cell() -> None:
    text, issues = cell_outcome("mobile", 138.5)
    assert text is None
    assert [i.code for i in issues] == ["wrong-cell-type"]
    assert "这里是小数（138.5）" in issues[0].message and "fraction" in issues[0].message_en


def test_a_whole_float_in_a_text_column_keeps_its_digits_with_a_warning() -> None:
    """A mobile number typed as a number (Excel stores 13812345678.0) keeps its text; the warning masks it."""
    text, issues = cell_outcome("mobile", 13812345678.0)
    assert text == "13812345678"
    assert [(i.code, i.severity.value) for i in issues] == [("number-in-text-column", "warning")]
    assert "138****5678" in issues[0].message and "13812345678" not in issues[0].message


def test_a_float_too_large_to_be_exact_is_not_taken_as_whole() -> None:
    """Beyond 2**53 a float's last digits are not what was typed: no text is made from it."""
    for beyond in (float(2**53), 2.0**60):
        text, issues = cell_outcome("mobile", beyond)
        assert text is None
        assert [i.code for i in issues] == ["wrong-cell-type"]
    assert cell_outcome("mobile", float(2**53 - 1))[0] == str(2**53 - 1)


def test_a_number_in_a_column_that_may_hold_one_is_taken_without_an_issue() -> None:
    assert cell_outcome("enrolment_year", 2021) == ("2021", [])
    assert cell_outcome("enrolment_year", 2021.0) == ("2021", [])


def test_a_program_code_that_lost_its_leading_zero_has_no_text() -> None:
    text, issues = cell_outcome("program_code", 90300)
    assert text is None
    assert [i.code for i in issues] == ["code-lost-leading-zeros"]
    assert "例如 090300（" in (issues[0].suggestion or "")
    for code in (610201, 1234567):  # six digits: nothing lost, only the format is wrong; seven: not a code at all
        text, issues = cell_outcome("program_code", code)
        assert text == str(code)
        assert [i.code for i in issues] == ["number-in-text-column"]


@pytest.mark.parametrize("key", ["name", "gender", "program_level", "program_name"])
def test_a_number_in_any_other_text_column_is_shown_as_it_is(key: str) -> None:
    """Only the mobile number is masked, and only the program code can have lost its zeros: a number typed
    into 学生姓名, 性别, 专业层次 or 就读专业 keeps its text, with a warning showing it."""
    text, issues = cell_outcome(key, 1234)
    assert text == "1234"
    assert [i.code for i in issues] == ["number-in-text-column"]
    assert "（1234）" in issues[0].message


@pytest.mark.parametrize(("value", "shown", "loss"), [
    (1.40105200403150017e17, "1.40E+17", "后几位已经丢失"),
    (140105200403150017, "140***********0017", "平台要求文本格式"),
    (1.4010520040315e14, "1.40E+14", "平台要求文本格式"),
    (14010520, "1*****20", "平台要求文本格式"),
    (1e15, "1.00E+15", "后几位已经丢失"),  # 16 digits: Excel keeps 15
    (999999999999999.0, "1.00E+15", "平台要求文本格式"),  # 15 digits: nothing lost
])
def test_an_id_number_stored_as_a_number_is_reported_masked(value: CellValue, shown: str, loss: str) -> None:
    text, issues = cell_outcome("id_number", value)
    assert text is None
    assert [(i.code, i.row, i.column) for i in issues] == [("id-number-stored-as-number", 3, "证件号码")]
    assert issues[0].message == f"证件号码被 Excel 存成了数字（{shown}），{loss}。"


@given(st.integers(10**14, 10**18 - 1) | st.floats(1e14, 1e18))
def test_no_message_shows_more_of_a_numeric_id_number_than_its_mask(value: int | float) -> None:
    """Whatever number a school system wrote into the 证件号码 column, the issue shows at most its first three
    digits in a row (and, for a whole number, its last four), as :func:`~xcert_core.privacy.mask_id_number`."""
    _, issues = cell_outcome("id_number", value)
    digits = str(int(value))
    for issue in issues:
        for text in (issue.message, issue.message_en, issue.suggestion or "", issue.value or ""):
            assert digits not in text
            assert not re.search(r"[0-9]{5}", text.replace(digits[-4:], "")), text


# --- the sheet's own issues --------------------------------------------------------------------------------------

def test_the_header_row_and_the_columns_are_where_the_sheet_has_them() -> None:
    table, issues = read(ROW)
    assert issues == []
    assert table.header_row == 2
    assert table.positions == {key: n for n, key in enumerate(KEYS)}
    assert table.rows[0].row == 3


@pytest.mark.parametrize("titles", [0, 1, 2])
def test_the_header_row_is_counted_from_the_top_of_the_sheet(titles: int) -> None:
    table, _ = read_roster(SheetData("Sheet1", (*[TITLE] * titles, HEADER, ROW)), "名单.xlsx")
    assert table.header_row == titles + 1
    assert [row.row for row in table.rows] == [titles + 2]


def test_text_of_a_str_subclass_is_text() -> None:
    """A reader plug-in may give its own kind of string: it is text like any other."""

    class Text(str):
        pass

    row = with_cell("name", Text("张三"))
    with_number = tuple(13812345678 if key == "mobile" else cell for key, cell in zip(KEYS, row, strict=True))
    for rows in ((row,), (with_number,)):  # a block of text, and one read row by row (it holds a number)
        table, issues = read(*rows)
        assert table.rows[0].raw["name"] == "张三"
        assert [i.code for i in issues] == (["number-in-text-column"] if rows[0] is with_number else [])


def test_columns_out_of_the_template_order_are_reported_once() -> None:
    swapped = (HEADER[1], HEADER[0], *HEADER[2:])
    table, issues = read((ROW[1], ROW[0], *ROW[2:]), header=swapped)
    assert [i.code for i in issues] == ["roster-column-order"]
    assert "学生姓名、姓名拼音、性别" in issues[0].message
    assert table.rows[0].raw["name"] == "张三"


def test_columns_out_of_order_are_reported_whichever_way_they_are_swapped() -> None:
    """性别 before 姓名拼音: the keys of the sheet's order sort before the template's (a check that compared the
    two lists by order rather than by equality would see only one way)."""
    swapped = (HEADER[0], HEADER[2], HEADER[1], *HEADER[3:])
    _, issues = read((ROW[0], ROW[2], ROW[1], *ROW[3:]), header=swapped)
    assert [i.code for i in issues] == ["roster-column-order"]


def test_messages_name_the_platforms_template_or_xcerts_own() -> None:
    """The school's roster is the platform's 本校学生导入模板 (written by ``xcert students template``); the social
    roster is xcert's own template, which the platform does not have (``--social``)."""
    _, school = read(ROW[:5] + ROW[6:], header=HEADER[:5] + HEADER[6:])
    assert [i.suggestion for i in school] == [
        "请使用平台的“本校学生导入模板”，补上“*手机号码”列（可运行 xcert students template 生成空白模板）。"]
    social_header = ("*考生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码", "*最高学历")
    _, social = read(("张三", "Zhang San", "男", "身份证", "140105200403150017", "本科"), header=social_header)
    assert [i.suggestion for i in social] == [
        "请使用xcert 的“社会考生导入模板”，补上“*手机号码”列（可运行 xcert students template --social 生成空白模板）。"]


def test_a_missing_column_alone_is_not_a_column_order_fault() -> None:
    _, issues = read(ROW[:5] + ROW[6:], header=HEADER[:5] + HEADER[6:])
    assert [i.code for i in issues] == ["roster-missing-column"]


def test_a_header_without_rows_is_no_data() -> None:
    table, issues = read()
    assert table.rows == ()
    assert [i.code for i in issues] == ["roster-no-data"]
    table, issues = read((None,) * len(HEADER), ())
    assert [i.code for i in issues] == ["roster-no-data"]


def test_blank_rows_between_data_rows_are_reported_and_trailing_ones_are_not() -> None:
    blank: tuple[CellValue, ...] = (None,) * len(HEADER)
    table, issues = read(ROW, blank, (), ROW, blank, ())
    assert [(i.code, i.row) for i in issues] == [("roster-blank-row", 4), ("roster-blank-row", 5)]
    assert [row.row for row in table.rows] == [3, 6]
    wide: tuple[CellValue, ...] = (None,) * 300  # formatting far to the right makes a blank row this wide
    table, issues = read(with_cell("mobile", 13812345678), wide, ROW)
    assert [(i.code, i.row) for i in issues] == [("number-in-text-column", 3), ("roster-blank-row", 4)]
    assert [row.row for row in table.rows] == [3, 5]


@pytest.mark.parametrize(("kind", "wanted"), [
    (None, "“*学生姓名”“*证件号码”等列），请使用平台的“本校学生导入模板”"),
    (CandidateType.SCHOOL, "“*学生姓名”“*证件号码”等列），请使用平台的“本校"),
    (CandidateType.PUBLIC, "“*考生姓名”“*证件号码”等列），请使用 xcert 的“社会"),
])
def test_a_sheet_without_a_header_names_the_template_to_use(kind: CandidateType | None, wanted: str) -> None:
    with pytest.raises(UnreadableFileError) as raised:
        read_roster(SheetData("名单", (TITLE, ("姓名", "电话"))), "名单.xlsx", kind=kind)
    assert wanted in str(raised.value)
    assert "工作表“名单”的前 50 行" in str(raised.value)


# --- the fast block path -----------------------------------------------------------------------------------------

def rows_read_one_by_one(*rows: tuple[CellValue, ...], header: tuple[str, ...] = HEADER) -> list[int]:
    """The Excel rows :func:`reading._rows_one_by_one` was asked to read (the fast path reads the others)."""
    asked: list[int] = []
    real = reading._rows_one_by_one

    def spy(rows, first, stop, *args):  # type: ignore[no-untyped-def]
        asked.extend(range(first + 1, stop + 1))
        return real(rows, first, stop, *args)

    with patch.object(reading, "_rows_one_by_one", spy):
        read(*rows, header=header)
    return asked


def test_a_block_of_text_rows_is_read_in_one_pass() -> None:
    """The common case of a 100,000-row roster: every cell text, every row reaching the last column. Also with
    text to normalise, an empty cell, a longer row, or the columns in another order."""
    assert rows_read_one_by_one(ROW, ROW) == []
    assert rows_read_one_by_one(ROW, with_cell("name", " 张三\u3000")) == []
    assert rows_read_one_by_one(ROW, with_cell("mobile", None)) == []
    assert rows_read_one_by_one(ROW, (*ROW, "备注")) == []
    assert rows_read_one_by_one((*ROW, "备注"), (*ROW, "备注", None)) == []
    assert rows_read_one_by_one((ROW[1], ROW[0], *ROW[2:]), header=(HEADER[1], HEADER[0], *HEADER[2:])) == []


def test_a_block_with_a_number_a_short_row_or_a_blank_row_is_read_row_by_row() -> None:
    assert rows_read_one_by_one(ROW, with_cell("mobile", 13812345678)) == [3, 4]
    assert rows_read_one_by_one(ROW, ROW[:-1]) == [3, 4]
    assert rows_read_one_by_one(ROW, (None,) * len(HEADER), ROW) == [3, 4, 5]


@pytest.mark.parametrize("at", [0, 2, len(HEADER)])
def test_a_column_not_of_the_template_is_skipped_wherever_it_is(at: int) -> None:
    """A 序号 column first (common in schools' files), a 备注 column between template columns, or after them:
    each template column's text is its own, on the fast path as row by row."""
    header = (*HEADER[:at], "序号", *HEADER[at:])
    rows = [(*ROW[:at], str(n), *ROW[at:]) for n in range(1, 4)]
    rows.append((*ROW[:at], 4, *ROW[at:]))  # a number in the extra column, which is never read
    for block in (1, 256):
        with patch.object(reading, "_BLOCK_ROWS", block):
            table, issues = read(*rows, header=header)
        assert [i.code for i in issues] == ["roster-extra-column"]
        assert all(row.raw == dict(zip(KEYS, ROW, strict=True)) for row in table.rows)


TEXT = st.text(st.sampled_from([*"张三Zhang ", "\u3000", "\u00a0", "\t"]), max_size=4)
TEXT_ROW = st.lists(st.none() | TEXT, min_size=len(HEADER) - 2, max_size=len(HEADER) + 1).map(tuple)


@pytest.mark.parametrize("extra", [(), ("序号",)])
@given(data=st.lists(TEXT_ROW, max_size=8), block=st.integers(1, 3))
def test_text_rows_of_any_width_read_by_block_as_row_by_row(extra: tuple[str, ...], data: list[tuple[CellValue, ...]],
                                                           block: int) -> None:
    """Rows of text only (the fast path's own case), some a cell or two short of the last column, some longer,
    with the template's columns from column A or after a 序号 column (an even or an odd last column): the block
    path gives the rows and issues that reading row by row gives."""
    sheet = SheetData("Sheet1", (TITLE, (*extra, *HEADER), *data))
    by_block: list[Issue] = []
    positions = {key: n + len(extra) for n, key in enumerate(KEYS)}
    with patch.object(reading, "_BLOCK_ROWS", block):
        rows = reading._data_rows(sheet, 2, positions, by_block, SCHOOL_ROSTER)
    one_by_one: list[Issue] = []
    assert rows == list(reading._rows_one_by_one(sheet.rows, 2, len(sheet.rows), positions, one_by_one, [],
                                                 SCHOOL_ROSTER))
    assert by_block == one_by_one
