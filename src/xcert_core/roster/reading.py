"""From a worksheet to a :class:`~xcert_core.roster.table.RosterTable`, reporting what is wrong with the sheet
itself: a missing or repeated column, no data, empty required cells, and numbers where the platform needs text.

A number in a text column is never silently "fixed": an ID number Excel turned into ``3.60102E+17`` has lost
its last digits, and ``90300`` may have been ``090300``. Such a cell has no trustworthy text (``raw`` is
``None``) and gets an issue saying what to do. A whole number that lost nothing (a mobile number typed as a
number) keeps its text and gets a warning, since the platform's template wants text there.

Every other required cell without usable text (empty, a merged cell's hidden part or a formula without a saved
value, which readers give as ``None``, or only whitespace) gets one :data:`CELL_MISSING` here, where it is known
why the text is missing: each unusable cell is reported exactly once, and the rule families skip cells whose clean
text is ``None``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections.abc import Iterator, Sequence

from xcert_core.errors import UnreadableFileError
from xcert_core.issues import Issue
from xcert_core.labels import CandidateType
from xcert_core.ports.workbooks import CellValue, SheetData
from xcert_core.privacy import mask_id_number, mask_phone
from xcert_core.roster.columns import HEADER_SEARCH_ROWS, SCHOOL_ROSTER, RosterLayout, detect_layout
from xcert_core.roster.issue_types import (
    BLANK_ROW,
    CELL_MISSING,
    CODE_LOST_ZEROS,
    COLUMN_ORDER,
    DUPLICATE_COLUMN,
    EXTRA_COLUMN,
    ID_AS_NUMBER,
    MISSING_COLUMN,
    NO_DATA,
    NUMBER_IN_TEXT,
    SHEET_HIDDEN,
    WRONG_CELL_TYPE,
)
from xcert_core.roster.table import (
    RosterContext,
    RosterRow,
    RosterTable,
    joined_is_normal,
    normalise_space,
    row_is_normal,
)

FAMILY = "roster-sheet"
EXACT_FLOAT_LIMIT = 2**53


def hidden_sheet_issues(sheet: SheetData) -> list[Issue]:
    """``sheet-hidden`` for a sheet whose file has hidden worksheets that were not read (empty otherwise)."""
    if not sheet.hidden_sheets:
        return []
    return [SHEET_HIDDEN.at(sheet=sheet.name, hidden="、".join(f"“{name}”" for name in sheet.hidden_sheets))]


ISSUE_TYPES = (SHEET_HIDDEN, MISSING_COLUMN, DUPLICATE_COLUMN, EXTRA_COLUMN, COLUMN_ORDER, NO_DATA, BLANK_ROW,
               CELL_MISSING, ID_AS_NUMBER, CODE_LOST_ZEROS, NUMBER_IN_TEXT, WRONG_CELL_TYPE)
_EMPTY = {"state": "为空", "state_en": "empty",
          "extra": "（单元格看起来有内容时，可能是合并单元格或没有保存计算结果的公式：请取消合并，或复制后粘贴为数值）"}
_BLANK_TEXT = {"state": "只有空白字符", "state_en": "only whitespace", "extra": "（请先删除单元格中的空格）"}


def template_words(layout: RosterLayout) -> dict[str, str]:
    """How messages name ``layout``'s template (``template``) and the command that writes a blank one
    (``command``)."""
    if layout.platform_template:
        return {"template": f"平台的“{layout.title}”", "command": "xcert students template"}
    return {"template": f"xcert 的“{layout.title}”", "command": "xcert students template --social"}


def cell_missing(key: str, row: int, value: CellValue, layout: RosterLayout = SCHOOL_ROSTER) -> Issue:
    """The :data:`CELL_MISSING` issue of the ``key`` cell of ``row`` holding ``value`` (``None``, ``""`` or
    only whitespace), with the template's own hint for that column as what to fill in."""
    header = layout.by_key[key].header
    state = _EMPTY if not value else _BLANK_TEXT
    return CELL_MISSING.at(row=row, column=header, header=header, hint=layout.comments[key], **state)


