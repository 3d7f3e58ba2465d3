"""Masking of ID and phone numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xcert_core.privacy import mask_id_number, mask_phone


def test_examples() -> None:
    assert mask_id_number("110101199003074514") == "110***********4514"
    assert mask_id_number("H1234567") == "H12*4567"
    assert mask_id_number("1234") == "**34"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("123") == "**3"


@given(st.text(alphabet="0123456789X", min_size=8, max_size=30))
def test_id_mask_keeps_length_and_hides_the_middle(value: str) -> None:
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert masked[3:-4] == "*" * (len(value) - 7)
    assert (masked[:3], masked[-4:]) == (value[:3], value[-4:])


@given(st.text(max_size=40))
def test_masks_never_raise_and_never_show_a_long_value_whole(value: str) -> None:
    for mask in (mask_id_number, mask_phone):
        masked = mask(value)
        assert len(masked) == len(value)
        if len(value) >= 8 and set(value) != {"*"}:
            assert masked != value
