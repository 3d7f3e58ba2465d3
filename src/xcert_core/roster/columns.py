"""The roster templates' columns, and finding the header row and which roster a sheet is.

Two rosters, as the platform's 考生管理 has two tabs (本校考生管理, 社会考生管理):

* the platform's 本校学生导入模板 (:data:`SCHOOL_ROSTER`), header ``*学生姓名 *姓名拼音 *性别 *证件类型 *证件号码
  *手机号码 *入学年份 *专业层次 *就读专业 *专业代码 *专业版本`` ('*' marks required columns);
* xcert's own 社会考生导入模板 (:data:`PUBLIC_ROSTER`; the seed shows the tab but no template), header ``*考生姓名
  *姓名拼音 *性别 *证件类型 *证件号码 *手机号码 *最高学历 工作单位``: the same identity columns, and what a member
  of the public has in place of 入学年份 and 专业.

Schools insert rows above the header, reorder columns and add columns of their own; :func:`find_header` copes
with all three, and :func:`detect_layout` tells the two rosters apart by their headers.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import Factory, field, frozen

from xcert_core.labels import CandidateType
from xcert_core.ports.workbooks import CellValue

XCERT_OWN_TEMPLATE = ("（本模板是 xcert 自己的：平台操作指南中没有它的样式。列按平台的导入要求整理；"
                      "如与平台上下载的模板不同，以平台的为准。）")
"""What the notes row of a template the seed does not show says (rooms, proctors, by subject): never called the
platform's."""


@frozen
class RosterColumn:
    """One template column: the field name in code, the header text (without '*') and how it is typed.

    ``text`` columns must be typed as text in Excel (a number there has lost information or may lose it);
    ``numeric_ok`` columns (入学年份, 专业版本) may hold a whole number.
    """

    key: str
    header: str
    required: bool = True
    numeric_ok: bool = False
    width: float = 14.0


ROSTER_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "学生姓名", width=14),
    RosterColumn("name_pinyin", "姓名拼音", width=20),
    RosterColumn("gender", "性别", width=8),
    RosterColumn("id_type", "证件类型", width=16),
    RosterColumn("id_number", "证件号码", width=22),
    RosterColumn("mobile", "手机号码", width=15),
    RosterColumn("enrolment_year", "入学年份", numeric_ok=True, width=10),
    RosterColumn("program_level", "专业层次", width=10),
    RosterColumn("program_name", "就读专业", width=20),
    RosterColumn("program_code", "专业代码", width=12),
    RosterColumn("catalogue_version", "专业版本", numeric_ok=True, width=10),
)
COLUMNS_BY_KEY = {column.key: column for column in ROSTER_COLUMNS}
COLUMNS_BY_HEADER = {column.header: column for column in ROSTER_COLUMNS}
PUBLIC_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "考生姓名", width=14),
    *ROSTER_COLUMNS[1:6],
    RosterColumn("education", "最高学历", width=16),
    RosterColumn("work_unit", "工作单位", required=False, width=28),
)

HEADER_COMMENTS = {
    "name": "填写学生身份证件上的姓名；少数民族姓名中间的点用“·”。",
    "name_pinyin": "姓名全拼，姓和名之间一个空格，首字母大写，如 Zhang Sanfeng。",
    "gender": "从下拉列表选择：男 / 女，须与证件号码一致。",
    "id_type": "从下拉列表选择证件类型。",
    "id_number": "本列为文本格式，请直接输入完整证件号码，末位 X 大写。",
    "mobile": "11 位手机号码，不要加空格或横线。",
    "enrolment_year": "四位年份，如 2020。",
    "program_level": "从下拉列表选择专业层次。",
    "program_name": "与平台“证书对应专业”中的专业名称一致。",
    "program_code": "本列为文本格式，专业代码开头的 0 不能省略，如 090300。",
    "catalogue_version": "专业目录版本，如 2010。",
}
"""The comment on each header of the 本校学生导入模板: what to type, with an example."""
PUBLIC_HEADER_COMMENTS = {
    **{key: text for key, text in HEADER_COMMENTS.items() if key in {c.key for c in PUBLIC_COLUMNS}},
    "name": "填写考生身份证件上的姓名；少数民族姓名中间的点用“·”。",
    "education": "从下拉列表选择最高学历，如 大专/高职。",
    "work_unit": "工作单位全称，如 杭州某某科技有限公司；没有工作单位的可不填。",
}
"""The comment on each header of xcert's 社会考生导入模板."""


