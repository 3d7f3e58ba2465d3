"""Streaming scanners for the parts of zip-based workbooks (internal to :mod:`.safety`).

An :class:`EntryScanner` is fed the decompressed bytes of one zip entry, chunk by chunk, and raises
:class:`PartRefusedError` with a Chinese reason when the part

* holds a document type declaration or an entity declaration (``<!DOCTYPE``, ``<!ENTITY``; matched without
  regard to case, anywhere in the part, across chunk boundaries; UTF-16 parts are decoded first);
* declares an XML encoding that is not ASCII-compatible (``UTF-7``, EBCDIC …), where the byte scan could be
  fooled;
* places cells so far apart that a parser would allocate a huge dense grid (:class:`XlsxCells` follows ``<row>``
  and ``<c>`` elements of SpreadsheetML, :class:`OdsCells` follows repeated rows and cells of OpenDocument); the
  extent is checked against :class:`~.safety.ReadLimits` as soon as it grows, so scanning stops early;
* has more than :data:`MAX_UNREADABLE_TAGS` ``<row>``/``<c>`` tags the scanner can only read leniently (an
  unreadable tag is otherwise read leniently: every ``r=…`` in it counts);
* (OpenDocument) has a table tag the scanner cannot read.

Every part is scanned for cells — images and ``vbaProject.bin`` too — because calamine parses a sheet part
even with junk before its first tag; the DTD and encoding checks apply to parts starting with ``<`` and to
parts named ``*.xml``, ``*.rels`` or ``*.vml`` (binary parts could hold ``<!DOCTYPE`` by chance). Memory is
bounded: the scanner keeps at most one unfinished tag (≤ :data:`MAX_TAG_CHARS`, beyond which it is read
leniently and dropped) between chunks. Cost: about 1 s per 30 MB of sheet XML.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from xcert_adapters.workbooks.safety import ReadLimits

MAX_TAG_CHARS = 1 << 20
"""A start tag still open after this many characters (1 MiB) is read leniently and dropped: Excel's tags are a
few hundred bytes at most."""
_TRIM_AT = 1 << 16
MAX_UNREADABLE_TAGS = 10_000
"""More ``<row>``/``<c>`` tags than this that the scanner can only read leniently and the part is refused
(Excel writes none; random binary data has a few per 10 MB)."""
_PROLOG_CHARS = 1024

DTD_REASON = "文件含有不安全的 XML 声明（DOCTYPE/ENTITY），Excel 生成的文件不会有这种内容，已拒绝读取"
ENCODING_REASON = "文件内部使用了异常的字符编码，Excel 生成的文件不会这样，已拒绝读取"
FORMAT_REASON = "文件内部格式异常，可能已损坏或被恶意构造；请用 Excel 打开后另存为 .xlsx 再试"


class PartRefusedError(Exception):
    """A part must not be handed to a parser; ``reason`` is the one-line Chinese explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def column_letter(column: int) -> str:
    """Excel's letters for a 1-based column number (1 -> ``A``, 28 -> ``AB``, 16384 -> ``XFD``)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Extent:
    """The bounding box of the cells seen so far, checked against the limits every time it grows."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.max_row = 0
        self.max_column = 0

    def add(self, row: int, column: int) -> None:
        """Grow the box to include (``row``, ``column``), 1-based; raise :class:`PartRefusedError` beyond a limit."""
        if row <= self.max_row and column <= self.max_column:
            return
        self.max_row = max(self.max_row, row)
        self.max_column = max(self.max_column, column)
        check_extent(self.max_row, self.max_column, self.limits)


def check_extent(rows: int, columns: int, limits: ReadLimits) -> None:
    """Raise :class:`PartRefusedError` when a ``rows`` × ``columns`` sheet is beyond ``max_rows``, ``max_columns`` or
    ``max_cells``."""
    if rows > limits.max_rows:
        raise PartRefusedError(f"工作表超过 {limits.max_rows} 行，超出可读取的范围；请删除多余的行后另存")
    if columns > limits.max_columns:
        raise PartRefusedError(f"工作表超过 {limits.max_columns} 列，超出可读取的范围；请删除多余的列后另存")
    if rows * columns > limits.max_cells:
        raise PartRefusedError(
            f"工作表的数据范围过大（到第 {rows} 行、第 {column_letter(columns)} 列），超出可读取的范围，"
            f"文件可能已损坏；请删除多余的行列后另存"
        )


