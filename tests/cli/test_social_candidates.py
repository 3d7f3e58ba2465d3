"""社会考生 (#24 item 1): social candidates have their own roster (xcert's 社会考生导入模板, which says it is
xcert's), meet the same ID, pinyin, phone and photo rules as students, are verified, register as 社会考生 in the
same registration file as students, and get seats and admission tickets; their record is edited and exported like
a student's; the stateless registration check reads both rosters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from cli_run import xcert
from test_teacher_path import plan_from_the_excel_form
from xcert_adapters.demo.files import roster_row, write_filled, write_zip
from xcert_adapters.demo.people import generate_students
from xcert_adapters.demo.portraits import photo_jpeg
from xcert_core.model import Candidate
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import SheetData
from xcert_core.roster.checking import check_roster, roster_families
from xcert_core.roster.columns import PUBLIC_ROSTER, SCHOOL_ROSTER
from xcert_core.roster.reading import read_roster
from xcert_core.roster.table import RosterContext
from xcert_core.roster.template import roster_template

SCHOOL, CERTIFICATE, SITE, PLAN = "4133010001", "1550001066020254", "S001", "2026-06-DMI-M"
PLUGINS = make_plugin_manager()
WORK_UNITS = ("杭州某某科技有限公司", None, "示范区社区服务中心")


def social_row(candidate: Candidate, n: int) -> list[object]:
    """A person as a row of the 社会考生导入模板 (the demo's students lend their names and numbers)."""
    return [candidate.name, candidate.name_pinyin, candidate.gender.label, "身份证", candidate.id_number,
            candidate.mobile, ("大专", "本科", "高中/中专/中职")[n % 3], WORK_UNITS[n % 3]]


def run(workspace: Path, *args: str) -> tuple[int, Any]:
    result = xcert("--workspace", str(workspace), *args, "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else None


def test_the_social_template_is_xcerts_own_and_reads_back(tmp_path: Path) -> None:
    made = xcert("students", "template", str(tmp_path / "社会考生.xlsx"), "--social")
    assert made.returncode == 0, made.stderr
    sheet = load_workbook(tmp_path / "社会考生.xlsx").active
    assert sheet["A1"].value == "社会考生导入模板"
    assert "xcert 自己的" in sheet["A2"].value and "平台的为准" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == ["*考生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码", "*手机号码",
                                          "*最高学历", "工作单位"]
    assert all(sheet.cell(3, column).comment is not None for column in range(1, 9))
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert any("大专/高职" in formula for formula in lists.values())
    school = load_workbook(_school_template(tmp_path)).active
    assert school["A1"].value == "本校学生导入模板" and "xcert 自己的" not in school["A2"].value


def _school_template(tmp_path: Path) -> Path:
    assert xcert("students", "template", str(tmp_path / "本校.xlsx")).returncode == 0
    return tmp_path / "本校.xlsx"


def _checked(rows: list[list[object]], layout: Any) -> set[tuple[int | None, str | None, str]]:
    header = tuple("*" + c.header if c.required else c.header for c in layout.columns)
    table, sheet_issues = read_roster(SheetData("Sheet1", (header, *map(tuple, rows))), "名单.xlsx", RosterContext())
    assert table.layout is layout  # told apart by the header alone
    report = check_roster(table, sheet_issues, roster_families(PLUGINS.rule_families()), PLUGINS.catalogue)
    return {(i.row, i.column, i.code) for i in report}


def test_a_social_roster_is_checked_by_its_own_columns(tmp_path: Path) -> None:
    people = [s.candidate for s in generate_students(3, SCHOOL, seed=11)]
    rows = [social_row(c, n) for n, c in enumerate(people)]
    assert _checked(rows, PUBLIC_ROSTER) == set()  # no 入学年份, 专业 or catalogue noise
    rows[1][6] = "大学"
    rows[2][5] = "1380013800"
    found = _checked(rows, PUBLIC_ROSTER)
    assert (3, "最高学历", "roster-education-unknown") in found
    assert any(row == 4 and column == "手机号码" for row, column, _ in found)

    missing = tmp_path / "缺列.xlsx"
    write_filled(PLUGINS, roster_template(PUBLIC_ROSTER), [r[:6] + r[7:] for r in rows], missing)
    book = load_workbook(missing)
    book.active.delete_cols(7)  # the 最高学历 column gone
    book.save(missing)
    checked = xcert("students", "check", str(missing), "--json")
    assert checked.returncode == 1
    issue = next(i for i in json.loads(checked.stdout)["issues"] if i["code"] == "roster-missing-column")
    assert "最高学历" in issue["message"] and "xcert students template --social" in issue["suggestion"]


PERSON = st.tuples(
    st.sampled_from(["张三丰", "单于伟", "王 芳", "李\u3000娜", "=HYPERLINK()", ""]),
    st.sampled_from(["Zhang Sanfeng", "Chanyu Wei", "Wang Fang", "Li Na", "zhang san", "Li  Na", ""]),
    st.sampled_from(["男", "女", "M"]),
    st.sampled_from(["身份证", "居民身份证", "护照", "台湾居民来往大陆通行证"]),
    st.sampled_from(["11010519491231002X", "110105194912310021", "11010519491231002x", "H12345678", "12345"]),
    st.sampled_from(["13800138000", "1380013800", "138 0013 8000", "23800138000"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PERSON, min_size=1, max_size=4))
def test_the_shared_columns_meet_the_same_rules_in_both_rosters(people: list[tuple[str, ...]]) -> None:
    """Whatever the name, pinyin, gender, ID and phone, a row gets the same issues on those columns whether it is
    a student's row or a social candidate's: one rule each, in one place."""
    school = [[*p, "2024", "高职", "计算机应用技术", "510201", "2021"] for p in people]
    public = [[*p, "本科", "某某公司"] for p in people]
    shared = {SCHOOL_ROSTER.by_key[key].header for key in ("name_pinyin", "gender", "id_type", "id_number", "mobile")}

    def on_shared(found: set[tuple[int | None, str | None, str]], name_header: str) -> set[tuple[Any, ...]]:
        return {(row, "姓名" if column == name_header else column, code) for row, column, code in found
                if column in shared or column == name_header}

    as_student = on_shared(_checked(school, SCHOOL_ROSTER), "学生姓名")
    assert as_student == on_shared(_checked(public, PUBLIC_ROSTER), "考生姓名")


@pytest.fixture(scope="module")
def mixed_school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Candidate], list[Candidate]]:
    """Six students and three social candidates, imported, photographed and verified, with a plan."""
    tmp_path = tmp_path_factory.mktemp("mixed")
    workspace = tmp_path / "报考2026"
    assert xcert("init", str(workspace), "--school-code", SCHOOL, "--school", "示范职业技术学院", "--year", "2026",
                 "--practice").returncode == 0
    people = [s.candidate for s in generate_students(9, SCHOOL, seed=5)]
    students, social = people[:6], people[6:]
    roster = write_filled(PLUGINS, roster_template(), [roster_row(c) for c in students], tmp_path / "学生.xlsx")
    public = write_filled(PLUGINS, roster_template(PUBLIC_ROSTER), [social_row(c, n) for n, c in enumerate(social)],
                          tmp_path / "社会考生.xlsx")
    photos = write_zip(tmp_path / "照片.zip", [(f"{c.id_number}.jpg", photo_jpeg(n)) for n, c in enumerate(people)])
    assert run(workspace, "quota", "set", CERTIFICATE, "--approved", "50")[0] == 0
    assert run(workspace, "sites", "add", SITE, "--name", "信息楼考点", "--certificate", CERTIFICATE, "--approved",
               "--address", "示范市学院路 1 号")[0] == 0
    assert run(workspace, "students", "import", str(roster))[0] == 0
    code, imported = run(workspace, "students", "import", str(public))
    assert code == 0 and imported["imported"]["added"] == 3, imported
    assert run(workspace, "photos", "import", str(photos))[0] == 0
    run(workspace, "verify", "--verifier", "fake")
    plan_from_the_excel_form(workspace, tmp_path)
    return workspace, tmp_path, students, social


def test_students_and_social_candidates_register_in_one_file_and_both_get_tickets(
        mixed_school: tuple[Path, Path, list[Candidate], list[Candidate]]) -> None:
    workspace, tmp_path, students, social = mixed_school
    listed = run(workspace, "students", "list", "--kind", "社会考生")[1]["candidates"]
    assert {c["name"] for c in listed} == {c.name for c in social}
    assert all(c["candidate_type"] == "public" and c["state"] == "verified" and c["class_label"] == ""
               for c in listed)

    filled = tmp_path / "报考.xlsx"
    made = xcert("--workspace", str(workspace), "registrations", "template", str(filled), "--from-workspace",
                 "--plan", PLAN)
    assert made.returncode == 0, made.stderr
    sheet = load_workbook(filled).active
    kinds = {row[0].value: row[2].value for row in sheet.iter_rows(min_row=4)}
    assert kinds == {**{c.name: "院校考生" for c in students}, **{c.name: "社会考生" for c in social}}

    wrong = tmp_path / "报考_类型错.xlsx"
    for row in sheet.iter_rows(min_row=4):
        if row[0].value == social[0].name:
            row[2].value = "院校考生"
    sheet.parent.save(wrong)
    code, refused = run(workspace, "registrations", "import", str(wrong), "--plan", PLAN)
    assert code == 1 and {i["code"] for i in refused["issues"]} == {"reg-candidate-type-mismatch"}

    code, imported = run(workspace, "registrations", "import", str(filled), "--plan", PLAN)
    assert code == 0, imported
    registered = run(workspace, "registrations", "list", "--plan", PLAN)[1]["registrations"]
    assert len(registered) == 9 and sum(r["candidate_type"] == "社会考生" for r in registered) == 3

    for name, kind, seats in (("信息楼301", "普通考场", "12"), ("机房A", "机房", "12")):
        assert run(workspace, "rooms", "add", "--plan", PLAN, "--site", SITE, "--name", name, "--seats", seats,
                   "--type", kind)[0] == 0
    code, scheduled = run(workspace, "schedule", "--plan", PLAN, "--per-room", "0", "--inspectors", "0")
    assert code == 0, scheduled
    code, printed = run(workspace, "documents", "--plan", PLAN)
    assert code == 0, printed
    tickets = workspace / "output" / PLAN / "准考证-全部.pdf"
    text = "".join(page.extract_text() for page in PdfReader(tickets).pages)
    assert all(c.name in text for c in [*students, *social])
    assert len(PdfReader(tickets).pages) == 9

    out = tmp_path / "平台"
    exported = xcert("--workspace", str(workspace), "export", "platform", "--out", str(out))
    assert exported.returncode in (0, 1), exported.stderr
    assert (out / "1_社会考生导入模板.xlsx").is_file()
    assert "1_社会考生导入模板.xlsx（3 行）（xcert 自己的模板" in (out / "README.txt").read_text(encoding="utf-8")


def test_a_person_is_one_kind_of_candidate(mixed_school: tuple[Path, Path, list[Candidate], list[Candidate]]) -> None:
    workspace, tmp_path, students, _ = mixed_school
    twice = write_filled(PLUGINS, roster_template(PUBLIC_ROSTER), [social_row(students[0], 0)],
                         tmp_path / "重复.xlsx")
    code, refused = run(workspace, "students", "import", str(twice))
    assert code == 1 and not refused["stored"]
    (issue,) = [i for i in refused["issues"] if i["code"] == "roster-type-conflict"]
    assert issue["row"] == 4 and "院校考生" in issue["message"] and students[0].id_number not in json.dumps(refused)
    kinds = {c["name"]: c["candidate_type"] for c in run(workspace, "students", "list")[1]["candidates"]}
    assert kinds[students[0].name] == "school"


def test_a_social_candidates_record_is_edited_and_exported(
        mixed_school: tuple[Path, Path, list[Candidate], list[Candidate]]) -> None:
    workspace, tmp_path, _, social = mixed_school
    who = f"{social[1].name}:{social[1].id_number[-4:]}"
    code, edited = run(workspace, "students", "edit", who, "--work-unit", "新单位有限公司", "--reason", "换了工作")
    assert code == 0 and edited["stored"] and not edited["sent_back"]
    assert edited["student"]["work_unit"] == "新单位有限公司" and edited["student"]["state"] == "verified"
    code, refused = run(workspace, "students", "edit", who, "--education", "大学", "--reason", "更正")
    assert code == 1 and "roster-education-unknown" in {i["code"] for i in refused["issues"]}
    wrong_field = xcert("--workspace", str(workspace), "students", "edit", who, "--program-name", "计算机",
                        "--reason", "更正")
    assert wrong_field.returncode == 2 and "社会考生没有“就读专业”" in wrong_field.stderr

    out = tmp_path / "导出.xlsx"
    assert xcert("--workspace", str(workspace), "students", "export", str(out)).returncode == 0
    book = load_workbook(out)
    assert book.sheetnames == ["考生信息", "社会考生", "统计"]
    rows = [[c.value for c in row] for row in book["社会考生"].iter_rows()]
    assert rows[0][:9] == ["序号", "考生姓名", "姓名拼音", "性别", "证件类型", "证件号码", "手机号码", "最高学历",
                           "工作单位"]
    assert "新单位有限公司" in {row[8] for row in rows[1:]} and len(rows) == 4
    totals = [[c.value for c in row] for row in book["统计"].iter_rows()][-1]
    assert totals[:3] == ["合计", 6, 3]


def test_the_stateless_check_reads_both_rosters(
        mixed_school: tuple[Path, Path, list[Candidate], list[Candidate]]) -> None:
    _, tmp_path, _, social = mixed_school
    filled = tmp_path / "报考.xlsx"
    args = ("registrations", "check", str(filled), "--json", "--roster", str(tmp_path / "学生.xlsx"))
    only_students = xcert(*args)
    unknown = [i for i in json.loads(only_students.stdout)["issues"] if i["code"] == "reg-candidate-unknown"]
    both = xcert(*args, "--roster", str(tmp_path / "社会考生.xlsx"))
    assert both.returncode == 0, both.stdout
    assert len(unknown) == len(social) and not json.loads(both.stdout)["issues"]


def test_a_plugin_written_for_the_school_roster_runs_on_a_social_one() -> None:
    """``RosterTable.header`` called on the class (as plug-ins written before the social roster do) still names the
    school roster's column, and a table asked for a column its roster lacks answers instead of failing."""
    from xcert_core.roster.table import RosterTable  # noqa: PLC0415

    assert RosterTable.header("name") == "学生姓名" and RosterTable.header("mobile") == "手机号码"
    header = tuple("*" + c.header if c.required else c.header for c in PUBLIC_ROSTER.columns)
    table, _ = read_roster(SheetData("Sheet1", (header,)), "社会考生.xlsx", RosterContext())
    assert table.header("name") == "考生姓名" and table.header("enrolment_year") == "入学年份"
