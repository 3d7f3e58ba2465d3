"""The ``names`` rule family: 学生姓名 and 姓名拼音 (GB/T 28039-2011 and the platform template's notes)."""

from __future__ import annotations

from pathlib import Path

import pypinyin
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from xcert_core.issues import Issue, IssueType
from xcert_core.labels import Severity
from xcert_core.ports.rules import RuleFamily
from xcert_core.ports.workbooks import SheetData
from xcert_core.roster.reading import read_roster
from xcert_core.roster.rules import names
from xcert_core.roster.rules.names import ISSUE_TYPES, LOOKALIKE_DOTS, NameRules, canonical_pinyin
from xcert_core.roster.surnames import (
    AMBIGUOUS_COMPOUND_SURNAMES,
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    surname_splits,
)
from xcert_core.roster.table import RosterContext, RosterRow, RosterTable, normalise_space

U_POLICIES = ("all", "yu", "v", "u")


def make_table(*rows: tuple[str | None, str | None], u_policy: str = "all") -> RosterTable:
    """A roster of (学生姓名, 姓名拼音) rows, data starting at worksheet row 2."""
    built = []
    for index, (name, pinyin) in enumerate(rows):
        raw = {"name": name, "name_pinyin": pinyin}
        clean = {key: (normalise_space(text) or None) if text is not None else None for key, text in raw.items()}
        built.append(RosterRow(index + 2, raw, clean))
    return RosterTable(file="roster.xlsx", sheet="Sheet1", header_row=1, positions={"name": 0, "name_pinyin": 1},
                       rows=tuple(built), context=RosterContext(u_policy=u_policy))


def check(name: str | None, pinyin: str | None = None, u_policy: str = "all") -> list[Issue]:
    return list(NameRules().check(make_table((name, pinyin), u_policy=u_policy)))


def codes(name: str | None, pinyin: str | None = None, u_policy: str = "all") -> list[str]:
    return [issue.code for issue in check(name, pinyin, u_policy)]


def only(name: str | None, pinyin: str | None = None, u_policy: str = "all") -> Issue:
    issues = check(name, pinyin, u_policy)
    assert len(issues) == 1, issues
    return issues[0]


# --- the family itself ---------------------------------------------------------------------------------------

def test_family_declares_its_issue_types() -> None:
    family = NameRules()
    assert isinstance(family, RuleFamily)
    assert (family.name, family.target) == ("names", "roster")
    assert family.issue_types == ISSUE_TYPES
    assert len({t.code for t in ISSUE_TYPES}) == len(ISSUE_TYPES)
    required = {"name-lookalike-dot", "name-has-digits", "name-has-latin", "name-too-short", "name-too-long",
                "pinyin-missing-space", "pinyin-extra-space", "pinyin-capitalisation", "pinyin-tone-marks",
                "pinyin-wrong-reading", "pinyin-not-latin"}
    assert required <= {t.code for t in ISSUE_TYPES}


@pytest.mark.parametrize("issue_type", ISSUE_TYPES, ids=lambda t: t.code)
def test_issue_types_are_fully_described(issue_type: IssueType) -> None:
    assert issue_type.family == "names"
    assert issue_type.title and issue_type.title_en and issue_type.message and issue_type.message_en
    assert issue_type.description and "\n" not in issue_type.description
    assert any("\u4e00" <= char <= "\u9fff" for char in issue_type.title + issue_type.message)


def test_issue_location_and_value() -> None:
    table = make_table(("张三丰", "Zhang Sanfeng"), ("单田芳", "Dan Tianfang"), ("张3", None))
    issues = list(NameRules().check(table))
    assert [(i.row, i.column, i.code, i.value) for i in issues] == [
        (3, "姓名拼音", "pinyin-wrong-reading", "Dan Tianfang"),
        (4, "学生姓名", "name-has-digits", "张3"),
    ]
    assert "Shan Tianfang" in issues[0].message and "单田芳" in issues[0].message
    assert "Shan Tianfang" in issues[0].message_en


