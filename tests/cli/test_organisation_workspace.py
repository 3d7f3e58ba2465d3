"""The 培训评价组织's own workspace (#20 item 1) from the command line: ``xcert init --organisation``, its
cross-school registration sheet (xcert's own template, every rule on a real file), the schools' rooms and
proctors (a proctor's 所属院校 names a school: its code is what cross-invigilation compares), then 排考 with
cross-invigilation and a package per school."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from stdnum.cn import ric

from cli_run import xcert
from xcert_adapters.workspace import Workspace
from xcert_core.model import (
    Candidate,
    ExamClientCheck,
    ExamSite,
    Proctor,
    ProctorAssignment,
    Registration,
    School,
    SeatAssignment,
)

HEADER = ("学校代码", "学校名称", "考核站点编号", "考核站点名称", "考点地址", "姓名", "证件类型", "证件号码", "性别",
          "手机号码", "班级", "专业代码", "入学年份")
PLAN = """[[exam]]
certificate = "1550001066020254"
code = "P1"
[[exam.session]]
code = "S1"
date = 2026-06-13
start = "09:00"
end = "10:30"
"""
SCHOOLS = (("4133010001", "甲学校", "Z1", "甲考点"), ("4133010002", "乙学校", "Z2", "乙考点"))


def ident(n: int) -> str:
    base = f"14010520040301{n:03d}"
    return base + ric.calc_check_digit(base + "0")  # stdnum reads the first 17 of 18


def write(path: Path, rows: list[tuple[Any, ...]], header: tuple[str, ...] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def registrations() -> list[tuple[Any, ...]]:
    """Eight candidates of each school, each school at its own site; the two schools' candidates meet nowhere, so
    each site is watched by the other school's teachers."""
    return [(code, name, site, site_name, f"{site_name}路 1 号", f"考生{code[-1]}{n}", "居民身份证",
             ident(int(code[-1]) * 100 + n), None, None, f"2024级{n % 2}班", "510201", 2024)
            for code, name, site, site_name in SCHOOLS for n in range(8)]


def test_the_organisation_imports_schedules_and_publishes(tmp_path: Path) -> None:
    root = tmp_path / "评价组织"
    made = xcert("init", root, "--organisation", "--organization-code", "fhxlh", "--organization", "凤凰评价组织",
                 "--year", "2026")
    assert made.returncode == 0 and "培训评价组织 凤凰评价组织，交叉监考" in made.stdout
    with Workspace.open(root, env={}) as workspace:
        assert workspace.config.organisation and workspace.config.cross_invigilation
        assert workspace.school_code == "fhxlh"
    (tmp_path / "计划.toml").write_text(PLAN, "utf-8")
    assert xcert("--workspace", root, "plans", "import", tmp_path / "计划.toml").returncode == 0
    template = tmp_path / "模板.xlsx"
    assert xcert("org", "template", template).returncode == 0
    assert "xcert 自己的" in str(load_workbook(template).active["A2"].value)
    assert xcert("org", "template", template).returncode != 0  # never overwritten without --force
    assert xcert("org", "template", template, "--force").returncode == 0

    imported = xcert("--workspace", root, "org", "import", write(tmp_path / "报考.xlsx", registrations()),
                     "--plan", "P1", "--json")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert json.loads(imported.stdout)["stored"] is True
    with Workspace.open(root, env={}) as workspace:
        storage = workspace.storage
        assert {s.code: s.name for s in storage.list(School)} == {
            "fhxlh": "凤凰评价组织", **{code: name for code, name, _, _ in SCHOOLS}}  # the organisation is one
        assert {s.code: s.school_code for s in storage.list(ExamSite)} == {"Z1": "4133010001", "Z2": "4133010002"}
        assert len(storage.list(Candidate)) == 16 and len(storage.list(Registration)) == 16
        assert {c.gender.label for c in storage.list(Candidate)} <= {"男", "女"}  # from the ID numbers
        assert {c.enrolment_year for c in storage.list(Candidate)} == {2024}  # typed as a number

    rooms = write(tmp_path / "考场.xlsx", [(site, site_name, "101", "普通考场", 10, None, None)
                                          for _, _, site, site_name in SCHOOLS],
                  header=("考核站点编号", "考核站点名称", "考场名称", "考场类型", "考位数", "行数", "列数"))
    assert xcert("--workspace", root, "rooms", "import", rooms, "--plan", "P1").returncode == 0
    proctors = write(tmp_path / "监考.xlsx", [
        *((f"T{code[-1]}{n}", f"老师{code[-1]}{n}", f"1390000{code[-1]}{n:03d}", name, None, "监考", None)
          for code, name, _, _ in SCHOOLS for n in range(2)),
        ("X1", "组织巡考1", "13800000001", "凤凰评价组织", None, "巡考", None),
        ("X2", "组织巡考2", "13800000002", "凤凰评价组织", None, "巡考", None)],
        header=("教师编号", "教师姓名", "手机号码", "所属院校", "所在地区", "监考类型", "不可监考场次"))
    loaded = xcert("--workspace", root, "proctors", "import", proctors)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    with Workspace.open(root, env={}) as workspace:
        assert {p.school_code for p in workspace.storage.list(Proctor)} == {"4133010001", "4133010002", "fhxlh"}

    scheduled = xcert("--workspace", root, "schedule", "--plan", "P1", "--per-room", "2")
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    with Workspace.open(root, env={}) as workspace:
        school_of = {r.id_number: r.school_code for r in workspace.storage.list(Registration)}
        seated = {(s.site_code, s.room_name): school_of[s.id_number] for s in workspace.storage.list(SeatAssignment)}
        for a in workspace.storage.list(ProctorAssignment):
            if a.room_name is not None:
                assert a.school_code != seated[(a.site_code, a.room_name)]  # nobody watches their own school
    published = xcert("--workspace", root, "publish", "--plan", "P1", "--out", tmp_path / "发布")
    assert published.returncode == 0 and "2 所学校" in published.stdout


