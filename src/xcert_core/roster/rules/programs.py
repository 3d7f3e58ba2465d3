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
from xcert_core.labels import ProgramLevel, Severity
from xcert_core.model import Program
from xcert_core.roster.table import RosterTable

FAMILY = "programs"
KNOWN_VERSIONS = {
    "2010": "中等职业学校专业目录（2010年）",
    "2015": "普通高等学校高等职业教育（专科）专业目录（2015年）",
    "2021": "职业教育专业目录（2021年）",
}
CODE_FORMATS = {"2010": re.compile(r"\d{6}"), "2015": re.compile(r"\d{6}"), "2021": re.compile(r"\d{6}K?")}
ANY_CODE = re.compile(r"\d{4,6}K?")

LEVEL_UNKNOWN = IssueType(
    code="program-level-unknown", family=FAMILY, title="专业层次不在平台列表中", title_en="Unknown program level",
    message="专业层次“{value}”不是平台可选的值。", message_en="Program level {value!r} is not one the platform offers.",
    suggestion="请填写以下之一：{allowed}", description="专业层次 must be one of the platform's levels.",
)
VERSION_FORMAT = IssueType(
    code="program-version-format", family=FAMILY, title="专业版本格式不对", title_en="Bad catalogue version",
    message="专业版本“{value}”应为四位年份，例如 2010、2015 或 2021。",
    message_en="Catalogue version {value!r} should be a four-digit year such as 2010, 2015 or 2021.",
    suggestion="请填写专业目录的年份，例如 2010", description="专业版本 must be a four-digit catalogue year.",
)
VERSION_UNKNOWN = IssueType(
    code="program-version-unknown", family=FAMILY, severity=Severity.WARNING,
    title="不常见的专业版本", title_en="Unfamiliar catalogue version",
    message="专业版本“{value}”不是 xcert 认识的专业目录年份（2010、2015、2021）。",
    message_en="Catalogue version {value!r} is not one xcert knows (2010, 2015, 2021).",
    suggestion="请在平台“证书对应专业”页面核对专业版本",
    description="A four-digit catalogue year other than 2010, 2015 or 2021.",
)
VERSION_FUTURE = IssueType(
    code="program-version-future", family=FAMILY,
    title="专业版本是将来的年份", title_en="Catalogue version in the future",
    message="专业版本“{value}”是将来的年份（今年是 {year} 年），这样的专业目录还不存在。",
    message_en="Catalogue version {value!r} lies in the future ({year} now): no such catalogue exists.",
    suggestion="请填写专业目录的年份（2010、2015 或 2021），在平台“证书对应专业”页面核对",
    description="A four-digit catalogue year later than the current year: the number is wrong, not merely "
                "unfamiliar.",
)
CODE_FORMAT = IssueType(
    code="program-code-format", family=FAMILY, title="专业代码格式不对", title_en="Bad program code",
    message="专业代码“{value}”不符合{version}目录的代码格式（{shape}）。",
    message_en="Program code {value!r} does not have the {version} catalogue's shape ({shape}).",
    suggestion="请在平台“证书对应专业”页面复制专业代码", description="专业代码 must have its catalogue's shape.",
)
CATALOGUE_NOT_LOADED = IssueType(
    code="program-catalogue-not-loaded", family=FAMILY, severity=Severity.WARNING,
    title="未加载专业目录", title_en="No program catalogue loaded",
    message="没有加载专业目录，只检查了专业信息的格式，没有核对专业名称与代码是否对应。",
    message_en="No program catalogue was loaded: program columns were checked for format only.",
    suggestion="从平台“证书对应专业”页面复制专业列表存为 CSV，用 --catalogue 指定后重新检查",
    description="Said once per file when no catalogue is given; names and codes are then not cross-checked.",
)
NOT_IN_CATALOGUE = IssueType(
    code="program-not-in-catalogue", family=FAMILY, title="专业代码不在专业目录中", title_en="Program not in catalogue",
    message="专业目录中没有{level}专业代码“{code}”（{version}版）。",
    message_en="The catalogue has no {level} program with code {code!r} (version {version}).",
    suggestion="请核对专业代码、专业层次和专业版本",
    description="The level, code and version name no program in the loaded catalogue.",
)
NAME_MISMATCH = IssueType(
    code="program-name-mismatch", family=FAMILY,
    title="专业名称与代码不一致", title_en="Program name does not match code",
    message="专业代码“{code}”在专业目录中是“{expected}”，这里写的是“{value}”。",
    message_en="Program code {code!r} is {expected!r} in the catalogue, not {value!r}.",
    suggestion="改为“{expected}”", description="就读专业 differs from the catalogue's name for the code.",
)

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
