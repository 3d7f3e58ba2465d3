"""Whitespace normalisation of roster cells, and the row-level fast path agreeing with it."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import example, given
from hypothesis import strategies as st

from xcert_core.issues import Issue
from xcert_core.ports.workbooks import SheetData
from xcert_core.roster import reading
from xcert_core.roster.columns import SCHOOL_ROSTER, find_header
from xcert_core.roster.rules.whitespace import PERSONAL, SPACE_ALLOWED, WhitespaceRules, whitespace_issue
from xcert_core.roster.table import RosterTable, normalise_space, row_is_normal

CELL = st.text(st.sampled_from([*"张三Zhang San \u3000\u00a0\t\n\r\x0b\x1f\x85\u2003\u2028\u202f\u200b·", "\ufeff"]),
               max_size=8)


@given(st.lists(CELL, max_size=6))
@example([]).via("no text at all")
@example(["Zhang San", "张三"]).via("single blanks between words: normal")
@example([""]).via("an empty text")
@example(["Zhang  San"]).via("a doubled blank inside")
@example([" Zhang"]).via("a blank at the start")
@example(["Zhang "]).via("a blank at the end")
@example(["张\u3000三"]).via("a full-width space")
@example(["Zhang\u00a0San"]).via("a no-break space")
@example(["Zhang", "", "San"]).via("an empty text between two")
def test_row_fast_path_agrees_with_normalising_each_cell(texts: list[str]) -> None:
    each_normal = all(text and normalise_space(text) == text for text in texts)
    assert row_is_normal(texts) == each_normal


@given(CELL)
def test_normalise_space_is_idempotent_and_leaves_no_odd_whitespace(text: str) -> None:
    once = normalise_space(text)
    assert normalise_space(once) == once
    assert once == once.strip() and "  " not in once
    assert not any(ch in once for ch in "\u3000\u00a0\t\n\u200b\ufeff")


def test_examples() -> None:
    assert normalise_space(" 张\u3000三 ") == "张 三"
    assert normalise_space("Zhang\u200b  San") == "Zhang San"
    text = "Zhang San"
    assert normalise_space(text) is text


# --- reading rows a block at a time ------------------------------------------------------------------------------

HEADER = ("*学生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码", "*手机号码", "*入学年份")
DATA_CELL = st.one_of(
    st.none(), st.just(""), CELL, st.sampled_from(["张三", "Zhang San", "男", "身份证", "2021", "13800000000"]),
    st.integers(0, 10**12), st.floats(allow_nan=False, allow_infinity=False), st.dates(), st.booleans(),
)
DATA_ROW = st.one_of(st.lists(DATA_CELL, max_size=9).map(tuple), st.lists(DATA_CELL, max_size=9),
                    st.just((None,) * 7), st.just(()), st.just([None] * 8),
                     st.just(("张三", "Zhang San", "男", "身份证", "110105194912310021", "13800000000", "2021")))


@given(st.lists(DATA_ROW, max_size=14), st.integers(1, 4))
def test_block_reading_agrees_with_reading_row_by_row(data: list[tuple[object, ...]], block: int) -> None:
    """Whatever the rows hold (blank, short, numbers, dates, odd whitespace), the fast block path gives the rows
    (sharing ``clean`` with ``raw`` exactly when nothing was normalised) and the sheet issues, in the same order,
    that reading every row one by one gives."""
    sheet = SheetData("Sheet1", (("本校学生导入模板",), HEADER, *data))  # type: ignore[arg-type]
    match = find_header(sheet.rows)
    assert match is not None
    by_block: list[Issue] = []
    with patch.object(reading, "_BLOCK_ROWS", block):
        rows = reading._data_rows(sheet, match.index + 1, match.positions, by_block, SCHOOL_ROSTER)
    one_by_one: list[Issue] = []
    expected = list(reading._rows_one_by_one(sheet.rows, match.index + 1, len(sheet.rows), match.positions,
                                             one_by_one, [], SCHOOL_ROSTER))
    assert rows == expected
    assert [row.clean is row.raw for row in rows] == [row.clean is row.raw for row in expected]
    assert by_block == one_by_one


@given(st.lists(DATA_ROW, max_size=10))
def test_whitespace_family_reports_what_each_cell_deserves(data: list[tuple[object, ...]]) -> None:
    """The family's shortcut for rows that needed no normalising reports exactly :func:`whitespace_issue` of every
    cell, in order, but for cells of only whitespace: the reader reports those as empty (``roster-cell-missing``)."""
    table, _ = reading.read_roster(SheetData("Sheet1", (HEADER, *data)), "r.xlsx")  # type: ignore[arg-type]
    expected = [issue for row in table.rows for key, raw in row.raw.items() if row.clean[key] is not None
                if (issue := whitespace_issue(raw, row.clean[key], row=row.row, header=table.header(key),
                                              space_allowed=key in SPACE_ALLOWED, personal=key in PERSONAL))]
    assert list(WhitespaceRules().check(table)) == expected


# --- the table's header lookup and marked columns ----------------------------------------------------------------

SOCIAL_HEADER = ("*考生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码", "*手机号码", "*最高学历", "工作单位")


def test_a_table_names_its_columns_by_its_own_roster() -> None:
    """A social roster's 姓名 column is 考生姓名, the school's 学生姓名; a key the social roster lacks (入学年份)
    answers with the school's header; on the class, the school's (plug-ins written before the social roster)."""
    school, _ = reading.read_roster(SheetData("Sheet1", (HEADER,)), "r.xlsx")
    social, _ = reading.read_roster(SheetData("Sheet1", (SOCIAL_HEADER,)), "r.xlsx")
    assert social.layout is not school.layout
    assert (school.header("name"), social.header("name")) == ("学生姓名", "考生姓名")
    assert social.header("education") == "最高学历"
    assert social.header("enrolment_year") == "入学年份"
    assert RosterTable.header("name") == "学生姓名"


def test_marked_columns_say_where_each_column_is_and_whether_it_must_stay_text() -> None:
    table, _ = reading.read_roster(SheetData("Sheet1", (("备注", *HEADER),)), "r.xlsx")
    marked = {column.header: column for column in table.marked_columns()}
    assert marked["学生姓名"].position == 1 and marked["入学年份"].position == 7
    assert marked["证件号码"].text and marked["手机号码"].text
    assert not marked["入学年份"].text
    assert marked["学生姓名"].width == SCHOOL_ROSTER.by_key["name"].width