def test_every_rule_of_the_cross_school_sheet(tmp_path: Path) -> None:
    root = tmp_path / "评价组织"
    assert xcert("init", root, "--organisation", "--year", "2026").returncode == 0
    (tmp_path / "计划.toml").write_text(PLAN, "utf-8")
    assert xcert("--workspace", root, "plans", "import", tmp_path / "计划.toml").returncode == 0
    good = registrations()
    rows = [
        good[0],
        good[0],                                                            # org-duplicate
        (*good[1][:1], "别的名字", *good[1][2:]),                            # org-school-conflict
        (*good[2][:4], "另一个地址", *good[2][5:]),                          # org-site-conflict
        (*good[3][:8], "未知", *good[3][9:]),                                # org-gender-unknown
        (*good[4][:7], "140105200403011234", *good[4][8:]),                  # id-* (check digit)
        (*good[5][:5], None, *good[5][6:]),                                  # org-cell-missing
        (*good[6][:6], "护照", "E12345678", None, *good[6][9:]),              # no gender and none to tell
        (*good[7][:12], "2024级"),                                           # enrolment-year-format
        (*good[8][:12], 2999),                                              # enrolment-year-future
    ]
    report = tmp_path / "报告.xlsx"
    refused = xcert("--workspace", root, "org", "import", write(tmp_path / "坏.xlsx", rows), "--plan", "P1",
                    "--report", report, "--sheet", "Sheet", "--json")
    assert refused.returncode == 1
    codes = {(issue["code"], issue["row"]) for issue in json.loads(refused.stdout)["issues"]}
    assert {("org-duplicate", 3), ("org-school-conflict", 4), ("org-site-conflict", 5), ("org-gender-unknown", 6),
            ("org-cell-missing", 8), ("org-cell-missing", 9), ("enrolment-year-format", 10),
            ("enrolment-year-future", 11)} <= codes  # a year the roster refuses is not dropped here either
    assert any(code.startswith("id-") and row == 7 for code, row in codes)
    assert load_workbook(report).sheetnames[-1] == "问题汇总"
    with Workspace.open(root, env={}) as workspace:
        assert workspace.storage.list(Candidate) == []  # all or nothing
    assert xcert("--workspace", root, "org", "import", write(tmp_path / "空.xlsx", []), "--plan", "P1").returncode == 1


