"""The room template (考场导入模板): write it blank, read a filled one into :class:`ExamRoom` values.

Header (title and notes rows above it, as in the platform's other templates)::

    *考核站点编号 *考核站点名称 *考场名称 *考场类型 *考位数 行数 列数

:func:`read_rooms_sheet` finds the header like the roster reader does and checks every row: required cells,
考位数 (and 行数, 列数 when given) a positive whole number, 行数 × 列数 at least 考位数, and a 考场名称 used only
once per site. Rows with an error give no room; the others become rooms of the given plan, in file order
(the order rooms are filled in).

Whitespace is reported, not silently dropped, with the roster's codes (``whitespace-*``, see
:mod:`xcert_core.roster.rules.whitespace`): the value is read cleaned, but the row has an error and so gives
no room, as in the registration template.
"""

from __future__ import annotations

from attrs import frozen

from xcert_core.errors import UnreadableFileError
from xcert_core.issues import Issue, IssueType
from xcert_core.model import ExamRoom, SeatLayout
from xcert_core.ports.workbooks import CellMark, SheetData, SheetModel
from xcert_core.roster.columns import HEADER_SEARCH_ROWS, XCERT_OWN_TEMPLATE, RosterColumn, find_header
from xcert_core.roster.issue_types import CONTROL_CHARACTER, MISSING_COLUMN
from xcert_core.roster.reading import hidden_sheet_issues
from xcert_core.roster.rules.cell_text import cell_text_issues
from xcert_core.roster.rules.whitespace import whitespace_issue
from xcert_core.roster.table import normalise_space
from xcert_core.scheduling.issue_types import (
    ROOM_CELL_MISSING,
    ROOM_DUPLICATE,
    ROOM_LAYOUT_TOO_SMALL,
    ROOM_NO_DATA,
    ROOM_NUMBER_INVALID,
    ROOM_PLAN_UNKNOWN,
    ROOM_SEATS_IN_USE,
    ROOM_SEATS_SHORT,
    ROOM_SITE_NOT_READY,
    ROOM_SITE_UNKNOWN,
)

FAMILY = "room-sheet"
ROOM_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("site_code", "考核站点编号", width=14),
    RosterColumn("site_name", "考核站点名称", width=30),
    RosterColumn("name", "考场名称", width=16),
    RosterColumn("room_type", "考场类型", width=12),
    RosterColumn("seats", "考位数", numeric_ok=True, width=10),
    RosterColumn("rows", "行数", required=False, numeric_ok=True, width=8),
    RosterColumn("columns", "列数", required=False, numeric_ok=True, width=8),
)
ANCHORS = frozenset({"考场名称", "考位数"})
SPACE_ALLOWED = frozenset({"site_name", "name", "room_type"})
"""Columns where one space between words is fine (e.g. ``信息楼 301``); elsewhere any space is reported."""


MAX_ROOM_NUMBER = 1000
"""The largest 考位数, 行数 or 列数 accepted: no classroom has more, and a typo like 30000 must not make the
allocator walk a billion seats."""


ISSUE_TYPES = (ROOM_CELL_MISSING, ROOM_NUMBER_INVALID, ROOM_LAYOUT_TOO_SMALL, ROOM_DUPLICATE, ROOM_NO_DATA,
               ROOM_PLAN_UNKNOWN, ROOM_SITE_UNKNOWN, ROOM_SITE_NOT_READY, ROOM_SEATS_IN_USE, ROOM_SEATS_SHORT)


@frozen
class RoomRow:
    """A data row as clean text by field (``None``: empty or absent)."""

    row: int
    values: dict[str, str | None]


