"""Empty required cells of the roster: each one is reported exactly once, as ``roster-cell-missing`` (or by the
issue of a number that lost information), whichever reading path and whatever rule families see the row."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from unittest.mock import patch

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from cli_run import xcert
from roster_files import GOOD_ROWS, HEADER, write_roster_csv, write_roster_xlsx
from xcert_core.issues import IssueReport
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import CellValue, SheetData
from xcert_core.registry import AdapterKind
from xcert_core.roster import reading
from xcert_core.roster.checking import check_roster, roster_families
from xcert_core.roster.columns import ROSTER_COLUMNS
from xcert_core.roster.reading import CELL_MISSING, read_roster

PLUGINS = make_plugin_manager(env={})
FAMILIES = roster_families([PLUGINS.create(AdapterKind.RULE, name)
                            for name in PLUGINS.registry.names(AdapterKind.RULE)])
TITLE_ROWS = (("本校学生导入模板",), ("注意说明：……",))
FIRST_DATA_ROW = len(TITLE_ROWS) + 2  # Excel row of the first data row (after the header)
BLANKS = st.sampled_from([None, "", " ", "  ", "\u3000", "\u00a0", "\t", "\u200b"])


def check(rows: list[tuple[CellValue, ...]]) -> IssueReport:
    table, sheet_issues = read_roster(SheetData("Sheet1", (*TITLE_ROWS, HEADER, *rows)), "名单.xlsx")
    return check_roster(table, sheet_issues, FAMILIES, PLUGINS.catalogue)


def roster(count: int) -> list[tuple[CellValue, ...]]:
    """``count`` rows without an error: the good rows' names and programs, each with its own valid ID number
    (born a day apart, gender to match) and mobile number."""
    rows = []
    for n in range(count):
        good = GOOD_ROWS[n % 2]
        stem = f"140105{dt.date(2004, 3, 15) + dt.timedelta(days=n):%Y%m%d}00{1 + n % 2}"
        rows.append((*good[:2], "男" if n % 2 == 0 else "女", good[3], stem + ric.calc_check_digit(stem + "0"),
                     f"138{n:08d}", *good[6:]))
    return rows


def test_a_good_roster_has_no_errors() -> None:
    """The premise of the property below: blanking a cell is the only error it can have."""
    assert check(roster(5)).errors == ()


@given(count=st.integers(1, 6), data=st.data(), blank=BLANKS, numeric_mobile=st.booleans(),
       block=st.sampled_from([1, 2, 256]))
def test_blanking_any_required_cell_gives_exactly_one_missing_cell_error(
        count: int, data: st.DataObject, blank: str | None, numeric_mobile: bool, block: int) -> None:
    """Blank, empty text or only whitespace in any required cell of any row: exactly one error, the missing
    cell at that row and column, whether the row is read in a fast block or one by one (a mobile number typed
    as a number sends its block the slow way, with a warning only)."""
    rows = roster(count)
    index = data.draw(st.integers(0, count - 1), label="row")
    column = data.draw(st.integers(0, len(ROSTER_COLUMNS) - 1), label="column")
    if numeric_mobile:
        other = data.draw(st.integers(0, count - 1), label="numeric mobile row")
        rows[other] = (*rows[other][:5], int(str(rows[other][5])), *rows[other][6:])
    cells = list(rows[index])
    cells[column] = blank
    rows[index] = tuple(cells)
    with patch.object(reading, "_BLOCK_ROWS", block):
        report = check(rows)
    header = ROSTER_COLUMNS[column].header
    assert [(i.code, i.row, i.column) for i in report.errors] == [
        (CELL_MISSING.code, FIRST_DATA_ROW + index, header)]
    assert [i for i in report if i.row == FIRST_DATA_ROW + index and i.column == header] == list(report.errors)
    (issue,) = report.errors
    assert header in issue.message and issue.suggestion and f"请填写“{header}”" in issue.suggestion


UNUSABLE = {
    "id_number": 1.40105200403150e17,  # lost its last digits
    "program_code": 90300,  # lost its leading zero
    "enrolment_year": 2020.5,
    "name": True,
    "gender": dt.date(2020, 9, 1),
    "mobile": 13812345678.5,
}


@pytest.mark.parametrize("key", sorted(UNUSABLE))
def test_a_number_that_lost_information_is_reported_once_not_also_as_missing(key: str) -> None:
    """Such a cell has no text (``raw`` is ``None``) like an empty one, but its own issue already says what to
    do: no ``roster-cell-missing`` besides it, and no rule family reports the cell either."""
    position = next(n for n, column in enumerate(ROSTER_COLUMNS) if column.key == key)
    rows = roster(3)
    rows[1] = (*rows[1][:position], UNUSABLE[key], *rows[1][position + 1:])
    report = check(rows)
    header = ROSTER_COLUMNS[position].header
    at_cell = [i.code for i in report if i.row == FIRST_DATA_ROW + 1 and i.column == header]
    assert len(at_cell) == 1 and at_cell[0] != CELL_MISSING.code
    assert [i.code for i in report.errors] == at_cell


def test_a_short_row_reports_each_cell_it_does_not_reach() -> None:
    rows = roster(3)
    rows[2] = rows[2][:9]
    report = check(rows)
    assert [(i.code, i.column) for i in report.errors] == [(CELL_MISSING.code, "专业代码"),
                                                            (CELL_MISSING.code, "专业版本")]


def test_a_missing_column_is_reported_once_not_in_every_row() -> None:
    header = tuple(h for h in HEADER if h != "*手机号码")
    rows = [tuple(cell for n, cell in enumerate(row) if n != 5) for row in roster(4)]
    table, sheet_issues = read_roster(SheetData("Sheet1", (header, *rows)), "名单.xlsx")
    report = check_roster(table, sheet_issues, FAMILIES, PLUGINS.catalogue)
    assert [(i.code, i.row) for i in report.errors] == [("roster-missing-column", None)]


def test_the_message_says_what_to_fill_in_and_tells_whitespace_from_empty() -> None:
    rows = roster(2)
    rows[0] = (*rows[0][:4], None, *rows[0][5:])
    rows[1] = ("\u3000", *rows[1][1:])
    first, second = check(rows).errors
    assert first.message == "必填项“证件号码”为空。"
    assert "完整证件号码" in (first.suggestion or "") and "合并单元格" in (first.suggestion or "")
    assert second.message == "必填项“学生姓名”只有空白字符。"
    assert "证件上的姓名" in (second.suggestion or "")


# --- real files through the CLI ----------------------------------------------------------------------------------

def cli_json(*args: str) -> tuple[int, dict[str, object]]:
    result = xcert(*args, "--json")
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def test_check_reports_blank_merged_and_uncalculated_cells_of_a_real_file(tmp_path: Path) -> None:
    """The tester's file: a blank name; a 就读专业 merged over two rows (the lower one reads as empty); a 入学年份
    formula saved without its value. Each is one error naming the file's row and the column."""
    path = write_roster_xlsx(tmp_path / "名单.xlsx", roster(4))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet["A5"] = None
    sheet.merge_cells("I6:I7")
    sheet["G7"] = "=2019+1"
    workbook.save(path)
    code, payload = cli_json("students", "check", str(path))
    assert code == 1
    issues = payload["issues"]
    assert isinstance(issues, list)
    assert [(i["row"], i["column"]) for i in issues if i["severity"] == "error"] == [
        (5, "学生姓名"), (7, "入学年份"), (7, "就读专业")]
    assert {i["code"] for i in issues if i["severity"] == "error"} == {CELL_MISSING.code}


