"""The workbook adapters against hostile text: no writer ever writes a formula and every text reads back as written;
every reader reads the first visible sheet and names the hidden ones, and the other templates' readers warn about
hidden sheets as the roster's does."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hostile_files import HOSTILE, formulas_in, workbook_with_hidden_sheets
from test_schedule_cli import PROCTOR_HEADER, REG_HEADER, ROOM_HEADER
from test_schedule_workspace import PLAN
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import SheetData, SheetModel, WorkbookWriter
from xcert_core.registration.sheet import read_registration_sheet
from xcert_core.registry import AdapterKind
from xcert_core.scheduling.proctors_sheet import read_proctors_sheet
from xcert_core.scheduling.rooms_sheet import read_rooms_sheet
from xcert_core.text_safety import formula_like, visible_in_cell

PLUGINS = make_plugin_manager()
WRITERS = PLUGINS.registry.names(AdapterKind.WORKBOOK_WRITER)


def test_every_writer_is_tried() -> None:
    assert "openpyxl" in WRITERS


@pytest.mark.parametrize("name", WRITERS)
@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8))
@example(texts=HOSTILE)
def test_no_writer_writes_a_formula_and_every_text_reads_back(name: str, texts: list[str]) -> None:
    """Whatever strings go in — formula-like, control characters, anything — no formula comes out, and each
    cell reads back as the text written (characters an .xlsx cannot hold shown as control pictures)."""
    writer: WorkbookWriter = PLUGINS.create(AdapterKind.WORKBOOK_WRITER, name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.xlsx"
        writer.write([SheetModel("Sheet1", rows=(tuple(texts),), text_columns=(1,), header_row=None)], path)
        assert formulas_in(path) == []
        sheet = openpyxl.load_workbook(path).active
        cells = next(sheet.iter_rows(min_row=1, max_row=1))
        read = [cell.value for cell in cells][: len(texts)]
        assert read == [visible_in_cell(text) for text in texts]
        for cell, text in zip(cells, texts, strict=False):
            assert cell.data_type == "s"
            if formula_like(text):
                assert cell.quotePrefix, f"{text!r} must keep Excel's quote prefix so an edit keeps it text"


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_the_first_visible_sheet_is_read_and_hidden_ones_named(tmp_path: Path, reader: str) -> None:
    path = workbook_with_hidden_sheets(tmp_path / "名单.xlsx")
    chosen = PLUGINS.create(AdapterKind.WORKBOOK_READER, reader)
    sheet = chosen.read_sheet(path)
    assert (sheet.name, sheet.hidden_sheets) == ("本校学生", ("旧名单", "草稿"))
    picked = chosen.read_sheet(path, "旧名单")  # --sheet picks a hidden one on purpose
    assert (picked.name, picked.hidden_sheets) == ("旧名单", ("草稿",))


def test_registration_room_and_proctor_sheets_warn_about_hidden_sheets_too() -> None:
    def codes(header: tuple[str, ...], row: tuple[object, ...], read: object) -> set[str]:
        sheet = SheetData("可见", (header, row), hidden_sheets=("隐藏",))
        return {issue.code for issue in read(sheet)[1]}  # type: ignore[operator]


    assert "sheet-hidden" in codes(ROOM_HEADER, ("18", "考点", "301", "普通考场", 30, None, None),
                                   lambda s: read_rooms_sheet(s, "考场.xlsx", PLAN))
    assert "sheet-hidden" in codes(PROCTOR_HEADER, ("T01", "老师", "13812340001", None, None, "监考", None),
                                   lambda s: read_proctors_sheet(s, "监考.xlsx"))
    assert "sheet-hidden" in codes(REG_HEADER, ("考生", "140105200403150017", "院校考生", "1", "证", "初级", "18", "点",
                                                None), lambda s: read_registration_sheet(s, "报考.xlsx", {}))
