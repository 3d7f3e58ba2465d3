"""Edges of the roster's smaller rule families, each checked directly (the families' agreement properties compare a
family with its own helper, so they cannot notice a broken helper): whitespace and cell text (formula-like text,
control characters), 手机号码 with full-width digits, 入学年份 against the birth date, and the program columns
against a loaded catalogue. Written from the surviving mutants of ``nox -s mutants -- roster-rules``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from roster_files import GOOD_ROWS, HEADER
from xcert_core.issues import Issue
from xcert_core.labels import ProgramLevel
from xcert_core.model import Program
from xcert_core.ports.workbooks import SheetData
from xcert_core.roster.issue_types import (
    BETWEEN_HANZI,
    CONTROL,
    CONTROL_CHARACTER,
    DOUBLED,
    EDGES,
    FORMULA_LIKE,
    FULL_WIDTH,
    INSIDE,
    NO_BREAK,
    ZERO_WIDTH,
)
from xcert_core.roster.reading import read_roster
from xcert_core.roster.rules.cell_text import CellTextRules, cell_text_issues
from xcert_core.roster.rules.contact import check_mobile
from xcert_core.roster.rules.enrolment import EnrolmentRules, year_suggestion
from xcert_core.roster.rules.programs import ProgramRules
from xcert_core.roster.rules.whitespace import WhitespaceRules, whitespace_issue
from xcert_core.roster.table import RosterContext, RosterTable, normalise_space

TODAY = dt.date(2026, 12, 3)
GOOD = GOOD_ROWS[0]
"""张三丰, born 2004-03-15, enrolled 2020, 中专 计算机平面设计 090300 (2010)."""


def table(*rows: Sequence[object], programs: tuple[Program, ...] | None = None) -> RosterTable:
    """A school roster of ``rows`` (each the eleven template columns, data from worksheet row 2), as read."""
    read, _ = read_roster(SheetData("Sheet1", (HEADER, *rows)), "名单.xlsx",
                          RosterContext(programs=programs, today=TODAY))
    return read


def row(**changes: object) -> tuple[object, ...]:
    """The good row with some columns replaced (keys: the header without '*')."""
    names = [h.lstrip("*") for h in HEADER]
    values = list(GOOD)
    for name, value in changes.items():
        values[names.index(name)] = value
    return tuple(values)


def found(issues: Sequence[Issue] | object) -> list[tuple[str, int | None, str | None]]:
    return [(i.code, i.row, i.column) for i in issues]  # type: ignore[attr-defined]


# --- whitespace -----------------------------------------------------------------------------------------------------

def ws(raw: str | None, *, allowed: bool = False, personal: bool = False) -> Issue | None:
    clean = normalise_space(raw) if raw is not None else None
    return whitespace_issue(raw, clean, row=5, header="学生姓名", space_allowed=allowed, personal=personal)


@pytest.mark.parametrize(("raw", "allowed", "kind", "suggestion"), [
    ("张三\t", False, CONTROL, "改为“张三”"),
    ("\t张三", False, CONTROL, "改为“张三”"),  # sorts before its clean form
    ("\u200b张三", False, ZERO_WIDTH, "改为“张三”"),
    ("张\u3000三", True, FULL_WIDTH, "改为“张三”"),
    ("张\u00a0三", False, NO_BREAK, "改为“张三”"),
    (" Zhang San", True, EDGES, "改为“Zhang San”"),
    ("Zhang  San", True, DOUBLED, "改为“Zhang San”"),
    ("Zhang San", False, INSIDE, "改为“ZhangSan”"),
    ("张 三", True, BETWEEN_HANZI, "改为“张三”"),
    ("\u200b", False, ZERO_WIDTH, "请删除空白字符"),
])
def test_each_kind_of_whitespace_is_named_with_the_cleaned_value(raw: str, allowed: bool, kind: object,
                                                                  suggestion: str) -> None:
    issue = ws(raw, allowed=allowed)
    assert issue is not None
    assert (issue.code, issue.row, issue.column, issue.suggestion) == (kind.code, 5, "学生姓名", suggestion)  # type: ignore[attr-defined]


def test_whitespace_that_is_fine_or_absent_is_no_issue() -> None:
    assert ws(None) is None
    assert ws("张三") is None
    assert ws("Zhang San", allowed=True) is None
    assert ws("信息楼 301", allowed=True) is None  # a space beside a digit is a word break, not between 汉字


def test_a_personal_value_is_not_repeated_in_the_suggestion() -> None:
    issue = ws("1401 0520 0403 150017", personal=True)
    assert issue is not None and (issue.code, issue.suggestion) == (INSIDE.code, "请删除多余的空白字符后重新输入")


def test_the_family_reports_spaces_in_rows_that_needed_no_normalising() -> None:
    rows = [row(学生姓名="张 三丰"), row(证件号码="1401 05200403150017"), row(姓名拼音="Zhang Sanfeng"),
            row(学生姓名="张三丰\t", 就读专业="计算机 平面设计"), row(学生姓名="张三丰", 手机号码="\t")]
    assert found(WhitespaceRules().check(table(*rows))) == [
        (INSIDE.code, 2, "学生姓名"), (INSIDE.code, 3, "证件号码"), (CONTROL.code, 5, "学生姓名"),
        (BETWEEN_HANZI.code, 5, "就读专业")]  # row 6's 手机号码 is only whitespace: the reader reports it empty


# --- cell text ------------------------------------------------------------------------------------------------------

def test_formula_like_text_names_its_first_character() -> None:
    (issue,) = cell_text_issues("=1+1", row=3, header="学生姓名")
    assert (issue.code, issue.row, issue.column) == (FORMULA_LIKE.code, 3, "学生姓名") and "“=”" in issue.message
    (issue,) = cell_text_issues(" ＋86", row=3, header="手机号码")  # after leading whitespace, full-width
    assert issue.code == FORMULA_LIKE.code and "＋" in issue.message
    assert cell_text_issues("=", row=3, header="学生姓名")[0].code == FORMULA_LIKE.code
    assert cell_text_issues("张=三", row=3, header="学生姓名") == []
    assert cell_text_issues("", row=3, header="学生姓名") == [] and cell_text_issues(None, row=3, header="x") == []
    assert cell_text_issues("   ", row=3, header="学生姓名") == []


def test_control_characters_are_listed_visibly_but_carriage_returns_and_tabs_are_not() -> None:
    (issue,) = cell_text_issues("张三\x1b[2J\x07\x00", row=4, header="学生姓名")
    assert issue.code == CONTROL_CHARACTER.code and "␀␇␛" in issue.message
    assert cell_text_issues("张三\r", row=4, header="学生姓名") == []
    assert [i.code for i in cell_text_issues("=\x07", row=4, header="x")] == [FORMULA_LIKE.code,
                                                                             CONTROL_CHARACTER.code]


def test_the_family_checks_every_cell_of_every_row() -> None:
    rows = [row(), row(学生姓名="=HYPERLINK(\"x\")"), row(手机号码="+8613812345678", 就读专业="计算机\x1b平面设计"),
            row(学生姓名="\u3000@张三"), row(就读专业=" =1+1")]
    assert found(CellTextRules().check(table(*rows))) == [
        (FORMULA_LIKE.code, 3, "学生姓名"), (FORMULA_LIKE.code, 4, "手机号码"), (CONTROL_CHARACTER.code, 4, "就读专业"),
        (FORMULA_LIKE.code, 5, "学生姓名"), (FORMULA_LIKE.code, 6, "就读专业")]  # past a plain space too


# --- 手机号码 --------------------------------------------------------------------------------------------------------

def test_one_full_width_nine_is_named_as_full_width_digits() -> None:
    problem = check_mobile("1380013800９")
    assert problem is not None and dict(problem.params)["extras"] == "全角数字"
    problem = check_mobile("138-0013-8000")
    assert problem is not None and dict(problem.params)["extras"] == "“-”"


@pytest.mark.parametrize("digit", ["０", "１", "９"])
def test_any_full_width_digit_is_named_as_one(digit: str) -> None:
    problem = check_mobile(f"1380013800{digit}")
    assert problem is not None and dict(problem.params)["extras"] == "全角数字"


@pytest.mark.parametrize("digit", ["𝟗", "⑨", "⁹"])
def test_a_digit_in_a_special_style_is_named_not_left_out(digit: str) -> None:
    """A mathematical, circled or superscript 9 folds to 9 like a full-width one: the message names it (it used
    to say “手机号码中有，…”, naming nothing)."""
    problem = check_mobile(f"1380013800{digit}")
    assert problem is not None and problem.issue_type.code == "mobile-separators"
    assert dict(problem.params)["extras"] == "特殊字体的数字"
    assert dict(problem.params)["extras_en"] == "digits in a special style"


# --- 入学年份 --------------------------------------------------------------------------------------------------------

def enrolment(*rows: Sequence[object]) -> list[tuple[str, int | None, str]]:
    return [(i.code, i.row, i.message) for i in EnrolmentRules().check(table(*rows))]


def test_an_enrolment_at_thirteen_is_unusual_and_at_fourteen_usual() -> None:
    (issue,) = enrolment(row(入学年份="2017"))  # born 2004
    assert issue[0] == "enrolment-age-unusual" and "13" in issue[2]
    assert enrolment(row(入学年份="2018")) == []


def test_an_enrolment_before_birth_gives_the_negative_age() -> None:
    (issue,) = enrolment(row(入学年份="1999"))  # born 2004: an age of -5, not 1999 % 2004
    assert issue[0] == "enrolment-age-implausible" and "-5" in issue[2] and "1999 岁" not in issue[2]


def test_a_row_without_a_birth_date_does_not_stop_the_rows_after_it() -> None:
    passport = row(证件类型="护照", 证件号码="E12345678")
    assert [(code, line) for code, line, _ in enrolment(passport, row(入学年份="2017"))] == [
        ("enrolment-age-unusual", 3)]


# --- the program columns against a catalogue ------------------------------------------------------------------------

CATALOGUE = (Program(ProgramLevel.SECONDARY, "计算机平面设计", "090300", "2010"),
             Program(ProgramLevel.HIGHER_VOCATIONAL, "数字媒体艺术设计", "550123K", "2021"))


def programs(*rows: Sequence[object], catalogue: tuple[Program, ...] | None = CATALOGUE) -> list[Issue]:
    return list(ProgramRules().check(table(*rows, programs=catalogue)))


def test_a_row_the_catalogue_lists_passes_and_a_code_it_does_not_list_is_named() -> None:
    assert programs(row()) == []
    (issue,) = programs(row(专业代码="090301"))
    assert (issue.code, issue.row, issue.column) == ("program-not-in-catalogue", 2, "专业代码")
    assert "090301" in issue.message and "中专" in issue.message and "2010" in issue.message


@pytest.mark.parametrize("name", ["计算机平面设", "计算机平面设计与制作", "阿"])
def test_a_name_other_than_the_catalogues_is_a_mismatch(name: str) -> None:
    (issue,) = programs(row(就读专业=name))
    assert (issue.code, issue.column) == ("program-name-mismatch", "就读专业") and "计算机平面设计" in issue.message


def test_a_row_missing_a_program_column_is_not_looked_up() -> None:
    """The reader reports the empty cell (``roster-cell-missing``); the catalogue has nothing to say of it."""
    assert programs(row(专业代码=None), row(专业版本=None), row(专业层次=None)) == []


def test_an_unknown_level_is_named_and_not_looked_up() -> None:
    (issue,) = programs(row(专业层次="博士"))
    assert (issue.code, issue.column) == ("program-level-unknown", "专业层次")
    assert "中专" in str(issue.suggestion)


def test_a_code_of_the_wrong_shape_names_the_shape_of_its_version() -> None:
    (issue,) = programs(row(专业代码="09030"), catalogue=None)[1:]  # after program-catalogue-not-loaded
    assert issue.code == "program-code-format" and "六位数字" in issue.message and "可带 K" not in issue.message
    assert "2010" in issue.message
    (issue,) = programs(row(专业代码="55012", 专业版本="2021", 专业层次="高职", 就读专业="数字媒体艺术设计"))
    assert issue.code == "program-code-format" and "六位数字，可带 K" in issue.message and "2021" in issue.message
    (issue,) = programs(row(专业代码="09", 专业版本="1999"))[1:]  # after program-version-unknown: any shape
    assert issue.code == "program-code-format" and "“09”不符合目录的代码格式（六位数字，可带 K）" in issue.message


def test_every_row_is_judged_whatever_the_row_before_it() -> None:
    """An empty 入学年份, a malformed one (twice: the second read from the family's cache), one in the future, an
    ID number without a birth date, no ID number: each row is judged and the next one still is (row 8, enrolled at
    13, is reported after all of them)."""
    passport = row(证件类型="护照", 证件号码="E12345678")
    rows = [row(入学年份=None), row(入学年份="2020年"), row(入学年份="2020年"), row(入学年份="2030"), passport,
            row(证件号码=None), row(入学年份="2017")]
    assert [(code, line) for code, line, _ in enrolment(*rows)] == [
        ("enrolment-year-format", 3), ("enrolment-year-format", 4), ("enrolment-year-future", 5),
        ("enrolment-age-unusual", 8)]


def test_a_year_suggestion_is_made_only_for_one_year() -> None:
    assert year_suggestion("2020年9月") == "请只填写四位年份：2020。"
    assert year_suggestion("2019-2020") is None and year_suggestion("二〇二〇") is None
