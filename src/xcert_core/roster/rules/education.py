"""最高学历 in the social candidates' roster (社会考生导入模板): one of the template's list, as the drop-down offers it.

A member of the public has no 入学年份 or 专业 at the school; the education level takes their place, so a value the
list does not know is an error (the platform keeps what the list says). The words people also write for a level
(大专 for 大专/高职, 硕士 for 研究生) pass: :class:`~xcert_core.labels.Education` knows them.
"""

from __future__ import annotations

from collections.abc import Iterator

from xcert_core.issues import Issue, IssueType
from xcert_core.labels import Education
from xcert_core.roster.issue_types import EDUCATION_UNKNOWN
from xcert_core.roster.table import RosterTable

FAMILY = "education"

ISSUE_TYPES = (EDUCATION_UNKNOWN,)
_KNOWN = frozenset(text for level in Education for text in (level.label, *level.aliases))


class EducationRules:
    """Rule family ``education`` over the 最高学历 column (only the social roster has one)."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES

    def check(self, table: RosterTable) -> Iterator[Issue]:
        if "education" not in table.positions:
            return
        column = table.header("education")
        for row in table.rows:
            text = row.clean.get("education")
            if text is not None and text not in _KNOWN:
                yield EDUCATION_UNKNOWN.at(row=row.row, column=column, value=text,
                                           choices=" / ".join(Education.labels()))