def test_read_roster_table_is_checked() -> None:
    header = ("*学生姓名", "*姓名拼音", "*性别", "*证件类型", "*证件号码")
    sheet = SheetData("Sheet1", (
        ("本校学生导入模板",),
        header,
        ("张三丰", "Zhang Sanfeng", "男", "身份证", "11010519491231002X"),
        ("欧阳修", "Ou Yangxiu", "男", "身份证", "11010519491231002X"),
        (" 曾国藩", "Zeng  Guofan", "男", "身份证", "11010519491231002X"),
    ))
    table, _ = read_roster(sheet, "roster.xlsx")
    issues = list(NameRules().check(table))
    assert [(i.row, i.code, i.suggestion) for i in issues] == [(4, "pinyin-compound-surname-split", "Ouyang Xiu")]


def test_empty_cells_are_left_to_the_required_rule() -> None:
    assert codes(None, "Zhang Sanfeng") == []
    assert codes("张三丰", None) == []
    assert codes(None, None) == []


def test_unknown_u_policy_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="u_policy"):
        check("吕布", "Lv Bu", u_policy="ü")
    with pytest.raises(ValueError, match="u_policy"):
        canonical_pinyin("吕布", "lv")


# --- 学生姓名 ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["张三丰", "王五", "欧阳娜娜", "库尔班·热合曼", "阿卜杜热合曼·买买提·艾力",
                                  "李𠇔", "刘䶮", "王〇", "张 三", "爱新觉罗·溥仪", "司马相如"])
def test_valid_names(name: str) -> None:
    assert codes(name) == []


@pytest.mark.parametrize("dot", sorted(LOOKALIKE_DOTS))
def test_lookalike_dot_suggests_the_middle_dot(dot: str) -> None:
    issue = only(f"库尔班{dot}热合曼")
    assert issue.code == "name-lookalike-dot"
    assert issue.severity is Severity.ERROR
    assert issue.suggestion == "库尔班·热合曼"
    assert issue.column == "学生姓名"


def test_lookalike_dot_with_spaces_and_several_dots() -> None:
    issue = only("阿卜杜 • 买买提・艾力")
    assert issue.suggestion == "阿卜杜·买买提·艾力"
    assert "•" in issue.message and "・" in issue.message


def test_lookalike_dot_name_still_gets_its_pinyin_checked() -> None:
    assert codes("库尔班・热合曼", "Kuerban Reheman") == ["name-lookalike-dot"]
    assert codes("库尔班・热合曼", "Kuerban Reman") == ["name-lookalike-dot", "pinyin-wrong-reading"]


@pytest.mark.parametrize("name", ["·热合曼", "库尔班·", "库尔班··热合曼", "·"])
def test_misplaced_dot(name: str) -> None:
    assert codes(name, "Kuerban Reheman") == ["name-misplaced-dot"]


@pytest.mark.parametrize("name", ["张3", "李四2", "王五１", "12"])
def test_digits_are_an_error(name: str) -> None:
    issue = only(name, "Zhang San")
    assert (issue.code, issue.severity) == ("name-has-digits", Severity.ERROR)


@pytest.mark.parametrize("name", ["John Smith", "张Mary", "Anna-Maria O'Neil", "Ｊｏｈｎ", "José"])
def test_latin_letters_are_a_warning_and_pinyin_is_not_checked(name: str) -> None:
    issue = only(name, "whatever")
    assert (issue.code, issue.severity) == ("name-has-latin", Severity.WARNING)


@pytest.mark.parametrize("name", ["张三（转学）", "李四?", "王五-", "⼀二", "张😀"])
def test_other_characters_are_reported(name: str) -> None:
    assert codes(name, "Zhang San") == ["name-invalid-character"]


def test_kangxi_radical_suggests_the_ideograph() -> None:
    issue = only("王⼀")  # U+2F00 KANGXI RADICAL ONE, as pasted from a PDF
    assert issue.code == "name-invalid-character"
    assert issue.suggestion == "王一"


def test_one_character_is_too_short() -> None:
    issue = only("张", "Zhang")
    assert (issue.code, issue.severity) == ("name-too-short", Severity.ERROR)


def test_more_than_fifteen_characters_is_a_warning() -> None:
    assert codes("张" * 15) == []
    issue = only("张" * 16)
    assert (issue.code, issue.severity) == ("name-too-long", Severity.WARNING)
    assert codes("阿卜杜热合曼买买提·艾力库尔班热合曼吐尔逊") == []  # minority names may be long


def test_internal_spaces_are_the_whitespace_rules_business() -> None:
    assert codes("张 三 丰", "Zhang Sanfeng") == []
    assert codes("欧阳 修", "Ouyang Xiu") == []


# --- 姓名拼音 ----------------------------------------------------------------------------------------------------

