"""Issue 22, class 1: a 专业版本 later than the current year cannot exist — an error; an unknown past year stays
the warning it was."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from roster_files import GOOD_ROWS, HEADER
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import SheetData
from xcert_core.roster.checking import check_roster, roster_families
from xcert_core.roster.reading import read_roster
from xcert_core.roster.rules.whitespace import whitespace_issue
from xcert_core.roster.table import RosterContext

PLUGINS = make_plugin_manager(env={})
FAMILIES = roster_families(PLUGINS.rule_families("roster"))
TODAY = dt.date(2026, 12, 3)


def version_issues(version: str, today: dt.date = TODAY) -> dict[str, str]:
    row = (*GOOD_ROWS[0][:10], version)
    table, issues = read_roster(SheetData("Sheet1", (HEADER, row)), "名单.xlsx", RosterContext(today=today))
    report = check_roster(table, issues, FAMILIES, PLUGINS.catalogue)
    return {i.code: i.severity.value for i in report if i.column == "专业版本"}


@given(st.integers(min_value=1, max_value=73))
def test_a_catalogue_year_in_the_future_is_always_an_error(ahead: int) -> None:
    assert version_issues(str(TODAY.year + ahead)) == {"program-version-future": "error"}


@given(st.integers(min_value=1000, max_value=TODAY.year).filter(lambda y: str(y) not in ("2010", "2015", "2021")))
def test_an_unknown_past_or_current_year_stays_a_warning(year: int) -> None:
    assert version_issues(str(year)) == {"program-version-unknown": "warning"}


def test_the_known_catalogues_pass_and_the_message_names_this_year() -> None:
    assert all(version_issues(v) == {} for v in ("2010", "2015", "2021"))
    row = (*GOOD_ROWS[0][:10], "2099")
    table, issues = read_roster(SheetData("S", (HEADER, row)), "名单.xlsx", RosterContext(today=TODAY))
    (future,) = [i for i in check_roster(table, issues, FAMILIES, PLUGINS.catalogue) if i.column == "专业版本"]
    assert "今年是 2026 年" in future.message and "2099" in future.message
    assert version_issues("2027", dt.date(2027, 1, 1)) == {"program-version-unknown": "warning"}  # its own year


# --- class 3: a space between two Chinese characters, in every text column -----------------------------------------

HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@given(st.text(HANZI, min_size=1, max_size=6), st.text(HANZI, min_size=1, max_size=6))
def test_a_space_between_chinese_characters_is_reported_where_spaces_are_otherwise_fine(left: str,
                                                                                         right: str) -> None:
    """就读专业 allows a space between words (its pinyin-free names rarely need one) but never between two
    Chinese characters; the suggestion joins them."""
    row = list(GOOD_ROWS[0])
    row[8] = f"{left} {right}"
    table, issues = read_roster(SheetData("S", (HEADER, tuple(row))), "名单.xlsx", RosterContext(today=TODAY))
    found = [i for i in check_roster(table, issues, FAMILIES, PLUGINS.catalogue) if i.column == "就读专业"]
    spaced = [i for i in found if i.code == "whitespace-between-hanzi"]
    assert len(spaced) == 1 and spaced[0].severity.value == "error"
    assert spaced[0].suggestion == f"改为“{left}{right}”"


@given(st.text(HANZI, min_size=1, max_size=6), st.text(HANZI, min_size=1, max_size=6))
def test_the_room_and_registration_templates_report_it_too(left: str, right: str) -> None:
    text = f"{left} {right}"
    issue = whitespace_issue(text, text, row=4, header="考场名称", space_allowed=True, personal=False)
    assert issue is not None and issue.code == "whitespace-between-hanzi"
    assert whitespace_issue("信息楼 301", "信息楼 301", row=4, header="考场名称", space_allowed=True,
                            personal=False) is None  # a space between words stays fine
