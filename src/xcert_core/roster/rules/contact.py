"""Contact rules: 手机号码 must be a mainland mobile number, 11 digits matching ``1[3-9]`` and 9 more.

A number whose only fault is spaces is left to the whitespace family (``whitespace-inside``); spaces are named
here only alongside other separators. Mobile numbers are personal data: issues carry the number masked in
``value``, and a suggested corrected number is shown masked too (``138****5678``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from attrs import frozen

from xcert_core.issues import Issue, IssueType
from xcert_core.privacy import mask_phone
from xcert_core.roster.issue_types import MOBILE_FORMAT, MOBILE_LANDLINE, MOBILE_LENGTH, MOBILE_SEPARATORS
from xcert_core.roster.table import RosterTable

FAMILY = "contact"


ISSUE_TYPES = (MOBILE_SEPARATORS, MOBILE_LANDLINE, MOBILE_LENGTH, MOBILE_FORMAT)

MOBILE = re.compile(r"1[3-9][0-9]{9}")
_SEPARATORS = {
    " ": ("空格", "spaces"),
    "-": ("“-”", "hyphens"), "—": ("“-”", "hyphens"), "–": ("“-”", "hyphens"), ".": ("“.”", "dots"),
    "(": ("括号", "brackets"), ")": ("括号", "brackets"),
}
"""Separators as they are after NFKC folding (full-width forms become these), with how messages name them."""
_PREFIX = re.compile(r"(?:\+86|0086|86)")
_LANDLINE = re.compile(r"\(?0[1-9][0-9]{1,2}\)?[- ]?[0-9]{7,8}(?:(?:-|转)[0-9]{1,6})?|[2-9][0-9]{6,7}")


@frozen
class MobileProblem:
    """What is wrong with one 手机号码 text: the issue type and its template parameters."""

    issue_type: IssueType
    params: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=1 << 14)
def check_mobile(text: str) -> MobileProblem | None:
    """The problem with the clean 手机号码 text, or ``None`` for a valid mainland mobile number."""
    if MOBILE.fullmatch(text.replace(" ", "")):
        return None  # spaces alone are the whitespace family's to report
    folded = unicodedata.normalize("NFKC", text)
    extras: dict[str, str] = {}
    if any("０" <= c <= "９" for c in text):
        extras["全角数字"] = "full-width digits"
    if any(c.isdigit() and not c.isascii() and not "０" <= c <= "９" for c in text):  # 𝟗, ①: folded to 9, 1
        extras["特殊字体的数字"] = "digits in a special style"
    for c in folded:
        if c in _SEPARATORS:
            extras.setdefault(*_SEPARATORS[c])
    stripped = "".join(c for c in folded if c not in _SEPARATORS)
    prefix = _PREFIX.match(stripped)
    national = stripped
    if prefix is not None and MOBILE.fullmatch(stripped[prefix.end():]):
        national = stripped[prefix.end():]
        extras["国家代码 +86"] = "the +86 country code"
    if MOBILE.fullmatch(national):
        return MobileProblem(MOBILE_SEPARATORS, (
            ("extras", "、".join(extras)), ("extras_en", ", ".join(extras.values())),
            ("cleaned", mask_phone(national)),
        ))
    if _LANDLINE.fullmatch(folded):
        return MobileProblem(MOBILE_LANDLINE)
    if stripped.isascii() and stripped.isdigit() and stripped.startswith("1") and len(stripped) != 11:
        return MobileProblem(MOBILE_LENGTH, (("length", str(len(stripped))),))
    return MobileProblem(MOBILE_FORMAT)


class ContactRules:
    """手机号码 of each row."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES

    def check(self, table: RosterTable) -> Iterator[Issue]:
        column = table.header("mobile")
        for row in table.rows:
            text = row.clean.get("mobile")  # row.get, without its method call (100,000 rows)
            if text is None or MOBILE.fullmatch(text):
                continue
            problem = check_mobile(text)
            if problem is not None:
                yield problem.issue_type.at(row=row.row, column=column, value=text, **dict(problem.params))
