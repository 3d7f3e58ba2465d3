"""The ``openpyxl`` workbook writer: :class:`~xcert_core.ports.workbooks.SheetModel` to a styled .xlsx file.

Used for the blank templates (text-formatted columns, drop-down lists, the notes row) and for the error
reports (red and yellow cells with comments), the printed pack's Excel lists and every other sheet. Writes in
openpyxl's write-only mode, which keeps comments, data validation and column and cell styles as long as they are
set before the rows: each row is turned into XML as it is appended and let go, so memory stays flat in the number
of rows (the normal mode held about 5 KB a row: 50 MB for the 10,000-row 排考明细 of 5,000 candidates) and the
sheet is written about a quarter faster.

Text is data, never code: a string a spreadsheet would evaluate (:func:`xcert_core.text_safety.formula_like`:
``=…``, ``+…``, ``-…``, ``@…``, tab, CR) is written as a text cell with Excel's quote prefix — it shows the
original characters, and stays text when someone edits the cell — never as a formula; characters an .xlsx cannot
hold are shown as control pictures (:func:`~xcert_core.text_safety.visible_in_cell`). The file is written private
(0600, :mod:`xcert_adapters.private_files`): reports and lists hold ID and phone numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xcert_adapters.private_files import create_private
from xcert_core.ports.workbooks import CellValue, SheetModel
from xcert_core.text_safety import FORMULA_STARTS, visible_in_cell

FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}


class OpenpyxlWriter:
    """Writes .xlsx files with openpyxl (imported when writing, not at registration)."""

    suffixes: tuple[str, ...] = (".xlsx",)

    def write(self, sheets: Sequence[SheetModel], path: Path) -> None:
        """Write ``sheets`` in order to ``path`` (replacing it). Raises ``ValueError`` for no sheets."""
        from openpyxl import Workbook  # noqa: PLC0415 - keep plug-in registration cheap

        if not sheets:
            raise ValueError("a workbook needs at least one sheet")
        workbook = Workbook(write_only=True)
        for model in sheets:
            _write_sheet(workbook.create_sheet(model.name[:31]), model)
        workbook.save(create_private(Path(path)))


def _write_sheet(sheet: Any, model: SheetModel) -> None:
    """Stream ``model`` into the write-only ``sheet``. What belongs to the columns, the rows and the sheet
    (widths, the text format, heights, frozen panes, merged ranges, drop-down lists) is set before the first
    row, as openpyxl's write-only mode needs; then each row is written once and let go. Styled cells: every
    cell of ``text_columns`` below the header (text format), every cell of a bold row up to the widest column,
    the first cell of a merged range (wrapped) and each marked cell (filled, with its comment)."""
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415
    from openpyxl.worksheet.cell_range import CellRange  # noqa: PLC0415

    for column in model.text_columns:
        sheet.column_dimensions[get_column_letter(column)].number_format = "@"
    for index, width in enumerate(model.column_widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_number, height in model.row_heights:
        sheet.row_dimensions[row_number].height = height
    if model.header_row:
        sheet.freeze_panes = f"A{model.header_row + 1}"
    _add_choices(sheet, model)
    special: dict[int, dict[int, dict[str, Any]]] = {}  # row -> column -> the cell's style attributes

    def style(row: int, column: int, **attributes: Any) -> None:
        special.setdefault(row, {}).setdefault(column, {}).update(attributes)

    known = getattr(model.rows, "widest", None)  # rows built as they are read may say it: no pass over them
    widest = max([known if known is not None else max(map(len, model.rows), default=0), *model.text_columns])
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell_range in model.merged:
        merged = CellRange(cell_range)
        sheet.merged_cells.add(merged)
        widest = max(widest, merged.max_col)
        style(merged.min_row, merged.min_col, alignment=wrap)
    bold = Font(bold=True)
    for row_number in {*model.bold_rows, *([model.header_row] if model.header_row else [])}:
        for column in range(1, widest + 1):
            style(row_number, column, font=bold)
    for mark in model.marks:
        colour = FILLS.get(mark.severity)
        if colour:
            style(mark.row, mark.column, fill=_fill(colour))
        if mark.comment:
            style(mark.row, mark.column, comment=_comment(mark.comment))
    first_text_row = (model.header_row or 0) + 1
    text_rows = range(first_text_row, max(len(model.rows), 1) + 1) if model.text_columns else range(0)
    for number in range(1, max([len(model.rows), *special, text_rows.stop - 1]) + 1):
        row = model.rows[number - 1] if number <= len(model.rows) else ()
        styled = special.get(number, {})
        if number in text_rows:
            styled = _text_format(styled, model.text_columns)
        sheet.append(_row(sheet, row, styled))


def _text_format(styled: dict[int, dict[str, Any]], text_columns: Sequence[int]) -> dict[int, dict[str, Any]]:
    """``styled`` (a row's styled columns) with the text format ("@") added to each of ``text_columns``."""
    merged: dict[int, dict[str, Any]] = {column: {"number_format": "@"} for column in text_columns}
    for column, attributes in styled.items():
        merged[column] = {**merged.get(column, {}), **attributes}
    return merged


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill  # noqa: PLC0415

    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _comment(text: str) -> Any:
    from openpyxl.comments import Comment  # noqa: PLC0415

    comment = Comment(text, "xcert")
    comment.width, comment.height = 320, 140
    return comment


def _row(sheet: Any, row: tuple[CellValue, ...], styled: dict[int, dict[str, Any]]) -> list[Any] | tuple[Any, ...]:
    """``row`` ready to append: a text that is formula-like becomes a quote-prefixed text cell, never a formula;
    characters a workbook cannot hold are shown as control pictures; a column in ``styled`` becomes a cell with
    those attributes (``comment`` included; a date or time keeps its own number format), padded with empty cells
    as far as the last styled column."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

    texts = [(column, value) for column, value in enumerate(row, start=1) if type(value) is str and value]
    unsafe = {column for column, value in texts if value[0] in FORMULA_STARTS}
    if any(not value.isprintable() for _, value in texts):
        row = tuple(visible_in_cell(value) if type(value) is str else value for value in row)
    if not unsafe and not styled:
        return row
    values: list[Any] = [*row, *([None] * (max(styled, default=0) - len(row)))]
    for column in unsafe | set(styled):
        cell = WriteOnlyCell(sheet, value=values[column - 1])
        if column in unsafe:
            cell.data_type = "s"  # openpyxl made "=…" a formula; the text itself is what we write
            cell.quotePrefix = True
        for attribute, value in styled.get(column, {}).items():
            if attribute != "number_format" or not cell.is_date:  # a date in a text column stays a date
                setattr(cell, attribute, value)
        values[column - 1] = cell
    return values


def _add_choices(sheet: Any, model: SheetModel) -> None:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    first_data_row = (model.header_row or 0) + 1
    for column, options in model.choices:
        letter = get_column_letter(column)
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="请从下拉列表中选择",
                                    error="只能填写：" + "、".join(options))
        validation.add(f"{letter}{first_data_row}:{letter}{first_data_row + model.choice_rows - 1}")
        sheet.data_validations.append(validation)
