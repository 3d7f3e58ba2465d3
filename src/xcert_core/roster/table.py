"""The roster as rules see it: rows of text by field, with the whitespace-normalised text alongside."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from attrs import field, frozen

from xcert_core.issues.report_workbook import MarkedColumn
from xcert_core.model import Program
from xcert_core.roster.columns import SCHOOL_ROSTER, RosterLayout

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_NEEDS_WORK = re.compile("^\\s|\\s$|\\s\\s|[^\\S ]|[\u200b\u200c\u200d\u2060\ufeff]")
"""Anything but single ASCII spaces between words: text without a match is already normal."""


_ODD_WHITESPACE = re.compile(
    "["
    + re.escape("".join(chr(c) for c in range(0x3001) if chr(c).isspace() and c != 0x20))  # all of them < U+3001
    + "\u200b\u200c\u200d\u2060\ufeff]"
)
"""Any whitespace but the ASCII space, and the zero-width characters: one character class, scanned fast."""


def row_is_normal(texts: list[str]) -> bool:
    """True when every text is already normal (``normalise_space`` would return each unchanged and non-empty):
    a few C-level scans over the joined row instead of a regex per cell."""
    return not texts or joined_is_normal("\x00".join(["", *texts, ""]))


def joined_is_normal(joined: str) -> bool:
    """:func:`row_is_normal` of one or more texts given joined, each between two ``"\x00"``
    (``"\x00a\x00b\x00"``): an empty text shows as ``"\x00\x00"``, a blank at a text's edge next to one."""
    if "\x00\x00" in joined or _ODD_WHITESPACE.search(joined):
        return False
    return " " not in joined or not ("  " in joined or " \x00" in joined or "\x00 " in joined)


def normalise_space(text: str) -> str:
    """Text with zero-width characters removed, every run of whitespace (incl. U+3000, NBSP, tab) turned into
    one ASCII space, and the ends stripped: what the school most likely meant to type."""
    if not _NEEDS_WORK.search(text):
        return text  # the same object: callers may test ``clean is raw``
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


@frozen
class RosterContext:
    """What the rules may consult besides the file.

    ``programs`` is the program catalogue the school loaded (``None``: check formats only, never invent data);
    ``today`` bounds years; ``u_policy`` says how ü may be written in 姓名拼音: ``"all"`` accepts Lyu, Lv and Lu
    (suggesting Lyu), or exactly one of ``"yu"``, ``"v"``, ``"u"``.
    """

    programs: tuple[Program, ...] | None = None
    today: dt.date = field(factory=dt.date.today)
    u_policy: str = "all"


@frozen
class RosterRow:
    """One data row. ``row`` is the worksheet row number as Excel shows it.

    ``raw`` maps each present field to the cell's text exactly as typed (``None`` for an empty cell, or for a
    number that lost information and so has no trustworthy text); ``clean`` to :func:`normalise_space` of it.
    Rules check content on ``clean`` so that a stray space is reported once, by the whitespace rule.
    """

    row: int
    raw: dict[str, str | None]
    clean: dict[str, str | None]

    def get(self, key: str) -> str | None:
        """The clean text of a field, ``None`` when absent, empty or unusable."""
        return self.clean.get(key)


class _HeaderLookup:
    """The descriptor behind :attr:`RosterTable.header`: bound to a table, its layout's header; on the class, the
    school roster's (the staticmethod it replaces, kept for plug-ins that call it so). A key the table's roster
    does not have (a plug-in written for the school's roster asking a social roster for 入学年份) answers with the
    school roster's header rather than failing: the plug-in's rows have no such cell, so it reports nothing."""

    def __get__(self, table: RosterTable | None, owner: type | None = None) -> Callable[[str], str]:
        layout = SCHOOL_ROSTER if table is None else table.layout

        def header(key: str) -> str:
            column = layout.by_key.get(key) or SCHOOL_ROSTER.by_key[key]
            return column.header

        return header


@frozen
class RosterTable:
    """A roster read from one sheet: which roster it is (``layout``: the school's or the social candidates'),
    where its header is, which fields it has, and its data rows."""

    file: str
    sheet: str
    header_row: int
    positions: dict[str, int]
    """0-based column of each field present in the sheet."""
    rows: tuple[RosterRow, ...]
    context: RosterContext = field(factory=RosterContext)
    layout: RosterLayout = SCHOOL_ROSTER

    @property
    def fields(self) -> tuple[str, ...]:
        """The template fields the sheet has, in template order."""
        return tuple(key for key in self.layout.by_key if key in self.positions)

    def marked_columns(self) -> list[MarkedColumn]:
        """The sheet's template columns as the error-report workbook marks them."""
        by_key = self.layout.by_key
        return [MarkedColumn(self.header(key), position, by_key[key].width, not by_key[key].numeric_ok)
                for key, position in self.positions.items()]

    header = _HeaderLookup()
    """``table.header(key)``: the column's header text (without '*') in this table's roster, as issues name their
    column. ``RosterTable.header(key)`` on the class, as plug-ins written before the social roster call it, still
    answers for the school's roster."""
