"""The built-in workbook readers (calamine, openpyxl, csv): one output shape, types kept, hostile files refused.

Every file is made by the test itself: openpyxl writes the .xlsx files, zipfile rewrites them into hostile ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.xml
import pytest
import python_calamine
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xcert_adapters.workbooks import _xmlscan
from xcert_adapters.workbooks._xmlscan import (
    FORMAT_REASON,
    MAX_TAG_CHARS,
    EntryScanner,
    PartRefusedError,
    XlsxCells,
)
from xcert_adapters.workbooks.calamine import CalamineReader
from xcert_adapters.workbooks.common import GridBuilder, ParseFailedError, build_grid, gc_paused
from xcert_adapters.workbooks.csv_reader import CsvReader
from xcert_adapters.workbooks.openpyxl_reader import OpenpyxlReader
from xcert_adapters.workbooks.readers_plugin import xcert_register_workbook_readers
from xcert_adapters.workbooks.safety import DEFAULT_LIMITS, ReadLimits, check_xlsx_container
from xcert_adapters.workbooks.selection import FallbackReader, reader_for
from xcert_core.errors import UnreadableFileError
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.ports.workbooks import SheetData, WorkbookReader
from xcert_core.registry import AdapterKind

MiB = 1024 * 1024
XLSX_READERS = [CalamineReader, OpenpyxlReader]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


# --- helpers ---------------------------------------------------------------------------------------------------


def write_xlsx(path: Path, cells: dict[tuple[int, int], Any], *, title: str = "Sheet",
               extra_sheets: tuple[str, ...] = ()) -> Path:
    """An .xlsx written by openpyxl with ``cells`` ((row, column), 1-based) on its first sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=column, value=value)
    for name in extra_sheets:
        workbook.create_sheet(name)
    workbook.save(path)
    return path


