"""The workbook ports: readers turn a spreadsheet file into rows of typed cell values; writers do the reverse.

Readers must treat files as hostile (XML entities, zip bombs, huge cells) and report an unusable file by
raising :class:`~xcert_core.errors.UnreadableFileError` with a one-line Chinese reason; they never "fix" a value:
an ID number Excel stored as the float ``3.6e17`` comes out as that float so a rule can report it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from attrs import frozen

CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | None
"""What a cell holds after reading: the type the file stored, not a converted one."""


@frozen
class SheetData:
    """One worksheet's cells. ``rows[i]`` is worksheet row ``i + 1`` as Excel numbers it.

    ``hidden_sheets`` names the file's hidden worksheets (hidden or "very hidden": Excel does not show them) that
    were not read: a reader given no sheet name reads the first *visible* worksheet, and the templates warn about
    the hidden ones (``sheet-hidden``), which may hold rows the school believes it sent."""

    name: str
    rows: tuple[tuple[CellValue, ...], ...]
    hidden_sheets: tuple[str, ...] = ()


@runtime_checkable
class WorkbookReader(Protocol):
    """Reads one worksheet of a file whose suffix is in ``suffixes`` (lower case, with the dot)."""

    suffixes: tuple[str, ...]

    def read_sheet(self, path: Path, sheet: str | None = None) -> SheetData:
        """The named sheet (hidden or not), or the first visible worksheet when ``sheet`` is ``None``; the
        result names the hidden worksheets it did not read."""
        ...


@frozen
class CellMark:
    """A comment (批注) on a written cell, 1-based ``row`` and ``column``; ``severity`` ``"error"`` fills the
    cell red, ``"warning"`` yellow, ``"note"`` leaves it unfilled."""

    row: int
    column: int
    severity: str
    comment: str


@frozen
class SheetModel:
    """A worksheet to write, as plain data. Rows and columns are 1-based like Excel's.

    ``rows[i]`` is written to row ``i + 1``; ``column_widths[j]`` is column ``j + 1``'s width in characters;
    ``merged`` are ranges such as ``"A2:K2"`` (their first cell wraps its text); ``text_columns`` are formatted
    as text ("@") for the whole column, so Excel keeps ID numbers and leading zeros as typed; ``choices`` are
    drop-down lists for a column, below ``header_row`` (up to ``choice_rows`` rows); ``header_row`` is bold and
    the panes are frozen below it; ``bold_rows`` are bold too; ``row_heights`` are ``(row, points)`` pairs.
    """

    name: str
    rows: tuple[tuple[CellValue, ...], ...] = ()
    column_widths: tuple[float, ...] = ()
    merged: tuple[str, ...] = ()
    text_columns: tuple[int, ...] = ()
    choices: tuple[tuple[int, tuple[str, ...]], ...] = ()
    marks: tuple[CellMark, ...] = ()
    header_row: int | None = None
    bold_rows: tuple[int, ...] = ()
    row_heights: tuple[tuple[int, float], ...] = ()
    choice_rows: int = 5000


@runtime_checkable
class WorkbookWriter(Protocol):
    """Writes sheets (first one first) to ``path`` in the format its ``suffixes`` name.

    Text is data: every ``str`` is written as text that shows its characters, never as a formula — a text
    :func:`~xcert_core.text_safety.formula_like` says a spreadsheet would run gets a quote prefix (or the
    format's equivalent). :class:`xcert_core.testing.writer_contract.WorkbookWriterContract` checks it; a
    writer's file holds personal data, so it is written readable by its owner only."""

    suffixes: tuple[str, ...]

    def write(self, sheets: Sequence[SheetModel], path: Path) -> None: ...


WorkbookReaderFactory = Callable[[], WorkbookReader]
WorkbookWriterFactory = Callable[[], WorkbookWriter]
