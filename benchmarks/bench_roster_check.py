"""``xcert students check --json`` on a 100,000-row roster vs. bare parses of the same file.

Goal (issue 3): at most 3x a bare python-calamine parse (2x hoped), at least 5x faster than a bare openpyxl
read-only parse, peak memory under 400 MB. Every figure is a separate process, so interpreter start-up is in
all of them alike.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn import ric

from xcert_core.roster.rules.names import canonical_pinyin

ROWS = 100_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬"
         "鹏辉宇浩凯健俊帆帅旭宁瑞睿博文斌晨阳昊天宏志雪梅琳婷雯欣怡佳悦思嘉")
HEADER = ("*学生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码", "*手机号码", "*入学年份", "*专业层次",
          "*就读专业", "*专业代码", "*专业版本")
ENROLMENT_YEAR = "2021"  # students born 2003-2005: 15-18 at enrolment

BARE_CALAMINE = ("import sys; from python_calamine import CalamineWorkbook; "
                 "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()")
BARE_OPENPYXL = ("import sys; from openpyxl import load_workbook; "
                 "[r for r in load_workbook(sys.argv[1], read_only=True).worksheets[0].iter_rows(values_only=True)]")
OURS = ("import atexit, resource, sys; atexit.register(lambda: sys.stderr.write("
        "f\"MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n\")); "
        "from xcert_adapters.cli import main; main()")


def make_roster(path: Path) -> None:
    rng = random.Random(7)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["本校学生导入模板"])
    sheet.append(["注意说明：……"])
    sheet.append(list(HEADER))
    for n in range(ROWS):
        surname, given = rng.choice(SURNAMES), "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2, 2))))
        birth = dt.date(2003, 1, 1) + dt.timedelta(days=n // 100)  # 100 students a day, distinct sequence numbers
        stem = f"140105{birth:%Y%m%d}{n % 100 * 10 + rng.randint(0, 9):03d}"
        id_number = stem + ric.calc_check_digit(stem + "0")
        gender = "男" if int(stem[16]) % 2 else "女"
        pinyin = canonical_pinyin(surname + given)
        sheet.append([surname + given, pinyin, gender, "身份证", id_number, f"138{n:08d}", ENROLMENT_YEAR, "中专",
                      "计算机平面设计", "090300", "2010"])
    workbook.save(path)


def _timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr)
    return elapsed, result.stderr


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        make_roster(path)
        calamine, _ = _timed([sys.executable, "-c", BARE_CALAMINE, str(path)])
        openpyxl, _ = _timed([sys.executable, "-c", BARE_OPENPYXL, str(path)])
        ours, stderr = _timed([sys.executable, "-c", OURS, "students", "check", str(path), "--json"])
    rss_mb = int(next(line for line in stderr.splitlines() if line.startswith("MAXRSS")).split()[1]) / 1024
    return [
        f"students check --json, {ROWS:,} rows: {ours:.2f} s, peak {rss_mb:.0f} MB",
        f"bare calamine parse {calamine:.2f} s: ratio {ours / calamine:.2f}x (goal <= 3x)",
        f"bare openpyxl read-only parse {openpyxl:.2f} s: ours is {openpyxl / ours:.1f}x faster (goal >= 5x)",
    ]
