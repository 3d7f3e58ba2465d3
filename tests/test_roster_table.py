"""Whitespace normalisation of roster cells, and the row-level fast path agreeing with it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xcert_core.roster.table import normalise_space, row_is_normal

CELL = st.text(st.sampled_from([*"张三Zhang San \u3000\u00a0\t\n\r\x0b\x1f\x85\u2003\u2028\u202f\u200b·", "\ufeff"]),
               max_size=8)


@given(st.lists(CELL, max_size=6))
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
