"""Issue 23, item 12: messages that misled — a console summary that showed one row's message and fix for rows
with another column or another fix, and limits called a "zip bomb"."""

from __future__ import annotations

from pathlib import Path

from roster_files import GOOD_ROWS, write_roster_csv
from test_roster_cli import xcert


def test_the_summary_shows_each_wording_with_its_own_rows(tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD_ROWS * 4]
    for n, row in enumerate(rows):
        row[4] = row[4][:-4] + f"{n:02d}" + row[4][-2:]  # distinct numbers; checksums are not what is tested
    rows[0][0] = None  # 学生姓名 empty on row 2
    for index in (1, 2, 3):
        rows[index][6] = None  # 入学年份 empty on rows 3, 4, 5
    rows[4][1] = "Chou Li"  # two pinyin mistakes with different fixes
    rows[4][0] = "仇丽"
    rows[5][1] = "Ceng Fan"
    rows[5][0] = "曾凡"
    path = write_roster_csv(tmp_path / "名单.csv", rows)
    result = xcert("students", "check", path)
    lines = result.stdout.splitlines()
    name_line = next(line for line in lines if "“学生姓名”" in line and "roster-cell-missing" in line)
    year_line = next(line for line in lines if "“入学年份”" in line and "roster-cell-missing" in line)
    assert "× 1：第 2 行" in name_line
    assert "× 3：第 3、4、5 行" in year_line
    assert any("应为“Qiu Li”" in line and "第 6 行" in line for line in lines)  # each row's own fix
    assert any("应为“Zeng Fan”" in line and "第 7 行" in line for line in lines)
