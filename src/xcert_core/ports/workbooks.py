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
    """One worksheet's cells. ``rows[i]`` is worksheet row ``i + 1`` as Excel numbers it."""

    name: str
    rows: tuple[tuple[CellValue, ...], ...]


@runtime_checkable
class WorkbookReader(Protocol):
    """Reads one worksheet of a file whose suffix is in ``suffixes`` (lower case, with the dot)."""

    suffixes: tuple[str, ...]

    def read_sheet(self, path: Path, sheet: str | None = None) -> SheetData:
        """The named sheet, or the first one when ``sheet`` is ``None``."""
        ...


@frozen
class CellMark:
    """A problem marked on a written cell: fill colour by severity and a comment (批注)."""

    row: int
    column: int
    severity: str
    comment: str


@frozen
class SheetModel:
    """A worksheet to write, as plain data: cells, widths, merged ranges, text columns, drop-down choices."""

    name: str
    rows: tuple[tuple[CellValue, ...], ...] = ()
    column_widths: tuple[float, ...] = ()
    merged: tuple[str, ...] = ()
    text_columns: tuple[int, ...] = ()
    choices: tuple[tuple[int, tuple[str, ...]], ...] = ()
    marks: tuple[CellMark, ...] = ()
    header_row: int | None = None


@runtime_checkable
class WorkbookWriter(Protocol):
    """Writes sheets (first one first) to ``path`` in the format its ``suffixes`` name."""

    suffixes: tuple[str, ...]

    def write(self, sheets: Sequence[SheetModel], path: Path) -> None: ...


WorkbookReaderFactory = Callable[[], WorkbookReader]
WorkbookWriterFactory = Callable[[], WorkbookWriter]