def _corpus() -> list[tuple[str, str]]:
    """tests/tricky_names.tsv: correct names that are easy to get wrong (also checked as whole roster rows)."""
    lines = (Path(__file__).with_name("tricky_names.tsv").read_text(encoding="utf-8")).splitlines()
    return [tuple(line.split("\t")[:2]) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


@pytest.mark.parametrize(("name", "pinyin"), _corpus())
def test_correct_pinyin(name: str, pinyin: str) -> None:
    assert codes(name, pinyin) == []


def test_canonical_pinyin() -> None:
    assert canonical_pinyin("张三丰") == "Zhang Sanfeng"
    assert canonical_pinyin("单田芳") == "Shan Tianfang"
    assert canonical_pinyin("欧阳修") == "Ouyang Xiu"
    assert canonical_pinyin("库尔班·热合曼") == "Kuerban Reheman"
    assert canonical_pinyin("库尔班・热合曼") == "Kuerban Reheman"
    assert canonical_pinyin("贺兰芳") == "He Lanfang"
    assert canonical_pinyin("张 三丰") == "Zhang Sanfeng"
    assert canonical_pinyin("吕布") == "Lyu Bu"
    assert [canonical_pinyin("吕布", policy) for policy in U_POLICIES] == ["Lyu Bu", "Lyu Bu", "Lv Bu", "Lu Bu"]
    assert canonical_pinyin("女娲", "v") == "Nv Wa"
    assert canonical_pinyin("张") == "Zhang"
    for unreadable in ("", "John", "张3", "李𠇔", "·热合曼", "库尔班·"):
        assert canonical_pinyin(unreadable) is None


@pytest.mark.parametrize(("name", "pinyin", "code", "suggestion"), [
    ("张三丰", "Zhang San Feng", "pinyin-extra-space", "Zhang Sanfeng"),
    ("张三丰", "zhang san feng", "pinyin-extra-space", "Zhang Sanfeng"),
    ("张三丰", "ZhangSanfeng", "pinyin-missing-space", "Zhang Sanfeng"),
    ("张三丰", "Zhangsanfeng", "pinyin-missing-space", "Zhang Sanfeng"),
    ("张三丰", "Zhangsan Feng", "pinyin-missing-space", "Zhang Sanfeng"),
    ("张三丰", "zhang sanfeng", "pinyin-capitalisation", "Zhang Sanfeng"),
    ("张三丰", "ZHANG SANFENG", "pinyin-capitalisation", "Zhang Sanfeng"),
    ("张三丰", "Zhang SanFeng", "pinyin-capitalisation", "Zhang Sanfeng"),
    ("张三丰", "Zhāng Sānfēng", "pinyin-tone-marks", "Zhang Sanfeng"),
    ("张三丰", "Zha\u0304ng Sanfeng", "pinyin-tone-marks", "Zhang Sanfeng"),  # combining macron
    ("吕布", "Lǚ Bù", "pinyin-tone-marks", "Lyu Bu"),
    ("吕布", "Lü Bu", "pinyin-tone-marks", "Lyu Bu"),
    ("单田芳", "Dan Tianfang", "pinyin-wrong-reading", "Shan Tianfang"),
    ("曾国藩", "Ceng Guofan", "pinyin-wrong-reading", "Zeng Guofan"),
    ("朴槿惠", "Pu Jinhui", "pinyin-wrong-reading", "Piao Jinhui"),
    ("翟天临", "Di Tianlin", "pinyin-wrong-reading", "Zhai Tianlin"),
    ("张三丰", "Zhang San", "pinyin-wrong-reading", "Zhang Sanfeng"),
    ("张三丰", "Li Sanfeng", "pinyin-wrong-reading", "Zhang Sanfeng"),
    ("欧阳修", "Ou Yangxiu", "pinyin-compound-surname-split", "Ouyang Xiu"),
    ("欧阳修", "Ou Yang Xiu", "pinyin-compound-surname-split", "Ouyang Xiu"),
    ("欧阳修", "OuyangXiu", "pinyin-missing-space", "Ouyang Xiu"),
    ("欧阳修", "OuYang Xiu", "pinyin-capitalisation", "Ouyang Xiu"),
    ("库尔班·热合曼", "KuerbanReheman", "pinyin-missing-space", "Kuerban Reheman"),
    ("库尔班·热合曼", "Ku Er Ban Re He Man", "pinyin-extra-space", "Kuerban Reheman"),
    ("库尔班·热合曼", "Kuerban·Reheman", "pinyin-not-latin", "Kuerban Reheman"),
    ("张三丰", "张三丰", "pinyin-not-latin", "Zhang Sanfeng"),
    ("张三丰", "Zhang-Sanfeng", "pinyin-not-latin", "Zhang Sanfeng"),
    ("张三丰", "Zhang Sanfeng1", "pinyin-not-latin", "Zhang Sanfeng"),
    ("张三丰", "Ｚｈａｎｇ Ｓａｎｆｅｎｇ", "pinyin-not-latin", "Zhang Sanfeng"),
    ("张三丰", "Zhang San'feng", "pinyin-not-latin", "Zhang Sanfeng"),
    ("李乐", "li yue", "pinyin-capitalisation", "Li Yue"),  # the school's legitimate reading is kept
    ("李乐", "Li Yüe", "pinyin-tone-marks", "Li Yue"),
])
def test_wrong_pinyin(name: str, pinyin: str, code: str, suggestion: str) -> None:
    issue = only(name, pinyin)
    assert (issue.code, issue.suggestion, issue.column, issue.value) == (code, suggestion, "姓名拼音", pinyin)
    assert issue.severity is Severity.ERROR
    assert suggestion in issue.message


@pytest.mark.parametrize(("pinyin", "policies"), [
    ("Lyu Bu", {"all", "yu"}),
    ("Lv Bu", {"all", "v"}),
    ("Lu Bu", {"all", "u"}),
    ("LYU BU", set()),
])
def test_u_policy(pinyin: str, policies: set[str]) -> None:
    accepted = {policy for policy in U_POLICIES if not codes("吕布", pinyin, policy)}
    assert accepted == policies


def test_u_policy_suggestion() -> None:
    assert only("吕布", "Lv Bu", "yu").suggestion == "Lyu Bu"
    assert only("吕布", "Lyu Bu", "v").suggestion == "Lv Bu"
    assert only("吕布", "Lǚ Bù", "u").suggestion == "Lu Bu"
    assert only("吕布", "Lǚ Bù", "v").suggestion == "Lv Bu"
    assert only("女娲", "Nyu Wa", "v").code == "pinyin-wrong-reading"


def test_unreadable_character_skips_only_the_reading_check() -> None:
    assert codes("李𠇔", "Li Whatever") == []
    assert codes("李𠇔", "Li Wu Ren") == []
    assert only("李𠇔", "li ning").code == "pinyin-capitalisation"
    assert only("李𠇔", "Lǐ Níng").suggestion == "Li Ning"
    assert codes("李𠇔", "李𠇔") == []


def test_several_rows_each_get_their_own_issue() -> None:
    table = make_table(("张三丰", "Zhang Sanfeng"), ("欧阳修", "Ou Yangxiu"), ("吕布", "Lv Bu"),
                       ("李乐", "Li Yue"), ("单田芳", "Dan Tianfang"), u_policy="yu")
    found = [(i.row, i.code) for i in NameRules().check(table)]
    assert found == [(3, "pinyin-compound-surname-split"), (4, "pinyin-wrong-reading"),
                     (6, "pinyin-wrong-reading")]


# --- surnames ----------------------------------------------------------------------------------------------------

def test_surname_table_is_well_formed() -> None:
    for surname, readings in SURNAME_READINGS.items():
        assert 1 <= len(surname) <= 2 and readings
        assert all(r.islower() and r.replace("ü", "").isascii() and r.isalpha() for r in readings), surname
    assert all(len(s) == 2 for s in COMPOUND_SURNAMES)
    assert AMBIGUOUS_COMPOUND_SURNAMES <= COMPOUND_SURNAMES
    for surname, reading in {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao",
                             "查": "zha", "盖": "ge", "翟": "zhai", "尉迟": "yuchi", "万俟": "moqi",
                             "长孙": "zhangsun", "单于": "chanyu", "令狐": "linghu"}.items():
        assert SURNAME_READINGS[surname][0] == reading


def test_surname_splits() -> None:
    assert surname_splits("欧阳修") == (("欧阳", "修"),)
    assert surname_splits("欧阳") == (("欧", "阳"),)
    assert surname_splits("张三丰") == (("张", "三丰"),)
    assert surname_splits("单于洋") == (("单", "于洋"), ("单于", "洋"))


# --- properties --------------------------------------------------------------------------------------------------

GIVEN_CHARS = "伟芳秀敏静丽磊军勇艳杰娟涛霞刚桂玉兰梅琳斌辉鹏宇凯晨欣婷雪峰飞龙杨林海春晓丹建国新文志华"
WRONG_SYLLABLES = ("zhuang", "kong", "mei", "bao", "nuo")


def test_given_chars_are_unambiguous() -> None:
    for char in GIVEN_CHARS:
        assert len(pypinyin.pinyin(char, style=pypinyin.Style.NORMAL, heteronym=True)[0]) == 1, char


@given(
    surname=st.sampled_from(sorted(SURNAME_READINGS)),
    given_name=st.text(alphabet=GIVEN_CHARS, min_size=1, max_size=3),
    u_policy=st.sampled_from(U_POLICIES),
    wrong=st.sampled_from(WRONG_SYLLABLES),
)
@example(surname="单", given_name="田芳", u_policy="all", wrong="dan")
@example(surname="曾", given_name="国", u_policy="all", wrong="ceng")
@example(surname="欧阳", given_name="修", u_policy="all", wrong="ou")
def test_canonical_pinyin_is_accepted_and_suggested(surname: str, given_name: str, u_policy: str,
                                                    wrong: str) -> None:
    name = surname + given_name
    expected = canonical_pinyin(name, u_policy)
    assert expected is not None
    assert codes(name, expected, u_policy) == []
    # A reading the surname does not take: neither the table's nor (for the single-surname split of an
    # ambiguous compound surname) any of its first character's.
    taken = {r.replace("ü", "v") for r in SURNAME_READINGS[surname]}
    if surname in AMBIGUOUS_COMPOUND_SURNAMES:
        taken |= set(pypinyin.pinyin(surname[0], style=pypinyin.Style.NORMAL, heteronym=True)[0])
    assume(wrong not in taken)
    mistaken = wrong.capitalize() + " " + expected.split(" ", 1)[1]
    issue = only(name, mistaken, u_policy)
    assert issue.code == "pinyin-wrong-reading"
    assert issue.suggestion == expected


@given(name=st.text(), pinyin=st.text(), u_policy=st.sampled_from(U_POLICIES))
@example(name="张三丰", pinyin="Zhe\u0308ng Sanfeng", u_policy="all")
@example(name="\u0301", pinyin="\u0308", u_policy="v")
@example(name="·", pinyin="·", u_policy="u")
def test_check_never_raises(name: str, pinyin: str, u_policy: str) -> None:
    issues = check(name, pinyin, u_policy)
    catalogued = {t.code for t in ISSUE_TYPES}
    assert all(issue.code in catalogued for issue in issues)
    assert all(issue.suggestion for issue in issues if issue.code.startswith("pinyin-"))


# --- readings read from pypinyin's character dictionary ----------------------------------------------------------

def _pypinyin_readings(char: str) -> tuple[str, ...]:
    """What the family used to ask pypinyin for, and what :func:`names._heteronyms` must still answer."""
    found = pypinyin.pinyin(char, style=pypinyin.Style.NORMAL, heteronym=True, errors="ignore")
    readings = (r.replace("ê", "e") for r in (found[0] if found else ()))
    return tuple(dict.fromkeys(r for r in readings if r.isascii() and r.isalpha()))


def test_dictionary_readings_are_pypinyins_for_every_character_it_knows() -> None:
    table = names._char_readings()
    assert table is not None, "pinyin_dict.json not found: every lookup would import all of pypinyin"
    assert len(table) > 40_000
    different = [chr(int(code)) for code in table
                 if names._heteronyms.__wrapped__(chr(int(code))) != _pypinyin_readings(chr(int(code)))]
    assert different == []


@given(st.characters(min_codepoint=0x2e80, max_codepoint=0x323af))
def test_dictionary_readings_are_pypinyins_for_any_character(char: str) -> None:
    assert names._heteronyms.__wrapped__(char) == _pypinyin_readings(char)


def test_without_the_dictionary_file_pypinyin_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names, "_char_readings", lambda: None)
    assert names._heteronyms.__wrapped__("吕") == _pypinyin_readings("吕") == ("lv",)
    assert names._heteronyms.__wrapped__("单") == _pypinyin_readings("单")
