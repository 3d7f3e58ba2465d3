"""The ``calamine`` reader: .xlsx, .xlsm, .xls and .ods through python-calamine (Rust; the fast path).

``python_calamine`` is imported when a file is read, never when this module is imported.

What calamine gives, and this reader keeps (see :mod:`xcert_adapters.workbooks` for the shared shape):

* numbers in .xlsx come out as ``float`` even when the XML says ``90300`` (openpyxl gives ``int`` there; the two
  compare equal), so a code typed as a number is ``90300.0`` — still a number, never ``"090300"``;
* a date cell whose value is a whole day comes out as ``datetime.date``, with a time part as
  ``datetime.datetime`` (openpyxl gives ``datetime`` for both);
* a cell holding an Excel error (``#N/A``, ``#DIV/0!``) comes out as ``None``: python-calamine does not expose
  the error (openpyxl gives the text ``"#N/A"``);
* ``_x000D_``-style escapes in strings are decoded, as Excel does;
* text written without ``xml:space="preserve"`` loses its leading and trailing blanks, as XML allows (openpyxl
  writes whitespace-only text that way: such a cell is ``None`` here, ``" "`` through openpyxl).

An .xls (BIFF in OLE2) is not scanned before parsing, unlike .xlsx and .ods: only its signature is checked, and
the sheet's extent is checked after calamine has loaded it, before its cells are converted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from xcert_adapters.workbooks._xmlscan import PartRefusedError, check_extent
from xcert_adapters.workbooks.common import (
    GENERIC_PARSE_REASON,
    ParseFailedError,
    build_grid,
    choose_sheet,
    gc_paused,
    unsupported_suffix,
)
from xcert_adapters.workbooks.safety import (
    DEFAULT_LIMITS,
    ENCRYPTED_REASON,
    ReadLimits,
    check_ods_container,
    check_xls_file,
    check_xlsx_container,
)
from xcert_adapters.workbooks.xls_extent import xls_extents
from xcert_core.errors import PluginError, UnreadableFileError
from xcert_core.ports.workbooks import SheetData

XLS_PARSE_REASON = "无法读取该 .xls 文件，可能已损坏；请用 Excel 打开后另存为 .xlsx 再试"


def _is_rust_panic(exc: BaseException) -> bool:
    """pyo3 turns a Rust panic into ``PanicException``, a ``BaseException`` that ``except Exception`` misses."""
    return type(exc).__name__ == "PanicException"


class CalamineReader:
    """A :class:`~xcert_core.ports.workbooks.WorkbookReader` for .xlsx, .xlsm, .xls and .ods on python-calamine.

    Before calamine opens a file the matching check of :mod:`~xcert_adapters.workbooks.safety` runs
    (:func:`~.safety.check_xlsx_container`, :func:`~.safety.check_ods_container`,
    :func:`~.safety.check_xls_file`), and the sheet's extent is checked again before its cells are converted.

    :meth:`read_sheet` returns the sheet (``None`` → the first worksheet; chart sheets are not worksheets) and
    raises :class:`~xcert_core.errors.UnreadableFileError`: for a file the checks refuse, an encrypted .xls, an
    unknown sheet name (the reason lists the worksheets), a cell over ``max_cell_chars``, a sheet over
    ``max_rows``/``max_columns``/``max_cells``; and :class:`~.common.ParseFailedError` when calamine itself
    fails (a parse error or a Rust panic) — the selection then tries openpyxl for .xlsx/.xlsm.
    :class:`~xcert_core.errors.PluginError` if python-calamine is not installed.
    """

    suffixes: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".ods")

    def __init__(self, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits

    def check_file(self, path: Path) -> None:
        """The checks :meth:`read_sheet` makes before calamine opens ``path`` (see :mod:`.safety`); raises
        :class:`~xcert_core.errors.UnreadableFileError` for a file they refuse or a suffix this reader does not
        read."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            check_xlsx_container(path, self.limits)
        elif suffix == ".ods":
            check_ods_container(path, self.limits)
        elif suffix == ".xls":
            check_xls_file(path, self.limits)
        else:
            raise unsupported_suffix(path)

    def read_sheet(self, path: Path, sheet: str | None = None) -> SheetData:
        path = Path(path)
        suffix = path.suffix.lower()
        self.check_file(path)
        try:
            import python_calamine  # noqa: PLC0415 — heavy; imported only when reading
        except ImportError as exc:
            raise PluginError("表格读取插件 calamine 需要 python-calamine：pip install python-calamine") from exc
        failure_reason = XLS_PARSE_REASON if suffix == ".xls" else GENERIC_PARSE_REASON
        if suffix == ".xls":  # calamine builds every sheet's whole bounding box on opening: check them first
            for extent in (xls_extents(path) or {}).values():
                self._check(path, extent)
        try:
            return self._read(path, sheet)
        except UnreadableFileError:
            raise
        except python_calamine.PasswordError:
            raise UnreadableFileError(str(path), ENCRYPTED_REASON) from None
        except Exception as exc:
            raise ParseFailedError(str(path), failure_reason, cause=exc) from exc
        except BaseException as exc:
            if _is_rust_panic(exc):
                raise ParseFailedError(str(path), failure_reason, cause=exc) from exc
            raise

    def read_sheet_unchecked(self, path: Path, sheet: str | None = None) -> SheetData:
        """What :meth:`read_sheet` returns for an .xlsx or .xlsm, *without* :meth:`check_file` first: only for a
        process that may die of the file (its address space capped) and whose result counts only once
        :meth:`check_file` has passed on the same file, in the process that uses it — the roster's early worker
        (:func:`~xcert_adapters.concurrency.forked_rules.start_early_worker`). Raises what calamine raises;
        :class:`~xcert_core.errors.UnreadableFileError` for another suffix."""
        path = Path(path)
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise unsupported_suffix(path)
        return self._read(path, sheet)

    def _read(self, path: Path, sheet: str | None) -> SheetData:
        import python_calamine as calamine  # noqa: PLC0415 — already imported by read_sheet

        with calamine.CalamineWorkbook.from_path(str(path)) as workbook:
            worksheets = [meta for meta in workbook.sheets_metadata if meta.typ == calamine.SheetTypeEnum.WorkSheet]
            hidden = {meta.name for meta in worksheets if meta.visible != calamine.SheetVisibleEnum.Visible}
            name, unread = choose_sheet(path, [meta.name for meta in worksheets], sheet, hidden)
            data = workbook.get_sheet_by_name(name)
            end = data.end
            if end is None:
                return SheetData(name=name, rows=(), hidden_sheets=unread)
            height, width = end[0] + 1, end[1] + 1
            self._check(path, (height, width))
            start = data.start or (0, 0)
            with gc_paused():
                grid = data.to_python(skip_empty_area=False)
                if len(grid) not in (height, height - start[0]):
                    raise ParseFailedError(str(path), GENERIC_PARSE_REASON)
                rows: list[Sequence[object]] = list(grid)
                if len(grid) != height or set(map(len, grid)) != {width}:
                    rows = list(_padded(grid, height, width))
                return SheetData(name=name, rows=build_grid(rows, path, self.limits), hidden_sheets=unread)


    def _check(self, path: Path, extent: tuple[int, int] | None) -> None:
        """Refuse a sheet whose (rows, columns) are beyond the limits (``None``: unknown, nothing to check)."""
        if extent is None:
            return
        try:
            check_extent(*extent, self.limits)
        except PartRefusedError as refused:
            raise UnreadableFileError(str(path), refused.reason) from None


def _padded(grid: Sequence[Sequence[object]], height: int, width: int) -> Iterator[Sequence[object]]:
    """``grid`` placed at Excel's row 1 and column A: calamine may or may not (depending on its version) pad the
    empty rows above and the empty columns left of the data; whatever is missing is added here."""
    for _ in range(height - len(grid)):
        yield ()
    for row in grid:
        missing = width - len(row)
        yield [None] * missing + list(row) if missing > 0 else row
