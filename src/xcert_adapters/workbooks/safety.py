"""Checks run on an untrusted spreadsheet file *before* any parser touches it, and the limits they apply.

Every check raises :class:`~xcert_core.errors.UnreadableFileError` with a one-line Chinese ``reason`` (what is
wrong, what to do) and returns normally only when the file may be parsed. All checks stream: memory stays
bounded whatever the file holds.

* :func:`check_readable_file` — the path is a readable file no larger than ``max_file_bytes``.
* :func:`check_xlsx_container` — an .xlsx/.xlsm is a plain zip (not the OLE2 wrapper Excel uses for
  password-protected files, nor a renamed .xls), within the size, ratio, entry-count and path rules, with
  ``xl/workbook.xml``, no DTD or entity declaration in any XML part, and no sheet whose cells span more than
  ``max_rows`` / ``max_columns`` / ``max_cells`` (a 5 KB file with cells at ``A1`` and ``XFD1048576`` makes
  calamine allocate 550 GB and abort the whole process — it must never get that far).
* :func:`check_ods_container` — the same for OpenDocument (``content.xml``, repeated rows and cells).
* :func:`check_xls_file` — an .xls is an OLE2 compound file (not a renamed .xlsx, web page or text export).

One process may parse a file before these checks have passed: the roster check's early worker
(:func:`~xcert_adapters.concurrency.forked_rules.start_early_worker`, with ``XCERT_WORKERS=2`` on a large .xlsx), a
forked process whose address space is capped and which writes nothing. It is killed as soon as these checks
refuse the file, in the process that uses the sheet, and that process takes the sheet it read, and its
findings, only after they have passed. No other parser runs before them.

Zip entries are inflated here by this module itself (not through :mod:`zipfile`'s reader), so an entry that
inflates to more than its declared size, or fails its CRC, is refused rather than silently truncated.
"""

from __future__ import annotations

import functools
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from attrs import field, frozen, validators

from xcert_adapters.input_files import FileWording, check_regular_file
from xcert_adapters.workbooks._xmlscan import EntryScanner, OdsCells, PartRefusedError, TagHandler, XlsxCells
from xcert_core.errors import UnreadableFileError

MiB = 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
"""The first bytes of an OLE2 compound file: a legacy .xls, or an encrypted (password-protected) .xlsx."""
ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 256 * 1024

_positive = validators.gt(0)


@frozen
class ReadLimits:
    """How much a reader accepts from one file. Defaults suit a school's files with room to spare.

    ``max_file_bytes``: size of the file on disk (200 MiB). ``max_uncompressed_bytes``: total declared (and
    actual) inflated size of a zip container (512 MiB). ``max_compression_ratio``: per-entry inflated/compressed
    ratio (200:1), applied to entries larger than ``ratio_threshold_bytes`` (1 MiB). ``max_entries``: entries in
    a zip container (10,000). ``max_cell_chars``: characters in one cell (32,767 — Excel's own limit).
    ``max_rows``: rows in a sheet (1,100,000; Excel has 1,048,576). ``max_columns``: columns in a sheet (16,384,
    Excel's ``XFD``). ``max_cells``: rows × columns of a sheet's bounding box (10,000,000), which bounds the memory
    a reader allocates for the dense grid.

    Memory while reading is proportional to the cells kept, and the extent is checked before the grid is built:
    an .xlsx's from its XML (one pass, before calamine opens it), an .xls's from its cell records
    (:mod:`~xcert_adapters.workbooks.xls_extent`), a CSV's as it streams. Measured for an .xlsx read by calamine:
    about 170 bytes per cell (calamine's grid, then Python's values) — 2.2 million cells 392 MB, so a sheet at
    ``max_cells`` may take about 1.7 GB; lower ``max_cells`` where a machine has less to spare.
    """

    max_file_bytes: int = field(default=200 * MiB, validator=_positive)
    max_uncompressed_bytes: int = field(default=512 * MiB, validator=_positive)
    max_compression_ratio: float = field(default=200.0, validator=validators.gt(0.0))
    ratio_threshold_bytes: int = field(default=1 * MiB, validator=validators.ge(0))
    max_entries: int = field(default=10_000, validator=_positive)
    max_cell_chars: int = field(default=32_767, validator=_positive)
    max_rows: int = field(default=1_100_000, validator=_positive)
    max_columns: int = field(default=16_384, validator=_positive)
    max_cells: int = field(default=10_000_000, validator=_positive)


DEFAULT_LIMITS = ReadLimits()


@frozen
class ContainerReport:
    """What a container check saw: entries, total inflated bytes, and the largest row and column holding a
    value in any sheet part (1-based; 0 when there is none)."""

    entries: int
    uncompressed_bytes: int
    max_row: int
    max_column: int


