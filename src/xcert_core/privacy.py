"""Masking of personal data (个人信息脱敏).

ID numbers and mobile numbers are personal data: logs and messages show them masked unless the full value is
needed (the school's own exports, the admission ticket). The masks keep enough to find the row again, hide
at least four characters of anything 8 characters or longer and at least half of anything shorter than 11;
the length is kept so columns still line up; :func:`mask_secrets` hides passwords in storage URLs and driver
messages. Never raise.
"""

from __future__ import annotations

import re

MASK = "*"


def _keep(value: str, head: int, tail: int) -> str:
    return value[:head] + MASK * (len(value) - head - tail) + (value[-tail:] if tail else "")


def mask_id_number(value: str) -> str:
    """Mask an ID or document number.

    18-digit (and other 15+ character) numbers keep their first 3 and last 4 characters:
    ``mask_id_number("110101199003074514") == "110***********4514"``. Shorter document numbers (permits,
    passports) keep the first and the last two: ``"H1234567"`` -> ``"H*****67"``; under 6 characters only the
    last one shows, under 3 nothing.
    """
    if len(value) >= 15:
        return _keep(value, 3, 4)
    if len(value) >= 6:
        return _keep(value, 1, 2)
    if len(value) >= 3:
        return _keep(value, 0, 1)
    return MASK * len(value)


def mask_phone(value: str) -> str:
    """Mask a phone number the way Chinese services do: ``13812345678`` -> ``138****5678``.

    Shorter values (landlines, typos) keep only their last two characters (under 6 characters: none).
    """
    if len(value) >= 11:
        return _keep(value, 3, 4)
    if len(value) >= 6:
        return _keep(value, 0, 2)
    return MASK * len(value)


_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][\w+.-]*:/{1,3}[^:/@\s]*:)[^\n]*@")
"""``scheme://user:PASSWORD@`` — also ``scheme:/user:…@`` (one slash) and a password holding spaces or an
unencoded ``@``: everything up to the line's last ``@`` is taken for the password (over-masking is safe)."""
_KEY_PASSWORD = re.compile(r"(\b(?:password|passwd|pwd)\s*=\s*)('[^']*'|\"[^\"]*\"|[^&;\s]+)", re.IGNORECASE)
"""``?password=PW`` / ``&password=PW`` in a URL's query and ``password=PW`` in a libpq connection string."""


def mask_secrets(text: str) -> str:
    """``text`` with every password in it replaced by ``***``: URL credentials (``postgresql://u:PW@h/db`` ->
    ``postgresql://u:***@h/db``, in any of the forms of :data:`_URL_PASSWORD`) and ``password=PW`` keys. The one
    routine for every message, log and ``--json`` value that may hold a storage URL or a driver's error."""
    if "@" in text:
        text = _URL_PASSWORD.sub(r"\1***@", text)
    if "=" in text:
        text = _KEY_PASSWORD.sub(r"\1***", text)
    return text