def _cell_text(key: str, value: CellValue, row: int, layout: RosterLayout) -> tuple[str | None, Issue | None]:
    """The text of one cell and, for a non-text value, the issue it deserves (see the module docstring)."""
    if value is None or isinstance(value, str):
        return value, None
    column = layout.by_key[key]
    header = column.header
    if isinstance(value, bool | dt.date | dt.time):
        kind, kind_en = ("日期时间", "date or time") if not isinstance(value, bool) else ("逻辑值", "boolean")
        return None, WRONG_CELL_TYPE.at(row=row, column=header, header=header, kind=kind, kind_en=kind_en,
                                        shown=str(value))
    number = value
    whole = isinstance(number, int) or (number.is_integer() and abs(number) < EXACT_FLOAT_LIMIT)
    if key == "id_number":  # shown as Excel shows it, masked as the data-protection page says: a number in
        # E-notation with its first three digits (1.40E+17), a whole number with its first 3 and last 4 digits
        shown = f"{number:.2E}" if isinstance(number, float) else mask_id_number(str(number))
        lost = isinstance(number, float) and abs(number) >= 1e15
        loss, loss_en = (("后几位已经丢失", "its last digits are lost") if lost
                         else ("平台要求文本格式", "the platform needs text"))
        return None, ID_AS_NUMBER.at(row=row, column=header, shown=shown, loss=loss, loss_en=loss_en)
    if not whole:
        return None, WRONG_CELL_TYPE.at(row=row, column=header, header=header, kind="小数", kind_en="fraction",
                                        shown=str(number))
    text = str(int(number))
    if column.numeric_ok:
        return text, None
    if key == "program_code" and len(text) < 6:
        return None, CODE_LOST_ZEROS.at(row=row, column=header, header=header, shown=text, padded=text.zfill(6))
    shown = mask_phone(text) if key == "mobile" else text
    return text, NUMBER_IN_TEXT.at(row=row, column=header, header=header, shown=shown)


_BLOCK_ROWS = 256
"""Rows read together by the fast path of :func:`_data_rows`."""
_NONE_TYPE = type(None)
_TEXT_TYPES = frozenset({str, _NONE_TYPE})
_is_text = functools.partial(operator.is_not, None)
_EDGE = ("",)
_count_none = operator.methodcaller("count", None)


def _data_rows(sheet: SheetData, start: int, positions: dict[str, int], issues: list[Issue],
               layout: RosterLayout) -> list[RosterRow]:
    """The data rows from ``start`` (0-based), appending the sheet's own issues to ``issues``.

    Rows are taken :data:`_BLOCK_ROWS` at a time: a block with no blank row, every row reaching the last template
    column and only text or empty cells (most blocks of most files) is built with a few C-level passes over its
    cells, and when a text in it needs its blanks normalised, with one check per row (:func:`_normalised`); any
    other block row by row (:func:`_rows_one_by_one`). The result is the same.
    """
    rows = sheet.rows
    keys = tuple(positions)
    columns = tuple(positions.values())
    pick = operator.itemgetter(*columns) if len(columns) > 1 else None
    reach = max(columns, default=-1) + 1
    in_place = columns == tuple(range(reach))  # the template's columns, in its order, from column A
    table: list[RosterRow] = []
    blank_rows: list[int] = []
    for first in range(start, len(rows), _BLOCK_ROWS):
        block = rows[first : first + _BLOCK_ROWS]
        widths = set(map(len, block))
        fast = pick is not None and min(widths) >= reach and not _has_blank_row(block, widths)
        if fast:
            picked: Sequence[tuple[str | None, ...]] = (
                block if in_place and widths == {reach} else list(map(pick, block)))  # type: ignore[arg-type,assignment]
            cells = itertools.chain.from_iterable
            edged = itertools.chain(_EDGE, cells(picked), _EDGE)  # joined: every text between two "\x00"
            try:  # only text, the common case: the join the whitespace check needs is the type check too
                joined = "\x00".join(edged)  # type: ignore[arg-type]
                kinds: set[type] = {str}
            except TypeError:
                kinds = set(map(type, cells(picked)))
                fast = kinds <= _TEXT_TYPES
                texts = filter(_is_text, cells(picked)) if fast else ()
                joined = "\x00".join(itertools.chain(_EDGE, texts, _EDGE))  # type: ignore[arg-type]
        if not fast:
            table += _rows_one_by_one(rows, first, min(first + _BLOCK_ROWS, len(rows)), positions, issues,
                                      blank_rows, layout)
            continue
        normal = joined_is_normal(joined)
        if blank_rows:  # blank rows before this block, and a data row after them
            issues.extend(BLANK_ROW.at(row=blank) for blank in blank_rows)
            blank_rows.clear()
        raws = list(map(dict, map(zip, itertools.repeat(keys), picked)))
        cleans = raws if normal else list(map(_normalised, raws))  # a row's own check passes most rows whole
        if _NONE_TYPE in kinds or not normal:  # empty cells, or text that is only blanks: rare, found row by row
            issues.extend(_empty_cells(raws, cleans, first + 1, layout))
        table += map(RosterRow, range(first + 1, first + 1 + len(block)), raws, cleans)
    return table


def _empty_cells(raws: Sequence[dict[str, str | None]], cleans: Sequence[dict[str, str | None]], first_row: int,
                 layout: RosterLayout) -> Iterator[Issue]:
    """The :data:`CELL_MISSING` issues of a fast block (only text or empty cells), in row and then template order,
    as :func:`_rows_one_by_one` gives them; ``first_row`` is the block's first worksheet row."""
    required = layout.required
    for excel_row, raw, clean in zip(itertools.count(first_row), raws, cleans):
        if None in clean.values():
            yield from (cell_missing(key, excel_row, raw[key], layout) for key, text in clean.items()
                        if text is None and key in required)


