"""The ``openpyxl`` workbook writer: :class:`~xcert_core.ports.workbooks.SheetModel` to a styled .xlsx file.

Used for the blank templates (text-formatted columns, drop-down lists, the notes row) and for the error
reports (red and yellow cells with comments). Writes in normal (not write-only) mode because comments, data
validation and column styles need it; a 100,000-row report takes a few seconds and some hundred MB.

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
        workbook = Workbook()
        workbook.remove(workbook.active)
        for model in sheets:
            _write_sheet(workbook.create_sheet(model.name[:31]), model)
        workbook.save(create_private(Path(path)))


def _write_sheet(sheet: Any, model: SheetModel) -> None:
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    text_columns = set(model.text_columns)
    for row in model.rows:
        _append(sheet, row)
    for column in text_columns:
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].number_format = "@"
        for (cell,) in sheet.iter_rows(min_row=(model.header_row or 0) + 1, max_row=max(sheet.max_row, 1),
                                       min_col=column, max_col=column):
            cell.number_format = "@"
    for index, width in enumerate(model.column_widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell_range in model.merged:
        sheet.merge_cells(cell_range)
        first = sheet[cell_range.split(":")[0]]
        first.alignment = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for row_number in {*model.bold_rows, *([model.header_row] if model.header_row else [])}:
        for cell in sheet[row_number]:
            cell.font = bold
    if model.header_row:
        sheet.freeze_panes = sheet.cell(row=model.header_row + 1, column=1)
    for row_number, height in model.row_heights:
        sheet.row_dimensions[row_number].height = height
    _add_choices(sheet, model)
    _add_marks(sheet, model)


def _append(sheet: Any, row: tuple[CellValue, ...]) -> None:
    """Append ``row``; a text that is formula-like becomes a quote-prefixed text cell, never a formula."""
    texts = [(column, value) for column, value in enumerate(row, start=1) if type(value) is str and value]
    unsafe = [column for column, value in texts if value[0] in FORMULA_STARTS]
    if any(not value.isprintable() for _, value in texts):
        row = tuple(visible_in_cell(value) if type(value) is str else value for value in row)
    sheet.append(row)
    if unsafe:
        line = sheet.max_row
        for column in unsafe:
            cell = sheet.cell(row=line, column=column)
            cell.data_type = "s"  # openpyxl made "=…" a formula; the text itself is what we write
            cell.quotePrefix = True


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
        sheet.add_data_validation(validation)


def _add_marks(sheet: Any, model: SheetModel) -> None:
    from openpyxl.comments import Comment  # noqa: PLC0415
    from openpyxl.styles import PatternFill  # noqa: PLC0415

    for mark in model.marks:
        cell = sheet.cell(row=mark.row, column=mark.column)
        colour = FILLS.get(mark.severity)
        if colour:
            cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        if mark.comment:
            comment = Comment(mark.comment, "xcert")
            comment.width, comment.height = 320, 140
            cell.comment = comment
