"""``xcert scores`` and ``xcert results`` seen from outside: the printed summary and list, the JSON shapes,
masking, the results workbook and the exit codes (0 stored / listed, 1 errors and nothing stored, 2 unusable).
The rules and the derivation are tested in ``tests/core/test_result_rules.py``, the use cases in
``tests/app/test_scores_and_results.py``."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from cli_run import xcert
from test_scores_and_results import export, ident, ws
from xcert_core.privacy import mask_id_number

__all__ = ["ws"]


def test_import_then_results_as_text_and_json(ws: Path, tmp_path: Path) -> None:
    file = export(tmp_path / "成绩.xlsx", [("考生1", ident(1), None, "理论考试", 88, None, None, None),
                                         ("考生1", ident(1), None, "实操考试", 71, None, None, None)])
    result = xcert("--workspace", ws, "scores", "import", file, "--plan", "P1")
    assert result.returncode == 0, result.stderr
    assert "已导入：新增 2 条成绩" in result.stdout and "没有发现问题。" in result.stdout
    assert "导入平台" not in result.stdout  # scores come from the platform; they do not go to it

    listed = xcert("--workspace", ws, "results", "--plan", "P1", "--out", tmp_path / "结果.xlsx")
    assert listed.returncode == 0, listed.stderr
    assert "报考 5 人，通过 1 人" in listed.stdout and "考生1" in listed.stdout and "→ 通过" in listed.stdout
    assert ident(1) not in listed.stdout
    assert load_workbook(tmp_path / "结果.xlsx").sheetnames == ["510201 2023级", "510201 2024级"]

    payload = json.loads(xcert("--workspace", ws, "results", "--plan", "P1", "--json").stdout)
    assert [r["result"] for r in payload["results"] if r["name"] == "考生1"] == ["passed"]
    assert len(payload["results"]) == 5 and all(r["result"] for r in payload["results"])


def test_a_refused_import_exits_1_and_stores_nothing(ws: Path, tmp_path: Path) -> None:
    file = export(tmp_path / "成绩.xlsx", [("考生1", ident(1), None, "理论考试", 188, None, None, None)])
    result = xcert("--workspace", ws, "scores", "import", file, "--plan", "P1", "--json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["stored"] is False and [i["code"] for i in payload["issues"]] == ["score-out-of-range"]
    listed = json.loads(xcert("--workspace", ws, "results", "--plan", "P1", "--json").stdout)
    assert listed["counts"]["pending"] == 5


def test_an_unknown_plan_or_an_unreadable_file_exits_2(ws: Path, tmp_path: Path) -> None:
    assert xcert("--workspace", ws, "results", "--plan", "NOPE").returncode == 2
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    result = xcert("--workspace", ws, "scores", "import", broken, "--plan", "P1")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_the_sheet_the_report_and_the_template_options(ws: Path, tmp_path: Path) -> None:
    file = export(tmp_path / "成绩.xlsx", [("考生1", ident(1), None, "英语", 88, None, None, None)])
    report = tmp_path / "成绩-错误报告.xlsx"
    result = xcert("--workspace", ws, "scores", "import", file, "--plan", "P1", "--sheet", "Sheet", "--report", report)
    assert result.returncode == 1 and "未导入任何成绩" in result.stdout
    assert "没有科目“英语”" in result.stdout and report.is_file()
    template = tmp_path / "成绩模板.xlsx"
    assert xcert("scores", "template", template).returncode == 0
    assert xcert("scores", "template", template).returncode == 2  # exists: not overwritten
    assert xcert("scores", "template", template, "--force").returncode == 0


def test_awards_import_hand_out_and_list(ws: Path, tmp_path: Path) -> None:
    scores = export(tmp_path / "成绩.xlsx", [("考生1", ident(1), None, "理论考试", 88, None, None, None),
                                           ("考生1", ident(1), None, "实操考试", 71, None, None, None),
                                           ("考生2", ident(2), None, "理论考试", 88, None, None, None),
                                           ("考生2", ident(2), None, "实操考试", 30, None, None, None)])
    assert xcert("--workspace", ws, "scores", "import", scores, "--plan", "P1").returncode == 0
    header = ("姓名", "证件号码", "证书编号", "发证日期")
    wrong = export(tmp_path / "证书-错.xlsx", [("考生2", ident(2), "C-2", None)], header)
    refused = xcert("--workspace", ws, "awards", "import", wrong, "--plan", "P1", "--sheet", "Sheet", "--report",
                    tmp_path / "证书-报告.xlsx", "--json")
    assert refused.returncode == 1 and [i["code"] for i in json.loads(refused.stdout)["issues"]] == ["award-not-passed"]
    good = export(tmp_path / "证书.xlsx", [("考生1", ident(1), "C-1", "2026-07-15")], header)
    imported = xcert("--workspace", ws, "awards", "import", good, "--plan", "P1")
    assert imported.returncode == 0 and "新增 1 本证书" in imported.stdout
    listed = json.loads(xcert("--workspace", ws, "awards", "list", "--plan", "P1", "--not-collected", "--json").stdout)
    assert [a["certificate_number"] for a in listed["awards"]] == ["C-1"] and ident(1) not in str(listed)
    handed = xcert("--workspace", ws, "awards", "hand-out", "--plan", "P1", ident(1), "--by", "王老师", "--on",
                   "2026-07-20", "--json")
    assert handed.returncode == 0 and json.loads(handed.stdout)["handed_out"][0]["handed_out_on"] == "2026-07-20"
    text = xcert("--workspace", ws, "awards", "list", "--plan", "P1")
    assert "2026-07-20 由 王老师 发放" in text.stdout and ident(1) not in text.stdout
    assert "尚未领取的证书 0 本" in xcert("--workspace", ws, "awards", "list", "--plan", "P1", "--not-collected").stdout
    missing = xcert("--workspace", ws, "awards", "hand-out", "--plan", "P1", ident(2))
    assert missing.returncode == 2 and ident(2) not in missing.stderr
    template = tmp_path / "证书模板.xlsx"
    assert xcert("awards", "template", template).returncode == 0
    assert xcert("awards", "template", template, "--force").returncode == 0
    assert "已登记 1 本证书的发放" in xcert("--workspace", ws, "awards", "hand-out", "--plan", "P1", ident(1)).stdout

    sheet = tmp_path / "签收表.pdf"
    signed = xcert("--workspace", ws, "awards", "sign-off", "--plan", "P1", "--out", sheet)
    assert signed.returncode == 0 and "1 页" in signed.stdout and (sheet.stat().st_mode & 0o777) == 0o600
    text = PdfReader(sheet).pages[0].extract_text()
    assert "证书领取签收表" in text and "C-1" in text and "考生1" in text and mask_id_number(ident(1)) in text
    assert ident(1) not in text and "领取人签名" in text
    none_left = xcert("--workspace", ws, "awards", "sign-off", "--plan", "P1", "--out", sheet, "--not-collected")
    assert none_left.returncode == 2 and "没有未领取的证书" in none_left.stderr
