"""What the built-in readers share: the output grid, cell conversion, sheet choice and parse failures.

:class:`GridBuilder` turns the rows a parser yields into the one shape every reader returns (see
:mod:`xcert_adapters.workbooks`): ``None`` for empty cells and empty strings, Excel numbering kept, trailing
empty rows and columns trimmed, rectangular, and ``max_rows`` / ``max_columns`` / ``max_cells`` /
``max_cell_chars`` of :class:`~xcert_adapters.workbooks.safety.ReadLimits` enforced while the rows arrive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from xcert_adapters.workbooks._xmlscan import PartRefusedError, check_extent, column_letter
from xcert_adapters.workbooks.safety import ReadLimits
from xcert_core.errors import UnreadableFileError
from xcert_core.ports.workbooks import CellValue

GENERIC_PARSE_REASON = "文件内容无法解析，可能已损坏；请用 Excel 打开后另存为 .xlsx 再试"


class ParseFailedError(UnreadableFileError):
    """A parser could not make sense of a file that passed the safety checks (its own error is ``cause``).

    Unlike a plain :class:`~xcert_core.errors.UnreadableFileError` — a verdict on the file (encrypted, hostile,
    unknown sheet, too big) that no other reader would change — this one means "this parser failed": the
    selection in :mod:`xcert_adapters.workbooks.selection` then tries the next reader for the suffix.
    """

    def __init__(self, path: str, reason: str = GENERIC_PARSE_REASON, cause: BaseException | None = None) -> None:
        super().__init__(path, reason)
        self.cause = cause


def to_cell(value: object) -> CellValue:
    """One parser value as a :data:`~xcert_core.ports.workbooks.CellValue`, keeping its type.

    ``""`` becomes ``None`` (calamine's empty cell, openpyxl's empty inline string, CSV's empty field); a
    ``timedelta`` (a duration format such as ``[h]:mm``, which ``CellValue`` has no type for) becomes the number
    of days Excel stored, as a ``float``; a value of any other unexpected type becomes its ``str``. Nothing else
    changes: a float stays a float, an int an int, a datetime a datetime.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str | bool | int | float | dt.date | dt.time):
        return value
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return str(value)


def unsupported_suffix(path: Path) -> UnreadableFileError:
    """The error for a file whose suffix no reader handles (``不支持的文件类型 .xyz…``)."""
    suffix = path.suffix.lower() or "（无扩展名）"
    return UnreadableFileError(str(path), f"不支持的文件类型 {suffix}，请使用 .xlsx、.xls 或 .csv")


def cell_too_long(path: Path, row: int, column: int, limit: int) -> UnreadableFileError:
    """The error for a cell over ``max_cell_chars`` (row and column as Excel shows them)."""
    return UnreadableFileError(
        str(path), f"第{row}行第{column_letter(column)}列的单元格超过 {limit} 个字符，文件可能已损坏"
    )


class GridBuilder:
    """Collects rows (row 1 first) into the shared output shape, enforcing the limits as rows arrive.

    :meth:`add_row` raises :class:`~xcert_core.errors.UnreadableFileError` for a cell over ``max_cell_chars``
    (naming its row and column) and for a sheet beyond ``max_rows``, ``max_columns`` or ``max_cells`` (counted
    up to the last row and column holding a value). Memory stays proportional to the cells kept.
    """

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        self.path = path
        self.limits = limits
        self._rows: list[tuple[CellValue, ...]] = []
        self._width = 0
        self._height = 0

    def add_row(self, values: Iterable[object]) -> None:
        """Append the next row's raw parser values."""
        row_number = len(self._rows) + 1
        limit = self.limits.max_cell_chars
        cells: list[CellValue] = []
        last = 0
        for column, raw in enumerate(values, start=1):
            cell = to_cell(raw)
            if cell is not None:
                if isinstance(cell, str) and len(cell) > limit:
                    raise cell_too_long(self.path, row_number, column, limit)
                last = column
            cells.append(cell)
        if last:
            self._width = max(self._width, last)
            self._height = row_number
            try:
                check_extent(self._height, self._width, self.limits)
            except PartRefusedError as refused:
                raise UnreadableFileError(str(self.path), refused.reason) from None
            self._rows.append(tuple(cells[:last]))
        else:
            self._rows.append(())

    @property
    def rows_added(self) -> int:
        """How many rows :meth:`add_row` has taken, empty ones included."""
        return len(self._rows)

    def rows(self) -> tuple[tuple[CellValue, ...], ...]:
        """The rows so far, trimmed after the last non-empty row and padded with ``None`` to one width."""
        width = self._width
        return tuple(row + (None,) * (width - len(row)) for row in self._rows[: self._height])


def build_grid(rows: Iterable[Iterable[object]], path: Path, limits: ReadLimits) -> tuple[tuple[CellValue, ...], ...]:
    """All ``rows`` through a :class:`GridBuilder`."""
    builder = GridBuilder(path, limits)
    for row in rows:
        builder.add_row(row)
    return builder.rows()


def choose_sheet(path: Path, names: Sequence[str], sheet: str | None) -> str:
    """``sheet`` if it is one of ``names``, the first of ``names`` when ``sheet`` is ``None``; otherwise raise
    :class:`~xcert_core.errors.UnreadableFileError` naming the worksheets the file has."""
    if not names:
        raise UnreadableFileError(str(path), "文件中没有工作表，请确认选择了正确的文件")
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    listed = "、".join(f"“{name}”" for name in names)
    raise UnreadableFileError(str(path), f"找不到名为“{sheet}”的工作表；文件中的工作表有：{listed}")