def _has_blank_row(block: Sequence[Sequence[CellValue]], widths: set[int]) -> bool:
    """Whether a row of ``block`` (its rows ``widths`` long) holds nothing: for tuples, one C-level ``count`` of the
    all-empty tuple per width (most rows differ from it at their first cell); otherwise every row's ``None``s."""
    if set(map(type, block)) == {tuple}:
        return any(block.count((None,) * width) for width in widths)
    return any(map(operator.eq, map(_count_none, block), map(len, block)))


def _rows_one_by_one(rows: Sequence[Sequence[CellValue]], first: int, stop: int, positions: dict[str, int],
                     issues: list[Issue], blank_rows: list[int], layout: RosterLayout) -> Iterator[RosterRow]:
    """The data rows ``rows[first:stop]``, one at a time: cell types converted (with their issues), whitespace
    normalised in ``clean``, blank rows collected in ``blank_rows`` and reported before the next data row."""
    fields = tuple(positions.items())
    for index in range(first, stop):
        cells = rows[index]
        excel_row = index + 1
        if cells.count(None) == len(cells):  # a blank row (C-level count: cheap on 100,000 rows)
            blank_rows.append(excel_row)
            continue
        if blank_rows:
            issues.extend(BLANK_ROW.at(row=blank) for blank in blank_rows)
            blank_rows.clear()
        raw: dict[str, str | None] = {}
        unusable: list[str] = []  # cells whose value has no trustworthy text (their issue already says so)
        width = len(cells)
        for key, position in fields:
            value = cells[position] if position < width else None
            if value is None or type(value) is str:  # the common case, kept cheap for 100,000-row files
                raw[key] = value
            else:
                raw[key], issue = _cell_text(key, value, excel_row, layout)
                if issue is not None:
                    issues.append(issue)
                if raw[key] is None:
                    unusable.append(key)
        clean = _normalised(raw)
        if None in clean.values():  # an empty cell, or one whose number lost information (already reported)
            issues.extend(cell_missing(key, excel_row, raw[key], layout) for key, text in clean.items()
                          if text is None and key in layout.required and key not in unusable)
        yield RosterRow(excel_row, raw, clean)


def _normalised(raw: dict[str, str | None]) -> dict[str, str | None]:
    """``raw`` with each text :func:`normalise_space`-d (``None`` when nothing is left); ``raw`` itself when
    nothing needs normalising (most rows): rules compare ``clean`` with ``raw`` by identity."""
    clean = raw
    if not row_is_normal([text for text in raw.values() if text is not None]):
        for key, text in raw.items():
            if text is not None and (normal := normalise_space(text) or None) is not text:
                if clean is raw:
                    clean = dict(raw)
                clean[key] = normal
    return clean


def read_roster(sheet: SheetData, file: str, context: RosterContext | None = None,
                kind: CandidateType | None = None) -> tuple[RosterTable, list[Issue]]:
    """The roster in ``sheet`` and the issues of the sheet itself (row ``None`` for file-level ones).

    Which roster it is — the school's 本校学生导入模板 or the social candidates' 社会考生导入模板 — is told by its
    header row (:func:`~xcert_core.roster.columns.detect_layout`), or fixed by ``kind``. Raises
    :class:`~xcert_core.errors.UnreadableFileError` when no header row is found (the command exits 2).
    """
    detected = detect_layout(sheet.rows, kind)
    if detected is None:
        wanted = ("“*考生姓名”“*证件号码”等列），请使用 xcert 的“社会考生导入模板”" if kind is CandidateType.PUBLIC
                  else "“*学生姓名”“*证件号码”等列），请使用平台的“本校学生导入模板”（社会考生用“社会考生导入模板”）")
        raise UnreadableFileError(
            file, f"在工作表“{sheet.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头（应包含{wanted}")
    layout, match = detected
    words = template_words(layout)
    template, command = words["template"], words["command"]
    issues: list[Issue] = hidden_sheet_issues(sheet)
    issues += [MISSING_COLUMN.at(header=header, template=template, command=command) for header in match.missing]
    issues += [DUPLICATE_COLUMN.at(header=header) for header in match.duplicates]
    issues += [EXTRA_COLUMN.at(header=header, template=template) for header in match.extra]
    present = sorted(match.positions, key=match.positions.__getitem__)
    if present != [key for key in layout.by_key if key in match.positions]:
        issues.append(COLUMN_ORDER.at(expected="、".join(column.header for column in layout.columns),
                                      template=template, command=command))
    rows = tuple(_data_rows(sheet, match.index + 1, match.positions, issues, layout))
    if not rows:
        issues.append(NO_DATA.at())
    table = RosterTable(file=file, sheet=sheet.name, header_row=match.index + 1, positions=match.positions,
                        rows=rows, context=context or RosterContext(), layout=layout)
    return table, issues
