"""The extent of an .xls worksheet (BIFF8 in an OLE2 compound file), read from its cell records before any
parser builds the sheet.

calamine builds a dense grid of a sheet's bounding box when it loads it: a 5.6 KB .xls with one cell at IV65536
took 1 GB before the extent check could refuse it. :func:`xls_sheet_extent` walks the workbook stream's record
headers instead (olefile reads the stream out of the compound file), remembering only the largest row and
column of each worksheet's cell records — memory is the size of the stream, at most the file's size.

The records looked at ([MS-XLS] 2.3): BOUNDSHEET8 (0x0085: a sheet's name and where its substream starts), BOF
(0x0809) and EOF (0x000A) around each substream, and the cell records, whose data start with the row and column:
FORMULA 0x0006, MULRK 0x00BD and MULBLANK 0x00BE (a run of columns, the last one at the end), LABELSST 0x00FD,
BLANK 0x0201, NUMBER 0x0203, LABEL 0x0204, BOOLERR 0x0205, RK 0x027E. A FILEPASS (0x002F) means the rest is
encrypted: the extent is unknown, and the parser reports the password.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

_BOUNDSHEET, _BOF, _EOF, _FILEPASS = 0x0085, 0x0809, 0x000A, 0x002F
_CELLS = frozenset({0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
_RUNS = frozenset({0x00BD, 0x00BE})
_HEADER = struct.Struct("<HH")
_ROW_COLUMN = struct.Struct("<HH")


def xls_extents(path: Path) -> dict[str, tuple[int, int]] | None:
    """Each sheet's name -> (rows, columns) of its bounding box from row 1 and column A, as Excel numbers them
    (``(0, 0)`` for a sheet without cells); ``None`` when that cannot be known this way (not an OLE2 file, no
    workbook stream, an encrypted or unreadable one): the parser then decides. calamine parses every sheet of an
    .xls when it opens the file, so every sheet matters, not only the one to read."""
    import olefile  # noqa: PLC0415 - only for .xls files

    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return None
            stream = ole.openstream(name).read()
    except (OSError, ValueError, struct.error, IndexError):
        return None
    starts = _sheet_starts(stream)
    if starts is None:
        return None
    return {name: _substream_extent(stream, start) for name, start in starts.items()}


def _records(stream: bytes, at: int = 0) -> Iterator[tuple[int, int, bytes]]:
    """(offset, type, data) of each record from ``at`` to the end of ``stream`` (a truncated record ends it)."""
    end = len(stream)
    while at + 4 <= end:
        kind, size = _HEADER.unpack_from(stream, at)
        data = stream[at + 4:at + 4 + size]
        yield at, kind, data
        at += 4 + size


def _sheet_starts(stream: bytes) -> dict[str, int] | None:
    """Each sheet's name -> the offset of its BOF, from the workbook globals' BOUNDSHEET8 records; ``None`` when
    the stream is encrypted."""
    starts: dict[str, int] = {}
    for _, kind, data in _records(stream):
        if kind == _FILEPASS:
            return None
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and len(data) >= 8:
            position, length, high_byte = struct.unpack_from("<I", data)[0], data[6], data[7] & 1
            raw = data[8:8 + length * (2 if high_byte else 1)]
            starts[raw.decode("utf-16-le" if high_byte else "latin-1", "replace")] = position
    return starts


def _substream_extent(stream: bytes, start: int) -> tuple[int, int]:
    rows = columns = 0
    for at, kind, data in _records(stream, start):
        if kind == _EOF:
            break
        if kind == _BOF and at != start:
            break  # the next substream: this one had no EOF
        if kind in _CELLS and len(data) >= 4:
            row, column = _ROW_COLUMN.unpack_from(data)
        elif kind in _RUNS and len(data) >= 6:
            row = _ROW_COLUMN.unpack_from(data)[0]
            column = struct.unpack_from("<H", data, len(data) - 2)[0]
        else:
            continue
        rows, columns = max(rows, row + 1), max(columns, column + 1)
    return rows, columns
