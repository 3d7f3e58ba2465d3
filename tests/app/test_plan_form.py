"""The exam plan as an Excel form (#17 item 5): xcert's own template (three sheets, said to be xcert's), filled as
a teacher fills it — real Excel dates and times, or typed text — gives the very plans the TOML file gives; each bad
cell is an issue naming the sheet, row and column; a plan rule names the sheet and row; nothing half-stored."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from cli_run import xcert
from xcert_adapters.app import setup
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.errors import UnreadableFileError
from xcert_core.model import ExamPlan
from xcert_core.scheduling.plan_sheets import SHEETS, parse_date, parse_time

CERTIFICATE = "1550001066020254"  # 数字媒体交互设计（中级）, in the workspace's default catalogue
TOML = f"""
[[exam]]
certificate = "{CERTIFICATE}"
code = "2026-06-DMI-M"
name = "数字媒体交互设计（中级）"
opens = 2026-04-01
closes = 2026-05-15
fee = 180.5
fee_payer = "学校"
fee_due = 2026-05-20

[[exam.subject]]
code = "T"
name = "理论考试"
kind = "理论"
minutes = 90

[[exam.subject]]
code = "P"
name = "实操考试"
kind = "实操"
minutes = 120
room_type = "机房"
pass_mark = 70

[[exam.session]]
code = "T1"
subject = "T"
date = 2026-06-13
start = "09:00"
end = "10:30"

