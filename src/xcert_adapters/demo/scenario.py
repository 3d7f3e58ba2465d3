"""``xcert demo``: a sample school taken through all eleven steps with the real commands, on SQLite.

Every step runs the same ``xcert`` command a school person would type (in-process, against the demo folder's
workspace), printed before its output. The inputs contain the mistakes schools really make; the demo shows
each being caught (exit code 1 and the report) and then fixed, and fails loudly when any command does not
answer as expected. What is left in the folder: the workspace, the input workbooks and zips (原始 = as
received, with mistakes), the error reports, the printed pack, the platform package, and the platform's
exports (as the platform would give them back) read in again by ``xcert sync platform``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shlex
import zipfile
from collections.abc import Callable
from pathlib import Path

import attrs
import click

from xcert_adapters.app.results import results_of
from xcert_adapters.demo.files import plan_toml, roster_row, write_filled, write_programs, write_zip
from xcert_adapters.demo.people import PROGRAMS, Student, generate_students
from xcert_adapters.demo.portraits import photo_jpeg, portrait
from xcert_adapters.platform.exports import write_assignment_list, write_candidate_list
from xcert_adapters.private_files import private_dir, write_private_text
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError
from xcert_core.fees.payment_sheet import payment_template
from xcert_core.labels import Gender, SubjectKind, VerificationState
from xcert_core.model import Candidate, ExamPlan, Registration, SeatAssignment, Subject
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.ports.workbooks import CellValue
from xcert_core.privacy import mask_id_number
from xcert_core.reference_data import DIGITAL_MEDIA
from xcert_core.registration.sheet import registration_template
from xcert_core.results.award_sheet import award_template
from xcert_core.results.derivation import Outcome
from xcert_core.results.score_sheet import score_template
from xcert_core.roster.template import roster_template
from xcert_core.scheduling.proctors_sheet import proctor_template
from xcert_core.scheduling.rooms_sheet import room_template

SCHOOL_CODE, SCHOOL_NAME = "4133010001", "示范职业技术学院"
CERTIFICATE = "1550001066010252"  # 数字媒体交互设计职业技能等级证书（初级）
PLAN = "DMI-1"
SITE, SITE_NAME = "S001", "示范职业技术学院信息楼考点"
INPUT, REPORTS = "资料", "报告"
_ID_LIKE = re.compile(r"^\d{17}[\dX]$")


class DemoFailedError(XcertError):
    """A demo step did not answer as expected: a bug in xcert, reported with the step."""


@attrs.define
class Demo:
    """One run of the demo into ``root`` (the workspace folder)."""

    root: Path
    students: int = 300
    storage_url: str | None = None
    """``None``: the workspace's own SQLite file; else e.g. a PostgreSQL URL (an empty database)."""
    echo: Callable[[str], None] = click.echo
    quiet: bool = False
    """Swallow the commands' own output (``xcert demo --json`` prints only its summary)."""
    plugins: XcertPlugins = attrs.field(factory=make_plugin_manager)
    steps: list[str] = attrs.field(factory=list)

    # --- running commands -------------------------------------------------------------------------------
    def xcert(self, *args: str | Path, expect: int = 0) -> None:
        """Run ``xcert ARGS`` in the workspace, showing it; :class:`DemoFailedError` unless it exits ``expect``."""
        from xcert_adapters.cli.app import cli  # noqa: PLC0415 - the CLI imports this module lazily

        words = [str(a.relative_to(self.root)) if isinstance(a, Path) and a.is_relative_to(self.root) else str(a)
                 for a in args]
        numbers = [w for w in words if _ID_LIKE.match(w)]
        if len(numbers) > 3:  # a long list of ID numbers: show a few, masked
            words = [w for w in words if w not in numbers[3:]]
            words.insert(words.index(numbers[2]) + 1, f"…（共 {len(numbers)} 个证件号码）")
        shown = " ".join(shlex.quote(mask_id_number(w) if _ID_LIKE.match(w) else w) for w in words)
        self.echo(f"\n$ xcert {shown}")
        code: int | None = 0
        quiet = contextlib.redirect_stdout(io.StringIO()) if self.quiet else contextlib.nullcontext()
        try:
            with quiet:
                cli.main(["--workspace", str(self.root), *map(str, args)], prog_name="xcert", standalone_mode=False)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except XcertError as exc:
            self.echo(f"错误 / error: {exc}")
            code = 2
        if code != expect:
            raise DemoFailedError(f"演示步骤“xcert {shown}”的退出码是 {code}，应为 {expect} / demo step exited "
                                  f"{code}, expected {expect}")

    def step(self, number: int, title: str, note: str = "") -> None:
        self.steps.append(f"{number}. {title}")
        self.echo(f"\n{'=' * 8} 第 {number} 步：{title} {'=' * 8}")
        if note:
            self.echo(note)

    def path(self, folder: str, name: str) -> Path:
        target = self.root / folder / name
        private_dir(target.parent)
        return target

    def workspace(self) -> Workspace:
        return Workspace.open(self.root, env={}, plugins=self.plugins)

    # --- the run ------------------------------------------------------------------------------------------
    def run(self, today: dt.date | None = None) -> None:
        today = today or dt.date.today()
        students = generate_students(self.students, SCHOOL_CODE)
        database = ("--db", self.storage_url) if self.storage_url else ()
        self.xcert("init", self.root, "--school-code", SCHOOL_CODE, "--school", SCHOOL_NAME,
                   "--address", "山西省太原市小店区示范路 1 号", "--year", str(today.year), "--practice", *database)
        self._pilot_and_site()
        self._roster(students)
        self._photos(students)
        self._verification()
        self._registration(students, today)
        self._rooms_and_proctors()
        self._schedule_and_pack(today.year)
        self._after_the_exam()

    def _pilot_and_site(self) -> None:
        approved = max(320, self.students + 20)
        self.step(1, "证书试点申报与培训指标", f"平台批准本校试点“数字媒体交互设计（初级）”，培训指标 {approved} 人。")
        self.xcert("certificates", "list")
        self.xcert("quota", "set", CERTIFICATE, "--approved", str(approved), "--applied", str(approved + 30))
        self.step(2, "考核站点申报与审核", "站点第一次提交被退回（缺少机房照片），补充后重新提交并审核通过。")
        self.xcert("sites", "add", SITE, "--name", SITE_NAME, "--certificate", CERTIFICATE,
                   "--address", "山西省太原市小店区示范路 1 号信息楼")
        self.xcert("sites", "review", SITE, "submit")
        self.xcert("sites", "review", SITE, "return", "--reason", "请补充机房照片")
        self.xcert("sites", "review", SITE, "submit")
        self.xcert("sites", "review", SITE, "approve")

    def _roster(self, students: list[Student]) -> None:
        self.step(3, "考生信息（学生名单）",
                  f"班主任交来的名单有 {len(students)} 名学生，其中混着学校常犯的几个错误："
                  "先检查，出错报告，改正后再导入。")
        catalogue = write_programs(PROGRAMS, self.path(INPUT, "专业目录.csv"))
        rows = [roster_row(s.candidate) for s in students]
        clean: list[list[CellValue]] = [list(r) for r in rows]
        raw: list[list[CellValue]] = [list(r) for r in rows]
        shan = next(i for i, s in enumerate(students) if s.candidate.name.startswith("单"))
        raw[shan][1] = "Dan " + str(raw[shan][1]).split(" ", 1)[1]  # pypinyin's reading of 单, not the surname's
        ouyang = next(i for i, s in enumerate(students) if s.candidate.name.startswith("欧阳"))
        raw[ouyang][1] = str(raw[ouyang][1]).replace("Ouyang", "Ou Yang")  # a compound surname split in two
        raw[0][0] = f"{raw[0][0]} "  # a trailing space (invisible in Excel)
        raw[1][4] = float(str(raw[1][4])[:17] + "0")  # typed as a number: Excel keeps 15 digits, shows 1.40106E+17
        number = str(raw[2][4])
        raw[2][4] = number[:17] + ("0" if number[17] != "0" else "1")  # a wrong check digit
        raw[3][2] = Gender.FEMALE.label if raw[3][2] == Gender.MALE.label else Gender.MALE.label  # gender vs ID
        raw[4][5] = f"{str(raw[4][5])[:3]}-{str(raw[4][5])[3:7]}-{str(raw[4][5])[7:]}"  # a phone with hyphens
        original = write_filled(self.plugins, roster_template(), raw, self.path(INPUT, "学生名单-原始.xlsx"))
        report = self.path(REPORTS, "学生名单-错误报告.xlsx")
        self.xcert("students", "check", original, "--catalogue", catalogue, "--report", report, expect=1)
        self.xcert("students", "import", original, "--catalogue", catalogue, expect=1)
        self.echo("\n按报告（问题单元格标红并有批注）改正后重新导入：")
        fixed = write_filled(self.plugins, roster_template(), clean, self.path(INPUT, "学生名单.xlsx"))
        self.xcert("students", "import", fixed, "--catalogue", catalogue)

    def _photos(self, students: list[Student]) -> None:
        self.step(4, "学生照片", "照片压缩包里：两张尺寸太大、一张其实是 PNG、一张是蓝底。"
                  "先检查，再自动修复，蓝底的重拍。")
        entries = []
        for n, student in enumerate(students):
            number = student.candidate.id_number
            if n == 0:
                data = photo_jpeg(student.look, (590, 826))
            elif n == 1:
                data = photo_jpeg(student.look, (885, 1239))
            elif n == 2:
                buffer = _png(student.look)
                data = buffer
            elif n == 3:
                data = photo_jpeg(student.look, background=(60, 130, 210))
            else:
                data = photo_jpeg(student.look)
            entries.append((f"{number}.jpg", data))
        original = write_zip(self.path(INPUT, "学生照片-原始.zip"), entries)
        roster = self.root / INPUT / "学生名单.xlsx"
        self.xcert("photos", "check", original, "--roster", roster, expect=1)
        fixed = self.path(INPUT, "学生照片-修复.zip")
        self.xcert("photos", "fix", original, "--out", fixed, "--roster", roster, expect=1)
        self.echo("\n蓝底照片无法自动修复：请该生重拍红底照片，放进压缩包后再检查、导入。")
        retaken = students[3].candidate.id_number
        with zipfile.ZipFile(fixed) as archive:
            kept = [(name, archive.read(name)) for name in archive.namelist()]
        final = write_zip(self.path(INPUT, "学生照片.zip"),
                          [*kept, (f"{retaken}.jpg", photo_jpeg(students[3].look))])
        self.xcert("photos", "check", final, "--roster", roster)
        self.xcert("photos", "import", final)
        self.echo("\n按平台的顺序，先把学生信息和照片上传平台（平台据此做公安比对）：")
        self.xcert("export", "platform")

    def _verification(self) -> None:
        self.step(5, "信息认证", "自动比对（演示用模拟认证：每 10 名有 1 名比对不一致），"
                  "不一致的由老师核对原件后人工确认。")
        self.xcert("verify", "--verifier", "fake", expect=1)
        with self.workspace() as workspace:
            review = [c.id_number for c in workspace.storage.list(Candidate, school_code=SCHOOL_CODE)
                      if c.state is VerificationState.NEEDS_REVIEW]
        if review:
            self.xcert("confirm", *review, "--reason", "已核对身份证原件和本人", "--operator", "教务处王老师")

    def _registration(self, students: list[Student], today: dt.date) -> None:
        self.step(6, "报考", "导入考试计划，再按证书批量报考。第一次的报考表里有一个姓名和名单不一致。")
        plan = self.path(INPUT, "考试计划.toml")
        write_private_text(plan, plan_toml(CERTIFICATE, PLAN, "数字媒体交互设计（初级）第一批", today))
        self.xcert("plans", "import", plan)
        rows: list[list[CellValue]] = [
            [s.candidate.name, s.candidate.id_number, "院校考生", CERTIFICATE, DIGITAL_MEDIA, "初级", SITE, SITE_NAME]
            for s in students]
        wrong = [list(r) for r in rows]
        wrong[5][0] = str(wrong[5][0])[:-1] + ("明" if not str(wrong[5][0]).endswith("明") else "亮")
        first = write_filled(self.plugins, registration_template(False), wrong, self.path(INPUT, "报考-原始.xlsx"))
        self.xcert("registrations", "import", first, "--report", self.path(REPORTS, "报考-错误报告.xlsx"), expect=1)
        fixed = write_filled(self.plugins, registration_template(False), rows, self.path(INPUT, "报考.xlsx"))
        self.xcert("registrations", "import", fixed)
        self.xcert("quota", "list")
        self.echo("\n考试费 180 元/人次，考生自费，一周内缴清：财务处给出的缴费记录里每 13 人有 1 人未缴费"
                  "（xcert status 会提示），导入后写出给财务处的对账表。")
        paid = [(s.candidate.name, s.candidate.id_number, "已缴费" if n % 13 != 5 else "未缴费", 180,
                 str(today - dt.timedelta(days=n % 5)), f"CW{today:%Y%m}{n:04d}" if n % 13 != 5 else None, None, None)
                for n, s in enumerate(students)]
        self.xcert("fees", "import", write_filled(self.plugins, payment_template(), paid,
                                                  self.path(INPUT, "缴费记录.xlsx")), "--plan", PLAN)
        self.xcert("fees", "finance", "--plan", PLAN, "--out", self.path(REPORTS, "财务对账.xlsx"))

    def _rooms_and_proctors(self) -> None:
        count = max(11, -(-self.students // 30) + 1)  # every student seated, one room to spare
        self.step(7, "考场", f"信息楼 6 个机房各 30 座，实训楼 {count - 6} 个机房各 30 座（6 行 5 列）。")
        rooms: list[tuple[CellValue, ...]] = [(SITE, SITE_NAME, f"信息楼{300 + n}", "机房", 30, None, None)
                                              for n in range(1, 7)]
        rooms += [(SITE, SITE_NAME, f"实训楼{200 + n}", "机房", 30, 6, 5) for n in range(1, count - 5)]
        self.xcert("rooms", "import", write_filled(self.plugins, room_template(), rooms, self.path(INPUT, "考场.xlsx")),
                   "--plan", PLAN)
        watchers = 2 * count + 2
        self.step(8, "监考人员", f"{watchers} 名监考老师、2 名巡考。")
        surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
        proctors: list[tuple[CellValue, ...]] = [
            (f"T{n:03d}", f"{surnames[n % len(surnames)]}老师{n // len(surnames) or ''}", f"1700000{n:04d}",
             SCHOOL_NAME, "太原", "监考", None) for n in range(watchers)]
        proctors += [(f"X{n:03d}", f"{surnames[-1 - n]}主任", f"1710000{n:04d}", SCHOOL_NAME, "太原", "巡考", None)
                     for n in range(2)]
        self.xcert("proctors", "import",
                   write_filled(self.plugins, proctor_template(), proctors, self.path(INPUT, "监考人员.xlsx")))
        self.echo("\n再次上传平台：报考、考场和监考人员（培训评价组织据此在平台排考）：")
        self.xcert("export", "platform", "--force")

    def _schedule_and_pack(self, year: int) -> None:
        self.step(9, "排考", "排考由培训评价组织在平台完成。学校先用 xcert 试排（同班同学不相邻），确认考场和监考"
                  "够用；试排的准考证号是临时的。")
        self.xcert("schedule", "--plan", PLAN, "--report", self.path(REPORTS, "排考汇总.xlsx"))
        self.echo("\n平台排考下发后，从平台导出考生名单（认证状态）和排考明细，读回工作区：座位与试排一致，"
                  "准考证号以平台的为准。")
        with self.workspace() as workspace:
            storage = workspace.storage
            states = write_candidate_list(storage, SCHOOL_CODE, self.path(INPUT, "平台导出-考生名单.xlsx"),
                                          self.plugins)
            ours = sorted({seat.ticket_number for seat in storage.list(SeatAssignment)})
            theirs = {ticket: f"{year % 100:02d}1218{n:04d}" for n, ticket in enumerate(ours, start=1)}
            seats = write_assignment_list(storage, self.path(INPUT, "平台导出-排考明细.xlsx"), self.plugins, theirs)
        self.xcert("sync", "platform", states)
        self.xcert("sync", "platform", seats)
        self.echo("\n监考和巡考按平台的排考安排（不动考位）：")
        self.xcert("schedule", "proctors", "--plan", PLAN)
        self.step(10, "打印材料", "准考证（平台的准考证号）、桌贴、门贴（每个考场每个场次一张）、签到表（PDF），"
                  "以及排考明细等 Excel。")
        self.xcert("documents", "--plan", PLAN)
        self.step(11, "考试当天准备情况",
                  "培训评价组织联系学校安装考试客户端；每个考场安装并测试后登记，再看是否就绪。")
        self.xcert("rooms", "client", "--plan", PLAN)
        self.xcert("status")


    def _after_the_exam(self) -> None:
        self.step(12, "考试之后：科目成绩与考证结果",
                  "平台发布科目成绩后导出（演示：每 40 人有 1 人两科缺考，每 9 人有 1 人实操不及格，1 人违纪），"
                  "导入后由成绩得出每名考生的考证结果，按班级写成工作簿；再导入证书编号，打印证书领取签收表。")
        with self.workspace() as workspace:
            storage = workspace.storage
            plan = storage.get(ExamPlan, (PLAN,))
            names = {c.id_number: c.name for c in storage.list(Candidate, school_code=SCHOOL_CODE)}
            tickets = {s.id_number: s.ticket_number for s in storage.list(SeatAssignment, plan_code=PLAN)}
            rows = [_score_row(n, plan, subject, names.get(reg.id_number, ""), reg.id_number,
                               tickets.get(reg.id_number))
                    for n, reg in enumerate(storage.list(Registration, plan_code=PLAN)) if reg.id_number in tickets
                    for subject in plan.subjects]
        exported = write_filled(self.plugins, score_template(), rows, self.path(INPUT, "平台导出-科目成绩.xlsx"))
        self.xcert("scores", "import", exported, "--plan", PLAN)
        self.xcert("results", "--plan", PLAN, "--out", self.path(REPORTS, "考证结果.xlsx"))
        self.echo("\n平台为通过的考生下发证书编号：导入后打印各班的证书领取签收表，发证时登记领取。")
        with self.workspace() as workspace:
            passed = [(row.name, row.result.id_number) for row in results_of(workspace, PLAN).rows
                      if row.result.outcome is Outcome.PASSED]
        awards = [(name, id_number, f"{CERTIFICATE}{n:06d}", "2026-07-15")
                  for n, (name, id_number) in enumerate(passed, start=1)]
        self.xcert("awards", "import", write_filled(self.plugins, award_template(), awards,
                                                    self.path(INPUT, "平台导出-证书信息.xlsx")), "--plan", PLAN)
        self.xcert("awards", "sign-off", "--plan", PLAN, "--out", self.path(REPORTS, "证书领取签收表.pdf"))
        self.xcert("awards", "hand-out", "--plan", PLAN, *[id_number for _, id_number in passed[:3]], "--by", "教务处")
        self.echo("\n给学校领导的统计分析报告（认证、指标、报考、考场、考证结果和成绩分布的图表）和本周周报：")
        self.xcert("report", "statistics", "--out", self.path(REPORTS, "统计分析报告.pdf"))
        self.xcert("report", "weekly", "--out", self.path(REPORTS, "周报.pdf"))


def _score_row(n: int, plan: ExamPlan, subject: Subject, name: str, id_number: str, ticket: str | None
               ) -> tuple[CellValue, ...]:
    """One row of the demo's score export: candidate ``n`` in ``subject`` (see the step's note for who fails)."""
    if n % 40 == 7:
        return (name, id_number, ticket, subject.name, None, "是", "否", "已发布")
    score = 60 + (n * 13 + ord(subject.code[0]) * 7) % 39
    if subject.kind is SubjectKind.PRACTICAL and n % 9 == 4:
        score = 41 + n % 17
    misconduct = "是" if n == 23 and subject.kind is SubjectKind.THEORY else "否"
    return (name, id_number, ticket, subject.name, score, "否", misconduct, "已发布")


def _png(look: int) -> bytes:
    buffer = io.BytesIO()
    portrait(look).save(buffer, "PNG")
    return buffer.getvalue()
