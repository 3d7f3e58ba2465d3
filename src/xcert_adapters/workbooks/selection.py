"""Choosing a reader for a file, with a fallback chain.

:func:`reader_for` looks at the file's lower-cased suffix and returns a
:class:`~xcert_core.ports.workbooks.WorkbookReader` built from the registered reader factories: the readers
whose ``suffixes`` include the suffix, in ``prefer`` order (then any other registered reader, by name). With
one candidate that reader is returned; with several, a :class:`FallbackReader` over them.

The fallback: when a reader fails to *parse* a file — it raises :class:`~.common.ParseFailedError`, or any
exception that is not an :class:`~xcert_core.errors.UnreadableFileError` — the next reader is tried. With the
built-ins this means: an .xlsx or .xlsm calamine cannot parse is read with openpyxl before giving up. An
:class:`~xcert_core.errors.UnreadableFileError` that is a verdict on the file (encrypted, hostile, too big,
unknown sheet, over a limit) is raised at once: another parser would not change it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from attrs import frozen

from xcert_adapters.workbooks.common import GENERIC_PARSE_REASON, ParseFailedError, unsupported_suffix
from xcert_core.errors import UnreadableFileError
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.workbooks import SheetData, WorkbookReader
from xcert_core.registry import AdapterKind

DEFAULT_PREFERENCE: tuple[str, ...] = ("calamine", "openpyxl", "csv")


class FallbackReader:
    """A :class:`~xcert_core.ports.workbooks.WorkbookReader` trying ``readers`` in order (see the module
    docstring). ``suffixes`` are those the first reader handles.

    :meth:`read_sheet` returns the first reader's successful result; raises a verdict
    :class:`~xcert_core.errors.UnreadableFileError` at once; when every reader fails to parse, raises the first
    reader's :class:`~.common.ParseFailedError` (a non-xcert exception becomes one, with it as ``cause``).
    """

    def __init__(self, readers: Sequence[WorkbookReader]) -> None:
        if not readers:
            raise ValueError("FallbackReader needs at least one reader")
        self.readers: tuple[WorkbookReader, ...] = tuple(readers)
        self.suffixes: tuple[str, ...] = tuple(readers[0].suffixes)

    def read_sheet(self, path: Path, sheet: str | None = None) -> SheetData:
        first_failure: ParseFailedError | None = None
        for reader in self.readers:
            try:
                return reader.read_sheet(path, sheet)
            except ParseFailedError as exc:
                first_failure = first_failure or exc
            except UnreadableFileError:
                raise
            except Exception as exc:
                failure = ParseFailedError(str(path), GENERIC_PARSE_REASON, cause=exc)
                failure.__cause__ = exc
                first_failure = first_failure or failure
        assert first_failure is not None
        raise first_failure


def reader_for(
    path: Path | str, plugins: XcertPlugins, prefer: Sequence[str] = DEFAULT_PREFERENCE
) -> WorkbookReader:
    """The reader (or :class:`FallbackReader`) for ``path``'s lower-cased suffix among the workbook readers
    registered in ``plugins``; raise :class:`~xcert_core.errors.UnreadableFileError`
    (``不支持的文件类型 .xyz，请使用 .xlsx、.xls 或 .csv``) when no registered reader takes the suffix.

    Candidates are the registered names in ``prefer`` order, then the other registered names alphabetically.
    Each factory is called once to learn its ``suffixes`` (factories are cheap: readers import their parser
    only when reading). The file itself is not opened.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    registered = plugins.registry.names(AdapterKind.WORKBOOK_READER)
    order = [name for name in prefer if name in registered] + [name for name in registered if name not in prefer]
    candidates: list[WorkbookReader] = []
    for name in order:
        reader: WorkbookReader = plugins.create(AdapterKind.WORKBOOK_READER, name)
        if suffix and suffix in {s.lower() for s in reader.suffixes}:
            candidates.append(reader)
    if not candidates:
        raise unsupported_suffix(path)
    return candidates[0] if len(candidates) == 1 else FallbackReader(candidates)


def read_sheet(
    path: Path | str, plugins: XcertPlugins, sheet: str | None = None, prefer: Sequence[str] = DEFAULT_PREFERENCE
) -> SheetData:
    """``reader_for(path, plugins, prefer).read_sheet(path, sheet)``: the one call an importer needs."""
    return reader_for(path, plugins, prefer).read_sheet(Path(path), sheet)


@frozen
class SplitReading:
    """A reader's :meth:`~xcert_core.ports.workbooks.WorkbookReader.read_sheet` in its two parts: ``check`` (the
    checks of the file, in the process that will use the sheet) and ``read_unchecked`` (the parse alone, in a
    sandboxed process whose sheet counts only once ``check`` has passed on the same file)."""

    check: Callable[[], None]
    read_unchecked: Callable[[], SheetData]


def split_reading(
    path: Path | str, plugins: XcertPlugins, sheet: str | None = None, prefer: Sequence[str] = DEFAULT_PREFERENCE
) -> SplitReading | None:
    """:func:`read_sheet` of ``path`` in two parts (see :class:`SplitReading`), when the reader :func:`reader_for`
    tries first offers both: ``check_file(path)`` and ``read_sheet_unchecked(path, sheet)`` (calamine does, for
    .xlsx and .xlsm); ``None`` otherwise, or when no reader takes the suffix. Used by the roster's early worker
    (:func:`~xcert_adapters.concurrency.forked_rules.start_early_worker`)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        reader = reader_for(path, plugins, prefer)
    except UnreadableFileError:
        return None
    first = reader.readers[0] if isinstance(reader, FallbackReader) else reader
    check, read = getattr(first, "check_file", None), getattr(first, "read_sheet_unchecked", None)
    if check is None or read is None:
        return None
    return SplitReading(functools.partial(check, path), functools.partial(read, path, sheet))
