"""``school-policy``: rules a school adds to the platform's own, over the roster template's columns.

The platform accepts a roster that satisfies its rules; a school may want more. This family adds two:

- ``example-mobile-shared`` (warning): the same 手机号码 on several students. The platform sends each
  student's account by SMS, so a parent's or a teacher's number typed for a whole class reaches nobody;
- ``example-cohort-too-old`` (error): the school registers only its last :attr:`SchoolPolicyRules.cohorts`
  cohorts (入学年份), counting back from today (``RosterContext.today``).

Issue codes of a third-party plug-in should carry a prefix of their own (here ``example-``) so they can never
collide with a code xcert adds later. Mobile numbers are personal data: the issue type says so
(``personal=PersonalData.PHONE``) and :meth:`IssueType.at` masks the ``value`` (``138****5678``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from xcert_core.issues import Issue, IssueType, PersonalData, issue_type
from xcert_core.labels import Severity
from xcert_core.roster.table import RosterTable

FAMILY = "school-policy"

MOBILE_SHARED = issue_type(
    FAMILY, "example-mobile-shared", severity=Severity.WARNING, personal=PersonalData.PHONE,
    title="多名学生填写了同一个手机号码", title_en="Several students share one mobile number",
    message="手机号码 {value} 也填在第 {others} 行。",
    message_en="Mobile number {value} is also given on row(s) {others}.",
    suggestion="请填写学生本人的手机号码：平台通过短信把账号发给学生本人。",
    description="School policy: every student gives their own mobile number, since the platform sends each "
                "student's account by SMS.",
)
COHORT_TOO_OLD = issue_type(
    FAMILY, "example-cohort-too-old",
    title="入学年份早于本校可报考的年级", title_en="Cohort too old for this school's registration",
    message="入学年份 {year} 早于 {earliest}：本校只为最近 {cohorts} 个年级的学生报考。",
    message_en="Enrolment year {year} is before {earliest}; the school registers its last {cohorts} cohorts only.",
    suggestion="请确认该学生是否仍在校；已毕业的学生请以社会考生身份报考。",
    description="School policy: only students of the most recent cohorts are registered as school candidates.",
)
ISSUE_TYPES = (MOBILE_SHARED, COHORT_TOO_OLD)

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_YEAR = re.compile(r"[0-9]{4}")


class SchoolPolicyRules:
    """The ``school-policy`` family. ``cohorts``: how many enrolment years, counting this one, may register."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES
    cohorts = 3

    def check(self, table: RosterTable) -> Iterator[Issue]:
        yield from self._shared_mobiles(table)
        yield from self._old_cohorts(table)

    def _shared_mobiles(self, table: RosterTable) -> Iterator[Issue]:
        column = table.header("mobile")
        rows_by_number: dict[str, list[int]] = defaultdict(list)
        for row in table.rows:
            text = row.get("mobile")
            if text is not None and _MOBILE.fullmatch(text):  # malformed numbers are the core's to report
                rows_by_number[text].append(row.row)
        for number, rows in rows_by_number.items():
            for at in rows if len(rows) > 1 else ():
                others = "、".join(str(other) for other in rows if other != at)
                yield MOBILE_SHARED.at(row=at, column=column, value=number, others=others)

    def _old_cohorts(self, table: RosterTable) -> Iterator[Issue]:
        column = table.header("enrolment_year")
        earliest = table.context.today.year - self.cohorts + 1
        for row in table.rows:
            text = row.get("enrolment_year")
            if text is not None and _YEAR.fullmatch(text) and int(text) < earliest:
                yield COHORT_TOO_OLD.at(row=row.row, column=column, value=text, year=text, earliest=earliest,
                                        cohorts=self.cohorts)
