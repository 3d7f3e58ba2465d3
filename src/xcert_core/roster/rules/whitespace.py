"""Whitespace the platform rejects, in every text cell: leading or trailing, doubled, full-width (U+3000),
no-break (U+00A0), tabs and line breaks, zero-width characters, and spaces inside values that have none.

One issue per cell, for the first problem in the order above; its suggestion is the cleaned value (for ID and
mobile numbers, which are personal, only what to do). A cell holding only whitespace is left to the reader, which
reports it as an empty required cell (``roster-cell-missing``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xcert_core.issues import Issue, IssueType
from xcert_core.roster.issue_types import (
    BETWEEN_HANZI,
    CONTROL,
    DOUBLED,
    EDGES,
    FULL_WIDTH,
    INSIDE,
    NO_BREAK,
    ZERO_WIDTH,
)
from xcert_core.roster.table import RosterTable

FAMILY = "whitespace"
SPACE_ALLOWED = frozenset({"name_pinyin", "program_name", "work_unit"})
PERSONAL = frozenset({"id_number", "mobile"})


ISSUE_TYPES = (ZERO_WIDTH, FULL_WIDTH, NO_BREAK, CONTROL, EDGES, DOUBLED, INSIDE, BETWEEN_HANZI)
_HANZI_SPACE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]) +"
                          r"(?=[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f])")
"""Spaces between two Chinese characters: wrong in every text column, also where a space between words is fine
(``Zhang Sanfeng``, ``信息楼 301``)."""

_CHECKS: tuple[tuple[IssueType, re.Pattern[str]], ...] = (
    (ZERO_WIDTH, re.compile("[\u200b\u200c\u200d\u2060\ufeff]")),
    (FULL_WIDTH, re.compile("\u3000")),
    (NO_BREAK, re.compile("\u00a0")),
    (CONTROL, re.compile("[\t\r\n]")),
    (EDGES, re.compile(r"^\s|\s$")),
    (DOUBLED, re.compile("  ")),
)
_ANY = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff]")


def whitespace_issue(raw: str | None, clean: str | None, *, row: int, header: str, space_allowed: bool,
                     personal: bool) -> Issue | None:
    """The whitespace issue of one cell (``None``: it is fine). ``clean`` is ``normalise_space(raw)`` (the same
    object when nothing needed changing); used by every template reader, not only the roster."""
    if raw is None or (raw is clean and (space_allowed or " " not in raw) and (raw.isascii() or " " not in raw)) \
            or not _ANY.search(raw):
        return None  # already normal: most cells of a 100,000-row file end here
    issue_type = next((t for t, pattern in _CHECKS if pattern.search(raw)), None)
    if issue_type is None:
        if space_allowed and not _HANZI_SPACE.search(raw):
            return None
        issue_type = BETWEEN_HANZI if space_allowed else INSIDE
    cleaned = _HANZI_SPACE.sub("", clean or "") if space_allowed else (clean or "").replace(" ", "")
    suggestion = ("请删除多余的空白字符后重新输入" if personal
                  else f"改为“{cleaned}”" if cleaned else "请删除空白字符")
    return issue_type.at(row=row, column=header, header=header, suggestion=suggestion)


class WhitespaceRules:
    """Rule family ``whitespace`` over every present column of the roster."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES

    def check(self, table: RosterTable) -> Iterator[Issue]:
        for row in table.rows:
            texts, clean = row.raw, row.clean
            if texts is clean:  # nothing in the row needed normalising (most rows): only a space may be wrong
                for key, raw in texts.items():
                    if raw is not None and " " in raw and (key not in SPACE_ALLOWED or not raw.isascii()):
                        issue = whitespace_issue(raw, raw, row=row.row, header=table.header(key),
                                                 space_allowed=key in SPACE_ALLOWED, personal=key in PERSONAL)
                        if issue is not None:
                            yield issue
                continue
            for key, raw in texts.items():
                if raw is None or (raw is clean[key] and (" " not in raw or (key in SPACE_ALLOWED and raw.isascii()))):
                    continue  # the fast path, inline: a 100,000-row file has a million such cells
                if clean[key] is None:
                    continue  # only whitespace: the reader reports the cell as empty (roster-cell-missing)
                issue = whitespace_issue(raw, clean[key], row=row.row, header=table.header(key),
                                         space_allowed=key in SPACE_ALLOWED, personal=key in PERSONAL)
                if issue is not None:
                    yield issue
