"""A realistic, reproducible sample school: students with the names a Chinese vocational school really has.

Names mix common surnames with the ones that trip people and pypinyin up: compound surnames (复姓 欧阳, 司马,
诸葛, 上官 …), polyphonic surnames read differently as surnames (单 Shan, 曾 Zeng, 解 Xie, 仇 Qiu, 区 Ou, 朴 Piao,
查 Zha, 翟 Zhai …), and Uyghur names with the middle dot (库尔班·热合曼). 姓名拼音 is what xcert's own rule
accepts as canonical (:func:`~xcert_core.roster.rules.names.canonical_pinyin`), ID numbers are valid GB 11643
numbers (python-stdnum computes the check digit) whose 17th digit agrees with the gender, mobile numbers are
well-formed and obviously fictitious (the 170 range). Everything follows from the seed.
"""

from __future__ import annotations

import datetime as dt
import random

from attrs import frozen
from stdnum.cn import ric

from xcert_core.labels import CandidateType, Gender, IdType, ProgramLevel, VerificationState
from xcert_core.model import Candidate, Program
from xcert_core.roster.rules.names import canonical_pinyin

COMMON_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许"
                   "韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
TRICKY_SURNAMES = ("单", "曾", "解", "仇", "区", "朴", "查", "翟", "乐", "缪", "覃", "盖", "种")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "尉迟", "东方", "皇甫", "慕容", "司徒", "令狐")
GIVEN_CHARACTERS = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉燕飞宇浩然欣怡子涵思雨梓轩"
                    "一诺晨阳佳琪博文雅婷俊熙雨泽可馨嘉怡乐行长重朝行薇蕾")
UYGHUR_NAMES = (("库尔班·热合曼", Gender.MALE), ("阿卜杜拉·艾力", Gender.MALE), ("买买提·吐尔逊", Gender.MALE),
                ("古丽娜尔·阿不都", Gender.FEMALE), ("迪丽热巴·依明", Gender.FEMALE), ("热依拉·买买提", Gender.FEMALE),
                ("艾尔肯·阿布都拉", Gender.MALE), ("努尔买买提·托合提", Gender.MALE))
REGIONS = ("140105", "140106", "110101", "410102", "330106", "440305", "510104", "650102", "370102", "420102")
"""County-level division codes python-stdnum knows (太原, 北京, 郑州, 杭州, 深圳, 成都, 乌鲁木齐, 济南, 武汉)."""
UYGHUR_REGION = "650102"
PROGRAMS = (
    Program(ProgramLevel.HIGHER_VOCATIONAL, "数字媒体技术", "510204", "2021"),
    Program(ProgramLevel.HIGHER_VOCATIONAL, "计算机应用技术", "510201", "2021"),
    Program(ProgramLevel.HIGHER_VOCATIONAL, "动漫制作技术", "510215", "2021"),
    Program(ProgramLevel.SECONDARY, "计算机平面设计", "090300", "2010"),
)
"""The sample school's programs (专业), as a program catalogue lists them."""


@frozen
class Student:
    """One generated student: the roster facts and the photo's look."""

    candidate: Candidate
    look: int
    """Seeds the portrait (hair, face, clothes) so every photo differs."""


def _id_number(rng: random.Random, region: str, birth: dt.date, gender: Gender) -> str:
    sequence = rng.randrange(0, 50) * 2 + (1 if gender is Gender.MALE else 0) + 1  # odd 17th digit: male
    body = f"{region}{birth:%Y%m%d}{rng.randrange(0, 10)}{sequence % 100:02d}"[:17]
    if (int(body[16]) % 2 == 1) != (gender is Gender.MALE):
        body = body[:16] + str((int(body[16]) + 1) % 10)
    return body + ric.calc_check_digit(body + "0")  # stdnum's function skips the last (check) position


def _name(rng: random.Random, n: int) -> tuple[str, Gender | None]:
    """(name, the gender of a Uyghur name; ``None`` for a Han name, which may be either)."""
    if n % 37 == 5:
        return UYGHUR_NAMES[(n // 37) % len(UYGHUR_NAMES)]
    if n % 11 == 3:
        surname = COMPOUND_SURNAMES[(n // 11) % len(COMPOUND_SURNAMES)]
    elif n % 7 == 2:
        surname = TRICKY_SURNAMES[(n // 7) % len(TRICKY_SURNAMES)]
    else:
        surname = rng.choice(COMMON_SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARACTERS) for _ in range(rng.choice((1, 2, 2))))
    return surname + given, None


def generate_students(count: int, school_code: str, *, seed: int = 2026, enrolment_year: int = 2024) -> list[Student]:
    """``count`` distinct students of ``school_code`` (see the module docstring), state 无照片."""
    rng = random.Random(seed)
    students: list[Student] = []
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    n = 0
    while len(students) < count:
        n += 1
        name, fixed_gender = _name(rng, n)
        if name in seen_names:
            continue
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        uyghur = fixed_gender is not None
        if fixed_gender is not None:
            gender = fixed_gender
        birth = dt.date(enrolment_year - 18, 1, 1) + dt.timedelta(days=rng.randrange(0, 730))
        region = UYGHUR_REGION if uyghur else rng.choice(REGIONS)
        number = _id_number(rng, region, birth, gender)
        pinyin = canonical_pinyin(name)
        if number in seen_ids or pinyin is None:
            continue
        seen_ids.add(number)
        seen_names.add(name)
        program = PROGRAMS[len(students) % 3] if len(students) % 10 else PROGRAMS[3]
        mobile = f"170{rng.randrange(0, 10**8):08d}"
        candidate = Candidate(school_code, name, pinyin, gender, IdType.RESIDENT_ID, number, mobile,
                              enrolment_year if program.level is ProgramLevel.HIGHER_VOCATIONAL else enrolment_year - 1,
                              program.level, program.name, program.code, program.catalogue_version,
                              CandidateType.SCHOOL, None, VerificationState.NO_PHOTO)
        students.append(Student(candidate, rng.randrange(1 << 30)))
    return students