def test_check_reports_empty_cells_of_a_csv(tmp_path: Path) -> None:
    rows = roster(3)
    rows[2] = (*rows[2][:6], "", *rows[2][7:])
    code, payload = cli_json("students", "check", str(write_roster_csv(tmp_path / "名单.csv", rows)))
    assert code == 1
    assert [(i["code"], i["row"], i["column"]) for i in payload["issues"]  # type: ignore[attr-defined]
            if i["severity"] == "error"] == [(CELL_MISSING.code, 4, "入学年份")]


def test_import_refuses_a_roster_with_an_empty_cell_with_the_check_report(tmp_path: Path) -> None:
    """Exit 1 with the check's report and nothing stored, instead of exit 2 on the first bad row."""
    workspace = tmp_path / "ws"
    made = xcert("init", str(workspace), "--school-code", "4133010001", "--school", "示范职业技术学院")
    assert made.returncode == 0, made.stderr
    rows = roster(3)
    rows[1] = (None, *rows[1][1:])
    path = write_roster_xlsx(tmp_path / "名单.xlsx", rows)
    checked = cli_json("students", "check", str(path))
    code, payload = cli_json("--workspace", str(workspace), "students", "import", str(path))
    assert code == 1
    assert payload["stored"] is False and payload["imported"] is None
    assert payload["issues"] == checked[1]["issues"]
    listed = cli_json("--workspace", str(workspace), "students", "list")[1]
    assert listed["count"] == 0
    readable = xcert("--workspace", str(workspace), "students", "import", str(path))
    assert readable.returncode == 1
    assert "必填项“学生姓名”为空" in readable.stdout and "第 5 行" in readable.stdout


ANY_CELL = st.one_of(
    BLANKS, st.sampled_from(["张三", "Zhang San", "男", "身份证", "2021", "13800000000", " 中专", "090300"]),
    st.integers(0, 10**18), st.floats(allow_nan=False, allow_infinity=False), st.dates(), st.booleans(),
)


@given(st.lists(st.lists(ANY_CELL, max_size=12).map(tuple), max_size=6))
def test_every_cell_without_usable_text_is_reported_exactly_once(rows: list[tuple[CellValue, ...]]) -> None:
    """Whatever the rows hold, each template cell of a data row whose clean text is ``None`` (empty, only
    whitespace, or a number that lost information) has exactly one issue, an error, from the reader or any
    rule family; ``roster-cell-missing`` only for the cells that held no number."""
    table, sheet_issues = read_roster(SheetData("Sheet1", (HEADER, *rows)), "名单.xlsx")
    report = check_roster(table, sheet_issues, FAMILIES, PLUGINS.catalogue)
    by_cell: dict[tuple[int | None, str | None], list[str]] = {}
    for issue in report:
        by_cell.setdefault((issue.row, issue.column), []).append(issue.code)
    for row in table.rows:
        for key, text in row.clean.items():
            if text is not None:
                continue
            codes = by_cell.get((row.row, table.header(key)), [])
            assert len(codes) == 1, (row, key, codes)
            raw = rows[row.row - 2][table.positions[key]] if table.positions[key] < len(rows[row.row - 2]) else None
            assert (codes[0] == CELL_MISSING.code) == (raw is None or isinstance(raw, str))
    assert sum(issue.code == CELL_MISSING.code for issue in report) == sum(
        text is None for row in table.rows for text in row.clean.values()) - sum(
        issue.code in {"id-number-stored-as-number", "code-lost-leading-zeros", "wrong-cell-type"} for issue in report)