def rewrite_zip(src: Path, dst: Path, *, replace: dict[str, bytes] | None = None,
                add: dict[str, bytes] | None = None) -> Path:
    """A copy of the zip ``src`` with some entries' contents replaced and others added."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in add.items():
            zout.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return dst


def sheet_xml(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n') -> str:
    return (f'{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>")


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>\n"
)


def refused(read: Callable[[], object], *fragments: str) -> str:
    """Run ``read``; it must raise UnreadableFileError with a one-line Chinese reason holding ``fragments`` — for
    a hostile file, the limit it hit (ratio, size, entries, cells …): the proof that it was refused by the guard,
    not after parsing. How fast that happens is measured in ``benchmarks/bench_hostile_files.py``, never here.
    Returns the reason."""
    with pytest.raises(UnreadableFileError) as info:
        read()
    reason = info.value.reason
    assert CHINESE.search(reason) and "\n" not in reason, reason
    for fragment in fragments:
        assert fragment in reason, reason
    return reason


def kind(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def assert_same_sheet(a: SheetData, b: SheetData) -> None:
    """Equal, and cell by cell of the same kind (int and float are both numbers; bool is not)."""
    assert a == b
    assert [[kind(v) for v in row] for row in a.rows] == [[kind(v) for v in row] for row in b.rows]


@pytest.fixture(scope="module")
def plugins() -> XcertPlugins:
    return make_plugin_manager(env={})


# --- registration ----------------------------------------------------------------------------------------------


def test_readers_arrive_through_the_entry_point(plugins: XcertPlugins) -> None:
    assert {"calamine", "openpyxl", "csv"} <= set(plugins.registry.names(AdapterKind.WORKBOOK_READER))
    expected = {"calamine": CalamineReader, "openpyxl": OpenpyxlReader, "csv": CsvReader}
    for name, factory in expected.items():
        entry = plugins.registry.entry(AdapterKind.WORKBOOK_READER, name)
        assert (entry.plugin, entry.factory) == ("workbook-readers", factory)
        assert isinstance(factory(), WorkbookReader)


def test_hook_registers_the_classes_as_factories() -> None:
    seen: dict[str, object] = {}

    def register(name: str, factory: object, *, replace: bool = False) -> None:
        seen[name] = factory

    xcert_register_workbook_readers(register)
    assert seen == {"calamine": CalamineReader, "openpyxl": OpenpyxlReader, "csv": CsvReader}


def test_importing_the_plugin_loads_no_parser() -> None:
    code = (
        "import sys, xcert_adapters.workbooks.readers_plugin\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'python_calamine')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


# --- same output from calamine and openpyxl --------------------------------------------------------------------

_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff")
    | st.sampled_from("张三李四王五身份证号码专业\n\t 0_"),
    max_size=12,
).filter(lambda s: not s.startswith("=") and not re.search(r"_x[0-9A-Fa-f]{4}_", s) and (s == "" or s.strip()))
# Left out on purpose: "=…" (openpyxl writes a formula); "_xHHHH_" (calamine decodes the escape, as Excel does,
# openpyxl does not); whitespace-only text (openpyxl writes it without xml:space="preserve", and calamine then
# trims it to "" as XML allows, while openpyxl keeps it).
_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    _text,
)


@st.composite
def grids(draw: st.DrawFn) -> tuple[int, int, list[list[Any]]]:
    top = draw(st.integers(0, 3))
    left = draw(st.integers(0, 3))
    width = draw(st.integers(0, 5))
    values = draw(st.lists(st.lists(_value, min_size=width, max_size=width), max_size=6))
    return top, left, values


def expected_rows(top: int, left: int, values: list[list[Any]]) -> tuple[tuple[Any, ...], ...]:
    """What a reader must return for ``values`` written at row ``top + 1``, column ``left + 1``: None for empty
    and "", numbers as openpyxl writes them (``%.16g``), trimmed and rectangular."""

    def stored(v: Any) -> Any:
        if v is None or v == "":
            return None
        if isinstance(v, bool | str):
            return v
        return float(format(v, ".16g"))

    cells = {(top + r, left + c): stored(v) for r, row in enumerate(values) for c, v in enumerate(row)}
    filled = [key for key, v in cells.items() if v is not None]
    if not filled:
        return ()
    height = max(r for r, _ in filled) + 1
    width = max(c for _, c in filled) + 1
    return tuple(tuple(cells.get((r, c)) for c in range(width)) for r in range(height))


@settings(max_examples=60)
@given(grids())
def test_calamine_and_openpyxl_read_the_same_grid(grid: tuple[int, int, list[list[Any]]]) -> None:
    top, left, values = grid
    with tempfile.TemporaryDirectory() as tmp:
        cells = {(top + r + 1, left + c + 1): v for r, row in enumerate(values) for c, v in enumerate(row)}
        path = write_xlsx(Path(tmp) / "grid.xlsx", {k: v for k, v in cells.items() if v is not None}, title="名单")
        by_calamine = CalamineReader().read_sheet(path)
        by_openpyxl = OpenpyxlReader().read_sheet(path)
    assert_same_sheet(by_calamine, by_openpyxl)
    assert by_calamine.name == "名单"
    assert by_calamine.rows == expected_rows(top, left, values)
    assert [[kind(v) for v in row] for row in by_calamine.rows] == [
        [kind(v) for v in row] for row in expected_rows(top, left, values)
    ]


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_numbers_typed_into_text_columns_stay_numbers(tmp_path: Path, reader: type[WorkbookReader]) -> None:
    path = write_xlsx(tmp_path / "学生.xlsx", {
        (1, 1): "身份证号", (1, 2): "手机号", (1, 3): "专业代码", (1, 4): "姓名",
        (2, 1): 3.60102199003074e17, (2, 2): 13800138000.0, (2, 3): 90300, (2, 4): "张三",
        (3, 1): "360102199003074512", (3, 2): "13800138000", (3, 3): "090300", (3, 4): "欧阳娜娜",
    })
    rows = reader().read_sheet(path).rows
    assert rows[0] == ("身份证号", "手机号", "专业代码", "姓名")
    id_number, phone, code, name = rows[1]
    assert isinstance(id_number, float) and id_number == 3.60102199003074e17
    assert isinstance(phone, int | float) and not isinstance(phone, bool) and phone == 13800138000
    assert isinstance(code, int | float) and code == 90300  # the leading zero is gone; a rule reports it
    assert name == "张三"
    assert rows[2] == ("360102199003074512", "13800138000", "090300", "欧阳娜娜")


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_rows_and_columns_keep_excel_numbering(tmp_path: Path, reader: type[WorkbookReader]) -> None:
    path = write_xlsx(tmp_path / "offset.xlsx", {(3, 3): "C3", (5, 2): "B5", (4, 5): 1.5})
    rows = reader().read_sheet(path).rows
    assert len(rows) == 5 and all(len(row) == 5 for row in rows)
    assert rows[2][2] == "C3" and rows[4][1] == "B5" and rows[3][4] == 1.5
    assert rows[0] == rows[1] == (None,) * 5


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_sheet_by_name_and_empty_sheet(tmp_path: Path, reader: type[WorkbookReader]) -> None:
    path = write_xlsx(tmp_path / "two.xlsx", {(1, 1): "第一页"}, title="报名", extra_sheets=("空白",))
    assert reader().read_sheet(path) == SheetData("报名", (("第一页",),))
    assert reader().read_sheet(path, "空白") == SheetData("空白", ())
    reason = refused(lambda: reader().read_sheet(path, "成绩"), "“成绩”", "“报名”", "“空白”")
    assert reason.startswith("找不到名为")


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_long_cell_is_reported_with_its_position(tmp_path: Path, reader: Callable[..., WorkbookReader]) -> None:
    # openpyxl cuts strings to 32,767 characters when it *writes*, so the 40,000-character cell goes in by hand
    template = write_xlsx(tmp_path / "template.xlsx", {(1, 1): "x"})
    body = '<row r="3"><c r="E3" t="inlineStr"><is><t>' + "长" * 40_000 + "</t></is></c></row>"
    path = rewrite_zip(template, tmp_path / "long.xlsx", replace={"xl/worksheets/sheet1.xml": sheet_xml(body).encode()})
    refused(lambda: reader().read_sheet(path), "第3行第E列的单元格超过 32767 个字符")
    refused(lambda: reader(ReadLimits(max_cell_chars=1000)).read_sheet(path), "第3行第E列的单元格超过 1000 个字符")
    assert reader(ReadLimits(max_cell_chars=40_000)).read_sheet(path).rows[2][4] == "长" * 40_000


# --- hostile and broken .xlsx ----------------------------------------------------------------------------------


@pytest.fixture
def valid_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "valid.xlsx", {(1, 1): "姓名", (2, 1): "张三"})


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_zip_that_is_not_a_workbook(tmp_path: Path, reader: type[WorkbookReader]) -> None:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "你好")
    refused(lambda: reader().read_sheet(path), "不是有效的 Excel 文件（.xlsx）", "另存为 .xlsx")


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_random_bytes_named_xlsx(tmp_path: Path, reader: type[WorkbookReader]) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(bytes(range(256)) * 64)
    refused(lambda: reader().read_sheet(path), "不是有效的 Excel 文件（.xlsx）")


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_encrypted_workbook(tmp_path: Path, reader: type[WorkbookReader]) -> None:
    path = tmp_path / "password.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert refused(lambda: reader().read_sheet(path)) == "文件已加密，请在 Excel 中取消密码后另存"
    with_streams = tmp_path / "password2.xlsx"
    with_streams.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptedPackage".encode("utf-16-le"))
    assert refused(lambda: reader().read_sheet(with_streams)) == "文件已加密，请在 Excel 中取消密码后另存"


def test_legacy_xls_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "Workbook".encode("utf-16-le") + bytes(64))
    refused(lambda: CalamineReader().read_sheet(path), "旧版 Excel 文件（.xls）")


@pytest.mark.parametrize("reader", XLSX_READERS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs(tmp_path: Path, valid_xlsx: Path, reader: type[WorkbookReader], encoding: str) -> None:
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    xml = sheet_xml(body, prolog=BILLION_LAUGHS.replace("UTF-8", encoding.upper())).encode(encoding)
    path = rewrite_zip(valid_xlsx, tmp_path / "lol.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    refused(lambda: reader().read_sheet(path), "DOCTYPE/ENTITY")


def test_doctype_split_across_chunks_and_after_padding(tmp_path: Path, valid_xlsx: Path) -> None:
    padding = "<!--" + "x" * (600 * 1024 + 3) + "-->"
    xml = sheet_xml("", prolog='<?xml version="1.0"?>' + padding + '<!DOCTYPE x [<!ENTITY a "b">]>')
    path = rewrite_zip(valid_xlsx, tmp_path / "late.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})
    refused(lambda: check_xlsx_container(path), "DOCTYPE/ENTITY")


def test_doctype_after_junk_in_an_xml_part(tmp_path: Path, valid_xlsx: Path) -> None:
    xml = b"junk" + sheet_xml("", prolog=BILLION_LAUGHS).encode()
    path = rewrite_zip(valid_xlsx, tmp_path / "junk-dtd.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    refused(lambda: check_xlsx_container(path), "DOCTYPE/ENTITY")


def test_non_ascii_compatible_encoding_is_refused(tmp_path: Path, valid_xlsx: Path) -> None:
    xml = sheet_xml("", prolog='<?xml version="1.0" encoding="UTF-7"?>').encode()
    path = rewrite_zip(valid_xlsx, tmp_path / "utf7.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    refused(lambda: CalamineReader().read_sheet(path), "编码")


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_zip_bomb_by_ratio(tmp_path: Path, valid_xlsx: Path, reader: type[WorkbookReader]) -> None:
    path = rewrite_zip(valid_xlsx, tmp_path / "bomb.xlsx", add={"xl/media/zeros.bin": bytes(50 * MiB)})
    assert path.stat().st_size < 1 * MiB
    refused(lambda: reader().read_sheet(path), "压缩比超过 200:1", "另存为 .xlsx")


def test_zip_bomb_by_total_size(tmp_path: Path, valid_xlsx: Path) -> None:
    path = rewrite_zip(valid_xlsx, tmp_path / "big.xlsx", add={"xl/media/zeros.bin": bytes(12 * MiB)})
    limits = ReadLimits(max_uncompressed_bytes=10 * MiB, max_compression_ratio=1e9)
    refused(lambda: CalamineReader(limits).read_sheet(path), "解压后超过 10 MB", "拆成几个文件")


def _forge_declared_size(path: Path, name: str, size: int) -> None:
    """Overwrite the uncompressed size ``name`` declares, in its local header and its central directory record."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    record = data.find(b"PK\x01\x02" + data[info.header_offset + 4 : info.header_offset + 6])
    while data[record + 46 : record + 46 + len(name)] != name.encode():
        record = data.find(b"PK\x01\x02", record + 4)
    struct.pack_into("<I", data, record + 24, size)
    path.write_bytes(bytes(data))


