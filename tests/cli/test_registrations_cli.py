"""``xcert registrations template`` and ``check``: real files, the JSON contract, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from openpyxl import Workbook, load_workbook

from cli_run import run_xcert
from roster_files import GOOD_ROWS, write_roster_xlsx

HEADER = ("*考生姓名", "*证件号码", "*考生类型", "*证书编号", "*报考证书", "*证书等级", "*考核站点编号",
          "*考核站点名称")
NAME = "数字媒体交互设计职业技能等级证书"


def xcert(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``xcert ARGS`` without third-party plug-ins: the core's own rules only."""
    return run_xcert(*args, plugins=False)


def write_registrations(path: Path, rows: list[tuple[object, ...]], header: tuple[str, ...] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["按证书批量导入报考模板"])
    sheet.append(["注意说明：……"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def good(name: str, id_number: str) -> tuple[object, ...]:
    return (name, id_number, "院校考生", "1550001066020254", NAME, "中级", "18", "太原市信息技术学校考核站点")


def test_templates_are_the_platforms(tmp_path: Path) -> None:
    assert xcert("registrations", "template", tmp_path / "a.xlsx").returncode == 0
    sheet = load_workbook(tmp_path / "a.xlsx").active
    assert sheet["A1"].value == "按证书批量导入报考模板" and [c.value for c in sheet[3]] == list(HEADER)
    assert xcert("registrations", "template", tmp_path / "b.xlsx", "--by-subject").returncode == 0
    by_subject = load_workbook(tmp_path / "b.xlsx").active
    assert by_subject["A1"].value == "按科目批量导入报考模板" and by_subject.cell(3, 9).value == "*考试科目"


def test_good_file_passes_and_is_cross_checked_against_the_roster(tmp_path: Path) -> None:
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    rows = [good("张三丰", GOOD_ROWS[0][4]), good("欧阳娜娜", GOOD_ROWS[1][4])]
    path = write_registrations(tmp_path / "报考.xlsx", rows)
    result = xcert("registrations", "check", path, "--json", "--roster", roster)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == {"file": str(path), "rows": 2, "issues": []}


def test_every_problem_reported_with_rows(tmp_path: Path) -> None:
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    rows = [
        good("张三丰", GOOD_ROWS[0][4]),
        ("欧阳娜 ", GOOD_ROWS[1][4], "院校考生", "1550001066020254", NAME + "（中级）", "初级", "18", "站点"),
        ("李四", "140105200507200024", "老师", "1550001066020259", NAME, "中级", "18", "站点"),
        good("张三丰", GOOD_ROWS[0][4]),
    ]
    result = xcert("registrations", "check", write_registrations(tmp_path / "r.xlsx", rows), "--json",
                   "--roster", roster)
    assert result.returncode == 1
    found = {(i["row"], i["code"]) for i in json.loads(result.stdout)["issues"]}
    assert {(5, "whitespace-edges"), (5, "reg-name-mismatch"), (5, "reg-certificate-name-mismatch"),
            (5, "reg-level-code-mismatch"), (6, "reg-candidate-type-unknown"), (6, "reg-id-number-invalid"),
            (6, "reg-candidate-unknown"), (6, "reg-certificate-unknown"), (7, "reg-duplicate")} <= found
    assert "140105200507200024" not in result.stdout


def test_certificate_catalogue_csv_and_report(tmp_path: Path) -> None:
    catalogue = tmp_path / "证书.csv"
    catalogue.write_text(f"证书编号,证书名称,证书等级\n1550001066020259,{NAME},中级\n", "gbk")
    rows = [("李四", GOOD_ROWS[0][4], "院校考生", "1550001066020259", NAME, "中级", "18", "站点")]
    path = write_registrations(tmp_path / "r.xlsx", rows)
    assert xcert("registrations", "check", path, "--certificates", catalogue).returncode == 0
    out = tmp_path / "报告.xlsx"
    result = xcert("registrations", "check", path, "--report", out)
    assert result.returncode == 1 and "reg-certificate-unknown" in result.stdout
    assert "不在已加载的证书目录中" in load_workbook(out).worksheets[0]["D4"].comment.text


def test_unusable_files_exit_2(tmp_path: Path) -> None:
    no_header = write_registrations(tmp_path / "x.xlsx", [good("张三丰", GOOD_ROWS[0][4])], header=("甲", "乙"))
    result = xcert("registrations", "check", no_header)
    assert result.returncode == 2 and "表头" in result.stderr and "Traceback" not in result.stderr
    bad_catalogue = tmp_path / "c.csv"
    bad_catalogue.write_text("证书编号,证书名称,证书等级\n123,甲,中级\n", "utf-8")
    result = xcert("registrations", "check", no_header, "--certificates", bad_catalogue)
    assert result.returncode == 2 and "16 位数字" in result.stderr


def test_a_blank_row_between_registrations_is_a_warning_trailing_ones_are_not(tmp_path: Path) -> None:
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    blank = (None,) * 8
    rows = [good("张三丰", GOOD_ROWS[0][4]), blank, good("欧阳娜娜", GOOD_ROWS[1][4]), blank, blank]
    result = xcert("registrations", "check", write_registrations(tmp_path / "r.xlsx", rows), "--json",
                   "--roster", roster)
    issues = json.loads(result.stdout)["issues"]
    assert result.returncode == 0 and [(i["row"], i["code"], i["severity"]) for i in issues] == [
        (5, "roster-blank-row", "warning")]
