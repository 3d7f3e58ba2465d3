"""What the built-in readers share: the output grid, cell conversion, sheet choice and parse failures.

:class:`GridBuilder` turns the rows a parser yields into the one shape every reader returns (see
:mod:`xcert_adapters.workbooks`): ``None`` for empty cells and empty strings, Excel numbering kept, trailing
empty rows and columns trimmed, rectangular, and ``max_rows`` / ``max_columns`` / ``max_cells`` /
``max_cell_chars`` of :class:`~xcert_adapters.workbooks.safety.ReadLimits` enforced while the rows arrive.
:func:`build_grid` gives the same result for a sheet a parser hands over whole (a list of rows) in a few C-level
passes over all its cells, and :func:`gc_paused` keeps the garbage collector out of such a bulk build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import operator
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import cast

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


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (as it was before, it is after).

    For building a whole sheet at once: the hundred thousand row lists and tuples a large sheet makes would
    otherwise set off collection after collection (a tenth of the time it takes), and they form no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def unsupported_suffix(path: Path) -> UnreadableFileError:
    """The error for a file whose suffix no reader handles (``不支持的文件类型 .xyz…``)."""
    suffix = path.suffix.lower() or "（无扩展名）"
    return UnreadableFileError(str(path), f"不支持的文件类型 {suffix}，请使用 .xlsx、.xls 或 .csv")


def cell_too_long(path: Path, row: int, column: int, limit: int) -> UnreadableFileError:
    """The error for a cell over ``max_cell_chars`` (row and column as Excel shows them)."""
    return UnreadableFileError(
        str(path), f"第{row}行第{column_letter(column)}列的单元格超过 {limit} 个字符，文件可能已损坏"
    )


_PLAIN_TYPES = frozenset({str, float, int, bool, type(None), dt.date, dt.datetime, dt.time})
"""Types :func:`to_cell` passes through unchanged (``""`` aside): a row of only these needs no per-cell call."""


class GridBuilder:
    """Collects rows (row 1 first) into the shared output shape, enforcing the limits as rows arrive.

    :meth:`add_row` raises :class:`~xcert_core.errors.UnreadableFileError` for a cell over ``max_cell_chars``
    (naming its row and column) and for a sheet beyond ``max_rows``, ``max_columns`` or ``max_cells`` (counted
    up to the last row and column holding a value). Memory stays proportional to the cells kept.

    A row is converted as :func:`to_cell` would convert each cell; a row holding only plain values (``str``,
    numbers, ``bool``, ``None``, dates and times, not subclasses) is done with a few C-level passes instead
    (``""`` replaced only when the row has one, one ``max(map(len, …))`` for the lengths).
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
        raw = values if isinstance(values, list | tuple) else list(values)
        kinds = set(map(type, raw))
        cells: Sequence[object]
        if kinds <= _PLAIN_TYPES:
            if str in kinds:
                texts = raw if len(kinds) == 1 else [value for value in raw if type(value) is str]
                if texts and max(map(len, texts)) > self.limits.max_cell_chars:
                    self._convert(raw, row_number)  # raises, naming the cell
                cells = [None if value == "" else value for value in raw] if "" in texts else raw
            else:
                cells = raw
        else:
            cells = self._convert(raw, row_number)
        last = len(cells)
        while last and cells[last - 1] is None:
            last -= 1
        if not last:
            self._rows.append(())
            return
        self._width = width = max(self._width, last)
        self._height = row_number
        limits = self.limits
        if row_number > limits.max_rows or width > limits.max_columns or row_number * width > limits.max_cells:
            try:
                check_extent(row_number, width, limits)
            except PartRefusedError as refused:
                raise UnreadableFileError(str(self.path), refused.reason) from None
        self._rows.append(tuple(cells[:last]) if last < len(cells) else tuple(cells))  # type: ignore[arg-type]

    def _convert(self, values: Sequence[object], row_number: int) -> list[CellValue]:
        """Each value through :func:`to_cell`, checking its length."""
        limit = self.limits.max_cell_chars
        cells: list[CellValue] = []
        for column, raw in enumerate(values, start=1):
            cell = to_cell(raw)
            if isinstance(cell, str) and len(cell) > limit:
                raise cell_too_long(self.path, row_number, column, limit)
            cells.append(cell)
        return cells

    @property
    def rows_added(self) -> int:
        """How many rows :meth:`add_row` has taken, empty ones included."""
        return len(self._rows)

    def rows(self) -> tuple[tuple[CellValue, ...], ...]:
        """The rows so far, trimmed after the last non-empty row and padded with ``None`` to one width."""
        width = self._width
        return tuple(row + (None,) * (width - len(row)) for row in self._rows[: self._height])


