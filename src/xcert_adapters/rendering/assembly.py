"""The combined 全部 files of the printed pack, assembled from the per-room PDFs without drawing anything again,
in memory that does not grow with the number of pages.

pikepdf (qpdf) reads the parts, one at a time; the objects each part's pages reach (the pages, their content
streams, fonts and images) are written to the combined file as they are met, renumbered, their streams copied
byte for byte (never decoded), and the part is closed before the next is opened. An object is written as qpdf
writes it with each ``N G R`` renumbered (one regular-expression pass over bytes); one holding a literal string,
where ``N G R`` could be text, is written entry by entry instead. What stays in memory is each object's offset
and each page's number (8 bytes each) and, per image, a digest: a photo shown in two rooms (a candidate who sits
two subjects in different rooms has a desk label in each) is in two parts, and the combined file embeds it once,
as a file drawn in one go does. Then come the page tree, the catalogue, the document info, the cross-reference
table and the trailer, whose ``/ID`` is a digest of everything written before it: the same parts give the same
bytes.

qpdf's own page copying (``Pdf.pages.extend`` and ``save``) was tried first: it keeps every part's objects until
the end, about three times the combined file in memory (150 MB for 5,000 tickets).

Each part brings its own subset of the font, so a combined file holds one small subset per room (about 10% more
bytes for tickets than a file drawn in one go).
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from xcert_adapters.private_files import open_private


class _Output:
    """The combined file being written: object numbers handed out, each object's offset, and a running digest
    of the bytes (the document's ``/ID``).

    The offsets are an array of machine integers, object ``n`` at index ``n`` (8 bytes an object, where a dict of
    Python integers took about 100: 6.5 MB for the 66,673 objects of 20,000 tickets), and the cross-reference
    table is written :data:`_XREF_ROWS` rows at a time."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._offset = 0
        self.offsets = array("Q", [0])  # object 0 is the free list's head, never written
        self.digest = hashlib.md5(usedforsecurity=False)
        self.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    @property
    def count(self) -> int:
        """How many object numbers have been handed out."""
        return len(self.offsets) - 1

    def write(self, data: bytes) -> None:
        self._stream.write(data)
        self._offset += len(data)
        self.digest.update(data)

    def reserve(self) -> int:
        self.offsets.append(0)
        return self.count

    def finish(self, catalog: int, info: int) -> None:
        """The cross-reference table and the trailer, whose ``/ID`` is the digest of everything before it."""
        identifier = self.digest.hexdigest().encode("ascii")
        start = self._offset
        self.write(b"xref\n0 %d\n0000000000 65535 f \n" % (self.count + 1))
        for first in range(1, self.count + 1, _XREF_ROWS):
            self.write(b"".join(b"%010d 00000 n \n" % offset for offset in self.offsets[first:first + _XREF_ROWS]))
        self.write(b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n"
                   % (self.count + 1, catalog, info, identifier, identifier, start))

    def object(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self._offset
        if stream is None:
            self.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        else:
            self.write(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, body, stream))


_XREF_ROWS = 4096
"""Cross-reference rows joined and written at a time."""


class _Reference:
    """An object of the combined file already numbered (the page tree, for each page's ``/Parent``)."""

    def __init__(self, number: int) -> None:
        self.number = number


class _NotSharedError(Exception):
    """An image whose dictionary refers to another object (a soft mask): copied, not shared across parts."""


def _number(value: int | float | Decimal | bool) -> bytes:
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    text = format(Decimal(value).normalize(), "f") if not isinstance(value, float) else repr(value)
    return text.encode("ascii")


def _serialise(value: Any, reference: Callable[[Any], int], pikepdf: Any, *, body: bool = False) -> bytes:
    """``value`` in PDF syntax; an indirect object inside it becomes ``N 0 R`` by ``reference``, and so does
    ``value`` itself unless ``body`` (writing the indirect object's own body)."""
    if isinstance(value, _Reference):
        return b"%d 0 R" % value.number
    if not body and isinstance(value, pikepdf.Object) and value.is_indirect:
        return b"%d 0 R" % reference(value)
    if isinstance(value, pikepdf.Dictionary):
        return _dictionary(value.items(), reference, pikepdf)
    if isinstance(value, pikepdf.Array):
        return b"[" + b" ".join(_serialise(item, reference, pikepdf) for item in value) + b"]"
    if isinstance(value, (pikepdf.Name, pikepdf.String)):
        return bytes(value.unparse(resolved=True))  # an indirect string or name: its value, not "N G R"
    if value is None:
        return b"null"
    if isinstance(value, (int, float, Decimal)):
        return _number(value)
    raise TypeError(f"cannot copy a PDF object of type {type(value).__name__}")


def _dictionary(items: Any, reference: Callable[[Any], int], pikepdf: Any) -> bytes:
    return b"<<" + b"".join(bytes(pikepdf.Name(key).unparse()) + b" " + _serialise(value, reference, pikepdf)
                            for key, value in items) + b">>"


class _Part:
    """One part being copied: its objects' numbers in the combined file, and the objects met but not written."""

    def __init__(self, out: _Output, tree: int, images: dict[bytes, int], pikepdf: Any) -> None:
        self._out, self._tree, self._images, self._pikepdf = out, tree, images, pikepdf
        self._numbers: dict[tuple[int, int], int] = {}
        self._waiting: list[Any] = []

    def reference(self, obj: Any) -> int:
        """The number of ``obj`` (indirect) in the combined file, given the first time it is met; an image
        already written by an earlier part keeps that part's number."""
        known = self._numbers.get(obj.objgen)
        if known is None:
            key = _image_key(obj, self._pikepdf)
            known = self._images.get(key) if key is not None else None
            if known is None:
                known = self._out.reserve()
                self._waiting.append(obj)
                if key is not None:
                    self._images[key] = known
            self._numbers[obj.objgen] = known
        return known

    def copy(self, source: Any) -> list[int]:
        """Write every object the pages of ``source`` reach; returns the pages' numbers."""
        pikepdf = self._pikepdf
        pages = [self.reference(page.obj) for page in source.pages]
        while self._waiting:
            obj = self._waiting.pop()
            number = self._numbers[obj.objgen]
            if isinstance(obj, pikepdf.Stream):
                raw = obj.read_raw_bytes()
                body = self._stream_dictionary(obj, len(raw), source)
                if body is None:
                    entries = [*_stream_entries(obj), ("/Length", len(raw))]
                    body = _dictionary(entries, self.reference, pikepdf)
                self._out.object(number, body, raw)
                continue
            body = None
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Page:
                body = self._renumbered(bytes(obj.unparse(resolved=True)), source, page=True)
            elif not isinstance(obj, pikepdf.Dictionary) or "/Parent" not in obj:
                body = self._renumbered(bytes(obj.unparse(resolved=True)), source)
            self._out.object(number, body if body is not None else self._serialised(obj))
        return pages

    def _renumbered(self, body: bytes, source: Any, *, page: bool = False) -> bytes | None:
        """``body`` (qpdf's writing of an object, its references as ``N G R``) with every reference renumbered by
        :meth:`reference` and, for a ``page``, its ``/Parent`` made the combined page tree; ``None`` when it holds
        a literal string, inside which ``N G R`` could be text, or is a page without one: the object is then
        written entry by entry (:meth:`_serialised`)."""
        if b"(" in body:
            return None
        parents = 0

        def renumber(found: re.Match[bytes]) -> bytes:
            nonlocal parents
            if found.group(1) is not None and page:
                parents += 1
                return b"/Parent %d 0 R" % self._tree
            number = self.reference(source.get_object(int(found.group(2)), int(found.group(3))))
            return (found.group(1) or b"") + b"%d 0 R" % number

        body = _REFERENCES.sub(renumber, body)
        return None if page and parents != 1 else body

    def _stream_dictionary(self, obj: Any, length: int, source: Any) -> bytes | None:
        """A stream's dictionary with ``/Length`` the ``length`` of its bytes, renumbered (:meth:`_renumbered`);
        ``None`` when it must be written entry by entry."""
        body = _unlengthed(obj)
        body = self._renumbered(body, source) if body is not None else None
        return body[:-2] + b" /Length %d >>" % length if body is not None else None

    def _serialised(self, obj: Any) -> bytes:
        """An object other than a stream written entry by entry (a page's ``/Parent`` made the combined tree)."""
        pikepdf = self._pikepdf
        if isinstance(obj, pikepdf.Dictionary):
            entries = [(key, value) for key, value in obj.items() if key != "/Parent"]
            if obj.get("/Type") == pikepdf.Name.Page:  # qpdf has copied what it inherits onto it
                entries.append(("/Parent", _Reference(self._tree)))
            return _dictionary(entries, self.reference, pikepdf)
        return _serialise(obj, self.reference, pikepdf, body=True)


_REFERENCES = re.compile(rb"(/Parent )?(?<![^\s\[<])([0-9]+) ([0-9]+) R(?![^\s/\[\]<>()])")
"""A reference ``N G R`` in qpdf's writing of an object without literal strings (names start with ``/`` and hold no
blanks; hex strings hold no ``R``), with the ``/Parent`` key when it is one's value."""
_LENGTH = re.compile(rb"\s*/Length [0-9]+(?: [0-9]+ R)?(?![^\s/\[\]<>()])")


def concatenate(parts: Sequence[Path], target: Path, *, title: str | None = None) -> int:
    """Write to ``target`` (a private 0600 file) the pages of ``parts`` in order; returns the number of pages.
    ``title`` becomes the document title (the parts' own info is not copied)."""
    import pikepdf  # noqa: PLC0415 - loaded when a pack is assembled, not when the plug-in registers

    if not parts:
        raise ValueError("nothing to assemble")
    with open_private(target) as stream:
        out = _Output(stream)
        tree = out.reserve()
        pages = array("Q")  # the pages' object numbers, in order
        images: dict[bytes, int] = {}  # digest of an image's dictionary and bytes -> its number in the file
        for part in parts:
            with pikepdf.open(part) as source:
                pages.extend(_Part(out, tree, images, pikepdf).copy(source))
        kids = b" ".join(b"%d 0 R" % page for page in pages)
        out.object(tree, b"<</Type /Pages /Count %d /Kids [%s]>>" % (len(pages), kids))
        catalog, info = out.reserve(), out.reserve()
        out.object(catalog, b"<</Type /Catalog /Pages %d 0 R>>" % tree)
        title_entry = b"/Title " + bytes(pikepdf.String(title).unparse()) + b" " if title is not None else b""
        out.object(info, b"<<" + title_entry + b"/Creator (xcert) /Producer (xcert)>>")
        out.finish(catalog, info)
    return len(pages)


def _stream_entries(obj: Any) -> list[tuple[str, Any]]:
    """A stream's dictionary without ``/Length`` (written from the bytes copied)."""
    return [(key, value) for key, value in obj.stream_dict.items() if key != "/Length"]


def _refuse(obj: Any) -> int:
    raise _NotSharedError


def _image_key(obj: Any, pikepdf: Any) -> bytes | None:
    """What makes two image XObjects the same image (their dictionary and bytes); ``None`` for anything else,
    and for an image whose dictionary refers to another object."""
    if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != pikepdf.Name.Image:
        return None
    entries = _unlengthed(obj)
    if entries is None:
        try:
            entries = _dictionary(_stream_entries(obj), _refuse, pikepdf)
        except _NotSharedError:
            return None
    elif _REFERENCES.search(entries):
        return None
    return hashlib.sha256(entries + b"\0" + obj.read_raw_bytes()).digest()


def _unlengthed(obj: Any) -> bytes | None:
    """qpdf's writing of a stream's dictionary (``<< … >>``) without ``/Length`` (the bytes copied give it),
    references as they are; ``None`` when it holds a literal string (see :meth:`_Part._renumbered`)."""
    body = bytes(obj.stream_dict.unparse(resolved=True))
    return None if b"(" in body else _LENGTH.sub(b"", body, count=1)