@frozen
class _Kind:
    label: str
    required: str
    not_valid: str
    missing: str


_XLSX = _Kind(
    label=".xlsx",
    required="xl/workbook.xml",
    not_valid="不是有效的 Excel 文件（.xlsx），请用 Excel 另存为 .xlsx 后重试",
    missing="不是有效的 Excel 文件（.xlsx）：缺少工作簿内容，请用 Excel 另存为 .xlsx 后重试",
)
_ODS = _Kind(
    label=".ods",
    required="content.xml",
    not_valid="不是有效的 OpenDocument 表格文件（.ods），请另存为 .xlsx 后重试",
    missing="不是有效的 OpenDocument 表格文件（.ods）：缺少表格内容，请另存为 .xlsx 后重试",
)

ENCRYPTED_REASON = "文件已加密，请在 Excel 中取消密码后另存"
LEGACY_XLS_REASON = "这是旧版 Excel 文件（.xls），扩展名却是 .xlsx；请用 Excel 打开后另存为 .xlsx 再试"
_RESAVE = "请用 Excel 打开后另存为 .xlsx 再试"


def _fail(path: Path, reason: str) -> UnreadableFileError:
    return UnreadableFileError(str(path), reason)


SPREADSHEET_WORDING = FileWording(
    folder="这是一个文件夹，不是表格文件；请选择具体的表格文件",
    not_regular="这不是普通文件，请选择 .xlsx、.xls 或 .csv 表格文件",
    too_big="文件过大（超过 {limit_mb} MB），请删除无关的工作表或内容、拆分后重试",
    no_permission="没有权限读取该文件；如果它正在 Excel 中打开，请先关闭后重试",
)


def check_readable_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> int:
    """Return the size of ``path`` after checking it is an existing, readable regular file of at most
    ``limits.max_file_bytes`` bytes; raise :class:`UnreadableFileError` otherwise."""
    return check_regular_file(path, limits.max_file_bytes, SPREADSHEET_WORDING)


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except PermissionError:
        raise _fail(path, "没有权限读取该文件；如果它正在 Excel 中打开，请先关闭后重试") from None
    except OSError:
        raise _fail(path, "无法打开该文件，请检查文件位置和权限") from None


def _read_head(path: Path, size: int = 8) -> bytes:
    with _open(path) as fp:
        return fp.read(size)


def _find_utf16(path: Path, names: tuple[str, ...]) -> set[str]:
    """Which of ``names`` occur, UTF-16LE encoded (as OLE2 directory entries store them), anywhere in the file."""
    wanted = {name: name.encode("utf-16-le") for name in names}
    overlap = max(len(v) for v in wanted.values())
    found: set[str] = set()
    tail = b""
    with _open(path) as fp:
        while len(found) < len(wanted):
            chunk = fp.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            found.update(name for name, encoded in wanted.items() if encoded in data)
            tail = data[-overlap:]
    return found


def _ole2_reason(path: Path) -> str:
    """Why an OLE2 file cannot be read as .xlsx: encrypted (``EncryptedPackage`` stream, or nothing telling it
    apart), or a legacy .xls with the wrong suffix (``Workbook``/``Book`` stream)."""
    found = _find_utf16(path, ("EncryptedPackage", "Workbook", "Book\0"))
    if "EncryptedPackage" in found:
        return ENCRYPTED_REASON
    if found:
        return LEGACY_XLS_REASON
    return ENCRYPTED_REASON


def check_xls_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Check that an .xls file is an OLE2 compound file (what Excel 97–2003 writes) of acceptable size.

    Raises :class:`UnreadableFileError` for a renamed .xlsx (a zip), or for a web page or text file saved with
    an .xls suffix — which many web systems export. Says nothing about encryption: the reader reports that.
    """
    check_readable_file(path, limits)
    head = _read_head(path)
    if head.startswith(OLE2_MAGIC):
        return
    if head.startswith(ZIP_MAGIC):
        raise _fail(path, "这其实是 .xlsx 文件，扩展名却是 .xls；请把扩展名改为 .xlsx 后重试")
    raise _fail(path, "这不是真正的 Excel 文件（可能是网页或文本导出的表格），请用 Excel 打开后另存为 .xlsx 再试")


def _central_directory_size(fp: BinaryIO, size: int) -> int | None:
    """The central directory's size from the end-of-central-directory record (zip64-aware), or ``None``."""
    tail_size = min(size, 22 + 0xFFFF + 20)
    fp.seek(size - tail_size)
    tail = fp.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    cd_size: int = struct.unpack("<I", tail[at + 12 : at + 16])[0]
    if cd_size == 0xFFFFFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        (zip64_offset,) = struct.unpack("<Q", tail[at - 12 : at - 4])
        if zip64_offset + 56 > size:
            return None
        fp.seek(zip64_offset)
        record = fp.read(56)
        if record[:4] != b"PK\x06\x06":
            return None
        (cd_size,) = struct.unpack("<Q", record[40:48])
    return cd_size