def sheet_rows(sheet: SheetData, file: str, columns: tuple[RosterColumn, ...], anchors: frozenset[str],
               what: str, *, space_allowed: frozenset[str] = frozenset(), personal: frozenset[str] = frozenset(),
               command: str = "xcert rooms template") -> tuple[list[RoomRow], list[Issue]]:
    """The non-blank data rows below a template's header as clean text, missing-column issues and one
    ``whitespace-*`` issue per cell with whitespace the platform rejects (spaces inside a value only matter in
    columns not in ``space_allowed``; ``personal`` columns get no cleaned value in the suggestion). A missing
    column's fix names ``what`` and the ``command`` that writes the blank template.

    Raises :class:`UnreadableFileError` when no header is found."""
    match = find_header(sheet.rows, columns, anchors)
    if match is None:
        wanted = "”“*".join(sorted(anchors))
        raise UnreadableFileError(file, f"在工作表“{sheet.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到{what}的表头"
                                        f"（应包含“*{wanted}”等列）")
    issues = [*hidden_sheet_issues(sheet),
              *(MISSING_COLUMN.at(header=h, template=f"“{what}”", command=command) for h in match.missing)]
    rows: list[RoomRow] = []
    for index in range(match.index + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        values: dict[str, str | None] = {}
        for column in columns:
            position = match.positions.get(column.key)
            cell = cells[position] if position is not None and position < len(cells) else None
            if cell is None:
                values[column.key] = None
                continue
            text = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
            clean = normalise_space(text)
            allowed = column.key in space_allowed
            issue = whitespace_issue(text, clean, row=index + 1, header=column.header, space_allowed=allowed,
                                     personal=column.key in personal)
            if issue is not None:
                issues.append(issue)
            issues += cell_text_issues(text, row=index + 1, header=column.header)
            if clean and not allowed:
                clean = clean.replace(" ", "")
            values[column.key] = clean or None
        rows.append(RoomRow(index + 1, values))
    return rows, issues


def empty_required_cells(data: RoomRow, columns: tuple[RosterColumn, ...], issue_type: IssueType) -> list[Issue]:
    """One ``issue_type`` issue (its ``header`` parameter the column's) per required column of ``columns`` that
    the row ``data`` leaves empty, in template order."""
    return [issue_type.at(row=data.row, column=column.header, header=column.header) for column in columns
            if column.required and data.values.get(column.key) is None]


def whitespace_rows(issues: list[Issue]) -> set[int | None]:
    """The rows with a whitespace or control-character issue (they give no entity, like any row with an
    error)."""
    return {issue.row for issue in issues
            if issue.code.startswith("whitespace-") or issue.code == CONTROL_CHARACTER.code}


def positive_whole(text: str) -> int | None:
    """``text`` as a positive whole number (``"30"``, ``"30.0"``), else ``None``."""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and number >= 1 else None


def read_rooms_sheet(
    sheet: SheetData, file: str, plan_code: str,
) -> tuple[list[ExamRoom], list[Issue]]:
    """(rooms, issues) of a filled room template; rows with an error give no room.

    Raises :class:`~xcert_core.errors.UnreadableFileError` when no header row is found (exit 2).
    """
    rows, issues = sheet_rows(sheet, file, ROOM_COLUMNS, ANCHORS, "考场模板", space_allowed=SPACE_ALLOWED)
    rooms: list[ExamRoom] = []
    seen: dict[tuple[str, str], int] = {}
    spaced = whitespace_rows(issues)
    for data in rows:
        row, values = data.row, data.values
        missing = empty_required_cells(data, ROOM_COLUMNS, ROOM_CELL_MISSING)
        issues += missing
        ok = row not in spaced and not missing
        numbers: dict[str, int] = {}
        for column in ROOM_COLUMNS[4:]:
            text = values.get(column.key)
            if text is None:
                continue
            number = positive_whole(text)
            if number is None or number > MAX_ROOM_NUMBER:
                issues.append(ROOM_NUMBER_INVALID.at(row=row, column=column.header, header=column.header,
                                                     value=text))
                ok = False
            else:
                numbers[column.key] = number
        layout = None
        if "rows" in numbers and "columns" in numbers:
            layout = SeatLayout(numbers["rows"], numbers["columns"])
            seats = numbers.get("seats")
            if seats is not None and layout.usable_count < seats:
                issues.append(ROOM_LAYOUT_TOO_SMALL.at(row=row, column="考位数", rows=layout.rows,
                                                       columns=layout.columns, cells=layout.usable_count,
                                                       seats=seats))
                ok = False
        site, name = values.get("site_code"), values.get("name")
        if site is not None and name is not None:
            first = seen.setdefault((site, name), row)
            if first != row:
                issues.append(ROOM_DUPLICATE.at(row=row, column="考场名称", site=site, name=name, first=first))
                ok = False
        if ok and site is not None and name is not None:
            rooms.append(ExamRoom(plan_code, site, name, values.get("room_type") or "普通考场", numbers["seats"],
                                  layout))
    if not rows:
        issues.append(ROOM_NO_DATA.at())
    return rooms, issues


ROOM_NOTES = ("注意说明" + XCERT_OWN_TEMPLATE +
              "\n1、每行一个考场；考场名称为真实教室，如“信息楼301”，同一考核站点内不能重复。\n"
              "2、考位数为正整数；填写行数和列数时，考位按行从 1 开始编号，行数×列数不能小于考位数。\n"
              "3、请删除单元格中多余的空格。")


def blank_template(title: str, notes: str, columns: tuple[RosterColumn, ...], text_keys: tuple[str, ...],
                   choices: tuple[tuple[str, tuple[str, ...]], ...] = (),
                   marks: tuple[tuple[str, str], ...] = ()) -> SheetModel:
    """A blank platform-style template: title, notes, the '*'-marked header in row 3."""
    width = len(columns)
    last = chr(ord("A") + width - 1)
    where = {column.key: n for n, column in enumerate(columns, start=1)}
    return SheetModel(
        name="Sheet1",
        rows=((title, *([None] * (width - 1))), (notes, *([None] * (width - 1))),
              tuple(("*" if column.required else "") + column.header for column in columns)),
        column_widths=tuple(column.width for column in columns),
        merged=(f"A1:{last}1", f"A2:{last}2"),
        text_columns=tuple(where[key] for key in text_keys),
        choices=tuple((where[key], options) for key, options in choices),
        marks=tuple(CellMark(3, where[key], "note", text) for key, text in marks),
        header_row=3, bold_rows=(1,), row_heights=((1, 28.0), (2, 80.0)),
    )


def room_template() -> SheetModel:
    """The blank room template (考场导入模板)."""
    return blank_template("考场导入模板", ROOM_NOTES, ROOM_COLUMNS, ("site_code",),
                          marks=(("site_code", "示例：S001（平台上的考核站点编号）"), ("site_name", "示例：信息楼考点"),
                                 ("name", "真实教室名称，如：信息楼301"), ("room_type", "示例：普通考场、机房、实训室"),
                                 ("seats", "正整数，如：30"), ("rows", "示例：5（可不填）"),
                                 ("columns", "示例：6（可不填；行数×列数不小于考位数）")))
