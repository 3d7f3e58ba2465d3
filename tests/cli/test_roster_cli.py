"""``xcert students check`` and ``template`` as a school person and a script use them: real files, real
processes, the JSON contract, exit codes, and the marked-up report."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli_run import run_xcert
from roster_files import GOOD_ROWS, HEADER, write_roster_csv, write_roster_xlsx


def xcert(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``xcert ARGS`` without third-party plug-ins: the core's own rules only."""
    return run_xcert(*args, cwd=cwd, plugins=False)


def check_json(path: Path, *extra: str) -> tuple[int, dict[str, object]]:
    result = xcert("students", "check", path, "--json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def codes_at(report: dict[str, object]) -> set[tuple[object, object, object]]:
    return {(i["row"], i["column"], i["code"]) for i in report["issues"]}  # type: ignore[index, union-attr]


def test_template_is_the_platforms(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    result = xcert("students", "template", out)
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "本校学生导入模板"
    assert sheet["A2"].value.startswith("注意说明") and "Zhang Sanfeng" in sheet["A2"].value
    assert [cell.value for cell in sheet[3]] == list(HEADER)
    assert sheet.column_dimensions["E"].number_format == "@"  # 证件号码 as text
    lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["C"] == '"男,女"' and "身份证" in lists["D"] and "中专" in lists["H"]
    assert "文本格式" in sheet["E3"].comment.text
    assert xcert("students", "template", out).returncode == 2  # refuses to overwrite
    assert xcert("students", "template", out, "--force").returncode == 0


def test_blank_template_round_trips_as_a_roster_with_no_data(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    xcert("students", "template", out)
    code, report = check_json(out)
    assert code == 1 and codes_at(report) == {(None, None, "roster-no-data")}


def test_good_roster_passes(tmp_path: Path) -> None:
    path = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    code, report = check_json(path, "--settings", str(write_settings(tmp_path, 'disabled = ["programs"]')))
    assert (code, report["rows"], report["issues"]) == (0, 2, [])
    assert report["file"] == str(path)


def write_settings(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "xcert.toml"
    path.write_text(f"[rules]\n{body}\n", "utf-8")
    return path


def test_every_problem_in_one_pass_with_rows_as_excel_shows_them(tmp_path: Path) -> None:
    bad = [
        *GOOD_ROWS,
        ("李四 ", "Li Si", "男", "身份证", 3.60102199003074e17, "13812345670", "2020", "中专", "计算机平面设计",
         90300, "2010"),
        ("王\u3000五", "Wang Wu", "男", "身份证", "11010519491231002X", "13812345671", "2020", "中专",
         "计算机平面设计", "090300", "2010"),
    ]
    path = write_roster_xlsx(tmp_path / "名单.xlsx", bad)
    code, report = check_json(path)
    found = codes_at(report)
    assert code == 1
    assert (6, "证件号码", "id-number-stored-as-number") in found
    assert (6, "专业代码", "code-lost-leading-zeros") in found
    assert (6, "学生姓名", "whitespace-edges") in found
    assert (7, "学生姓名", "whitespace-full-width") in found
    assert (None, None, "program-catalogue-not-loaded") in found
    for issue in report["issues"]:  # type: ignore[union-attr]
        assert set(issue) == {"file", "row", "column", "code", "severity", "message", "suggestion"}
        assert "11010519491231002X" not in json.dumps(issue, ensure_ascii=False)


def test_header_found_below_inserted_rows_and_with_reordered_columns(tmp_path: Path) -> None:
    """Every cell is still read by its header, and the two things the platform refuses are said (issue 17):
    a column the template does not have, and the template's columns in another order."""
    order = [4, 0, 1, 2, 3, 5, 6, 7, 8, 9, 10]
    header = [HEADER[n] for n in order]
    rows = [[row[n] for n in order] + ["自己的备注"] for row in GOOD_ROWS]
    path = write_roster_xlsx(tmp_path / "r.xlsx", rows, header=[*header, "备注"], title_rows=2)
    _, report = check_json(path, "--settings", str(write_settings(tmp_path, 'disabled = ["programs"]')))
    assert report["rows"] == 2
    assert sorted(i["code"] for i in report["issues"]) == ["roster-column-order", "roster-extra-column"]
    assert "“备注”" in next(i["message"] for i in report["issues"] if i["code"] == "roster-extra-column")
    in_order = write_roster_xlsx(tmp_path / "r2.xlsx", GOOD_ROWS, title_rows=2)
    _, clean = check_json(in_order, "--settings", str(write_settings(tmp_path, 'disabled = ["programs"]')))
    assert clean["issues"] == []


def test_missing_required_column_is_a_file_level_error(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "*手机号码"]
    rows = [[v for h, v in zip(HEADER, row, strict=True) if h != "*手机号码"] for row in GOOD_ROWS]
    code, report = check_json(write_roster_xlsx(tmp_path / "r.xlsx", rows, header=header))
    assert code == 1 and (None, None, "roster-missing-column") in codes_at(report)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding_schools_use(tmp_path: Path, encoding: str) -> None:
    path = write_roster_csv(tmp_path / "名单.csv", GOOD_ROWS, encoding)
    code, report = check_json(path, "--settings", str(write_settings(tmp_path, 'disabled = ["programs"]')))
    assert (code, report["rows"], report["issues"]) == (0, 2, [])


def test_settings_change_severity_turn_off_and_flag_typos(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS, ("李四 ", "Li Si", "男", "身份证", "360426199101010071", "13812345670", "2020", "中专",
                         "计算机平面设计", "090300", "2010")]
    path = write_roster_xlsx(tmp_path / "r.xlsx", rows)
    settings = write_settings(tmp_path, '[rules.severity]\n"whitespace-edges" = "warning"\n'
                                        '"program-catalogue-not-loaded" = "off"\n"no-such-code" = "off"')
    _, report = check_json(path, "--settings", str(settings))
    by_code = {i["code"]: i["severity"] for i in report["issues"]}  # type: ignore[union-attr]
    assert by_code.get("whitespace-edges") == "warning"
    assert "program-catalogue-not-loaded" not in by_code
    assert by_code["settings-unknown-code"] == "warning"
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules\n", "utf-8")
    result = xcert("students", "check", path, "--settings", bad)
    assert result.returncode == 2 and "设置文件格式错误" in result.stderr


def test_catalogue_cross_checks_names_and_codes(tmp_path: Path) -> None:
    catalogue = tmp_path / "专业目录.csv"
    catalogue.write_text("专业层次,就读专业,专业代码,专业版本\n中专,计算机平面设计,090300,2010\n", "gbk")
    rows = [*GOOD_ROWS, ("李四", "Li Si", "男", "身份证", "360426199101010071", "13812345670", "2020", "中专",
                         "平面设计", "090300", "2010"),
            ("赵六", "Zhao Liu", "男", "身份证", "360426199101010071", "13812345670", "2020", "中专",
             "计算机平面设计", "090400", "2010")]
    _, report = check_json(write_roster_xlsx(tmp_path / "r.xlsx", rows), "--catalogue", str(catalogue))
    found = codes_at(report)
    assert (6, "就读专业", "program-name-mismatch") in found
    assert (7, "专业代码", "program-not-in-catalogue") in found
    assert not any(c == "program-catalogue-not-loaded" for _, _, c in found)


def test_report_workbook_marks_cells_and_summarises(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS, ("李四 ", "Li Si", "男", "身份证", 3.60102199003074e17, "13812345670", "2020", "中专",
                         "计算机平面设计", "090300", "2010")]
    path = write_roster_xlsx(tmp_path / "r.xlsx", rows)
    out = tmp_path / "报告.xlsx"
    result = xcert("students", "check", path, "--report", out)
    assert result.returncode == 1 and "错误报告已写入" in result.stdout
    workbook = load_workbook(out)
    marked, summary = workbook.worksheets
    assert marked["A6"].fill.start_color.rgb.endswith("FFC7CE")  # 学生姓名 trailing space: red
    assert "开头或结尾有空格" in marked["A6"].comment.text and "建议" in marked["A6"].comment.text
    assert "后几位已经丢失" in marked["E6"].comment.text
    assert marked["A4"].value == "张三丰" and marked["A4"].comment is None
    assert summary.title == "问题汇总"
    assert "whitespace-edges" in {row[0].value for row in summary.iter_rows()}


def test_human_summary_is_grouped_chinese(tmp_path: Path) -> None:
    rows = [*GOOD_ROWS, *[("李四 ", "Li Si", "男", "身份证", "360426199101010071", "13812345670", "2020", "中专",
                           "计算机平面设计", "090300", "2010")] * 3]
    result = xcert("students", "check", write_roster_xlsx(tmp_path / "r.xlsx", rows))
    assert result.returncode == 1
    assert "共 5 名学生" in result.stdout and "× 3：第 6、7、8 行" in result.stdout
    assert "--report" in result.stdout


def hostile_xlsx_with_entity_bomb(tmp_path: Path) -> Path:
    good = write_roster_xlsx(tmp_path / "good.xlsx", GOOD_ROWS)
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
            ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    out = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = bomb.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, data)
    return out


@pytest.mark.parametrize("make", [
    hostile_xlsx_with_entity_bomb,
    lambda p: _write(p / "a.xlsx", zip_bytes({"hello.txt": b"not a workbook"})),
    lambda p: _write(p / "b.xlsx", b"\x00garbage" * 100),
    lambda p: _write(p / "c.pdf", b"%PDF-1.4"),
    lambda p: p / "missing.xlsx",
    lambda p: write_roster_xlsx(p / "noheader.xlsx", GOOD_ROWS, header=("甲", "乙", "丙")),
], ids=["entity-bomb", "zip-not-xlsx", "garbage", "pdf", "missing", "no-header"])
def test_unusable_files_exit_2_with_one_line_and_no_traceback(tmp_path: Path, make: object) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = xcert("students", "check", path, "--json")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    import io  # noqa: PLC0415

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_misspelt_family_in_the_settings_is_refused(tmp_path: Path) -> None:
    path = write_roster_xlsx(tmp_path / "r.xlsx", GOOD_ROWS)
    result = run_xcert("students", "check", path, "--settings", write_settings(tmp_path, 'disabled = ["pinyin"]'))
    assert result.returncode == 2 and "pinyin" in result.stderr and "names" in result.stderr


def test_the_report_may_not_overwrite_the_roster(tmp_path: Path) -> None:
    path = write_roster_xlsx(tmp_path / "r.xlsx", GOOD_ROWS)
    before = path.read_bytes()
    result = run_xcert("students", "check", path, "--report", str(tmp_path / "." / "r.xlsx"))
    assert result.returncode == 2 and "覆盖原文件" in result.stderr and path.read_bytes() == before
    elsewhere = run_xcert("--workspace", path, "status")
    assert elsewhere.returncode == 2 and "不是 xcert 工作区" in elsewhere.stderr  # Chinese, not click's English


def test_the_u_policy_decides_how_lv_may_be_written(tmp_path: Path) -> None:
    """吕 in 姓名拼音: the school's ``--u-policy`` says whether Lv, Lyu or Lu is right; the check and the import
    follow the same policy."""
    path = write_roster_xlsx(tmp_path / "r.xlsx", [("吕三丰", "Lv Sanfeng", *GOOD_ROWS[0][2:])])
    assert check_json(path, "--u-policy", "v")[0] == 0
    code, report = check_json(path, "--u-policy", "yu")
    wrong = [i for i in report["issues"] if i["severity"] == "error"]  # type: ignore[union-attr]
    assert code == 1 and [i["code"] for i in wrong] == ["pinyin-wrong-reading"] and "Lyu Sanfeng" in wrong[0]["message"]
    workspace = tmp_path / "ws"
    assert xcert("init", workspace, "--school-code", "4133010001", "--school", "示范").returncode == 0
    refused = xcert("--workspace", workspace, "students", "import", path, "--u-policy", "yu", "--json")
    assert refused.returncode == 1 and not json.loads(refused.stdout)["stored"]
    stored = xcert("--workspace", workspace, "students", "import", path, "--u-policy", "v", "--json")
    assert stored.returncode == 0 and json.loads(stored.stdout)["imported"]["added"] == 1
