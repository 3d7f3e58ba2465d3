"""Text that is not plain data, in every text cell of every template: a value a spreadsheet would evaluate as a
formula (``=…``, ``+…``, ``-…``, ``@…``; :func:`xcert_core.text_safety.formula_like`), and control characters
(an escape ``\\x1b`` that Excel stores as ``_x001B_``, a NUL, a bidirectional override).

* ``text-formula-like`` is a warning (leading whitespace aside, which the whitespace family reports): xcert
  reads and writes such text as text (never a formula, see
  :mod:`xcert_core.text_safety`), but the school's own file, opened in Excel or WPS, may run it — and a phone
  number typed as ``+86…`` or a name pasted as ``=…`` is not what the platform expects either;
* ``text-control-character`` is an error: no name, number or room the platform knows holds one, and on a
  terminal it could rewrite what the screen shows. Tabs and line breaks are the whitespace family's
  (``whitespace-control``).

:func:`cell_text_issue` is the one check, used by the roster family :class:`CellTextRules` and by the
registration, room and proctor templates next to their whitespace check.
"""

from __future__ import annotations

from collections.abc import Iterator

from xcert_core.issues import Issue, IssueType
from xcert_core.roster.issue_types import CONTROL_CHARACTER, FORMULA_LIKE
from xcert_core.roster.table import RosterTable
from xcert_core.text_safety import FORMULA_STARTS, has_control_characters, visible

FAMILY = "cell-text"

ISSUE_TYPES = (FORMULA_LIKE, CONTROL_CHARACTER)
_FIRST_CHARACTERS = FORMULA_STARTS | {" ", "\u3000", "\u00a0"}
"""A cell starting otherwise (almost every cell) needs no closer look unless it holds an unprintable character."""


def cell_text_issues(raw: str | None, *, row: int, header: str) -> list[Issue]:
    """The issues of one cell's text as typed (empty when it is plain data)."""
    if not raw:
        return []
    found: list[Issue] = []
    text = raw.lstrip()  # leading whitespace is the whitespace family's; a spreadsheet may skip it and evaluate
    if text and text[0] in FORMULA_STARTS:
        found.append(FORMULA_LIKE.at(row=row, column=header, header=header, start=text[0]))
    if not raw.isprintable():
        controls = "".join(sorted({char for char in raw if has_control_characters(char) and char != "\r"}))
        if controls:
            found.append(CONTROL_CHARACTER.at(row=row, column=header, header=header, chars=visible(controls)))
    return found


class CellTextRules:
    """Rule family ``cell-text`` over every present column of the roster."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES

    def check(self, table: RosterTable) -> Iterator[Issue]:
        for row in table.rows:
            for key, raw in row.raw.items():
                if raw and (raw[0] in _FIRST_CHARACTERS or not raw.isprintable()):
                    yield from cell_text_issues(raw, row=row.row, header=table.header(key))
