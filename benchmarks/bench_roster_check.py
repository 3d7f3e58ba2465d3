"""``xcert students check --json`` on 100,000-row rosters of three kinds vs. bare parses of the same files.

Goal (issue 3, then issue 21): at most 2x a bare python-calamine parse, at least 5x faster than a bare openpyxl
read-only parse, peak memory under 400 MB, on each kind of roster (issue 21, item 4):

* ``clean``: the students of one school with 居民身份证, every row right (the check's common case);
* ``faults``: the same with a pinyin fault in one row of four (lower case, joined, tone marks, another
  reading) and a whitespace fault in another row of four (blanks at the edges, U+3000, doubled, U+00A0): tens of
  thousands of issues to build, mask and print;
* ``id types``: every 证件类型 in turn (居民身份证, 港澳台居民居住证, both 通行证 in their forms, 外国人永久居留身份证
  in the 2017 and 2023 forms, 护照), every number right.

Every figure is a separate process, so interpreter start-up is in all of them alike, and the best of
:data:`REPEATS` runs (the openpyxl parse, ten times slower, runs once). The check runs twice: as a
school's administrator runs it (one process), and with ``XCERT_WORKERS=2`` (the rule families shared with a
forked worker, :mod:`xcert_adapters.concurrency.forked_rules`), each against the same bare parse.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
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


KINDS = ("clean", "faults", "id types")
REPEATS = 3
PINYIN_FAULTS = (str.lower, lambda text: text.replace(" ", ""), lambda text: text.replace("a", "ā", 1),
                 lambda text: "Li " + text.split(" ", 1)[-1])
"""What a teacher's hand does to a canonical pinyin: lower case, the blank dropped, a tone mark, another reading
(Li for a surname that is not 李: the row's surname is never 李 when this fault is drawn)."""
WHITESPACE_FAULTS = ((0, lambda text: text + " "), (0, lambda text: text[0] + "\u3000" + text[1:]),
                     (1, lambda text: text.replace(" ", "  ")), (8, lambda text: text.replace("平", "\u00a0平")))
"""(column, fault): a trailing blank or a full-width space in the name, a doubled blank in the pinyin, a no-break
space in the program name."""


def _gb11643(stem: str) -> str:
    return stem + ric.calc_check_digit(stem + "0")


def _other_id(n: int, birth: dt.date, sequence: str) -> tuple[str, str]:
    """(证件类型, number) for row ``n`` of the ``id types`` roster: the seven forms in turn, each number right."""
    form = n % 7
    if form == 0:
        return "身份证", _gb11643(f"140105{birth:%Y%m%d}{sequence}")
    if form == 1:
        return "港澳台居民居住证", _gb11643(f"{('810000', '820000', '830000')[n % 3]}{birth:%Y%m%d}{sequence}")
    if form == 2:
        return "港澳居民来往内地通行证", f"{'HM'[n % 2]}{n % 10**8:08d}" + ("" if n % 3 else f"{n % 7:02d}")
    if form == 3:
        return "台湾居民来往大陆通行证", f"{n % 10**8:08d}"
    if form == 4:
        return "外国人永久居留身份证", f"{'USA' if n % 2 else 'GBR'}{n % 10**12:012d}"
    if form == 5:  # the 2023 form: 9, province 11, nationality 840 (the United States), birth date, sequence
        return "外国人永久居留身份证", _gb11643(f"911840{birth:%Y%m%d}{sequence}")
    return "护照", f"E{n % 10**8:08d}"


def make_roster(path: Path, kind: str = "clean") -> None:
    """A roster of ``ROWS`` students of ``kind`` (one of :data:`KINDS`) in the school's template, at ``path``."""
    rng = random.Random(7)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["本校学生导入模板"])
    sheet.append(["注意说明：……"])
    sheet.append(list(HEADER))
    for n in range(ROWS):
        surname, given = rng.choice(SURNAMES), "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2, 2))))
        birth = dt.date(2003, 1, 1) + dt.timedelta(days=n // 100)  # 100 students a day, distinct sequence numbers
        sequence = f"{n % 100 * 10 + rng.randint(0, 9):03d}"
        id_type, id_number = "身份证", _gb11643(f"140105{birth:%Y%m%d}{sequence}")
        if kind == "id types":
            id_type, id_number = _other_id(n, birth, sequence)
        gender = "男" if int(sequence[2]) % 2 else "女"
        row = [surname + given, canonical_pinyin(surname + given), gender, id_type, id_number, f"138{n:08d}",
               ENROLMENT_YEAR, "中专", "计算机平面设计", "090300", "2010"]
        if kind == "faults" and n % 4 == 1 and surname != "李":
            row[1] = PINYIN_FAULTS[n // 4 % len(PINYIN_FAULTS)](row[1])
        elif kind == "faults" and n % 4 == 2:
            column, fault = WHITESPACE_FAULTS[n // 4 % len(WHITESPACE_FAULTS)]
            row[column] = fault(row[column])
        sheet.append(row)
    workbook.save(path)


def _timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr)
    return elapsed, result.stderr


def run() -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in KINDS:
            path = Path(folder) / f"roster-{kind.replace(' ', '-')}.xlsx"
            make_roster(path, kind)
            openpyxl, _ = _timed([sys.executable, "-c", BARE_OPENPYXL, str(path)])
            calamine = ours = forked = float("inf")
            for _ in range(REPEATS):  # in rounds, so that a busy minute weighs on every side alike
                calamine = min(calamine, _timed([sys.executable, "-c", BARE_CALAMINE, str(path)])[0])
                seconds, stderr, report = _timed_check(path, workers=1)
                ours = min(ours, seconds)
                seconds, _, forked_report = _timed_check(path, workers=2)
                forked = min(forked, seconds)
                if forked_report != report:
                    raise RuntimeError(f"[{kind}] the forked check reported {forked_report}, the serial one {report}")
            rss_mb = int(next(line for line in stderr.splitlines() if line.startswith("MAXRSS")).split()[1]) / 1024
            lines += [
                f"[{kind}] students check --json, {ROWS:,} rows, {report}: {ours:.2f} s, peak {rss_mb:.0f} MB",
                f"[{kind}] bare calamine parse {calamine:.2f} s: ratio {ours / calamine:.2f}x (goal <= 2x); "
                f"with XCERT_WORKERS=2 {forked:.2f} s, ratio {forked / calamine:.2f}x",
                f"[{kind}] bare openpyxl read-only parse {openpyxl:.2f} s: ours is {openpyxl / ours:.1f}x faster "
                "(goal >= 5x)",
            ]
    return lines


def _timed_check(path: Path, *, workers: int) -> tuple[float, str, str]:
    """Seconds of ``xcert students check --json`` on ``path`` with ``XCERT_WORKERS=workers``, its stderr, and how
    many issues of which types it reported (the three most frequent), so a kind that stopped producing its faults
    shows."""
    args = [sys.executable, "-c", OURS, "students", "check", str(path), "--json"]
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, check=False,
                            env={**os.environ, "XCERT_WORKERS": str(workers)})
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr)
    issues = json.loads(result.stdout)["issues"]
    common = Counter(issue["code"] for issue in issues).most_common(3)
    return elapsed, result.stderr, f"{len(issues):,} issues" + "".join(f", {n:,} {code}" for code, n in common)
