"""``xcert report statistics`` and ``xcert report weekly`` on a real workspace: the PDF's text holds the sections,
the charts and the counts the results and the ledger give; the weekly report is one page, names what changed in
its week and what is due; neither names a person or shows an ID number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from cli_run import xcert
from test_scores_and_results import SCHOOL, ident, ws
from xcert_adapters.workspace import Workspace
from xcert_core.labels import VerificationEvent, VerificationState
from xcert_core.model import SubjectScore, VerificationRecord

__all__ = ["ws"]


def _text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages)


def test_the_statistics_report_charts_the_workspace(ws: Path, tmp_path: Path) -> None:
    with Workspace.open(ws, env={}) as workspace:
        for n, (theory, practical) in enumerate([(88, 75), (90, 50), (61, 70), (40, 80)], start=1):
            workspace.storage.put(SubjectScore("P1", ident(n), "T", theory))
            workspace.storage.put(SubjectScore("P1", ident(n), "P", practical))
    out = tmp_path / "统计.pdf"
    result = xcert("--workspace", ws, "report", "statistics", "--out", out, "--as-of", "2026-07-01")
    assert result.returncode == 0, result.stderr
    pages, text = _text(out)
    assert f"（{pages} 页，" in result.stdout
    charts = int(result.stdout.split("，")[1].split(" 张图表")[0])
    assert charts >= 4
    for heading in ("考生与认证", "指标与报考", "考场", "考证结果", "认证状态", "通过人数（按班级）",
                    "P1 理论考试 成绩分布", "P1 实操考试 成绩分布", "2026年7月1日"):
        assert heading in text, heading
    # 1 passes (88/75), 2 fails the practical (pass mark 70), 3 passes, 4 fails the theory, 5 has no score
    assert "通过 2 人，未通过 2 人，缺考 0 人，待出成绩 1 人；通过率 40.0%" in text
    assert not [n for n in range(1, 7) if ident(n) in text] and "考生1" not in text


def test_the_weekly_report_is_one_page_of_changes_and_what_is_due(ws: Path, tmp_path: Path) -> None:
    roster = tmp_path / "成绩.xlsx"
    from test_scores_and_results import export  # noqa: PLC0415 - the score export of the shared fixture

    export(roster, [("考生1", ident(1), None, "理论考试", 88, None, None, None)])
    with Workspace.open(ws, env={}) as workspace:
        workspace.storage.put(VerificationRecord(SCHOOL, ident(1), 1, VerificationEvent.SUBMITTED,
                                                 VerificationState.PENDING, VerificationState.VERIFIED, "测试",
                                                 dt.datetime.now(dt.UTC)))
    assert xcert("--workspace", ws, "scores", "import", roster, "--plan", "P1").returncode == 0
    out = tmp_path / "周报.pdf"
    today = dt.date.today()
    result = xcert("--workspace", ws, "report", "weekly", "--out", out, "--week-ending", today.isoformat())
    assert result.returncode == 0, result.stderr
    pages, text = _text(out)
    assert pages == 1 and "（1 页）" in result.stdout
    assert "本周变化" in text and "导入科目成绩 1 次（写入 1 次，新增 1 条" in text
    assert "即将到期与待办" in text and "信息准确人数（按日）" in text and "暂无数据" not in text
    assert "认证：转为信息准确 1 人次" in text
    last_year = xcert("--workspace", ws, "report", "weekly", "--out", out, "--week-ending", "2020-01-07")
    text = _text(out)[1]
    assert last_year.returncode == 0 and "本周没有导入、认证或证书发放记录" in text
    assert "暂无数据" in text  # nothing verified by then: a past week's chart stops at its last day