@frozen
class RosterLayout:
    """Which roster a sheet is: the candidate type its rows become, its template's title, its columns in template
    order, the headers that must be among a header row's (one of them), the comment on each header, and whether
    the template is the platform's (``False``: xcert's own, which its notes say)."""

    kind: CandidateType
    title: str
    columns: tuple[RosterColumn, ...]
    anchors: frozenset[str]
    comments: dict[str, str]
    platform_template: bool
    by_key: dict[str, RosterColumn] = field(
        init=False, eq=False, repr=False,
        default=Factory(lambda self: {column.key: column for column in self.columns}, takes_self=True))
    """Each column by its field key, in template order."""

    @property
    def required(self) -> frozenset[str]:
        """The keys of the required ('*') columns."""
        return frozenset(column.key for column in self.columns if column.required)


SCHOOL_ROSTER = RosterLayout(CandidateType.SCHOOL, "本校学生导入模板", ROSTER_COLUMNS,
                             frozenset({"学生姓名", "证件号码"}), HEADER_COMMENTS, platform_template=True)
PUBLIC_ROSTER = RosterLayout(CandidateType.PUBLIC, "社会考生导入模板", PUBLIC_COLUMNS,
                             frozenset({"考生姓名", "证件号码"}), PUBLIC_HEADER_COMMENTS, platform_template=False)
LAYOUTS = (SCHOOL_ROSTER, PUBLIC_ROSTER)
LAYOUTS_BY_KIND = {layout.kind: layout for layout in LAYOUTS}
HEADER_SEARCH_ROWS = 50
"""The header row is looked for in the first this many rows."""

_HEADER_JUNK = " \t\u3000\u00a0*＊\u200b\ufeff"


def header_text(value: CellValue) -> str:
    """A header cell as compared with the template: surrounding spaces and '*' (also full-width) removed."""
    return value.strip(_HEADER_JUNK) if isinstance(value, str) else ""


@frozen
class HeaderMatch:
    """Where the header row is (0-based index into ``rows``) and which column (0-based) holds which field.

    ``missing`` lists required headers not found; ``duplicates`` headers that appear more than once (the first
    occurrence is used); ``extra`` the other non-empty header cells (a school's own columns; the roster reader
    reports them, since the platform refuses them).
    """

    index: int
    positions: dict[str, int]
    missing: tuple[str, ...]
    duplicates: tuple[str, ...]
    extra: tuple[str, ...]


def find_header(
    rows: Sequence[Sequence[CellValue]],
    columns: Sequence[RosterColumn] = ROSTER_COLUMNS,
    anchors: frozenset[str] = frozenset({"学生姓名", "证件号码"}),
) -> HeaderMatch | None:
    """The row in the first :data:`HEADER_SEARCH_ROWS` with the most of ``columns``' headers (at least three,
    one of them an ``anchors`` header), or ``None`` when there is no such row. Defaults: the roster template;
    other templates (registrations, rooms, proctors) pass their own columns."""
    by_header = {column.header: column for column in columns}
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = {header_text(cell) for cell in row}
        hits = len(texts & by_header.keys())
        if hits >= 3 and (anchors & texts) and (best is None or hits > best[1]):
            best = (index, hits)
    if best is None:
        return None
    index = best[0]
    positions: dict[str, int] = {}
    duplicates: list[str] = []
    extra: list[str] = []
    for position, cell in enumerate(rows[index]):
        text = header_text(cell)
        column = by_header.get(text)
        if column is None:
            if text:
                extra.append(text)
        elif column.key in positions:
            duplicates.append(text)
        else:
            positions[column.key] = position
    missing = tuple(c.header for c in columns if c.required and c.key not in positions)
    return HeaderMatch(index, positions, missing, tuple(duplicates), tuple(extra))


def detect_layout(rows: Sequence[Sequence[CellValue]],
                  kind: CandidateType | None = None) -> tuple[RosterLayout, HeaderMatch] | None:
    """The roster layout whose header row matches ``rows`` best (the most of its columns found; the school's
    roster on a tie) and where that header is; only ``kind``'s layout when given. ``None``: no header at all."""
    found = [(layout, match) for layout in LAYOUTS if kind is None or layout.kind is kind
             if (match := find_header(rows, layout.columns, layout.anchors)) is not None]
    if not found:
        return None
    return max(found, key=lambda pair: (len(pair[1].positions), pair[0] is SCHOOL_ROSTER))