def _unsafe_name(name: str) -> bool:
    if not name or "\0" in name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in name.replace("\\", "/").split("/"))


def _inflate(fp: BinaryIO, info: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    """Yield the inflated bytes of one entry, read from its local header, in chunks of at most 256 KiB.

    Raises :class:`UnreadableFileError` when the entry's data is missing, inflates to more than its declared
    size, ends early, or fails its CRC.
    """
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise _fail(path, f"文件已损坏（内部结构不完整），{_RESAVE}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_length + extra_length)
    remaining = info.compress_size
    produced = 0
    crc = 0
    decompressor = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None

    def emit(data: bytes) -> bytes:
        nonlocal produced, crc
        produced += len(data)
        if produced > info.file_size:
            raise _fail(path, "文件内部数据的实际大小与声明不符，可能被恶意构造，已拒绝读取")
        crc = zlib.crc32(data, crc)
        return data

    try:
        while remaining > 0:
            raw = fp.read(min(_CHUNK, remaining))
            if not raw:
                raise _fail(path, f"文件已损坏（数据不完整），{_RESAVE}")
            remaining -= len(raw)
            if decompressor is None:
                yield emit(raw)
                continue
            data = decompressor.decompress(raw, _CHUNK)
            yield emit(data)
            while decompressor.unconsumed_tail:
                data = decompressor.decompress(decompressor.unconsumed_tail, _CHUNK)
                yield emit(data)
        if decompressor is not None:
            yield emit(decompressor.flush())
            if not decompressor.eof:
                raise _fail(path, f"文件已损坏（数据不完整），{_RESAVE}")
    except zlib.error:
        raise _fail(path, f"文件已损坏（内部数据无法解压），{_RESAVE}") from None
    if produced != info.file_size or crc != info.CRC:
        raise _fail(path, f"文件已损坏（内部数据校验失败），{_RESAVE}")


def _entries(path: Path, fp: BinaryIO, size: int, limits: ReadLimits, kind: _Kind) -> list[zipfile.ZipInfo]:
    """The archive's entries, after the central directory's size and entry count are checked."""
    too_many = f"文件内部条目过多（超过 {limits.max_entries} 个），文件可能已损坏或被恶意构造，已拒绝读取"
    cd_size = _central_directory_size(fp, size)
    if cd_size is None:
        raise _fail(path, kind.not_valid)
    if cd_size > limits.max_entries * 1024:
        raise _fail(path, too_many)
    fp.seek(0)
    try:
        with zipfile.ZipFile(fp) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError,
            struct.error, UnicodeDecodeError):
        raise _fail(path, kind.not_valid) from None
    if len(infos) > limits.max_entries:
        raise _fail(path, too_many)
    return infos


_NOT_YOURS = "；如果文件不是本校制作的，不要打开它（可能是恶意构造的“压缩炸弹”）"


def _check_entries(path: Path, infos: list[zipfile.ZipInfo], limits: ReadLimits, kind: _Kind) -> int:
    """Names, flags, methods, declared sizes and ratios; returns the total declared inflated size."""
    names = [info.filename for info in infos]
    if any(_unsafe_name(name) for name in names):
        raise _fail(path, f"文件内部含有异常路径，可能被恶意构造，已拒绝读取；{_RESAVE}")
    if len(set(names)) != len(names):
        raise _fail(path, f"文件内部结构异常（条目重复），文件可能已损坏；{_RESAVE}")
    if any(info.flag_bits & 0x1 for info in infos):
        raise _fail(path, ENCRYPTED_REASON)
    if any(info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for info in infos):
        raise _fail(path, f"文件使用了不支持的压缩方式，{_RESAVE}")
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise _fail(
            path,
            f"文件解压后超过 {limits.max_uncompressed_bytes // MiB} MB，超出 xcert 一次能读取的大小，已拒绝读取；"
            f"如果这是正常的大表格，请拆成几个文件分别导入（如每个不超过 20 万行）{_NOT_YOURS}",
        )
    for info in infos:
        if (
            info.file_size > limits.ratio_threshold_bytes
            and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
        ):
            raise _fail(
                path,
                f"文件内部数据的压缩比超过 {limits.max_compression_ratio:g}:1，已拒绝读取；大量重复内容的正常表格也"
                f"可能如此：请用 Excel 打开后另存为 .xlsx，或拆成几个文件分别导入{_NOT_YOURS}",
            )
    if kind.required.lower() not in {name.lower() for name in names}:
        raise _fail(path, kind.missing)
    return total


def _check_zip(
    path: Path, limits: ReadLimits, kind: _Kind, handler_for: Callable[[str], TagHandler | None]
) -> ContainerReport:
    size = check_readable_file(path, limits)
    head = _read_head(path)
    if head.startswith(OLE2_MAGIC) and kind is _XLSX:
        raise _fail(path, _ole2_reason(path))
    if not head.startswith(ZIP_MAGIC):
        raise _fail(path, kind.not_valid)
    max_row = max_column = 0
    with _open(path) as fp:
        infos = _entries(path, fp, size, limits, kind)
        total = _check_entries(path, infos, limits, kind)
        for info in infos:
            xml_name = info.filename.lower().endswith((".xml", ".rels", ".vml"))
            scanner = EntryScanner(functools.partial(handler_for, info.filename), xml_name=xml_name)
            try:
                for chunk in _inflate(fp, info, path):
                    scanner.feed(chunk)
                scanner.close()
            except PartRefusedError as refused:
                raise _fail(path, refused.reason) from None
            for handler in scanner.handlers:
                if isinstance(handler, XlsxCells):
                    max_row = max(max_row, handler.extent.max_row)
                    max_column = max(max_column, handler.extent.max_column)
                elif isinstance(handler, OdsCells):
                    max_row, max_column = max(max_row, handler.max_row), max(max_column, handler.max_column)
    return ContainerReport(entries=len(infos), uncompressed_bytes=total, max_row=max_row, max_column=max_column)


def check_xlsx_container(
    path: Path, limits: ReadLimits = DEFAULT_LIMITS, *, count_empty_cells: bool = False
) -> ContainerReport:
    """Check an .xlsx/.xlsm file before it is parsed; return what was seen, or raise
    :class:`UnreadableFileError`.

    Refused, each with its own Chinese reason: a missing, unreadable or oversized file (``max_file_bytes``); an
    OLE2 file (``D0 CF 11 E0`` — "文件已加密…" for a password-protected workbook, or a legacy .xls with the wrong
    suffix); anything that is not a zip starting with a local file header; more than ``max_entries`` entries;
    entry names that are absolute, contain ``..`` or NUL, or repeat; encrypted entries; compression other than
    stored/deflate; a total declared inflated size over ``max_uncompressed_bytes``; an entry over
    ``ratio_threshold_bytes`` compressed more than ``max_compression_ratio``:1; no ``xl/workbook.xml``; an entry
    inflating beyond its declared size or failing its CRC; an XML part (starting with ``<``, or named ``.xml``,
    ``.rels``, ``.vml``) with ``<!DOCTYPE``/``<!ENTITY`` (any case, UTF-8 or UTF-16) or a non-ASCII-compatible
    encoding declaration; any part whose ``<c>`` cells holding a value span more than ``max_rows`` rows,
    ``max_columns`` columns or ``max_cells`` cells, with many ``<row>``/``<c>`` tags that cannot be read, or with
    such a tag still open after more than 1 MiB (see :mod:`._xmlscan`). With ``count_empty_cells`` (the openpyxl
    reader's setting) formatted cells without a value, and rows, count towards the span too.

    Cost: one pass over the inflated data — about 0.3 s per 60 MB of sheet XML as Excel, WPS or openpyxl write
    it (checked a region at a time with a few regular-expression searches), about 1 s per 30 MB otherwise (read
    tag by tag).
    """

    def handler_for(name: str) -> TagHandler | None:
        return XlsxCells(limits, count_empty_cells=count_empty_cells)

    return _check_zip(Path(path), limits, _XLSX, handler_for)


def check_ods_container(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ContainerReport:
    """Check an .ods file before it is parsed, like :func:`check_xlsx_container` (zip rules, sizes, DTDs), with
    ``content.xml`` required and its tables' extent — counting ``number-rows-repeated`` and
    ``number-columns-repeated`` of cells that hold something — within ``max_rows``, ``max_columns`` and
    ``max_cells``. Raises :class:`UnreadableFileError`."""

    def handler_for(name: str) -> TagHandler | None:
        return OdsCells(limits) if name.lower() == "content.xml" else None

    return _check_zip(Path(path), limits, _ODS, handler_for)


__all__ = [
    "DEFAULT_LIMITS",
    "ENCRYPTED_REASON",
    "LEGACY_XLS_REASON",
    "ContainerReport",
    "ReadLimits",
    "check_ods_container",
    "check_readable_file",
    "check_xls_file",
    "check_xlsx_container",
]