def test_entry_inflating_beyond_its_declared_size(tmp_path: Path, valid_xlsx: Path) -> None:
    path = rewrite_zip(valid_xlsx, tmp_path / "forged.xlsx", add={"xl/media/pad.bin": bytes(900_000)})
    _forge_declared_size(path, "xl/media/pad.bin", 1000)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/media/pad.bin").file_size == 1000
    refused(lambda: CalamineReader().read_sheet(path), "实际大小与声明不符")


def test_path_traversal_entry(tmp_path: Path, valid_xlsx: Path) -> None:
    path = rewrite_zip(valid_xlsx, tmp_path / "slip.xlsx", add={"../../evil.txt": b"x"})
    refused(lambda: CalamineReader().read_sheet(path), "异常路径")


def test_too_many_entries(tmp_path: Path, valid_xlsx: Path) -> None:
    refused(lambda: CalamineReader(ReadLimits(max_entries=5)).read_sheet(valid_xlsx), "条目过多")


def test_missing_workbook_part(tmp_path: Path, valid_xlsx: Path) -> None:
    path = tmp_path / "no-workbook.xlsx"
    with zipfile.ZipFile(valid_xlsx) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            if info.filename != "xl/workbook.xml":
                zout.writestr(info, zin.read(info))
    refused(lambda: OpenpyxlReader().read_sheet(path), "缺少工作簿内容")


@pytest.mark.parametrize("reader", XLSX_READERS)
def test_far_apart_cells_never_reach_the_parser(tmp_path: Path, reader: type[WorkbookReader]) -> None:
    """A 5 KB file with cells at A1 and XFD1048576: calamine would allocate 550 GB and abort the process."""
    path = write_xlsx(tmp_path / "sparse.xlsx", {(1, 1): "x", (1_048_576, 16_384): "y"})
    assert path.stat().st_size < 10_000
    refused(lambda: reader().read_sheet(path), "数据范围过大", "XFD")