def build_grid(rows: Iterable[Iterable[object]], path: Path, limits: ReadLimits) -> tuple[tuple[CellValue, ...], ...]:
    """All ``rows`` through a :class:`GridBuilder` — or, when ``rows`` is a list (a parser's whole sheet, already in
    memory), the same result from a few C-level passes over all cells when every value is plain, no text is too
    long and the sheet is within the limits; otherwise (some value to convert, or an error to report at its row)
    row by row."""
    if isinstance(rows, list):
        grid = _plain_grid(rows, limits)
        if grid is not None:
            return grid
    builder = GridBuilder(path, limits)
    for row in rows:
        builder.add_row(row)
    return builder.rows()


def _plain_grid(rows: list[Iterable[object]], limits: ReadLimits) -> tuple[tuple[CellValue, ...], ...] | None:
    """What :class:`GridBuilder` makes of ``rows`` (sequences), or ``None`` when that needs it: a value that is not
    plain, a text over ``max_cell_chars``, a sheet beyond the other limits."""
    if not set(map(type, rows)) <= {list, tuple}:
        return None
    cells = itertools.chain.from_iterable
    kinds = set(map(type, cells(rows)))
    if not kinds <= _PLAIN_TYPES:
        return None
    if str in kinds:
        texts = cells(rows) if len(kinds) == 1 else filter(str.__instancecheck__, cells(rows))
        if max(map(len, cast("Iterable[str]", texts)), default=0) > limits.max_cell_chars:
            return None
    grid: list[tuple[CellValue, ...]] = list(map(tuple, rows))  # type: ignore[arg-type]
    blanks = ["", None] if type(None) in kinds else [""]
    for blank in blanks:
        for index in itertools.compress(itertools.count(), map(operator.contains, grid, itertools.repeat(blank))):
            row = [None if value == "" else value for value in grid[index]]
            while row and row[-1] is None:
                row.pop()
            grid[index] = tuple(row)
    height = len(grid)
    while height and not grid[height - 1]:
        height -= 1
    width = max(map(len, grid[:height]), default=0)
    if height > limits.max_rows or width > limits.max_columns or height * width > limits.max_cells:
        return None
    return tuple(row if len(row) == width else row + (None,) * (width - len(row)) for row in grid[:height])


def choose_sheet(path: Path, names: Sequence[str], sheet: str | None,
                 hidden: Collection[str] = frozenset()) -> tuple[str, tuple[str, ...]]:
    """The worksheet to read and the hidden ones left unread: ``sheet`` if it is one of ``names`` (hidden or not);
    when ``sheet`` is ``None`` the first of ``names`` not in ``hidden`` (the first one, if all are hidden);
    otherwise raise :class:`~xcert_core.errors.UnreadableFileError` naming the worksheets Excel shows."""
    if not names:
        raise UnreadableFileError(str(path), "文件中没有工作表，请确认选择了正确的文件")
    if sheet is None:
        chosen = next((name for name in names if name not in hidden), names[0])
    elif sheet in names:
        chosen = sheet
    else:
        shown = [name for name in names if name not in hidden] or list(names)
        listed = "、".join(f"“{name}”" for name in shown)
        raise UnreadableFileError(str(path), f"找不到名为“{sheet}”的工作表；文件中的工作表有：{listed}")
    return chosen, tuple(name for name in names if name in hidden and name != chosen)
