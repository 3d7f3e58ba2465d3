"""专业层次 / 就读专业 / 专业代码 / 专业版本: the program columns.

Without a program catalogue only the formats are checked, and the report says so once
(``program-catalogue-not-loaded``). With one (``--catalogue CSV``, the list a school copies from the platform's
"证书对应专业" page), the level, code, name and version must name a program in it. Catalogue data is never
invented: formats come from the published catalogues' code shapes only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xcert_core.issues import Issue, IssueType
from xcert_core.labels import ProgramLevel
from xcert_core.model import Program
from xcert_core.roster.issue_types import (
    CATALOGUE_NOT_LOADED,
    CODE_FORMAT,
    LEVEL_UNKNOWN,
    NAME_MISMATCH,
    NOT_IN_CATALOGUE,
    VERSION_FORMAT,
    VERSION_FUTURE,
    VERSION_UNKNOWN,
)
from xcert_core.roster.table import RosterTable

FAMILY = "programs"
KNOWN_VERSIONS = {
    "2010": "中等职业学校专业目录（2010年）",
    "2015": "普通高等学校高等职业教育（专科）专业目录（2015年）",
    "2021": "职业教育专业目录（2021年）",
}
CODE_FORMATS = {"2010": re.compile(r"\d{6}"), "2015": re.compile(r"\d{6}"), "2021": re.compile(r"\d{6}K?")}
ANY_CODE = re.compile(r"\d{4,6}K?")


ISSUE_TYPES = (LEVEL_UNKNOWN, VERSION_FORMAT, VERSION_FUTURE, VERSION_UNKNOWN, CODE_FORMAT, CATALOGUE_NOT_LOADED,
               NOT_IN_CATALOGUE, NAME_MISMATCH)


Finding = tuple[IssueType, str, tuple[tuple[str, str], ...]]
"""An issue to report on a row: its type, the column's field key and the template parameters."""


class ProgramRules:
    """Rule family ``programs``. The four program columns repeat across a school's rows, so each distinct
    combination is judged once (a per-check cache) and the verdict applied to every row that has it."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES

    def check(self, table: RosterTable) -> Iterator[Issue]:
        if "program_code" not in table.layout.by_key:
            return  # the social roster has no 专业
        programs = table.context.programs
        index = {(p.catalogue_version, p.level, p.code): p for p in programs} if programs is not None else None
        year = table.context.today.year
        if programs is None and table.rows:
            yield CATALOGUE_NOT_LOADED.at()
        verdicts: dict[tuple[str | None, ...], tuple[Finding, ...]] = {}
        for row in table.rows:
            get = row.clean.get  # row.get, without a method call per field (100,000 rows)
            values = (get("program_level"), get("catalogue_version"), get("program_code"), get("program_name"))
            findings = verdicts.get(values)
            if findings is None:
                findings = verdicts[values] = tuple(_judge(*values, index, year))
            for issue_type, key, params in findings:
                yield issue_type.at(row=row.row, column=table.header(key), **dict(params))


def _judge(level_text: str | None, version: str | None, code: str | None, name: str | None,
           index: dict[tuple[str, ProgramLevel, str], Program] | None, year: int) -> Iterator[Finding]:
    level: ProgramLevel | None = None
    if level_text is not None:
        try:
            level = ProgramLevel.from_label(level_text)
        except ValueError:
            yield LEVEL_UNKNOWN, "program_level", (
                ("value", level_text), ("suggestion", f"请填写以下之一：{'、'.join(ProgramLevel.labels())}"))
    version_ok = False
    if version is not None:
        if not re.fullmatch(r"\d{4}", version):
            yield VERSION_FORMAT, "catalogue_version", (("value", version),)
        elif int(version) > year:
            yield VERSION_FUTURE, "catalogue_version", (("value", version), ("year", str(year)))
        elif version not in KNOWN_VERSIONS:
            yield VERSION_UNKNOWN, "catalogue_version", (("value", version),)
        else:
            version_ok = True
    if code is not None:
        pattern = CODE_FORMATS[version] if version_ok and version is not None else ANY_CODE
        if not pattern.fullmatch(code):
            shape = "六位数字" + ("，可带 K" if pattern.pattern.endswith("K?") else "")
            yield CODE_FORMAT, "program_code", (("value", code), ("version", version if version_ok and version
                                                                  else ""), ("shape", shape))
            return
    if index is None or level is None or version is None or code is None:
        return
    program = index.get((version, level, code))
    if program is None:
        yield NOT_IN_CATALOGUE, "program_code", (("level", level.label), ("code", code), ("version", version))
    elif name is not None and name != program.name:
        yield NAME_MISMATCH, "program_name", (("code", code), ("expected", program.name), ("value", name))