def test_far_cells_without_references_are_followed(tmp_path: Path, valid_xlsx: Path) -> None:
    wide = "".join('<c t="inlineStr"><is><t>w</t></is></c>' for _ in range(20))
    body = f'<row r="1">{wide}</row><row r="900000"><c s="0" r="A900000" t="inlineStr"><is><t>z</t></is></c></row>'
    xml = sheet_xml(body).encode()
    path = rewrite_zip(valid_xlsx, tmp_path / "implicit.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    refused(lambda: CalamineReader(ReadLimits(max_cells=1_000_000)).read_sheet(path), "数据范围过大")
    hidden = sheet_xml('<row r="1"><c s=">" r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>').encode()
    path = rewrite_zip(valid_xlsx, tmp_path / "quoted.xlsx", replace={"xl/worksheets/sheet1.xml": hidden})
    refused(lambda: CalamineReader().read_sheet(path), "数据范围过大")


FAR = '<is><t>far</t></is>'


@pytest.mark.parametrize(("body", "fragment"), [
    (f'<row r="1"><c t="inlineStr" r="XFD1048576">{FAR}</c></row>', "数据范围过大"),  # r not first
    (f"<row r='1'><c r = 'XFD1048576' t='inlineStr'>{FAR}</c></row>", "数据范围过大"),  # single quotes, spaces
    (f'<x:row r="1"><x:c r="XFD1048576" t="inlineStr">{FAR}</x:c></x:row>', "数据范围过大"),  # prefixed
    (f'<row r="1048576"><c t="inlineStr">{FAR}</c>' + '<c t="inlineStr"><is><t>w</t></is></c>' * 11 + "</row>",
     "数据范围过大"),  # no r on the cells: they follow the row
    (f'<row r="1"><c r=XFD1048576 t="inlineStr">{FAR}</c></row>', "数据范围过大"),  # unquoted: read leniently
    (f'<row r="1"><c a="<" r="XFD1048576" t="inlineStr">{FAR}</c></row>', "数据范围过大"),  # "<" in a quote
    ('<row r="1"><c a="' + "x" * 70_000 + f'" r="XFD1048576">{FAR}</c></row>', "数据范围过大"),  # long tag
    (f'<row r="1"><c r="1A" t="inlineStr">{FAR}</c></row>', "格式异常"),  # not a reference
])
def test_cell_positions_are_found_however_written(tmp_path: Path, valid_xlsx: Path, body: str,
                                                  fragment: str) -> None:
    xml = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' + body).encode()
    path = rewrite_zip(valid_xlsx, tmp_path / "far.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    refused(lambda: check_xlsx_container(path), fragment)


@pytest.mark.parametrize("junk", [b"junk", b"\0\0", b"\xef\xbb\xbfjunk", b"x\0"])
def test_junk_before_the_sheet_does_not_hide_it(tmp_path: Path, junk: bytes) -> None:
    """calamine parses a sheet part with junk before its first tag, so the scan must too."""
    sparse = write_xlsx(tmp_path / "sparse.xlsx", {(1, 1): "x", (1_048_576, 16_384): "y"})
    with zipfile.ZipFile(sparse) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    path = rewrite_zip(sparse, tmp_path / "junk.xlsx", replace={"xl/worksheets/sheet1.xml": junk + xml})
    refused(lambda: CalamineReader().read_sheet(path), "数据范围过大")


def test_container_report_of_a_valid_file(valid_xlsx: Path) -> None:
    report = check_xlsx_container(valid_xlsx)
    assert (report.max_row, report.max_column) == (2, 1)
    assert report.entries >= 5 and report.uncompressed_bytes > 0


def test_formatted_empty_cells_count_for_openpyxl_only(tmp_path: Path, valid_xlsx: Path) -> None:
    body = ('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    xml = sheet_xml(body).encode()
    path = rewrite_zip(valid_xlsx, tmp_path / "styled.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    assert CalamineReader().read_sheet(path).rows == (("x",),)  # one cell: the far empty one built no grid
    refused(lambda: OpenpyxlReader().read_sheet(path), "数据范围过大")


def test_too_many_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "rows.xlsx", {(r, 1): r for r in range(1, 31)})
    for reader in (CalamineReader, OpenpyxlReader):
        refused(lambda reader=reader: reader(ReadLimits(max_rows=20)).read_sheet(path), "超过 20 行")


def test_missing_file(tmp_path: Path, plugins: XcertPlugins) -> None:
    refused(lambda: reader_for(tmp_path / "无.xlsx", plugins).read_sheet(tmp_path / "无.xlsx"), "找不到该文件")


# --- the scan, chunk by chunk: tags split anywhere, the plain-region shortcut --------------------------------------


class TagByTagCells(XlsxCells):
    """:class:`XlsxCells` without its plain-region shortcut: every tag is read one by one."""

    def fast(self, text: str, end: int) -> bool:
        return False


class CountingCells(XlsxCells):
    """:class:`XlsxCells` counting the regions its shortcut took and declined."""

    taken = declined = 0

    def fast(self, text: str, end: int) -> bool:
        took = super().fast(text, end)
        if took:
            CountingCells.taken += 1
        else:
            CountingCells.declined += 1
        return took


def scan(data: bytes, cells: type[XlsxCells] = XlsxCells, limits: ReadLimits = DEFAULT_LIMITS, *,
         cuts: Sequence[int] = (), count_empty: bool = False) -> object:
    """What an :class:`EntryScanner` with ``cells`` handlers makes of the part ``data``, fed in pieces cut at
    ``cuts``: the refusal's reason, or each reading's (max_row, max_column)."""
    scanner = EntryScanner(lambda: cells(limits, count_empty_cells=count_empty), xml_name=True)
    try:
        start = 0
        for cut in [*sorted(cuts), len(data)]:
            scanner.feed(data[start:cut])
            start = cut
        scanner.close()
    except PartRefusedError as refusal:
        return refusal.reason
    return [(h.extent.max_row, h.extent.max_column) for h in scanner.handlers if isinstance(h, XlsxCells)]


def plain_rows(rows: range, columns: str = "ABCDEFGHIJK") -> str:
    return "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="inlineStr"><is><t>v</t></is></c>' for c in columns) + "</row>"
        for r in rows
    )


@pytest.mark.parametrize("region_chars", [1, 1 << 21])
def test_a_tag_split_inside_a_quote_is_read_whole(monkeypatch: pytest.MonkeyPatch, region_chars: int) -> None:
    """Parsers take a "<" inside a quoted value as part of the tag: however the chunks fall, the tag is read whole
    (a chunk ending just after that "<" once hid the reference after it)."""
    monkeypatch.setattr(_xmlscan, "_REGION_CHARS", region_chars)
    far = '<c a="<" r="XFD1048576" t="inlineStr"><is><t>far</t></is></c>'
    xml = sheet_xml(plain_rows(range(1, 20)) + f'<row r="20">{far}</row>').encode()
    at = xml.index(b'<c a="<"')
    for cut in range(at - 2, at + len(far)):
        assert "数据范围过大" in str(scan(xml, cuts=[cut])), cut
        assert "数据范围过大" in str(scan(xml, cuts=[at + 1, cut])), cut


def test_a_quote_holding_lt_at_the_chunk_boundary_never_reaches_calamine(tmp_path: Path, valid_xlsx: Path) -> None:
    """The file that made calamine allocate 550 GB: a stored sheet whose quoted "<" ends the first 256 KiB chunk."""
    head = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>')
    head = head.removesuffix("</sheetData></worksheet>")
    opening = '</t></is></c><c a="'
    padding = 256 * 1024 - 1 - len(head.encode()) - len(opening)
    xml = (head + "y" * padding + opening + '<" r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>'
           "</sheetData></worksheet>").encode()
    assert xml[256 * 1024 - 1 : 256 * 1024] == b"<"
    path = tmp_path / "boundary.xlsx"
    with zipfile.ZipFile(valid_xlsx) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, xml if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info))
    refused(lambda: CalamineReader().read_sheet(path), "数据范围过大", "XFD")