[[exam.session]]
code = "P1"
subject = "P"
date = 2026-06-13
start = "14:00"
end = "16:00"
"""
PLAN_ROW = [CERTIFICATE, "2026-06-DMI-M", "数字媒体交互设计（中级）", dt.date(2026, 4, 1), "2026/5/15", None, 180.5,
            "学校", "2026-05-20"]
SUBJECT_ROWS = [[CERTIFICATE, "T", "理论考试", "理论", 90, None, None],
                [CERTIFICATE, "P", "实操考试", "实操", 120, "机房", 70]]
SESSION_ROWS = [[CERTIFICATE, "T1", "T", dt.datetime(2026, 6, 13), dt.time(9, 0), "10:30"],
                [CERTIFICATE, "P1", "P", "2026年6月13日", "14:00", 2 / 3]]  # 2/3 of a day: Excel's 16:00


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return create_workspace(tmp_path / "ws", WorkspaceConfig(school_code="4133010001", school_name="示范职业技术学院",
                                                             year=2026))


def form(tmp_path: Path, name: str = "考试计划.xlsx", *, plans: list[list[object]] | None = None,
         subjects: list[list[object]] | None = None, sessions: list[list[object]] | None = None) -> Path:
    """The blank template as xcert writes it, filled with openpyxl below its header rows."""
    blank = tmp_path / "空白.xlsx"
    if not blank.exists():
        assert xcert("plans", "template", str(blank)).returncode == 0
    book = load_workbook(blank)
    for sheet, rows in zip(SHEETS, (plans if plans is not None else [PLAN_ROW],
                                    subjects if subjects is not None else SUBJECT_ROWS,
                                    sessions if sessions is not None else SESSION_ROWS), strict=True):
        for row in rows:
            book[sheet].append(row)
    book.save(tmp_path / name)
    return tmp_path / name


def test_the_template_has_three_sheets_and_says_it_is_xcerts_own(tmp_path: Path) -> None:
    out = tmp_path / "考试计划.xlsx"
    result = xcert("plans", "template", str(out))
    assert result.returncode == 0 and "已生成空白模板" in result.stdout
    book = load_workbook(out)
    assert book.sheetnames == ["考试计划", "科目", "场次"]
    assert [c.value for c in book["场次"][3]] == ["*证书编号", "*场次编号", "科目编号", "*考试日期", "*开始时间",
                                                "*结束时间"]
    for sheet in book.worksheets:
        assert "xcert 自己的模板" in sheet["A2"].value and "平台没有" in sheet["A2"].value
    kinds = [v.formula1 for v in book["科目"].data_validations.dataValidation]
    assert kinds == ['"理论,实操"']
    assert xcert("plans", "template", str(out)).returncode == 2  # never overwritten without --force


def test_the_filled_form_gives_the_same_plans_as_the_toml_file(workspace: Workspace, tmp_path: Path) -> None:
    toml = tmp_path / "计划.toml"
    toml.write_text(TOML, "utf-8")
    from_toml = setup.read_plan_form(workspace, toml)[0].plans
    from_form, report = setup.read_plan_form(workspace, form(tmp_path))
    assert from_form.plans == from_toml and not report.issues
    stored = setup.import_plans(workspace, form(tmp_path))
    assert stored == [workspace.storage.get(ExamPlan, ("2026-06-DMI-M",))]
    assert stored[0].subjects[1].room_type == "机房" and stored[0].sessions[1].end == dt.time(16, 0)
    assert (stored[0].fee_fen, stored[0].fee_payer.label, stored[0].subjects[1].pass_mark) == (18050, "学校", 70)


def test_every_bad_cell_is_reported_with_sheet_row_and_column_and_nothing_is_stored(workspace: Workspace,
                                                                                    tmp_path: Path) -> None:
    bad = form(tmp_path, "有错.xlsx",
               plans=[[CERTIFICATE, "P-1", "计划", "下周一", None, None, None, None, "下周五"]],
               subjects=[[CERTIFICATE, "T", "理论考试", "口试", "九十", None, "一百二"],
                         [CERTIFICATE, None, "实操", "实操", 60, None, None]],
               sessions=[[CERTIFICATE, "T1", "T", "2026-13-01", "25:00", "10:30"]])
    with pytest.raises(setup.PlanFormError) as refused:
        setup.import_plans(workspace, bad)
    found = {(i.message.split("”", 1)[0].lstrip("“"), i.row, i.column, i.code) for i in refused.value.report}
    assert found == {("考试计划", 4, "报考开始日期", "plan-date-invalid"),
                     ("考试计划", 4, "缴费截止日期", "plan-date-invalid"),
                     ("科目", 4, "合格线", "plan-pass-mark-invalid"),
                     ("科目", 4, "科目类型", "plan-kind-invalid"),
                     ("科目", 4, "考试时长（分钟）", "plan-minutes-invalid"),
                     ("科目", 5, "科目编号", "plan-cell-missing"),
                     ("场次", 4, "考试日期", "plan-date-invalid"),
                     ("场次", 4, "开始时间", "plan-time-invalid")}
    assert "第 4 行“报考开始日期”" in str(refused.value)
    assert workspace.storage.list(ExamPlan) == []
    shown = xcert("--workspace", str(workspace.root), "plans", "import", str(bad))
    assert shown.returncode == 1 and "未导入任何考试计划" in shown.stdout and "“场次”工作表" in shown.stdout
    as_json = json.loads(xcert("--workspace", str(workspace.root), "plans", "import", str(bad), "--json").stdout)
    assert as_json["stored"] is False and len(as_json["issues"]) == 8
    report = tmp_path / "计划问题.xlsx"
    written = xcert("--workspace", str(workspace.root), "plans", "import", str(bad), "--report", str(report))
    assert written.returncode == 1 and "问题清单已写入" in written.stdout
    rows = [[c.value for c in row] for row in load_workbook(report)["问题汇总"].iter_rows()]
    detail = [row for row in rows if isinstance(row[0], int)]
    assert len(detail) == 8 and all(str(row[4]).startswith("“") for row in detail)  # each names its sheet
    assert "数据行数" not in [row[0] for row in rows]


@pytest.mark.parametrize(("sessions", "subjects", "says"), [
    ([[CERTIFICATE, "T1", "Q", "2026-06-13", "09:00", "10:30"]], SUBJECT_ROWS,
     "“场次”工作表第 4 行的科目“Q”不在该考试的科目中"),
    ([[CERTIFICATE, "T1", "T", "2026-06-13", "10:30", "09:00"]], SUBJECT_ROWS,
     "“场次”工作表第 4 行的结束时间不晚于开始时间"),
    ([*SESSION_ROWS, [CERTIFICATE, "T1", "T", "2026-06-14", "09:00", "10:30"]], SUBJECT_ROWS, "场次编号“T1”重复"),
    (SESSION_ROWS, [*SUBJECT_ROWS, [CERTIFICATE, "T", "again", "理论", 90, None]], "科目编号“T”重复"),
    ([], SUBJECT_ROWS, "至少需要一个 [[exam.session]] 场次"),
    ([["0000000000000000", "X1", None, "2026-06-13", "09:00", "10:30"], *SESSION_ROWS], SUBJECT_ROWS,
     "“场次”工作表第 4 行的证书编号“0000000000000000”不在证书目录中"),
])
def test_a_plan_rule_names_the_sheet_and_row(workspace: Workspace, tmp_path: Path,
                                             sessions: list[list[object]], subjects: list[list[object]],
                                             says: str) -> None:
    with pytest.raises(UnreadableFileError, match=says.replace("[", r"\[").replace("]", r"\]")):
        setup.import_plans(workspace, form(tmp_path, subjects=subjects, sessions=sessions))
    assert workspace.storage.list(ExamPlan) == []


def test_a_certificate_written_twice_is_refused_not_dropped(workspace: Workspace, tmp_path: Path) -> None:
    twice = form(tmp_path, plans=[PLAN_ROW, [CERTIFICATE, "P2", "又一个", None, None]])
    with pytest.raises(UnreadableFileError, match=f"证书“{CERTIFICATE}”有两个考试"):
        setup.import_plans(workspace, twice)
    empty = form(tmp_path, "空的.xlsx", plans=[], subjects=[], sessions=[])
    with pytest.raises(setup.PlanFormError) as refused:
        setup.import_plans(workspace, empty)
    assert [i.code for i in refused.value.report] == ["plan-no-data"]


def test_the_workbench_hands_out_the_template_and_takes_the_form(workspace: Workspace, tmp_path: Path) -> None:
    from litestar.testing import TestClient  # noqa: PLC0415

    from xcert_adapters.web.app import create_app  # noqa: PLC0415
    from xcert_adapters.web.security import Gate  # noqa: PLC0415

    workspace.close()
    with TestClient(create_app(workspace.root, Gate("t" * 32))) as client:
        assert client.get(f"/?token={'t' * 32}", follow_redirects=False).status_code == 303
        blank = client.get("/setup/plans/template")
        assert blank.status_code == 200 and blank.content.startswith(b"PK")
        (tmp_path / "下载的.xlsx").write_bytes(blank.content)
        assert load_workbook(tmp_path / "下载的.xlsx").sheetnames == list(SHEETS)
        page = client.get("/setup/")
        csrf = page.text.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]
        filled = form(tmp_path)
        done = client.post("/setup/plans", files={"file": (filled.name, filled.read_bytes())},
                           data={"_csrf_token": csrf})
        assert "已导入 1 个考试计划（2026-06-DMI-M）" in done.text


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["{d:%Y-%m-%d}", "{d.year}/{d.month}/{d.day}", "{d.year}年{d.month}月{d.day}日",
                        "{d:%Y-%m-%d} 00:00:00", "{d.year}.{d.month}.{d.day}"]))
def test_any_date_is_read_in_every_way_it_is_written(day: dt.date, written: str) -> None:
    assert parse_date(written.format(d=day)) == day


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_any_time_is_read_as_text_as_excel_stores_it_and_as_a_day_fraction(time: dt.time) -> None:
    assert parse_time(f"{time:%H:%M}") == parse_time(f"{time.hour}:{time.minute:02d}") == time
    assert parse_time(f"{time:%H:%M:%S}") == time
    assert parse_time(repr((time.hour * 60 + time.minute) / 1440)) == time


@pytest.mark.parametrize("text", ["", "下周一", "2026-02-30", "2026-13-01", "13/06/2026", "20260613"])
def test_what_is_not_a_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["", "25:00", "9点", "09:60", "1.5", "-0.1"])
def test_what_is_not_a_time(text: str) -> None:
    assert parse_time(text) is None
