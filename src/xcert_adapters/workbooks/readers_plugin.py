"""The built-in workbook readers as a plug-in (entry point ``workbook-readers`` in the group ``xcert``).

Registers ``calamine`` (:class:`~.calamine.CalamineReader`: .xlsx .xlsm .xls .ods), ``openpyxl``
(:class:`~.openpyxl_reader.OpenpyxlReader`: .xlsx .xlsm) and ``csv`` (:class:`~.csv_reader.CsvReader`: .csv); the
factories are the classes, called without arguments (default :class:`~.safety.ReadLimits`). Importing this
module imports neither python_calamine nor openpyxl. To pick a reader for a file, with openpyxl as the fallback
for .xlsx, use :func:`~.selection.reader_for` (re-exported here).
"""

from __future__ import annotations

from xcert_adapters.workbooks.calamine import CalamineReader
from xcert_adapters.workbooks.csv_reader import CsvReader
from xcert_adapters.workbooks.openpyxl_reader import OpenpyxlReader
from xcert_adapters.workbooks.openpyxl_writer import OpenpyxlWriter
from xcert_adapters.workbooks.selection import FallbackReader, read_sheet, reader_for
from xcert_core.hookspecs import Register, hookimpl
from xcert_core.ports.workbooks import WorkbookReaderFactory, WorkbookWriterFactory

__all__ = ["CalamineReader", "CsvReader", "FallbackReader", "OpenpyxlReader", "read_sheet", "reader_for"]


@hookimpl
def xcert_register_workbook_readers(register: Register[WorkbookReaderFactory]) -> None:
    """Register ``calamine``, ``openpyxl`` and ``csv``; the factories are the reader classes."""
    register("calamine", CalamineReader)
    register("openpyxl", OpenpyxlReader)
    register("csv", CsvReader)


@hookimpl
def xcert_register_workbook_writers(register: Register[WorkbookWriterFactory]) -> None:
    """Register the ``openpyxl`` writer (templates and error reports)."""
    register("openpyxl", OpenpyxlWriter)