def test_a_tag_still_open_after_a_mebibyte_is_refused() -> None:
    """What follows an endless tag cannot be known without keeping it: one still open at the end of a region after
    more than MAX_TAG_CHARS is refused; a long one that ends in time is read whole, however it was cut."""
    cuts = range(4096, 5 * MAX_TAG_CHARS, 256 * 1024)
    lengths = [(70_000, "数据范围过大"), (MAX_TAG_CHARS + 10, "数据范围过大"), (3 * MAX_TAG_CHARS, FORMAT_REASON)]
    for length, expected in lengths:
        body = '<row r="1"><c a="' + "x" * length + '" r="XFD1048576"><v>1</v></c></row>'
        assert expected in str(scan(sheet_xml(body).encode(), cuts=cuts)), length
    name = "<" + "a" * (3 * MAX_TAG_CHARS) + ':c r="XFD1048576"><v>1</v></c>'
    assert scan(sheet_xml(f'<row r="1">{name}</row>').encode(), cuts=cuts) == FORMAT_REASON


def test_plain_regions_take_the_shortcut_and_far_cells_are_still_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_xmlscan, "_REGION_CHARS", 4096)
    body = plain_rows(range(1, 1001))
    data = sheet_xml(body).encode()
    CountingCells.taken = CountingCells.declined = 0
    assert scan(data, CountingCells, cuts=range(1024, len(data), 1000)) == [(1000, 11)]
    assert CountingCells.taken > 20 and CountingCells.declined == 0
    middle, late = body.index('<row r="500">'), body.index('<row r="995">')
    for extra, by_calamine, by_openpyxl in [
        ('<row r="1001"><c r="XFD1001"><v>1</v></c></row>', "数据范围过大", "数据范围过大"),
        ('<row r="1001"><c r="L5"><v>1</v></c></row>', [(1000, 12)], [(1001, 12)]),
        ('<row r="1001"><c r="XFD1048576" s="1"/></row>', [(1000, 11)], "数据范围过大"),
        ('<row r="1048576"></row>', [(1000, 11)], "数据范围过大"),
        ('<row r="5000"></row>', [(1000, 11)], [(5000, 11)]),
        ('<row r="1001"><c t="n"><v>1</v></c><c><v>2</v></c></row>', [(1001, 11)], [(1001, 11)]),
        ('<row r="1001"><c r="1A"><v>1</v></c></row>', FORMAT_REASON, FORMAT_REASON),
        ('<row r="1001"><c r="M1001" s="1"/></row>', [(1000, 11)], [(1001, 13)]),
        ('<row r="994"><c r="K1005"><v>1</v></c></row>', [(1005, 11)], [(1005, 11)]),
    ]:
        for xml in (sheet_xml(body + extra), *(sheet_xml(body[:at] + extra + body[at:]) for at in (middle, late))):
            cuts = range(1024, len(xml), 1000)
            for count_empty, expected in [(False, by_calamine), (True, by_openpyxl)]:
                outcome = scan(xml.encode(), cuts=cuts, count_empty=count_empty)
                assert outcome == scan(xml.encode(), TagByTagCells, cuts=cuts, count_empty=count_empty)
                assert outcome == expected if isinstance(expected, list) else expected in str(outcome), (extra, outcome)


def test_rows_ending_in_many_formatted_empty_cells_take_the_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    """A template bordered far beyond its data: each row ends in a hundred value-less cells."""
    monkeypatch.setattr(_xmlscan, "_REGION_CHARS", 16_384)
    empties = [_xmlscan.column_letter(c) for c in range(12, 112)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="inlineStr"><is><t>v</t></is></c>' for c in "ABCDEFGHIJK")
        + "".join(f'<c r="{c}{r}" s="1"/>' for c in empties) + "</row>"
        for r in range(1, 301)
    )
    data = sheet_xml(body).encode()
    CountingCells.taken = CountingCells.declined = 0
    assert scan(data, CountingCells, cuts=range(1024, len(data), 4000)) == [(300, 11)]
    assert CountingCells.taken > 20 and CountingCells.declined == 0
    assert scan(data, CountingCells, cuts=range(1024, len(data), 4000), count_empty=True) == [(300, 111)]


@pytest.mark.parametrize("count_empty", [False, True])
def test_the_row_and_column_carry_over_from_a_region_checked_at_once(monkeypatch: pytest.MonkeyPatch,
                                                                      count_empty: bool) -> None:
    """Cells without ``r`` continue from the last cell or row of the region before, however it was read."""
    monkeypatch.setattr(_xmlscan, "_REGION_CHARS", 1)  # every chunk is a region
    implicit = "<c><v>1</v></c><c><v>2</v></c>"
    for rows, cut_after, expected in [  # chunks ending in "K41"'s value and after "<c" of the first implicit cell
        ('<row r="41"><c r="A41"><v>1</v></c><c r="J41"><v>1</v></c>' + implicit + "</row>", "J41", (41, 12)),
        ('<row r="41"><c r="K41"><v>1</v></c></row><row r="42">' + implicit + "</row>", '"42"', (42, 11)),
        ('<row r="41"><c r="K41"><v>1</v></c></row><row>' + implicit + "</row>", "<row>", (42, 11)),
    ]:
        xml = sheet_xml(plain_rows(range(1, 41)) + rows).encode()
        cuts = [*range(1024, len(xml) - 300, 700), xml.rindex(b'41"><v') + 6,
                xml.index(b"<c><v>1", xml.index(cut_after.encode())) + 2]
        for cells in (XlsxCells, TagByTagCells):
            assert scan(xml, cells, cuts=cuts, count_empty=count_empty) == [expected], (cells, rows)


