"""The ``csv`` reader: comma-separated text as Excel saves it, in UTF-8 (with or without BOM) or GBK.

CSV has no types: every cell comes out as ``str`` (``"090300"`` stays ``"090300"``, ``"3.6E+17"`` stays that
text), an empty field as ``None``. The file is one sheet named after the file (its stem).
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from xcert_adapters.workbooks.common import GridBuilder, unsupported_suffix
from xcert_adapters.workbooks.safety import DEFAULT_LIMITS, ReadLimits, check_readable_file
from xcert_core.errors import UnreadableFileError
from xcert_core.ports.workbooks import SheetData

ENCODING_REASON = "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV"
NUL_REASON = "文件中含有空字符（可能是 UTF-16 编码或根本不是文本文件），请另存为 UTF-8 或 GBK 编码的 CSV"


CHUNK = 1 << 20
"""Bytes read at a time: the file is never held whole in memory (a 188 MB CSV once took 2.5 GB that way)."""


def csv_encoding(path: Path) -> str:
    """The encoding a CSV file decodes strictly in: ``utf-8-sig`` (UTF-8, a leading BOM dropped), else ``gb18030``
    (a superset of GBK and GB2312), checked chunk by chunk without keeping the text. Raises ``ValueError`` if
    neither decodes, :class:`_NulError` if the file holds a NUL byte (UTF-16, or not text at all)."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fp:
                while chunk := fp.read(CHUNK):
                    if b"\0" in chunk:
                        raise _NulError
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ValueError("neither UTF-8 nor GB18030")


class _NulError(Exception):
    pass


class CsvReader:
    """A :class:`~xcert_core.ports.workbooks.WorkbookReader` for .csv files (Excel's comma-separated format,
    quoted fields may hold commas and line breaks).

    :meth:`read_sheet` returns the file as one sheet named after its stem; ``sheet`` is ignored (a CSV has one
    sheet, whatever the import expected it to be called). Every value is a ``str``, an empty field ``None``;
    ``rows[i]`` is record ``i + 1`` (a quoted line break does not start a new row, as in Excel).

    Raises :class:`~xcert_core.errors.UnreadableFileError` for a missing or unreadable file, a file over
    ``max_file_bytes`` (200 MiB), bytes that are neither UTF-8 nor GB18030 (``无法识别文件编码…``), NUL characters
    (a UTF-16 or binary file), a malformed record, a field over ``max_cell_chars`` (naming its row and column),
    or more than ``max_rows`` / ``max_columns`` / ``max_cells``.
    """

    suffixes: tuple[str, ...] = (".csv",)

    def __init__(self, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits

    def read_sheet(self, path: Path, sheet: str | None = None) -> SheetData:
        path = Path(path)
        if path.suffix.lower() not in self.suffixes:
            raise unsupported_suffix(path)
        check_readable_file(path, self.limits)
        builder = GridBuilder(path, self.limits)
        try:
            encoding = csv_encoding(path)
            with path.open(encoding=encoding, newline="") as text:  # streamed: records are parsed as they are read
                for record in csv.reader(text):
                    builder.add_row(record)
        except ValueError:
            raise UnreadableFileError(str(path), ENCODING_REASON) from None
        except _NulError:
            raise UnreadableFileError(str(path), NUL_REASON) from None
        except OSError:
            raise UnreadableFileError(str(path), "无法读取该文件；如果它正在 Excel 中打开，请先关闭后重试") from None
        except csv.Error as exc:
            row = builder.rows_added + 1
            if "field larger than field limit" in str(exc):
                reason = f"第{row}行有单元格超过 {csv.field_size_limit()} 个字符，文件可能已损坏"
            else:
                reason = f"CSV 文件格式错误（第{row}行附近），请用 Excel 打开后重新另存为 CSV"
            raise UnreadableFileError(str(path), reason) from None
        return SheetData(name=path.stem, rows=builder.rows())
