"""The built-in workbook writer streams (openpyxl's write-only mode) and keeps every feature of a
:class:`~xcert_core.ports.workbooks.SheetModel`: values, widths, the text format, frozen panes, merged and wrapped
ranges, bold rows, row heights, drop-down lists and marked cells, read back from a real file."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from xcert_adapters.workbooks.openpyxl_writer import FILLS, OpenpyxlWriter
from xcert_core.ports.workbooks import CellMark, CellValue, SheetModel
from xcert_core.text_safety import visible_in_cell

MODEL = SheetModel(
    "考场列表",
    rows=(("填写说明：本模板为 xcert 自有模板", None, None, None),
          ("考场名称", "证件号码", "座位数", "备注"),
          ("信息楼101", "140105200403010011", 30, "=1+1"),
          ("信息楼102", "0012", 40),
          ("合计", None, 70, None)),
    column_widths=(18.0, 22.0, 8.0, 30.0),
    merged=("A1:D1",),
    text_columns=(2,),
    choices=((3, ("30", "40")),),
    marks=(CellMark(3, 1, "error", "考场名称重复"), CellMark(4, 2, "warning", "证件号码不完整"),
           CellMark(4, 4, "note", "只是提醒"), CellMark(9, 6, "error", "表格之外的批注")),
    header_row=2,
    bold_rows=(5,),
    row_heights=((1, 42.0),),
    choice_rows=50,
)


def _written(model: SheetModel, folder: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    path = folder / "out.xlsx"
    OpenpyxlWriter().write([model], path)
    return openpyxl.load_workbook(path)[model.name[:31]]


def test_every_feature_of_a_sheet_model_reads_back(tmp_path: Path) -> None:
    sheet = _written(MODEL, tmp_path)
    assert [cell.value for cell in sheet[3]][:4] == ["信息楼101", "140105200403010011", 30, "=1+1"]
    assert sheet["D3"].data_type == "s" and sheet["D3"].quotePrefix  # text, never a formula
    assert [sheet.column_dimensions[c].width for c in "ABCD"] == [18.0, 22.0, 8.0, 30.0]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]
    assert sheet["A1"].alignment.wrap_text and sheet["A1"].alignment.vertical == "top"
    assert sheet.row_dimensions[1].height == 42.0
    assert sheet.freeze_panes == "A3"
    assert all(sheet.cell(2, c).font.b for c in range(1, 5)) and all(sheet.cell(5, c).font.b for c in range(1, 5))
    assert not sheet["A3"].font.b
    # the text format: the column, and every cell of it below the header, empty ones too
    assert sheet.column_dimensions["B"].number_format == "@"
    assert [sheet.cell(r, 2).number_format for r in (3, 4, 5)] == ["@", "@", "@"]
    assert sheet["B2"].number_format == "General" and sheet["A3"].number_format == "General"
    [validation] = sheet.data_validations.dataValidation
    assert validation.formula1 == '"30,40"' and str(validation.sqref) == "C3:C52"
    assert sheet["A3"].fill.start_color.rgb.endswith(FILLS["error"]) and sheet["A3"].comment.text == "考场名称重复"
    assert sheet["B4"].fill.start_color.rgb.endswith(FILLS["warning"])
    assert sheet["B4"].comment.text == "证件号码不完整" and sheet["B4"].number_format == "@"
    assert sheet["D4"].fill.fill_type is None and sheet["D4"].comment.text == "只是提醒"
    assert sheet["F9"].comment.text == "表格之外的批注" and sheet["F9"].fill.start_color.rgb.endswith(FILLS["error"])
    assert sheet["A3"].comment.author == "xcert"


def test_sheets_are_written_in_order_with_their_names_cut_to_31_characters(tmp_path: Path) -> None:
    long = "排" * 40
    path = tmp_path / "two.xlsx"
    OpenpyxlWriter().write([SheetModel("甲", rows=(("a",),)), SheetModel(long, rows=(("b",),))], path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["甲", long[:31]] and book[long[:31]]["A1"].value == "b"


_VALUES = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**9, 10**9), st.booleans(),
                    st.integers(-10**6, 10**6).map(lambda n: n / 4),  # openpyxl keeps 15 significant digits
                    st.dates(dt.date(1950, 1, 1), dt.date(2060, 1, 1)))


def _read_back(value: CellValue) -> CellValue:
    if isinstance(value, str):
        return visible_in_cell(value) or None  # an empty text is an empty cell
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return value


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.lists(_VALUES, max_size=6).map(tuple), max_size=8),
       text_columns=st.sets(st.integers(1, 7), max_size=3),
       header=st.one_of(st.none(), st.integers(1, 3)),
       marks=st.lists(st.tuples(st.integers(1, 10), st.integers(1, 8), st.sampled_from(["error", "warning", "note"])),
                      max_size=4, unique_by=lambda m: m[:2]))
def test_any_sheet_reads_back_as_its_model(rows: list[tuple[CellValue, ...]], text_columns: set[int],
                                           header: int | None, marks: list[tuple[int, int, str]]) -> None:
    """Whatever the rows, text columns, header and marks: each value reads back where it was written, every
    text-column cell below the header and within the rows is text-formatted (a date keeps its date format, so it
    reads back as a date), and every mark is on its cell."""
    model = SheetModel("表", rows=tuple(rows), text_columns=tuple(sorted(text_columns)), header_row=header,
                       marks=tuple(CellMark(r, c, s, f"第{r}行第{c}列") for r, c, s in marks))
    with tempfile.TemporaryDirectory() as folder:
        sheet = _written(model, Path(folder))
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                assert sheet.cell(number, column).value == _read_back(value), (number, column, value)
        for number in range((header or 0) + 1, len(rows) + 1):
            for column in text_columns:
                cell = sheet.cell(number, column)
                assert cell.number_format == ("yyyy-mm-dd" if cell.is_date else "@"), (number, column)
        for r, c, severity in marks:
            cell = sheet.cell(r, c)
            assert cell.comment is not None and cell.comment.text == f"第{r}行第{c}列"
            assert (cell.fill.fill_type == "solid") == (severity in FILLS)