def test_the_bounds_of_the_shortcut_are_exact() -> None:
    for limit in [*range(1, 130), 999, 1000, 1001, 45_678, 100_003, 1_048_576, 1_100_000]:
        numbers = re.compile(_xmlscan._up_to_number(limit))
        for n in {*range(max(0, limit - 130), limit + 130), *range(0, 130), 10 * limit, 10**7 - 1}:
            assert bool(numbers.fullmatch(str(n))) == (1 <= n <= limit), (limit, n)
        assert not numbers.fullmatch("0" + str(limit))
    for limit in [1, 2, 11, 25, 26, 27, 28, 52, 53, 701, 702, 703, 16_384, 18_278]:
        columns = re.compile(_xmlscan._up_to_column(limit))
        for column in range(1, 18_279):
            assert bool(columns.fullmatch(_xmlscan.column_letter(column))) == (column <= limit), (limit, column)


_ROW_SHAPES = ['<row r="{n}">', '<row r="{n}" spans="1:11" x14ac:dyDescent="0.25">', "<row>", '<row r="A{n}">',
               '<row spans="1:2" r="{n}">', '<x:row r="{n}">', '<row r="{n}"/>']
_CELL_SHAPES = ['<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>', '<c r="{ref}" s="3" t="s"><v>1</v></c>',
                '<c r="{ref}"><v>1</v></c>', '<c r="{ref}" s="1"/>', '<c t="s"><v>1</v></c>',
                '<c s="1" r="{ref}"><v>1</v></c>', '<x:c r="{ref}"><v>1</v></x:c>', '<c r={ref}><v>1</v></c>',
                '<c a="<" r="{ref}"><v>1</v></c>', '<c r="1A"><v>1</v></c>', "<c r='{ref}'><v>1</v></c>",
                '<c r="{ref}" cm="1" t="s"><v>1</v></c>', '<c r="{ref}" r="XFD1048576"><v>1</v></c>']
_far_or_near = st.sampled_from([0, 0, 0, 0, 0, -1, 1, 7, 1_000_000, 1_100_000])  # added to the row's number


@st.composite
def sheet_parts(draw: st.DrawFn) -> tuple[bytes, list[int]]:
    """A sheet part mostly of the plain shape, with now and then a tag of another shape, a far cell or a far row,
    and places to cut it into chunks."""
    body, number = [], draw(st.sampled_from([1, 1000, 1_048_570]))
    for _ in range(draw(st.integers(0, 30))):
        shape = _ROW_SHAPES[draw(st.integers(0, 30)) % len(_ROW_SHAPES) if draw(st.booleans()) else 0]
        body.append(shape.format(n=number))
        for _ in range(draw(st.integers(0, 12))):
            column = draw(st.sampled_from([1, 2, 3, 10, 11, 11, 12, 27, 16384, 16385]))
            row = max(number + draw(_far_or_near), 1)
            shape = _CELL_SHAPES[draw(st.integers(0, 40)) % len(_CELL_SHAPES) if draw(st.booleans()) else 0]
            body.append(shape.format(ref=f"{_xmlscan.column_letter(column)}{row}"))
        body.append("</row>")
        number += draw(st.sampled_from([1, 1, 1, 0, 2, 500]))
    data = sheet_xml("".join(body)).encode()
    cuts = draw(st.lists(st.integers(0, len(data)), max_size=6))
    return data, cuts


@settings(max_examples=150, deadline=None)
@given(sheet_parts(), st.sampled_from([1, 64, 4096, 1 << 21]), st.booleans(),
       st.sampled_from([DEFAULT_LIMITS, ReadLimits(max_cells=1_000_000), ReadLimits(max_rows=2000, max_cells=30_000)]))
def test_the_shortcut_and_tag_by_tag_reading_agree(part: tuple[bytes, list[int]], region_chars: int,
                                                   count_empty: bool, limits: ReadLimits) -> None:
    """Same extent, same verdict, whether a region is checked at once or read tag by tag, wherever chunks end."""
    data, cuts = part
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_xmlscan, "_REGION_CHARS", region_chars)
        at_once = scan(data, XlsxCells, limits, cuts=cuts, count_empty=count_empty)
        tag_by_tag = scan(data, TagByTagCells, limits, cuts=cuts, count_empty=count_empty)
        whole = scan(data, TagByTagCells, limits, count_empty=count_empty)
    assert at_once == tag_by_tag == whole


# --- whole sheets at once: the grid -----------------------------------------------------------------------------

_grid_value = st.one_of(
    st.none(), st.just(""), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), st.text(max_size=6),
    st.dates(), st.datetimes(), st.times(),
)
_odd_value = st.one_of(st.timedeltas(max_value=dt.timedelta(days=9)), st.binary(max_size=3))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_grid_value, max_size=5), max_size=7),
       st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4), _odd_value), max_size=1),
       st.sampled_from([DEFAULT_LIMITS, ReadLimits(max_cell_chars=4), ReadLimits(max_rows=3), ReadLimits(max_cells=6)]),
       st.booleans())
@example([["a"], [""], ["b", None, 1.5], ["", ""], ["c"]], [], ReadLimits(max_rows=3), False)
@example([["ab", 2, "", "x"], [None, "", "abcdefg"]], [], ReadLimits(max_cell_chars=4), True)
@example([[1, 2, 3], [4, 5, 6, 7], ["", None]], [], ReadLimits(max_cells=6), False)
@example([["a", 1], [dt.date(2020, 1, 2)]], [(1, 0, dt.timedelta(hours=12))], DEFAULT_LIMITS, False)
def test_a_whole_sheet_at_once_is_built_as_row_by_row(rows: list[list[Any]], odd: list[tuple[int, int, Any]],
                                                      limits: ReadLimits, as_tuples: bool) -> None:
    for r, c, value in odd:
        if r < len(rows) and c < len(rows[r]):
            rows[r][c] = value
    path = Path("名单.xlsx")

    def outcome(build: Callable[[], tuple[tuple[Any, ...], ...]]) -> object:
        try:
            grid = build()
        except UnreadableFileError as error:
            return error.reason
        return grid, [[kind(v) for v in row] for row in grid]

    def row_by_row() -> tuple[tuple[Any, ...], ...]:
        builder = GridBuilder(path, limits)
        for row in rows:
            builder.add_row(iter(row))  # not a sequence: the per-cell path
        return builder.rows()

    sheet = [tuple(row) if as_tuples else list(row) for row in rows]
    assert outcome(lambda: build_grid(sheet, path, limits)) == outcome(row_by_row)
    assert outcome(lambda: build_grid(iter(sheet), path, limits)) == outcome(row_by_row)


