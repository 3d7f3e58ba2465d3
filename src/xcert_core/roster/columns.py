"""The roster template's columns as the platform defines them, and finding the header row.

The platform's header row is ``*学生姓名 *姓名拼音 *性别 *证件类型 *证件号码 *手机号码 *入学年份 *专业层次 *就读专业
*专业代码 *专业版本`` ('*' marks required columns). Schools insert rows above it, reorder columns and add columns
of their own; :func:`find_header` copes with all three.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

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
