"""Streaming scanners for the parts of zip-based workbooks (internal to :mod:`.safety`).

An :class:`EntryScanner` is fed the decompressed bytes of one zip entry, chunk by chunk, and raises
:class:`PartRefusedError` with a Chinese reason when the part

* holds a document type declaration or an entity declaration (``<!DOCTYPE``, ``<!ENTITY``; matched without
  regard to case, anywhere in the part, across chunk boundaries; UTF-16 parts are decoded first);
* declares an XML encoding that is not ASCII-compatible (``UTF-7``, EBCDIC …), where the byte scan could be
  fooled;
* places cells so far apart that a parser would allocate a huge dense grid (:class:`XlsxCells` follows ``<row>``
  and ``<c>`` elements of SpreadsheetML, :class:`OdsCells` follows repeated rows and cells of OpenDocument); the
  extent is checked against :class:`~.safety.ReadLimits` as soon as it grows (at the latest after each region
  of about 2 MiB), so scanning stops early;
* has more than :data:`MAX_UNREADABLE_TAGS` ``<row>``/``<c>`` tags the scanner can only read leniently (an
  unreadable tag is otherwise read leniently: every ``r=…`` in it counts);
* has a followed start tag (``<row>``, ``<c>``; OpenDocument: the table tags), or a ``<`` that may still become
  one, still open at the end of a region after more than :data:`MAX_TAG_CHARS` characters;
* (OpenDocument) has a table tag the scanner cannot read.

How a part is followed: its text is taken in regions of about 2 MiB. Every place where a followed tag starts is
read once, with the whole tag in view however the chunks fell — a tag still open at the end of a region (for
instance inside a quoted value holding ``<``, which parsers accept) waits for the next region, quotes counted
the way parsers count them. A region of the plain shape Excel, WPS and openpyxl write (every ``<c>`` and
``<row>`` unprefixed, starting with ``r="`` and a plain reference, with quoted attributes) is checked at
once by :meth:`XlsxCells.fast`, a few C-level regular-expression searches: it takes the last cell holding a
value, and confirms that no cell of the region holding a value lies beyond that cell or the extent seen so far
(the searches are compiled for those bounds). Any other region — or one where a cell lies beyond the bounds,
which may be a limit exceeded — is read tag by tag. Both readings give the same extent and the same verdict.

Every part is scanned for cells — images and ``vbaProject.bin`` too — because calamine parses a sheet part
even with junk before its first tag; the DTD and encoding checks apply to parts starting with ``<`` and to
parts named ``*.xml``, ``*.rels`` or ``*.vml`` (binary parts could hold ``<!DOCTYPE`` by chance). Memory is
bounded: a view keeps at most a region and an unfinished tag (≤ :data:`MAX_TAG_CHARS`) between chunks.
Cost: about 0.3 s per 60 MB of plain sheet XML (inflating included); about 1 s per 30 MB read tag by tag.
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
"""A followed start tag still open at the end of a region after more than this many characters (1 MiB), or a
``<`` followed by as many name characters, and the part is refused: Excel's tags are a few hundred bytes at most,
and what a parser would read in the rest of such a tag cannot be known without keeping it. (A longer tag that
ends within the region in hand is simply read.)"""
MAX_UNREADABLE_TAGS = 10_000
"""More ``<row>``/``<c>`` tags than this that the scanner can only read leniently and the part is refused
(Excel writes none; random binary data has a few per 10 MB)."""
_REGION_CHARS = 1 << 21
_DTD_OVERLAP = 16
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

    def fast(self, text: str, end: int) -> bool:
        """Follow, all at once, every tag starting before ``end`` in ``text`` (each of them ends before ``end``, or
        the answer is ``False``) and return ``True``; or change nothing and return ``False`` when the text is not
        of a shape this handler can check that way — the tags are then read one by one."""
        ...


_MORE_ATTRS = r"""(?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
_ATTRS = f"({_MORE_ATTRS})"
_OPEN_TAG = re.compile(r"""<[^<>"']*+(?:(?:"[^"]*+"|'[^']*+')[^<>"']*+)*+(?:"[^"]*+|'[^']*+)?+""")
"""A tag as far as it goes: up to its ``>``, an unquoted ``<``, or the end of the text (an unclosed quote running
on). Quotes are counted as parsers count them (quick-xml, expat): a ``>`` or ``<`` inside one is part of the tag."""
_NAME_SO_FAR = re.compile(r"<[\w.:-]*")


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
    """One reading of a part's bytes as text (Latin-1, or UTF-16) with its own handler and carried text."""

    def __init__(self, encoding: str, handler: TagHandler | None, *, utf16: bool, xml_name: bool) -> None:
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.handler = handler
        self.utf16 = utf16
        self.xml: bool | None = True if xml_name else None  # else decided by the first non-blank character
        self.prolog: str | None = ""
        self.pending: list[str] = []  # text whose tags are not followed yet: an unfinished tag, a region gathering
        self.pending_chars = 0
        self.dtd_tail = ""
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
        if self.xml:
            bang = chunk.find("!")  # a memchr: no "!", no "<!DOCTYPE" (and no regular-expression pass)
            if (bang >= 0 and _DTD.search(chunk, max(bang - 1, 0))) or _DTD.search(
                self.dtd_tail + chunk[:_DTD_OVERLAP]
            ):
                raise PartRefusedError(DTD_REASON)
            self.dtd_tail = (self.dtd_tail + chunk[-_DTD_OVERLAP:])[-_DTD_OVERLAP:]
        if self.handler is None:
            return
        self.pending.append(chunk)
        self.pending_chars += len(chunk)
        if self.pending_chars < _REGION_CHARS and not final:
            return
        text = "".join(self.pending)
        rest = text[self.follow(text, final=final) :]
        self.pending, self.pending_chars = [rest], len(rest)

    def follow(self, text: str, *, final: bool) -> int:
        """Follow the tags starting in ``text``; return where the text to carry over to the next chunk begins.

        Unless the part has ended, the last ``<`` of the text is left to :meth:`tag_by_tag`; everything before it
        goes to the handler's :meth:`~TagHandler.fast` check first, and tag by tag only if that says no.
        """
        handler = self.handler
        assert handler is not None
        end = len(text) if final else text.rfind("<")
        if end < 0:
            return len(text)
        start = end if end > 0 and handler.fast(text, end) else 0
        return self.tag_by_tag(text, start, final=final)

    def tag_by_tag(self, text: str, start: int, *, final: bool) -> int:
        """Read each followed tag starting at or after ``start``, with all of ``text`` in view; return where the
        first tag that may still end in the next chunk starts (or a trailing ``<name`` that may still become a
        followed tag), or ``len(text)``."""
        handler = self.handler
        assert handler is not None
        size = len(text)
        tags: list[tuple[str, ...]] = []
        carry_from = size
        for found in handler.loose.finditer(text, start):
            position = found.start()
            whole = handler.pattern.match(text, position)
            if whole is not None:
                tags.append(whole.groups(default=""))
                continue
            if not final and _open_until(text, position) == size:  # may end in the next chunk: wait for it
                carry_from = position
                break
            if tags:  # in document order: the tags before it first
                handler.handle(tags)
                tags = []
            self.unreadable += 1
            if self.unreadable > MAX_UNREADABLE_TAGS:
                raise PartRefusedError(FORMAT_REASON)
            name = found.group()
            stop = text.find("<", position + 1)
            window = text[position + len(name) : stop if stop >= 0 else size]
            handler.handle(handler.unreadable(name.lstrip("<").split(":")[-1], window))
        if tags:
            handler.handle(tags)
        if carry_from == size and not final:
            last = text.rfind("<", start)
            if last >= 0 and _NAME_SO_FAR.fullmatch(text, last):  # "<", "<ro", "<x:" … may still become a tag
                carry_from = last
        if size - carry_from > MAX_TAG_CHARS:
            raise PartRefusedError(FORMAT_REASON)
        return carry_from


def _open_until(text: str, position: int) -> int:
    """Where the tag starting at ``position`` stops: at its ``>``, at an unquoted ``<``, or at the end of the text
    when it is still open (in an unclosed quote, say)."""
    stop = _OPEN_TAG.match(text, position)
    assert stop is not None
    return stop.end()


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

    def fast(self, text: str, end: int) -> bool:
        """The plain-shape check of the module docstring, for the tags starting before ``end``.

        It holds when no followed tag there is prefixed (no ``:c``/``:row`` before a blank, ``/`` or ``>``), and
        every ``<c`` and ``<row`` before a blank, ``/`` or ``>`` is a whole tag of the plain shape (``r="``, a
        reference without ``$`` or leading zeros, quoted attributes, ending before ``end``) whose cell,
        if it counts, lies within the bounds: the extent so far grown to the cells that count among the last
        :data:`_LOOKBACK` or so (with ``count_empty_cells``, every cell counts, and so does the last row). Those tags
        are exactly what :attr:`pattern` reads (none unreadable, none implicit), so the extent becomes the
        bounds, as reading them one by one would make it; and the row and column carried on are those of the last
        ``<row>`` and ``<c>``. When the bounds themselves are beyond the limits, the answer is ``False``.
        """
        colon = text.find(":", 0, end)  # a memchr, as Excel writes prefixed attributes but not prefixed tags
        if colon >= 0 and _PREFIXED.search(text, colon, end):
            return False
        extent, count_empty = self.extent, self.count_empty_cells
        row, column = self._row, self._column
        top, right = extent.max_row, extent.max_column
        row_at = text.rfind('<row r="', 0, end)
        if row_at >= 0:
            number = _ROW_NUMBER.match(text, row_at + 8, end)
            if number is None:
                return False
            row, column = int(number.group(1)), 0
            if count_empty:
                top = max(top, row)
        cell_at = at = text.rfind('<c r="', 0, end)
        seen, counted = 0, False
        while at >= 0 and (seen < _LOOKBACK or (not counted and seen < _FAR_LOOKBACK)):
            seen += 1
            cell = _PLAIN_CELL.match(text, at, end)
            if cell is None:
                return False
            letters, digits, closing = cell.groups()
            if at == cell_at and at > row_at:
                column = _column_number(letters)
            if count_empty or not closing:
                top, right, counted = max(top, int(digits)), max(right, _column_number(letters)), True
            at = text.rfind('<c r="', 0, at)
        limits = extent.limits
        if top > limits.max_rows or right > limits.max_columns or top * right > limits.max_cells:
            return False
        if _bad_cell(top, right, count_empty=count_empty).search(text, 0, end):
            return False
        if _bad_row(top if count_empty else None).search(text, 0, end):
            return False
        extent.add(top, right)
        self._row, self._column = row, column
        return True


_LOOKBACK = 64
"""How many cells, back from the end of a region, :meth:`XlsxCells.fast` takes its bounds from (a few rows: the
widest row is rarely further back, and when it is the region is only read tag by tag) — and further back, up to
:data:`_FAR_LOOKBACK` cells, until one of them counts (rows ending in many formatted empty cells)."""
_FAR_LOOKBACK = 4096
_PREFIXED = re.compile(r":(?:c|row)(?=[\s/>])")
_ROW_NUMBER = re.compile(r'([1-9][0-9]{0,6})"')
_PLAIN_CELL = re.compile(rf'<c r="([A-Z]{{1,3}})([1-9][0-9]{{0,6}})"{_MORE_ATTRS}\s*(/?)>')
_PLAIN_TAIL = (
    r'(?: t="inlineStr">| s="[0-9]{1,5}" t="[a-zA-Z]{1,9}">| s="[0-9]{1,5}">|>| t="[a-zA-Z]{1,9}">'
    rf"|{_MORE_ATTRS}\s*/?>)"
)  # the rest of a plain <c> tag: the shapes openpyxl and Excel write first (cheap to try), then any readable one


@functools.lru_cache(maxsize=64)
def _bad_cell(top: int, right: int, *, count_empty: bool) -> re.Pattern[str]:
    """A search for a ``<c`` start that is not a plain tag whose cell, if it counts, lies within ``top`` rows and
    ``right`` columns (see :meth:`XlsxCells.fast`)."""
    within = f"{_up_to_column(right)}{_up_to_number(top)}" if top and right else "(?!)"
    cell = f'{within}"{_PLAIN_TAIL}'
    if not count_empty:  # a cell without a value counts nowhere: its reference needs only be plain
        cell = rf'(?:{cell}|[A-Z]{{1,3}}[1-9][0-9]{{0,6}}"(?:/>|{_MORE_ATTRS}\s*/>))'
    return re.compile(rf'<c(?! r="{cell})(?=[\s/>])')  # "[\s/>]" last: only tried where a bad tag was found


@functools.lru_cache(maxsize=64)
def _bad_row(top: int | None) -> re.Pattern[str]:
    """A search for a ``<row`` start that is not a plain tag, with a row number up to ``top`` unless that is
    ``None`` (see :meth:`XlsxCells.fast`). It looks for the "w" first, rarer than "<"."""
    number = "[1-9][0-9]{0,6}" if top is None else _up_to_number(top) if top else "(?!)"
    return re.compile(rf'w(?<=<row)(?! r="{number}"(?:>|{_MORE_ATTRS}\s*/?>))(?=[\s/>])')


def _up_to_number(limit: int) -> str:
    """A pattern for the numerals from 1 to ``limit`` (≥ 1), without leading zeros; the longest first."""
    digits = str(limit)
    alternatives = []
    for i, digit in enumerate(digits):
        low, last = ("1" if i == 0 else "0"), i == len(digits) - 1
        high = digit if last else str(int(digit) - 1)
        if high >= low:
            rest = len(digits) - i - 1
            alternatives.append(digits[:i] + _span(low, high) + (f"[0-9]{{{rest}}}" if rest else ""))
    if len(digits) > 1:
        alternatives.append(f"[1-9][0-9]{{0,{len(digits) - 2}}}+")
    return "(?:" + "|".join(alternatives) + ")"


def _up_to_column(limit: int) -> str:
    """A pattern for the column letters from ``A`` to those of column ``limit`` (≥ 1); the longest first."""
    letters = column_letter(limit)
    alternatives = []
    for i, letter in enumerate(letters):
        last = i == len(letters) - 1
        high = letter if last else chr(ord(letter) - 1)
        if high >= "A":
            alternatives.append(letters[:i] + _span("A", high) + "[A-Z]" * (len(letters) - i - 1))
    if len(letters) > 1:
        alternatives.append(f"[A-Z]{{1,{len(letters) - 1}}}")
    return "(?:" + "|".join(alternatives) + ")"


def _span(low: str, high: str) -> str:
    return low if low == high else f"[{low}-{high}]"


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

    def fast(self, text: str, end: int) -> bool:
        """No shortcut for OpenDocument: its tags are always read one by one."""
        return False

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