def test_gc_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- .xls and .ods through calamine ----------------------------------------------------------------------------


def test_xls_that_is_really_an_xlsx(tmp_path: Path, valid_xlsx: Path) -> None:
    path = tmp_path / "renamed.xls"
    path.write_bytes(valid_xlsx.read_bytes())
    refused(lambda: CalamineReader().read_sheet(path), "扩展名改为 .xlsx")


def test_xls_that_is_a_web_page(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>张三</td></tr></table></body></html>", "utf-8")
    refused(lambda: CalamineReader().read_sheet(path), "不是真正的 Excel 文件")


def test_broken_xls(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    with pytest.raises(ParseFailedError) as info:
        CalamineReader().read_sheet(path)
    assert ".xls" in info.value.reason


ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
    '<office:spreadsheet><table:table table:name="名单">{rows}</table:table></office:spreadsheet></office:body>'
    "</office:document-content>"
)


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def write_ods(path: Path, rows: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", ODS_CONTENT.format(rows=rows), compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_ods_is_read(tmp_path: Path) -> None:
    cell = '<table:table-cell office:value-type="string"><text:p>张三</text:p></table:table-cell>'
    rows = (
        '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/>'
        f"</table:table-row><table:table-row><table:table-cell/>{cell}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    path = write_ods(tmp_path / "list.ods", rows)
    assert CalamineReader().read_sheet(path) == SheetData("名单", ((None, None), (None, None), (None, "张三")))


def test_ods_repeated_cell_bomb(tmp_path: Path) -> None:
    rows = ('<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
            'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
            "</table:table-cell></table:table-row>")
    path = write_ods(tmp_path / "bomb.ods", rows)
    refused(lambda: CalamineReader().read_sheet(path), "数据范围过大")


# --- csv -------------------------------------------------------------------------------------------------------

CSV_ROWS = [
    ["姓名", "身份证号", "手机号", "专业代码", "备注"],
    ["张三", "360102199003074512", "13800138000", "090300", ""],
    ["李四", "3.60102E+17", "", "90300", "含逗号, 与\n换行"],
    ["", "", "", "", ""],
    ["王五", "", "", "", ""],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_csv_utf8_bom_and_gbk_read_the_same(tmp_path: Path) -> None:
    sheets = {
        encoding: CsvReader().read_sheet(write_csv(tmp_path / f"{encoding}.csv", CSV_ROWS, encoding))
        for encoding in ("utf-8", "utf-8-sig", "gbk")
    }
    with pytest.raises(UnicodeDecodeError):
        (tmp_path / "gbk.csv").read_bytes().decode("utf-8")
    rows = sheets["utf-8"].rows
    assert rows == sheets["utf-8-sig"].rows == sheets["gbk"].rows
    assert sheets["gbk"].name == "gbk"
    assert rows[0] == ("姓名", "身份证号", "手机号", "专业代码", "备注")
    assert rows[1] == ("张三", "360102199003074512", "13800138000", "090300", None)
    assert rows[2] == ("李四", "3.60102E+17", None, "90300", "含逗号, 与\n换行")
    assert rows[3] == (None,) * 5
    assert rows[4] == ("王五", None, None, None, None)
    assert all(isinstance(v, str) for row in rows for v in row if v is not None)


def test_csv_in_an_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "weird.csv"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    assert refused(lambda: CsvReader().read_sheet(path)) == "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV"


def test_csv_in_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("name,id\r\na,1\r\n".encode("utf-16-le"))
    refused(lambda: CsvReader().read_sheet(path), "UTF-8 或 GBK")


def test_csv_limits(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "long.csv", [["a", "b"], ["c", "长" * 200]], "utf-8")
    refused(lambda: CsvReader(ReadLimits(max_cell_chars=100)).read_sheet(path), "第2行第B列的单元格超过 100 个字符")
    refused(lambda: CsvReader(ReadLimits(max_file_bytes=100)).read_sheet(path), "文件过大")
    refused(lambda: CsvReader(ReadLimits(max_rows=1)).read_sheet(path), "超过 1 行")


@settings(max_examples=50)
@given(st.lists(st.lists(_text, min_size=1, max_size=4), max_size=5), st.sampled_from(["utf-8", "utf-8-sig"]))
def test_csv_round_trip(rows: list[list[str]], encoding: str) -> None:
    """Any text survives a UTF-8 CSV. (Not GBK: short GBK byte strings can happen to be valid UTF-8, and UTF-8 is
    tried first — the fixed GBK test above covers GBK.)"""
    with tempfile.TemporaryDirectory() as tmp:
        sheet = CsvReader().read_sheet(write_csv(Path(tmp) / "r.csv", rows, encoding))
    grid = [[cell or None for cell in row] for row in rows]
    cells = {(r, c): v for r, row in enumerate(grid) for c, v in enumerate(row) if v is not None}
    height = max((r for r, _ in cells), default=-1) + 1
    width = max((c for _, c in cells), default=-1) + 1
    expected = tuple(tuple(cells.get((r, c)) for c in range(width)) for r in range(height))
    assert sheet.rows == expected


# --- selection and fallback ------------------------------------------------------------------------------------


def test_reader_for_picks_by_suffix(tmp_path: Path, plugins: XcertPlugins) -> None:
    xlsx = reader_for(tmp_path / "A.XLSX", plugins)
    assert isinstance(xlsx, FallbackReader)
    assert [type(r) for r in xlsx.readers] == [CalamineReader, OpenpyxlReader]
    assert isinstance(reader_for(tmp_path / "a.xls", plugins), CalamineReader)
    assert isinstance(reader_for(tmp_path / "a.ods", plugins), CalamineReader)
    assert isinstance(reader_for(tmp_path / "a.csv", plugins), CsvReader)
    only_openpyxl = reader_for(tmp_path / "a.xlsx", plugins, prefer=("openpyxl",))
    assert isinstance(only_openpyxl, FallbackReader) and isinstance(only_openpyxl.readers[0], OpenpyxlReader)
    reason = refused(lambda: reader_for(tmp_path / "名单.xyz", plugins))
    assert reason == "不支持的文件类型 .xyz，请使用 .xlsx、.xls 或 .csv"
    refused(lambda: reader_for(tmp_path / "名单", plugins), "不支持的文件类型")


def test_openpyxl_takes_over_when_calamine_fails(tmp_path: Path, plugins: XcertPlugins,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", {(1, 1): "姓名", (2, 1): 90300})

    def calamine_breaks(self: CalamineReader, path: Path, sheet: str | None) -> SheetData:
        raise python_calamine.XmlError("boom")

    monkeypatch.setattr(CalamineReader, "_read", calamine_breaks)
    with pytest.raises(ParseFailedError) as info:
        CalamineReader().read_sheet(path)
    assert isinstance(info.value.cause, python_calamine.XmlError)
    assert reader_for(path, plugins).read_sheet(path) == SheetData("Sheet", (("姓名",), (90300,)))

    def openpyxl_breaks(self: OpenpyxlReader, path: Path, sheet: str | None = None) -> SheetData:
        raise RuntimeError("also broken")

    monkeypatch.setattr(OpenpyxlReader, "read_sheet", openpyxl_breaks)
    with pytest.raises(ParseFailedError) as info:
        reader_for(path, plugins).read_sheet(path)
    assert isinstance(info.value.cause, python_calamine.XmlError)


def test_a_verdict_on_the_file_is_not_retried(tmp_path: Path, plugins: XcertPlugins,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", {(1, 1): "姓名"})

    def must_not_run(self: OpenpyxlReader, path: Path, sheet: str | None = None) -> SheetData:
        raise AssertionError("openpyxl must not be tried")

    monkeypatch.setattr(OpenpyxlReader, "read_sheet", must_not_run)
    refused(lambda: reader_for(path, plugins).read_sheet(path, "没有这页"), "找不到名为“没有这页”的工作表")


def test_whole_number_floats_are_not_turned_into_ints(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", {(1, 1): 90300.5, (1, 2): 1e20})
    for reader in XLSX_READERS:
        rows = reader().read_sheet(path).rows
        assert rows == ((90300.5, 1e20),)
        assert all(isinstance(v, float) for v in rows[0])


def test_a_csv_is_streamed_not_held_whole(tmp_path: Path) -> None:
    """Issue 23: a 188 MB CSV once took 2.5 GB (bytes, decoded text and a StringIO copy at once). Streamed, a file
    over the cell limit is refused at the row where it crosses it, holding little more than those cells."""
    import tracemalloc  # noqa: PLC0415

    path = tmp_path / "大.csv"
    line = ",".join(["计算机平面设计"] * 10) + "\n"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(2):
            out.write(line * 100_000)  # 2 × 100,000 rows, about 46 MB
    limits = ReadLimits(max_cells=50_000)
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFileError) as refused:
            CsvReader(limits).read_sheet(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "第 5001 行" in refused.value.reason  # 5,001 rows × 10 columns crosses 50,000 cells
    assert peak < 16 * 2**20, f"peak {peak / 2**20:.0f} MB for a {path.stat().st_size / 2**20:.0f} MB file"


def write_xls(path: Path, sheets: dict[str, dict[tuple[int, int], object]]) -> Path:
    """A real Excel 97–2003 file (xlwt), ``sheets`` in order, cells by 0-based (row, column)."""
    import xlwt  # noqa: PLC0415

    workbook = xlwt.Workbook()
    for name, cells in sheets.items():
        sheet = workbook.add_sheet(name)
        for (row, column), value in cells.items():
            sheet.write(row, column, value)
    workbook.save(str(path))
    return path


def test_a_legacy_xls_is_read(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "名单.xls", {"本校学生": {(0, 0): "学生姓名", (1, 0): "张三", (1, 2): 2020}})
    sheet = CalamineReader().read_sheet(path)
    assert sheet.name == "本校学生" and sheet.rows == (("学生姓名", None, None), ("张三", None, 2020.0))


def test_xls_extents_come_from_the_cell_records(tmp_path: Path) -> None:
    from xcert_adapters.workbooks.xls_extent import xls_extents  # noqa: PLC0415

    path = write_xls(tmp_path / "a.xls", {"甲": {(0, 0): "x", (9, 3): 1.5}, "乙": {}, "丙": {(65535, 255): "角"}})
    assert xls_extents(path) == {"甲": (10, 4), "乙": (0, 0), "丙": (65536, 256)}
    assert xls_extents(valid_xlsx_like(tmp_path)) is None  # not an OLE2 file: the parser decides


def valid_xlsx_like(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "b.xlsx", {(1, 1): "x"})


def test_a_sparse_corner_cell_in_an_xls_costs_nothing(tmp_path: Path) -> None:
    """Issue 23: one cell at IV65536 made calamine build a 16.7-million-cell grid (1 GB) before the extent check
    refused it; the cell records are looked at first now."""
    path = write_xls(tmp_path / "角落.xls", {"Sheet1": {(0, 0): "x", (65535, 255): "角落"}})
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs /proc/self/status (Linux) to read the process's peak memory")
    script = ("import re, sys; from pathlib import Path; from xcert_adapters.workbooks.calamine import CalamineReader\n"
              "try:\n    CalamineReader().read_sheet(Path(sys.argv[1]))\n"
              "except Exception as exc:\n    print(exc)\n"
              "print(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1))\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    message, peak_kib = result.stdout.rstrip().rsplit("\n", 1)
    assert "65536 行" in message and "IV" in message
    # VmHWM is this process's own peak (not the forked parent's, which ru_maxrss would include)
    assert int(peak_kib) < 300 * 1024, f"{int(peak_kib) // 1024} MB"
