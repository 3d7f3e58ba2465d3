"""A sheet packed by the worker that read it comes back whole in the process that takes it: every cell value of
every type a reader gives (text, numbers, booleans, dates and times, empty cells), the sheet's name and its hidden
sheets; by marshal when it can, by pickle when a cell is a date."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from xcert_adapters.workbooks.sheet_bytes import sheet_bytes, sheet_from_bytes
from xcert_core.ports.workbooks import SheetData

CELLS = st.one_of(st.none(), st.text(max_size=12), st.integers(-(10**18), 10**18),
                  st.floats(allow_nan=False), st.booleans(), st.dates(), st.datetimes(), st.times())
SHEETS = st.builds(SheetData, st.text(max_size=8),
                   st.lists(st.lists(CELLS, max_size=6).map(tuple), max_size=8).map(tuple),
                   st.lists(st.text(max_size=8), max_size=3).map(tuple))


@given(SHEETS)
def test_a_packed_sheet_comes_back_whole(sheet: SheetData) -> None:
    back = sheet_from_bytes(sheet_bytes(sheet))
    assert back == sheet
    assert [[type(value) for value in row] for row in back.rows] == [[type(value) for value in row]
                                                                     for row in sheet.rows]


def test_text_goes_by_marshal_and_a_date_by_pickle() -> None:
    text = SheetData("名单", (("张三", None, 2021, 1.5, True),), ("旧名单",))
    dated = SheetData("名单", (("张三", dt.date(2021, 9, 1)),))
    assert sheet_bytes(text)[:1] == b"M" and sheet_bytes(dated)[:1] == b"P"
    assert sheet_from_bytes(sheet_bytes(text)) == text and sheet_from_bytes(sheet_bytes(dated)) == dated
