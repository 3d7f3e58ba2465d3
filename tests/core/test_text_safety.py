"""Text from a school's file is data, never code (:mod:`xcert_core.text_safety`): which texts a spreadsheet would
run as a formula, and what a terminal would obey, made visible; and the roster's cell-text family looking past leading
whitespace. The end-to-end cases (hostile files through every command) are in ``tests/cli/test_hostile_text.py``."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hostile_files import HOSTILE
from xcert_core.roster.rules.cell_text import cell_text_issues
from xcert_core.text_safety import FORMULA_STARTS, formula_like, has_control_characters, visible


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_texts(text: str) -> None:
    assert formula_like(text)


@pytest.mark.parametrize("text", ["计算机平面设计", "A=1", "", " =1", "1-2", "张三"])
def test_ordinary_texts_are_not_formula_like(text: str) -> None:
    assert not formula_like(text)


def test_formula_starts_are_owasps_and_their_full_width_forms() -> None:
    assert set("=+-@\t\r") <= FORMULA_STARTS
    assert {"＝", "＋", "－", "＠"} <= FORMULA_STARTS


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b[2J没有发现问题", "␛[2J没有发现问题"),
    ("a\rb", "a␍b"),
    ("a\x00b", "a␀b"),
    ("\x7f", "\\u007f"),
    ("\x9b31m", "\\u009b31m"),
    ("abc\u202edcba", "abc\\u202edcba"),
    ("第 1 行\n\t建议", "第 1 行\n\t建议"),
])
def test_visible_shows_every_control_character(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert has_control_characters(raw) == (raw != shown)


@given(st.text())
def test_visible_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = visible(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    assert not has_control_characters(shown)
    if not has_control_characters(text):
        assert shown == text


@given(st.text(alphabet=" \t\r\n\u3000\u00a0", max_size=5), st.text(max_size=20))
def test_cell_text_issues_look_past_leading_whitespace(space: str, rest: str) -> None:
    codes = {issue.code for issue in cell_text_issues(space + rest, row=4, header="就读专业")}
    start = rest.lstrip()[:1]
    assert ("text-formula-like" in codes) == (bool(start) and start in FORMULA_STARTS)
    assert ("text-control-character" in codes) == has_control_characters((space + rest).replace("\r", ""))
