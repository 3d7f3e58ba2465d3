"""Masking of personal data (个人信息脱敏).

ID numbers and mobile numbers are personal data: logs and messages show them masked unless the full value is
needed (the school's own exports, the admission ticket). The masks keep enough to find the row again.
"""

from __future__ import annotations

MASK = "*"


def mask_id_number(value: str) -> str:
    """Mask an ID number, keeping the first 3 and last 4 characters of numbers of 8 or more characters.

    ``mask_id_number("110101199003074514") == "110***********4514"``. Shorter values keep only their last
    two characters; the length is preserved so columns still line up. Never raises.
    """
    if len(value) >= 8:
        return value[:3] + MASK * (len(value) - 7) + value[-4:]
    if len(value) > 2:
        return MASK * (len(value) - 2) + value[-2:]
    return MASK * len(value)


def mask_phone(value: str) -> str:
    """Mask a mobile number the way Chinese services do: ``13812345678`` -> ``138****5678``.

    Values shorter than 7 characters are fully masked but for the last one. Never raises.
    """
    if len(value) >= 7:
        return value[:3] + MASK * (len(value) - 7) + value[-4:]
    return MASK * max(len(value) - 1, 0) + value[-1:]
