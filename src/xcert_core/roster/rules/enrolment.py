"""Enrolment rules: 入学年份 is a four-digit year, not after this year, and plausible for the student's age.

The age at enrolment is the enrolment year minus the birth year in the 证件号码, when that number is a valid
GB 11643-style number (居民身份证, 港澳台居民居住证, 2023 外国人永久居留身份证): 12 to 60 is possible, 14 to 30
usual for a vocational school; outside 12-60 is an error, outside 14-30 a warning.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from xcert_core.issues import Issue, IssueType
from xcert_core.roster.issue_types import (
    ENROLMENT_AGE_IMPOSSIBLE,
    ENROLMENT_AGE_UNUSUAL,
    ENROLMENT_YEAR_FORMAT,
    ENROLMENT_YEAR_FUTURE,
)
from xcert_core.roster.rules.identity import row_verdicts
from xcert_core.roster.table import RosterTable

FAMILY = "enrolment"
POSSIBLE_AGES = range(12, 61)
USUAL_AGES = range(14, 31)


ISSUE_TYPES = (ENROLMENT_YEAR_FORMAT, ENROLMENT_YEAR_FUTURE, ENROLMENT_AGE_IMPOSSIBLE, ENROLMENT_AGE_UNUSUAL)

_YEAR = re.compile(r"[0-9]{4}")
_YEAR_INSIDE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


@lru_cache(maxsize=1024)
def year_suggestion(text: str) -> str | None:
    """A suggestion naming the year meant by a malformed 入学年份 (``2023年``, ``2023.09``, ``２０２３``), if any."""
    found = _YEAR_INSIDE.findall(unicodedata.normalize("NFKC", text))
    if len(set(found)) != 1:
        return None
    return f"请只填写四位年份：{found[0]}。"


def four_digit_year(text: str) -> int | None:
    """The year a 入学年份 cell holds, when it is exactly four digits (``2023``); else ``None``."""
    return int(text) if _YEAR.fullmatch(text) else None


def year_issue(text: str, year: int | None, *, row: int, column: str, today: dt.date) -> Issue | None:
    """The issue of a 入学年份 cell whose text is ``text`` and :func:`four_digit_year` is ``year``: not a four-digit
    year (``enrolment-year-format``, with the year meant when one can be seen), or after today's year
    (``enrolment-year-future``); ``None`` when neither. Every sheet with a 入学年份 column reports these."""
    if year is None:
        return ENROLMENT_YEAR_FORMAT.at(row=row, column=column, value=text, suggestion=year_suggestion(text),
                                        given=text)
    if year > today.year:
        return ENROLMENT_YEAR_FUTURE.at(row=row, column=column, value=text, year=year, this_year=today.year)
    return None


class EnrolmentRules:
    """入学年份 of each row, against today's year and the birth date in the 证件号码."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES

    def check(self, table: RosterTable) -> Iterator[Issue]:
        if "enrolment_year" not in table.layout.by_key:
            return  # the social roster has no 入学年份
        today = table.context.today
        column = table.header("enrolment_year")
        years: dict[str, int | None] = {}  # a school's rows share a few years: each text is read once
        for row, verdict in zip(table.rows, row_verdicts(table), strict=True):
            clean = row.clean  # row.get, without a method call per field (100,000 rows)
            text = clean.get("enrolment_year")
            if text is None:
                continue
            year = years.get(text, -1)
            if year == -1:
                year = years[text] = four_digit_year(text)
            if year is None or year > today.year:
                wrong = year_issue(text, year, row=row.row, column=column, today=today)
                if wrong is not None:
                    yield wrong
                continue
            if verdict is None:
                continue
            birth = verdict.birth_date
            if birth is None:
                continue
            age = year - birth.year
            if age not in POSSIBLE_AGES:
                yield ENROLMENT_AGE_IMPOSSIBLE.at(row=row.row, column=column, value=text, age=age)
            elif age not in USUAL_AGES:
                yield ENROLMENT_AGE_UNUSUAL.at(row=row.row, column=column, value=text, age=age)