def test_a_school_workspace_takes_no_cross_school_sheet_and_init_needs_a_school(tmp_path: Path) -> None:
    school = tmp_path / "学校"
    assert xcert("init", school).returncode == 2  # neither a school nor an organisation
    assert xcert("init", school, "--school-code", "4133010001", "--school", "甲学校").returncode == 0
    (tmp_path / "计划.toml").write_text(PLAN, "utf-8")
    assert xcert("--workspace", school, "plans", "import", tmp_path / "计划.toml").returncode == 0
    refused = xcert("--workspace", school, "org", "import", write(tmp_path / "报考.xlsx", registrations()),
                    "--plan", "P1")
    assert refused.returncode == 2 and "培训评价组织的工作区" in refused.stderr


def test_the_schools_exam_client_readiness_is_imported_per_room(tmp_path: Path) -> None:
    """The readiness of every room the schools report (考试客户端就绪表, xcert's own), all or nothing; what it
    stores is what ``xcert status`` step 11 and ``xcert rooms list`` read."""
    root = tmp_path / "评价组织"
    assert xcert("init", root, "--organisation", "--year", "2026").returncode == 0
    (tmp_path / "计划.toml").write_text(PLAN, "utf-8")
    assert xcert("--workspace", root, "plans", "import", tmp_path / "计划.toml").returncode == 0
    assert xcert("--workspace", root, "org", "import", write(tmp_path / "报考.xlsx", registrations()),
                 "--plan", "P1").returncode == 0
    rooms = write(tmp_path / "考场.xlsx", [(site, name, room, "机房", 10, None, None) for _, _, site, name in SCHOOLS
                                          for room in ("101", "102")],
                  header=("考核站点编号", "考核站点名称", "考场名称", "考场类型", "考位数", "行数", "列数"))
    assert xcert("--workspace", root, "rooms", "import", rooms, "--plan", "P1").returncode == 0
    template = tmp_path / "就绪表模板.xlsx"
    assert xcert("rooms", "client-template", template).returncode == 0
    assert "xcert 自己的" in str(load_workbook(template).active["A2"].value)
    assert xcert("rooms", "client-template", template, "--force").returncode == 0
    header = ("考核站点编号", "考场名称", "已安装", "已测试", "检查日期", "检查人", "备注")
    bad = write(tmp_path / "坏.xlsx", [("Z1", "101", "是", "是", "2026-06-10", "王老师", None),
                                      ("Z1", "101", "是", "是", None, None, None),        # client-duplicate
                                      ("Z1", "999", "是", "是", None, None, None),        # client-room-unknown
                                      ("Z2", "101", "装了", "是", None, None, None),      # client-yes-no
                                      ("Z2", "102", "否", "是", None, None, None),        # tested, not installed
                                      ("Z1", "102", "是", "否", "六月十日", None, None),   # client-date-invalid
                                      ("Z1", None, "是", "否", None, None, None)],        # client-cell-missing
                header=header)
    report = tmp_path / "报告.xlsx"
    refused = xcert("--workspace", root, "rooms", "client-import", bad, "--plan", "P1", "--json", "--report", report,
                    "--sheet", "Sheet")
    assert refused.returncode == 1
    found = {(i["code"], i["row"]) for i in json.loads(refused.stdout)["issues"]}
    assert found == {("client-duplicate", 3), ("client-room-unknown", 4), ("client-yes-no", 5),
                     ("client-tested-not-installed", 6), ("client-date-invalid", 7), ("client-cell-missing", 8)}
    assert load_workbook(report).sheetnames[-1] == "问题汇总"
    good = write(tmp_path / "就绪表.xlsx", [("Z1", "101", "是", "是", "2026-06-10", "王老师", None),
                                          ("Z1", "102", "是", "否", None, None, "待测"),
                                          ("Z2", "101", "否", "否", None, None, None)], header=header)
    stored = xcert("--workspace", root, "rooms", "client-import", good, "--plan", "P1")
    assert stored.returncode == 0, stored.stdout + stored.stderr
    with Workspace.open(root, env={}) as workspace:
        checks = {(c.site_code, c.room_name): (c.installed, c.tested) for c in workspace.storage.list(ExamClientCheck)}
    assert checks == {("Z1", "101"): (True, True), ("Z1", "102"): (True, False), ("Z2", "101"): (False, False)}
    history = xcert("--workspace", root, "imports", "--json")
    assert "考试客户端" in history.stdout
