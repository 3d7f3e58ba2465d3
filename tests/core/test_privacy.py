"""Masking of ID and phone numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xcert_core.privacy import mask_id_number, mask_phone


def test_examples() -> None:
    assert mask_id_number("110101199003074514") == "110***********4514"
    assert mask_id_number("H1234567") == "H*****67"
    assert mask_id_number("1234") == "***4"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("3511234567") == "********67"
    assert mask_phone("1234567") == "*****67"
    assert mask_phone("123") == "***"


@given(st.text(alphabet="0123456789X", min_size=15, max_size=30))
def test_long_id_mask_keeps_head_and_tail(value: str) -> None:
    masked = mask_id_number(value)
    assert masked[3:-4] == "*" * (len(value) - 7)
    assert (masked[:3], masked[-4:]) == (value[:3], value[-4:])


@given(st.text(st.characters(exclude_characters="*"), max_size=40))
def test_masks_keep_length_and_hide_enough(value: str) -> None:
    for mask in (mask_id_number, mask_phone):
        masked = mask(value)
        assert len(masked) == len(value)
        hidden = masked.count("*")
        if len(value) >= 8:
            assert hidden >= 4
        if len(value) < 11:
            assert len(value) - hidden <= len(value) // 2


@pytest.mark.parametrize(("value", "masked"), [
    ("", ""), ("12", "**"), ("123", "**3"), ("12345", "****5"), ("123456", "1***56"),
    ("12345678901234", "1***********34"), ("123456789012345", "123********2345"),
    ("11010119900307451X", "110***********451X"),
])
def test_each_length_band_of_an_id_number(value: str, masked: str) -> None:
    """The bands' edges (2/3, 5/6, 14/15 characters) pinned: a mask that moved an edge shows or hides too much."""
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(("value", "masked"), [
    ("12345", "*****"), ("123456", "****56"), ("0351123456", "********56"), ("13812345678", "138****5678"),
    ("138123456789", "138*****6789"),
])
def test_each_length_band_of_a_phone_number(value: str, masked: str) -> None:
    assert mask_phone(value) == masked