class TagHandler(Protocol):
    """Follows some elements of a part.

    ``loose`` matches every place such a tag starts; ``pattern`` matches a whole, well-formed tag there, its
    ``findall`` tuples going to :meth:`handle` in document order. A place where ``pattern`` does not match (an
    unquoted attribute, a quote holding ``<``, binary data) goes to :meth:`unreadable` with the text up to the
    next ``<``, which returns tuples read leniently (or raises :class:`PartRefusedError`).
    """

    pattern: re.Pattern[str]
    loose: re.Pattern[str]

    def handle(self, tags: Sequence[tuple[str, ...]]) -> None: ...

    def unreadable(self, name: str, window: str) -> list[tuple[str, ...]]: ...


_ATTRS = r"""((?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*)"""
_GENERIC_TAG = r"""<[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>"""


@functools.lru_cache(maxsize=16)
def _attribute_pattern(name: str, any_prefix: bool) -> re.Pattern[str]:
    prefix = r"(?:[A-Za-z_][\w.-]*:)?" if any_prefix else ""
    return re.compile(rf"""(?:^|\s){prefix}{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attribute(attrs: str, name: str, *, any_prefix: bool) -> str | None:
    """The value of attribute ``name`` in a start tag's attribute text, or ``None``; with ``any_prefix`` a
    namespace prefix (``table:``) is accepted, otherwise only the unprefixed name matches."""
    if name not in attrs:
        return None
    match = _attribute_pattern(name, any_prefix).search(attrs)
    if match is None:
        return None
    return match.group(1) if match.group(1) is not None else match.group(2)


_PREFIX = r"(?:[A-Za-z_][\w.-]*+:)?+"  # a namespace prefix; possessive, as the names that follow hold no ":"
_BLANKS = " \t\r\n\ufeff\u00ef\u00bb\u00bf"  # XML whitespace, BOM, and the UTF-8 BOM read as Latin-1
_DTD = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_GENERIC = re.compile(_GENERIC_TAG)


_ASCII_BYTES = bytes(range(0x80))
_DECLARED_ENCODING = re.compile(r"""\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")


def _ascii_compatible(encoding: str) -> bool:
    """Whether ``encoding`` reads every ASCII byte as that ASCII character, with no shift sequences: true for
    UTF-8, GBK, Latin-1 …; false for UTF-7 (``+ADw-`` is ``<``), UTF-16/32, EBCDIC, ISO-2022, unknown names."""
    try:
        codecs.lookup(encoding)
        return _ASCII_BYTES.decode(encoding) == _ASCII_BYTES.decode("ascii") and all(
            bytes([b]).decode(encoding) == chr(b) for b in _ASCII_BYTES
        )
    except (LookupError, UnicodeError, ValueError, TypeError):
        return False


class _View:
    """One reading of a part's bytes as text (Latin-1, or UTF-16) with its own handler and carried tail."""

    def __init__(self, encoding: str, handler: TagHandler | None, *, utf16: bool, xml_name: bool) -> None:
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.handler = handler
        self.utf16 = utf16
        self.xml: bool | None = True if xml_name else None  # else decided by the first non-blank character
        self.prolog: str | None = ""
        self.carry = ""
        self.unreadable = 0

    def feed(self, data: bytes, *, final: bool) -> None:
        chunk = self.decoder.decode(data, final)
        if self.prolog is not None:  # still at the start of the part
            self.prolog += chunk
            if len(self.prolog) < _PROLOG_CHARS and not final:
                return
            chunk, start = self.prolog, self.prolog.lstrip(_BLANKS)
            self.prolog = "" if not start and not final else None  # only blanks so far: keep looking
            if start:
                if self.xml is None:
                    self.xml = start.startswith("<")
                declared = _DECLARED_ENCODING.match(start) if self.xml and not self.utf16 else None
                if declared is not None and not _ascii_compatible(declared.group(1)):
                    raise PartRefusedError(ENCODING_REASON)
        self.scan(chunk, final=final)

    def scan(self, chunk: str, *, final: bool) -> None:
        buf = self.carry + chunk
        if self.xml and _DTD.search(buf):
            raise PartRefusedError(DTD_REASON)
        if self.handler is None:
            self.carry = buf[-16:]
            return
        cut = len(buf) if final else buf.rfind("<")
        if cut < 0:
            self.carry = ""
            return
        self.tags(buf[:cut])
        carry = buf[cut:]
        if len(carry) > _TRIM_AT:
            whole = _GENERIC.match(carry)
            if whole is not None:
                self.tags(carry[: whole.end()])
                carry = ""
            elif len(carry) > MAX_TAG_CHARS:
                self.tags(carry)  # an endless "tag" (binary data, or hostile): read leniently, then dropped
                carry = ""
        self.carry = carry

    def tags(self, segment: str) -> None:
        handler = self.handler
        assert handler is not None
        tags = handler.pattern.findall(segment)
        starts = [(m.start(), m.group()) for m in handler.loose.finditer(segment)]
        if len(tags) == len(starts):  # every start is a readable tag (the pattern's matches start at starts)
            if tags:
                handler.handle(tags)
            return
        for position, text in starts:  # slow path: some tag the pattern cannot read; go place by place
            whole = handler.pattern.match(segment, position)
            if whole is not None:
                handler.handle([whole.groups(default="")])
                continue
            self.unreadable += 1
            if self.unreadable > MAX_UNREADABLE_TAGS:
                raise PartRefusedError(FORMAT_REASON)
            end = segment.find("<", position + 1)
            window = segment[position + len(text) : end if end >= 0 else len(segment)]
            handler.handle(handler.unreadable(text.lstrip("<").split(":")[-1], window))


class EntryScanner:
    """Scans one zip entry: call :meth:`feed` with each decompressed chunk, then :meth:`close`.

    Raises :class:`PartRefusedError` (see the module docstring). The bytes are read as Latin-1 (what a UTF-8
    parser sees of ASCII markup) and, when the entry starts with a UTF-16 byte-order mark or has a NUL in one of
    its first two bytes, also as UTF-16; each reading gets its own handler from ``handler_factory`` (see
    :attr:`handlers`). The DTD and encoding checks apply to a reading that starts, after whitespace, with
    ``<``, and to every (non-UTF-16) reading of a part named like XML (``xml_name``: ``.xml``, ``.rels``,
    ``.vml``); the handlers see every reading, XML-looking or not, because calamine parses a part with junk
    before its first tag.
    """

    def __init__(
        self, handler_factory: Callable[[], TagHandler | None] = lambda: None, *, xml_name: bool = False
    ) -> None:
        self._factory = handler_factory
        self._xml_name = xml_name
        self._views: list[_View] | None = None
        self._head = b""

    @property
    def handlers(self) -> list[TagHandler]:
        """The handlers of the readings made so far."""
        return [view.handler for view in self._views or () if view.handler is not None]

    def feed(self, data: bytes) -> None:
        """Scan the next chunk of the entry's bytes."""
        if self._views is None:
            self._head += data
            if len(self._head) < _PROLOG_CHARS:
                return
            data, self._head = self._head, b""
            self._views = self._start(data)
        for view in self._views:
            view.feed(data, final=False)

    def close(self) -> None:
        """Scan what is left; the entry has ended."""
        if self._views is None:
            data, self._head = self._head, b""
            self._views = self._start(data)
            for view in self._views:
                view.feed(data, final=False)
        for view in self._views:
            view.feed(b"", final=True)

    def _start(self, head: bytes) -> list[_View]:
        utf16 = None
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            utf16 = "utf-16"
        elif len(head) >= 2 and head[1] == 0 and head[0] != 0:
            utf16 = "utf-16-le"
        elif len(head) >= 2 and head[0] == 0 and head[1] != 0:
            utf16 = "utf-16-be"
        views = [_View("latin-1", self._factory(), utf16=False, xml_name=self._xml_name and utf16 is None)]
        if utf16 is not None:
            views.append(_View(utf16, self._factory(), utf16=True, xml_name=self._xml_name))
        return views


_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_ROW_ONLY = re.compile(r"()([0-9]{1,7})")
_R_ATTRIBUTE = re.compile(r"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@functools.lru_cache(maxsize=1024)
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class XlsxCells:
    """Follows ``<row r=…>`` and ``<c r=…>`` in SpreadsheetML parts and keeps the extent of their cells.

    Cells without ``r`` continue from the previous one, as parsers place them. With ``count_empty_cells`` the
    self-closing (value-less, e.g. formatted) cells count too, and so do rows: openpyxl pads every row to its last
    cell, styled or not; calamine ignores them. ``r`` is read wherever it stands among the attributes (Excel
    writes it first, which the pattern picks up directly).
    """

    # groups: local name; when r is the first attribute, its column letters and row digits (or, if it is not a
    # plain reference, its raw value); the other attributes; "/" of an empty element
    pattern = re.compile(
        rf"""<{_PREFIX}(row|c)(?=[\s/>])(?:\s+r\s*=\s*"(?:\$?([A-Za-z]{{0,3}})\$?([0-9]{{1,7}})"|([^"]*)"))?"""
        rf"""{_ATTRS}\s*(/?)>"""
    )
    loose = re.compile(rf"<{_PREFIX}(?:row|c)(?=[\s/>])")

    def __init__(self, limits: ReadLimits, *, count_empty_cells: bool = False) -> None:
        self.extent = Extent(limits)
        self.count_empty_cells = count_empty_cells
        self._row = 0
        self._column = 0

    def handle(self, tags: Sequence[tuple[str, ...]]) -> None:
        extent, count_empty = self.extent, self.count_empty_cells
        row, column = self._row, self._column
        for name, letters, digits, odd, attrs, closing in tags:
            if not digits:
                letters, digits = _r_elsewhere(odd, attrs)  # noqa: PLW2901 — r was not a plain first attribute
            if name == "row":
                if letters:
                    raise PartRefusedError(FORMAT_REASON)
                row = int(digits) if digits else row + 1
                column = 0
                if count_empty and row > extent.max_row:
                    extent.add(row, 0)
                continue
            if digits:
                if not letters:
                    raise PartRefusedError(FORMAT_REASON)
                column = _column_number(letters)
                cell_row = int(digits)
            else:
                column += 1
                cell_row = row or 1
            if (count_empty or not closing) and (cell_row > extent.max_row or column > extent.max_column):
                extent.add(cell_row, column)
        self._row, self._column = row, column

    def unreadable(self, name: str, window: str) -> list[tuple[str, ...]]:
        """Every ``r=…`` reference in the text of a tag the pattern cannot read, as cells holding a value (a
        parser may still read it); a tag without one counts as one more cell or row in place."""
        refs: list[tuple[str, ...]] = [(name, col, row, "", "", "") for col, row in _LENIENT_R.findall(window)]
        if name == "row":
            refs = [ref for ref in refs if not ref[1]]
        return refs or [(name, "", "", "", "", "")]


_LENIENT_R = re.compile(r"""(?:^|[\s"'])r\s*=\s*["']?\s*\$?([A-Za-z]{0,3})\$?([0-9]{1,7})""")


def _r_elsewhere(odd: str, attrs: str) -> tuple[str, str]:
    """Column letters and row digits of an ``r`` that is not a plain first attribute; ``("", "")`` without ``r``.
    Raises :class:`PartRefusedError` for an ``r`` that is not a reference."""
    value: str | None = odd or None
    if value is None and "r" in attrs:
        found = _R_ATTRIBUTE.search(attrs)
        if found is not None:
            value = found.group(1) if found.group(1) is not None else found.group(2)
    if value is None:
        return "", ""
    match = _CELL_REF.fullmatch(value.strip()) or _ROW_ONLY.fullmatch(value.strip())
    if match is None:
        raise PartRefusedError(FORMAT_REASON)
    return match.group(1), match.group(2)


class _OdsTable:
    def __init__(self) -> None:
        self.row = 0  # rows finished
        self.row_repeat = 1
        self.column = 0


def _repeat(attrs: str, name: str) -> int:
    value = attribute(attrs, name, any_prefix=True)
    if value is None:
        return 1
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9 or int(value) < 1:
        raise PartRefusedError(FORMAT_REASON)
    return int(value)


class OdsCells:
    """Follows ``table:table``, ``table:table-row`` and ``table:table-cell`` (with their ``number-*-repeated``)
    in an OpenDocument ``content.xml`` and keeps the extent of the cells that hold something.

    A cell holds something when it has an ``office:value-type`` or content (is not an empty element); repeated
    empty cells and rows — how LibreOffice pads a sheet — do not count. Nested tables are followed on a stack.
    """

    # groups: "/" of an end tag, local name, attributes, "/" of an empty element
    pattern = re.compile(rf"<(/?){_PREFIX}(table|table-row|table-cell|covered-table-cell)(?=[\s/>]){_ATTRS}\s*(/?)>")
    loose = re.compile(rf"</?{_PREFIX}(?:table|table-row|table-cell|covered-table-cell)(?=[\s/>])")

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.max_row = 0
        self.max_column = 0
        self._tables: list[tuple[_OdsTable, Extent]] = []

    def handle(self, tags: Sequence[tuple[str, ...]]) -> None:
        for end, name, attrs, closing in tags:
            self._tag(name, attrs, end=bool(end), self_closing=bool(closing))

    def unreadable(self, name: str, window: str) -> list[tuple[str, ...]]:
        """An OpenDocument table tag this scanner cannot read is refused: repeats could hide in it."""
        raise PartRefusedError(FORMAT_REASON)

    def _tag(self, name: str, attrs: str, *, end: bool, self_closing: bool) -> None:
        if name == "table":
            if end:
                if self._tables:
                    self._tables.pop()
            elif not self_closing:
                self._tables.append((_OdsTable(), Extent(self.limits)))
            return
        if not self._tables:
            return
        table, extent = self._tables[-1]
        if name == "table-row":
            if not end:
                table.row_repeat = _repeat(attrs, "number-rows-repeated")
                table.column = 0
            if end or self_closing:
                table.row += table.row_repeat
                table.row_repeat = 1
            return
        if end:
            return
        table.column += _repeat(attrs, "number-columns-repeated")
        if not self_closing or attribute(attrs, "value-type", any_prefix=True) is not None:
            extent.add(table.row + table.row_repeat, table.column)
            self.max_row = max(self.max_row, extent.max_row)
            self.max_column = max(self.max_column, extent.max_column)
