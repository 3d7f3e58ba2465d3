"""Reading a photo zip as hostile input: nothing is extracted to disk, every entry is read into memory with
size caps, streaming.

:class:`PhotoZip` opens the zip (refusing, with :class:`~xcert_core.errors.UnreadableFileError`, a file that is
not a usable zip at all: missing, too big, not a zip, a RAR or 7z, a damaged or oversized directory, too many
entries, too much declared data) and lists its :class:`Member` entries with their names decoded the way the
tool that wrote them meant (UTF-8 when flagged, the Info-ZIP Unicode path field, else UTF-8 or GBK as Windows
writes them, else CP437). :meth:`PhotoZip.read` inflates one entry and raises :class:`EntryRefused`, carrying a
catalogued issue type, for an entry that must not be used: encrypted, a bomb (declared or actual ratio over
the limit, more data than declared, overlapping another entry), too large, damaged (CRC, truncated, unknown
compression method, local header disagreeing with the directory).

The ideas are those of :mod:`xcert_adapters.workbooks.safety`, with the photo checks' own messages: a bad
entry is reported against that entry, and the rest of the zip is still checked.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from attrs import field, frozen, validators

from xcert_adapters.input_files import FileWording, check_regular_file
from xcert_core.errors import UnreadableFileError
from xcert_core.issues import IssueType
from xcert_core.photos import issue_types as t

MiB = 1024 * 1024
GiB = 1024 * MiB
_CHUNK = 256 * 1024
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAGS = 0x1 | 0x40
_UNICODE_PATH_FIELD = 0x7075
_LOCAL_HEADER = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"

_positive = validators.gt(0)


@frozen
class PhotoZipLimits:
    """How much xcert reads from one photo zip. Defaults suit the largest school with room to spare.

    ``max_file_bytes``: the zip's size on disk (2 GiB). ``max_entries``: entries in the zip (50,000).
    ``max_total_bytes``: the declared inflated size of all entries together (4 GiB). ``max_entry_bytes``: the
    inflated size of one entry xcert will read (64 MiB; a photo may be 5 MB). ``max_ratio``: inflated/compressed
    ratio of one entry, declared or actual, for entries larger than ``ratio_threshold_bytes`` (100:1 above
    1 MiB; photos do not compress at all). ``max_pixels``: the largest picture decoded (50 million pixels,
    four times a 12-megapixel camera photo); Pillow's ``Image.MAX_IMAGE_PIXELS`` is set to it while a photo is
    opened, and its decompression-bomb warning and error become the issue ``photo-too-many-pixels``.
    """

    max_file_bytes: int = field(default=2 * GiB, validator=_positive)
    max_entries: int = field(default=50_000, validator=_positive)
    max_total_bytes: int = field(default=4 * GiB, validator=_positive)
    max_entry_bytes: int = field(default=64 * MiB, validator=_positive)
    max_ratio: float = field(default=100.0, validator=validators.gt(0.0))
    ratio_threshold_bytes: int = field(default=1 * MiB, validator=validators.ge(0))
    max_pixels: int = field(default=50_000_000, validator=_positive)


DEFAULT_PHOTO_LIMITS = PhotoZipLimits()


class EntryRefused(Exception):  # noqa: N818 - a verdict on an entry, not an error of xcert
    """An entry that must not be used: ``issue_type`` and its template parameters say why."""

    def __init__(self, issue_type: IssueType, **params: Any) -> None:
        super().__init__(issue_type.code)
        self.issue_type = issue_type
        self.params = params


@frozen
class Member:
    """One entry of the zip as its central directory describes it, with the decoded ``name``."""

    index: int
    name: str
    raw_name: bytes = field(repr=False)
    size: int
    compressed: int
    crc: int
    method: int
    flags: int
    header_offset: int
    data_limit: int
    """Where the next entry's local header (or the central directory) starts: this entry's data must end there."""

    @property
    def is_dir(self) -> bool:
        return self.name.endswith("/")

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & _ENCRYPTED_FLAGS)


def _mib(size: int) -> str:
    return f"{size / MiB:.1f} MiB"


def decode_name(raw: bytes, flags: int, extra: bytes = b"") -> str:
    """An entry name as its writer meant it: UTF-8 when the zip says so (flag bit 11), else the Info-ZIP
    Unicode path field when its CRC matches, else UTF-8 when the bytes are valid UTF-8 (macOS and some tools
    write it without the flag), else GBK/GB 18030 (Windows' built-in zip on a Chinese system), else CP437 (the
    zip standard's own). Never raises."""
    if flags & _UTF8_FLAG:
        return raw.decode("utf-8", "replace")
    unicode_path = _unicode_path(raw, extra)
    if unicode_path is not None:
        return unicode_path
    if raw.isascii():
        return raw.decode("ascii")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("cp437")


def _unicode_path(raw: bytes, extra: bytes) -> str | None:
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack("<HH", extra[at : at + 4])
        body = extra[at + 4 : at + 4 + length]
        at += 4 + length
        if kind != _UNICODE_PATH_FIELD or len(body) < 5 or body[0] != 1:
            continue
        if struct.unpack("<I", body[1:5])[0] != zlib.crc32(raw):
            continue
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def _fail(path: Path, reason: str) -> UnreadableFileError:
    return UnreadableFileError(str(path), reason)


_NOT_A_ZIP = "这不是 zip 压缩包；平台只接受 .zip，请全选照片后用系统自带的“压缩”功能打包"
_DAMAGED = "压缩包已损坏（目录结构不完整），请重新打包"


ZIP_WORDING = FileWording(
    folder="这是一个文件夹；请把照片打包成 .zip 后再检查",
    not_regular="这不是普通文件，请选择照片压缩包（.zip）",
    too_big="压缩包过大（超过 {limit_mb} MiB），请分批打包",
)


def _check_file(path: Path, limits: PhotoZipLimits) -> int:
    return check_regular_file(path, limits.max_file_bytes, ZIP_WORDING)


def _directory_extent(fp: BinaryIO, size: int) -> tuple[int, int] | None:
    """Entry count and central-directory size from the end record (zip64-aware), ``None`` when there is none."""
    tail_size = min(size, 22 + 0xFFFF + 20)
    fp.seek(size - tail_size)
    tail = fp.read(tail_size)
    at = tail.rfind(_EMPTY_ZIP)
    while at >= 0 and not (len(tail) - at >= 22 and at + 22 + struct.unpack("<H", tail[at + 20 : at + 22])[0]
                           == len(tail)):
        at = tail.rfind(_EMPTY_ZIP, 0, at)  # that one was inside the zip comment
    if at < 0:
        return None
    entries, cd_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if (entries == 0xFFFF or cd_size == 0xFFFFFFFF) and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        (zip64_offset,) = struct.unpack("<Q", tail[at - 12 : at - 4])
        if zip64_offset + 56 > size:
            return None
        fp.seek(zip64_offset)
        record = fp.read(56)
        if record[:4] != b"PK\x06\x06":
            return None
        entries, cd_size = struct.unpack("<Q8xQ", record[24:48])
    return entries, cd_size


class PhotoZip:
    """An open photo zip (see the module docstring). Use as a context manager; :attr:`members` lists every
    entry in directory order."""

    def __init__(self, path: Path | str, limits: PhotoZipLimits = DEFAULT_PHOTO_LIMITS) -> None:
        self.path = Path(path)
        self.limits = limits
        size = _check_file(self.path, limits)
        try:
            self._fp: BinaryIO = self.path.open("rb")
        except OSError:
            raise _fail(self.path, "无法打开该文件，请检查文件位置和权限") from None
        try:
            self.members = self._read_directory(size)
        except BaseException:
            self._fp.close()
            raise
        self._size = size

    def _read_directory(self, size: int) -> list[Member]:
        path, limits, fp = self.path, self.limits, self._fp
        head = fp.read(8)
        if head.startswith(b"Rar!"):
            raise _fail(path, "这是 RAR 压缩包，平台只接受 .zip；请解压后用系统自带的“压缩”功能重新打包")
        if head.startswith(b"7z\xbc\xaf"):
            raise _fail(path, "这是 7z 压缩包，平台只接受 .zip；请解压后用系统自带的“压缩”功能重新打包")
        if not head.startswith((_LOCAL_HEADER, _EMPTY_ZIP)):
            raise _fail(path, _NOT_A_ZIP)
        extent = _directory_extent(fp, size)
        if extent is None:
            raise _fail(path, _DAMAGED)
        entries, cd_size = extent
        too_many = f"压缩包中的文件过多（超过 {limits.max_entries} 个），请分批打包"
        if entries > limits.max_entries or cd_size > limits.max_entries * 1024:
            raise _fail(path, too_many)
        fp.seek(0)
        try:
            with zipfile.ZipFile(fp) as archive:
                infos = archive.infolist()
                directory_start = int(getattr(archive, "start_dir", size))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError,
                struct.error, UnicodeDecodeError, OverflowError, IndexError):
            raise _fail(path, _DAMAGED) from None
        if len(infos) > limits.max_entries:
            raise _fail(path, too_many)
        total = sum(info.file_size for info in infos)
        if total > limits.max_total_bytes:
            raise _fail(path, f"压缩包解压后过大（超过 {limits.max_total_bytes // MiB} MiB），"
                              "可能是恶意构造的“压缩炸弹”，已拒绝读取")
        offsets = sorted({info.header_offset for info in infos} | {directory_start})
        following = {offset: offsets[n + 1] if n + 1 < len(offsets) else directory_start
                     for n, offset in enumerate(offsets)}
        return [self._member(n, info, following.get(info.header_offset, directory_start))
                for n, info in enumerate(infos)]

    @staticmethod
    def _member(index: int, info: zipfile.ZipInfo, data_limit: int) -> Member:
        if info.flag_bits & _UTF8_FLAG:
            raw = info.orig_filename.encode("utf-8", "surrogateescape")
        else:
            raw = info.orig_filename.encode("cp437", "replace")
        name = decode_name(raw, info.flag_bits, info.extra)
        return Member(index=index, name=name, raw_name=raw, size=info.file_size, compressed=info.compress_size,
                      crc=info.CRC, method=info.compress_type, flags=info.flag_bits,
                      header_offset=info.header_offset, data_limit=data_limit)

    def __enter__(self) -> PhotoZip:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._fp.close()

    # -- one entry ------------------------------------------------------------------------------------------

    def precheck(self, member: Member) -> None:
        """Raise :class:`EntryRefused` for what the directory alone gives away: encryption, an unknown method,
        a declared size over ``max_entry_bytes`` or a declared ratio over ``max_ratio``."""
        limits = self.limits
        if member.encrypted:
            raise EntryRefused(t.ENCRYPTED_ENTRY)
        if member.method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise EntryRefused(t.ENTRY_DAMAGED, detail=f"使用了不支持的压缩方式（{member.method}）",
                               detail_en=f"compression method {member.method} is not supported")
        if member.size > limits.max_entry_bytes:
            raise EntryRefused(t.ENTRY_TOO_LARGE, size=_mib(member.size), size_en=_mib(member.size),
                               limit=_mib(limits.max_entry_bytes), limit_en=_mib(limits.max_entry_bytes))
        if member.size > limits.ratio_threshold_bytes and member.size > limits.max_ratio * max(member.compressed, 1):
            raise EntryRefused(t.ZIP_BOMB, detail=f"声明的压缩比超过 {limits.max_ratio:g}:1",
                               detail_en=f"declared ratio over {limits.max_ratio:g}:1")

    def read(self, member: Member, *, head: int | None = None) -> bytes:
        """The inflated bytes of ``member`` (only about the first ``head`` bytes when given, without the CRC
        check), read from its local header; raise :class:`EntryRefused` when it must not be used."""
        self.precheck(member)
        if not 0 <= member.header_offset < self._size:  # a damaged directory can point before the file's start
            raise _damaged("目录中的文件头位置无效", "the directory points outside the file")
        fp = self._fp
        fp.seek(member.header_offset)
        header = fp.read(30)
        if len(header) < 30 or header[:4] != _LOCAL_HEADER:
            raise _damaged("找不到文件头", "no local header")
        flags, method = struct.unpack("<HH", header[6:10])
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        if fp.read(name_length) != member.raw_name:
            raise _damaged("文件头与目录中的文件名不一致", "the local header's name differs from the directory's")
        if flags & _ENCRYPTED_FLAGS:
            raise EntryRefused(t.ENCRYPTED_ENTRY)
        if method != member.method:
            raise _damaged("文件头与目录中的压缩方式不一致", "the local header's method differs from the directory's")
        start = member.header_offset + 30 + name_length + extra_length
        if start + member.compressed > min(member.data_limit, self._size):
            raise EntryRefused(t.ZIP_BOMB, detail="数据与其他文件重叠或超出压缩包",
                               detail_en="its data overlaps another entry or runs past the zip")
        fp.seek(start)
        return self._inflate(member, head)

    def _inflate(self, member: Member, head: int | None) -> bytes:
        """Inflate at most ``member.size + 1`` bytes (one more tells a lie), reading at most
        ``member.compressed``; with ``head``, stop once that many bytes are out."""
        fp = self._fp
        if member.method == zipfile.ZIP_STORED and member.compressed != member.size:
            raise _damaged("存储的大小与声明不一致", "its stored size differs from its declared size")
        decompressor = zlib.decompressobj(-15) if member.method == zipfile.ZIP_DEFLATED else None
        remaining = member.compressed
        out = bytearray()
        consumed = 0
        try:
            while remaining > 0 and (head is None or len(out) < head):
                raw = fp.read(min(_CHUNK, remaining))
                if not raw:
                    raise _damaged("数据不完整", "its data ends early")
                remaining -= len(raw)
                consumed += len(raw)
                if decompressor is None:
                    out += raw
                    continue
                data = raw
                while data and len(out) <= member.size and not decompressor.eof:
                    out += decompressor.decompress(data, member.size + 1 - len(out))
                    data = decompressor.unconsumed_tail
                self._check_growth(member, len(out), consumed)
                if decompressor.eof:
                    break
            if head is not None:
                return bytes(out[:head])
            if decompressor is not None:
                out += decompressor.flush()
                self._check_growth(member, len(out), consumed)
                if not decompressor.eof:
                    raise _damaged("数据不完整", "its data ends early")
        except zlib.error:
            raise _damaged("数据无法解压", "its data cannot be inflated") from None
        if len(out) != member.size or zlib.crc32(out) != member.crc:
            raise _damaged("校验失败", "it fails its CRC")
        return bytes(out)

    def _check_growth(self, member: Member, produced: int, consumed: int) -> None:
        limits = self.limits
        if produced > member.size:
            raise EntryRefused(t.ZIP_BOMB, detail="实际解压出的数据比声明的多",
                               detail_en="it inflates to more than it declares")
        if produced > limits.ratio_threshold_bytes and produced > limits.max_ratio * max(consumed, 1):
            raise EntryRefused(t.ZIP_BOMB, detail=f"实际压缩比超过 {limits.max_ratio:g}:1",
                               detail_en=f"actual ratio over {limits.max_ratio:g}:1")


def _damaged(detail: str, detail_en: str) -> EntryRefused:
    return EntryRefused(t.ENTRY_DAMAGED, detail=detail, detail_en=detail_en)
