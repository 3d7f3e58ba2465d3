"""The ``openpyxl`` reader: .xlsx and .xlsm through openpyxl (pure Python; the fallback when calamine fails).

``openpyxl`` is imported when a file is read, never when this module is imported. It reads in read-only mode
with cached formula values (``read_only=True, data_only=True``), with the sheet's declared dimension ignored
(a file may claim ``A1:XFD1048576``).

openpyxl parses XML through defusedxml when defusedxml is installed (``openpyxl.xml.DEFUSEDXML``); this reader
refuses to run without it. On top of that, :func:`~xcert_adapters.workbooks.safety.check_xlsx_container` runs
first, counting formatted empty cells towards a sheet's extent, because openpyxl pads every row up to its last
cell, formatted or not.

What openpyxl gives, and this reader keeps (see :mod:`xcert_adapters.workbooks` for the shared shape): ``int``
for numbers the XML writes without a fraction or exponent (``90300``), ``float`` otherwise (``3.60102199003074e+17``);
``datetime`` for every date cell; Excel errors as their text (``"#N/A"``); no ``int`` is made from a ``float``.
Known difference from calamine: openpyxl does not decode ``_xHHHH_`` escapes in inline strings (it only drops
``_x005F_`` in shared strings), so such text can differ between the two readers.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from xcert_adapters.workbooks.common import ParseFailedError, build_grid, choose_sheet, unsupported_suffix
from xcert_adapters.workbooks.safety import DEFAULT_LIMITS, ReadLimits, check_xlsx_container
from xcert_core.errors import PluginError, UnreadableFileError
from xcert_core.ports.workbooks import SheetData


def defusedxml_active() -> bool:
    """Whether openpyxl parses through defusedxml (imports openpyxl)."""
    from openpyxl.xml import DEFUSEDXML  # noqa: PLC0415

    return bool(DEFUSEDXML)


class OpenpyxlReader:
    """A :class:`~xcert_core.ports.workbooks.WorkbookReader` for .xlsx and .xlsm on openpyxl.

    :meth:`read_sheet` returns the sheet (``None`` → the first worksheet) and raises
    :class:`~xcert_core.errors.UnreadableFileError` for a file the container check refuses, an unknown sheet
    name (the reason lists the worksheets), a cell over ``max_cell_chars``, a sheet over ``max_rows`` /
    ``max_columns`` / ``max_cells``; :class:`~.common.ParseFailedError` when openpyxl fails to parse the file;
    :class:`~xcert_core.errors.PluginError` when openpyxl is missing or runs without defusedxml. openpyxl's
    ``UserWarning``\\ s (unsupported extensions, missing default style) are silenced while reading.
    """

    suffixes: tuple[str, ...] = (".xlsx", ".xlsm")

    def __init__(self, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits

    def read_sheet(self, path: Path, sheet: str | None = None) -> SheetData:
        path = Path(path)
        if path.suffix.lower() not in self.suffixes:
            raise unsupported_suffix(path)
        check_xlsx_container(path, self.limits, count_empty_cells=True)
        try:
            import openpyxl  # noqa: PLC0415 — heavy; imported only when reading
        except ImportError as exc:
            raise PluginError("表格读取插件 openpyxl 需要 openpyxl：pip install openpyxl") from exc
        if not defusedxml_active():
            raise PluginError(
                "openpyxl 未启用 defusedxml（未安装 defusedxml，或设置了 OPENPYXL_DEFUSEDXML=False），"
                "拒绝读取不受信任的文件"
            )
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\..*)?")
            try:
                workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            except Exception as exc:
                raise ParseFailedError(str(path), cause=exc) from exc
            try:
                worksheets = {ws.title: ws for ws in workbook.worksheets}
                hidden = {title for title, ws in worksheets.items() if ws.sheet_state != "visible"}
                name, unread = choose_sheet(path, list(worksheets), sheet, hidden)
                worksheet = worksheets[name]
                worksheet.reset_dimensions()
                rows = build_grid(worksheet.iter_rows(values_only=True), path, self.limits)
                return SheetData(name=name, rows=rows, hidden_sheets=unread)
            except UnreadableFileError:
                raise
            except Exception as exc:
                raise ParseFailedError(str(path), cause=exc) from exc
            finally:
                workbook.close()
