"""Real roster files for the tests, written the way schools' files arrive (xlsx with a title and notes row,
CSV in UTF-8 or GBK)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

HEADER = ("*学生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码", "*手机号码", "*入学年份", "*专业层次",
          "*就读专业", "*专业代码", "*专业版本")
GOOD_ROWS: tuple[tuple[object, ...], ...] = (
    ("张三丰", "Zhang Sanfeng", "男", "身份证", "140105200403150017", "13812345678", "2020", "中专",
     "计算机平面设计", "090300", "2010"),
    ("欧阳娜娜", "Ouyang Nana", "女", "身份证", "140105200507200023", "13912345678", "2020", "中专",
     "计算机平面设计", "090300", "2010"),
)


def write_roster_xlsx(path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER,
                      title_rows: int = 2, text_format: bool = True) -> Path:
    """A roster like the platform's template: title, notes, header, then ``rows`` as given (types kept)."""
    workbook = Workbook()
    sheet = workbook.active
    if title_rows >= 1:
        sheet.append(["本校学生导入模板"])
    if title_rows >= 2:
        sheet.append(["注意说明：1、姓名拼音必须填写学生姓名的全拼……"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if text_format:
        for column in sheet.iter_cols(min_row=title_rows + 2):
            for cell in column:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
    workbook.save(path)
    return path


def write_roster_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path
