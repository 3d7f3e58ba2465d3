"""The names family at its edges (mutation testing): pypinyin's dictionary looked for past a folder without it,
the fast path's set lookups against words typed too many or the wrong way round, an ambiguous compound surname's
other split typed in capitals or with more words, a given name with so many readings that the fast path lists none
(exactly 256 and more) and a minority name of 257 parts, ü and tone marks that are not ü, control characters, the
wording of a missing or extra space, names whose pinyin is left alone, look-alike dots in a Latin name, and a row
without pinyin before a wrong one.

Three bugs these tests found, now fixed: a correct reading whose letters also split another way between surname
and given name (称 Chen/Cheng, 干 Gan/An) was reported as a missing space once the fast path had not accepted it
(a given name of more than 256 spellings, or the reading in lower case), and a pinyin typed with the Kelvin sign
K (U+212A) passed unreported.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_roster_names import check, codes, make_table, only
from xcert_core.roster.issue_types import NAME_INVALID_CHARACTER
from xcert_core.roster.rules import names
from xcert_core.roster.rules.names import NameRules

# 干 has two readings and 明 two, 平 方 能 four each: 2 x 2 x 4 x 4 x 4 = 256 spellings of the given name, just
# as many as the fast path lists; with 月 (two readings) 512, too many, so the full check is run.
GIVEN_256 = "干明平方能"
GIVEN_512 = "干明月平方能"


# --- pypinyin's character dictionary ---------------------------------------------------------------------------

def test_the_dictionary_is_looked_for_in_every_folder_of_the_package(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    """A folder without the file, or with a broken one, is passed over for the next (a namespace package)."""
    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations
    real = list(spec.submodule_search_locations)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pinyin_dict.json").write_text("{not json", encoding="utf-8")
    folders = [str(tmp_path / "missing"), str(broken), *real]
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: SimpleNamespace(submodule_search_locations=folders))
    table = names._char_readings.__wrapped__()
    assert table is not None and table[str(ord("张"))] == "zhāng"
    folders[2:] = []
    assert names._char_readings.__wrapped__() is None


# --- the fast path and the other split of an ambiguous compound surname -------------------------------------

def test_fast_path_holds_each_word_to_its_own_characters() -> None:
    """张张: the surname's spelling in the given name's place, or the given name's in the surname's, is wrong."""
    for typed in ("Zhang Li", "Li Zhang"):
        issue = only("张张", typed)
        assert (issue.code, issue.suggestion) == ("pinyin-wrong-reading", "Zhang Zhang")
    assert codes("张张", "Zhang Zhang") == []


def test_a_third_word_is_never_accepted() -> None:
    issue = only("张三丰", "Zhang Sanfeng Sanfeng")
    assert (issue.code, issue.suggestion) == ("pinyin-wrong-reading", "Zhang Sanfeng")


def test_compound_split_typed_as_three_words() -> None:
    """单于伟 "Chan Yu Wei": three words are not the compound split's two; the compound is reported split."""
    issue = only("单于伟", "Chan Yu Wei")
    assert (issue.code, issue.suggestion) == ("pinyin-compound-surname-split", "Chanyu Wei")
    assert "'单于'" in issue.message_en


@pytest.mark.parametrize("typed", ["chanyu wei", "CHANYU WEI", "Chanyu wei", "CHANYU Wei"])
def test_compound_split_is_held_to_capitalisation(typed: str) -> None:
    issue = only("单于伟", typed)
    assert (issue.code, issue.suggestion, issue.value) == ("pinyin-capitalisation", "Chanyu Wei", typed)


@pytest.mark.parametrize(("typed", "expected"), [
    ("Chanyu", "Shan Yuwei"),  # one word: no split has one word, so the standard one
    ("Chanyu Wei Wei", "Shan Yuwei"),  # three words: likewise
    ("Danyu Wei", "Chanyu Wei"),  # two words, the first spelling 单于: the compound split
])
def test_suggestion_follows_a_split_only_with_as_many_words(typed: str, expected: str) -> None:
    issue = only("单于伟", typed)
    assert (issue.code, issue.suggestion) == ("pinyin-wrong-reading", expected)


# --- more spellings than the fast path lists ----------------------------------------------------------------

def test_given_name_with_as_many_spellings_as_the_fast_path_lists() -> None:
    """256 spellings are listed and looked up; 称干… "Chen Gan…" passes (see the misdiagnosis below)."""
    assert codes("称" + GIVEN_256, "Chen Ganmingpingfangneng") == []
    assert codes("称" + GIVEN_256, "Cheng Anmingpingfangneng") == []
    assert codes("称干", "Chen Gan") == [] and codes("称干", "Cheng An") == []


def test_given_name_with_too_many_spellings_is_checked_by_the_full_check() -> None:
    """平方能明月和: 4 x 4 x 4 x 2 x 2 x 3 = 768 spellings; the full check finds the typed words right."""
    assert codes("张平方能明月和", "Zhang Pingfangnengmingyuehe") == []
    assert codes("张平方能明月和", "Zhang Bengpangtaimingyuehuo") == []
    issue = only("张平方能明月和", "Zhang pingfangnengmingyuehe")
    assert (issue.code, issue.suggestion) == ("pinyin-capitalisation", "Zhang Pingfangnengmingyuehe")
    issue = only("张平方能明月和", "Zhang Pingfang Nengmingyuehe")
    assert (issue.code, issue.suggestion) == ("pinyin-extra-space", "Zhang Pingfangnengmingyuehe")


def test_minority_name_of_more_than_256_parts() -> None:
    """Counting the parts past CPython's small integers: 257 parts typed as 257 words pass."""
    name = "称·干" + "·阿" * 255
    assert codes(name, "Chen Gan" + " A" * 255) == []
    assert only(name, "Chen Gan" + " A" * 254).code == "pinyin-wrong-reading"


def test_correct_reading_that_also_splits_another_way_passes_the_full_check() -> None:
    assert codes("称" + GIVEN_512, "Chen Ganmingyuepingfangneng") == []


def test_lower_case_reading_that_also_splits_another_way_is_a_capitalisation_issue() -> None:
    issue = only("称干", "chen gan")
    assert (issue.code, issue.suggestion) == ("pinyin-capitalisation", "Chen Gan")


def test_a_letterlike_k_is_reported() -> None:
    issues = check("孔丽", "\u212aong Li")
    assert [(i.code, i.value, i.suggestion) for i in issues] == [("pinyin-not-latin", "\u212aong Li", "Kong Li")]
    assert check("孔丽", "Kong Li") == []


POLYPHONIC = "称干明月平方能和长乐重行"
"""Characters of two to four readings, some of which run into each other (Chen|Gan and Cheng|An)."""


@given(surname=st.sampled_from("称张长重乐"), given_name=st.text(alphabet=POLYPHONIC, min_size=1, max_size=6),
       choices=st.lists(st.integers(min_value=0, max_value=3), min_size=7, max_size=7))
@settings(max_examples=300)
def test_every_legitimate_reading_passes_and_its_lower_case_is_only_capitalisation(
        surname: str, given_name: str, choices: list[int]) -> None:
    """Whatever reading of each character the school chose, and however many spellings the given name has (past
    the fast path's 256), the right reading is accepted; typed in lower case it is a capitalisation issue whose
    suggestion keeps the school's reading."""
    surname_forms = names._surname_forms(surname, "all")
    reading = [surname_forms[choices[0] % len(surname_forms)]]
    given_reading = [names._char_forms(char, "all")[choice % len(names._char_forms(char, "all"))]
                     for char, choice in zip(given_name, choices[1:], strict=False)]
    typed = reading[0].capitalize() + " " + "".join(given_reading).capitalize()
    assert codes(surname + given_name, typed) == []
    issue = only(surname + given_name, typed.lower())
    assert (issue.code, issue.suggestion) == ("pinyin-capitalisation", typed)


# --- ü and tone marks ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "expected"), [
    ("Lù Bu", "Lu Bu"),  # grave accent (U+0300, before the diaeresis): a tone mark, not ü
    ("Lǔ Bu", "Lu Bu"),  # caron (U+030C, after the diaeresis): a tone mark, not ü
    ("Lü Bu", "Lyu Bu"),
])
def test_only_the_diaeresis_makes_u_into_yu(typed: str, expected: str) -> None:
    issue = only("吕布", typed)
    assert (issue.code, issue.suggestion) == ("pinyin-tone-marks", expected)


def test_u_umlaut_after_the_first_word() -> None:
    issue = only("张女", "Zhang Nü")
    assert (issue.code, issue.suggestion) == ("pinyin-tone-marks", "Zhang Nyu")
    assert only("张女", "Zhang Nü", "u").suggestion == "Zhang Nu"


def test_u_umlaut_after_j_q_x_y_at_the_very_start_is_u() -> None:
    """Xü is Xu (ü after j, q, x, y is written u), even as the text's first syllable; a name of unknown reading
    shows the letters as typed."""
    issue = only("李𠇔", "Xü Ning")
    assert (issue.code, issue.suggestion) == ("pinyin-tone-marks", "Xu Ning")
    assert only("李𠇔", "Nü Ning").suggestion == "Nyu Ning"


def test_a_capital_u_umlaut_alone() -> None:
    issue = only("张三丰", "Ü")
    assert (issue.code, issue.suggestion, issue.value) == ("pinyin-tone-marks", "Zhang Sanfeng", "Ü")
    issue = only("女娲", "Ü Wa", "v")
    assert (issue.code, issue.suggestion) == ("pinyin-tone-marks", "Nv Wa")


def test_tone_marks_are_not_named_among_the_other_characters() -> None:
    issue = only("张三丰", "Zhāng-Sanfeng")
    assert (issue.code, issue.suggestion) == ("pinyin-not-latin", "Zhang Sanfeng")
    assert issue.message_en == ("The pinyin 'Zhāng-Sanfeng' contains '-'; pinyin is Latin letters and spaces only; "
                                "expected 'Zhang Sanfeng'.")


def test_control_characters_are_not_pinyin() -> None:
    issue = only("张三丰", "Zhang\x01 Sanfeng")
    assert (issue.code, issue.suggestion) == ("pinyin-not-latin", "Zhang Sanfeng")


def test_pinyin_of_no_letters_at_all_suggests_the_standard_split() -> None:
    """单于伟 typed in characters: nothing says which split the school meant, so the standard one."""
    issue = only("单于伟", "单于伟")
    assert (issue.code, issue.suggestion) == ("pinyin-not-latin", "Shan Yuwei")


def test_unreadable_name_in_capitals() -> None:
    issue = only("李𠇔", "LI NING")
    assert (issue.code, issue.suggestion) == ("pinyin-capitalisation", "Li Ning")
    assert only("李𠇔", "li ning").suggestion == "Li Ning"


# --- the wording of spaces -----------------------------------------------------------------------------------

def test_missing_space_names_the_parts_it_should_separate() -> None:
    minority = only("库尔班·热合曼", "KuerbanReheman")
    assert minority.code == "pinyin-missing-space"
    assert "the parts of the name" in minority.message_en and "姓名各部分" in minority.message
    plain = only("张三丰", "ZhangSanfeng")
    assert plain.code == "pinyin-missing-space"
    assert "the surname from the given name" in plain.message_en and "姓和名" in plain.message


def test_extra_space_names_the_word_split() -> None:
    minority = only("库尔班·热合曼", "Ku Erban Reheman")
    assert (minority.code, minority.suggestion) == ("pinyin-extra-space", "Kuerban Reheman")
    assert "splits a part of the name" in minority.message_en and "每一部分的拼音应连写" in minority.message
    plain = only("张三丰", "Zhang San Feng")
    assert "splits the given name" in plain.message_en and "名的各个音节应连写" in plain.message


def test_a_space_inside_a_single_surname_is_an_extra_space() -> None:
    """Only a compound surname is 'split'; a space inside 张 is one space too many."""
    issue = only("张三丰", "Zh Ang Sanfeng")
    assert (issue.code, issue.suggestion) == ("pinyin-extra-space", "Zhang Sanfeng")


# --- names whose pinyin is not checked -----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "code"), [
    ("张3", "name-has-digits"),
    ("3", "name-has-digits"),
    ("张三（转学）", "name-invalid-character"),
    ("·热合曼", "name-misplaced-dot"),
    ("张", "name-too-short"),
])
def test_a_name_with_digits_or_other_characters_leaves_the_pinyin_alone(name: str, code: str) -> None:
    assert codes(name, "zhang san") == [code]


def test_other_characters_get_no_name_as_suggestion() -> None:
    """NFKC makes the full-width brackets ASCII ones, still not a name: the generic advice, not "张三(转学)"."""
    issue = only("张三（转学）")
    assert (issue.code, issue.suggestion) == ("name-invalid-character", NAME_INVALID_CHARACTER.suggestion)
    assert only("王⼀").suggestion == "王一"


def test_lookalike_dots_in_a_latin_name() -> None:
    """A Latin name may hold a full stop; any other look-alike dot is still reported as one."""
    assert codes("J.K. Rowling") == ["name-has-latin"]
    issues = check("John•Smith")
    assert [i.code for i in issues] == ["name-lookalike-dot", "name-has-latin"]
    assert issues[0].suggestion == "John·Smith"


def test_fifteen_characters_are_not_too_long_outside_the_plain_path() -> None:
    """A rare ideograph (𠇔, Extension B) takes the name past the quick pattern; the limit is the same."""
    assert codes("张" * 14 + "𠇔") == []
    issue = only("张" * 15 + "𠇔")
    assert (issue.code, issue.value) == ("name-too-long", "张" * 15 + "𠇔")
    assert "16" in issue.message_en and "15" in issue.message_en


def test_rows_the_family_skips_do_not_end_the_check() -> None:
    """No pinyin, no name, a name with digits: each row is passed over and the next still checked."""
    table = make_table(("张三丰", None), ("单田芳", "Dan Tianfang"), ("李𠇔", None), ("欧阳修", "Ou Yangxiu"),
                       (None, "Zhang San"), ("曾国藩", "Ceng Guofan"), ("张3", "Zhang San"), ("吕布", "Lǚ Bù"))
    found = [(i.row, i.code) for i in NameRules().check(table)]
    assert found == [(3, "pinyin-wrong-reading"), (5, "pinyin-compound-surname-split"), (7, "pinyin-wrong-reading"),
                     (8, "name-has-digits"), (9, "pinyin-tone-marks")]


def test_a_squared_ideograph_above_the_ideographs_is_suggested_as_the_character_it_stands_for() -> None:
    """🈯 (U+1F22F) folds to 指 (U+6307), a lower code point than its own: the suggestion is made all the same,
    as for a Kangxi radical (⼈, U+2F08, folds to 人 above it)."""
    assert [(i.code, i.suggestion) for i in check("张🈯")] == [("name-invalid-character", "张指")]
    assert [(i.code, i.suggestion) for i in check("张⼈")] == [("name-invalid-character", "张人")]


def test_a_space_inside_the_given_name_after_a_compound_surname_is_an_extra_space() -> None:
    """Only a space inside 欧阳 splits the compound surname; one inside 娜娜 is an extra space."""
    issue = only("欧阳娜娜", "Ouyang Na Na")
    assert (issue.code, issue.suggestion) == ("pinyin-extra-space", "Ouyang Nana")
    assert only("欧阳娜娜", "Ou Yangnana").code == "pinyin-compound-surname-split"
    assert only("欧阳娜娜", "O Uyangnana").code == "pinyin-compound-surname-split"  # after its first letter too
    assert only("欧阳娜娜", "Ouyan Gnana").code == "pinyin-compound-surname-split"  # before its last letter too


def test_a_minority_name_typed_with_a_word_too_many_is_a_wrong_reading_not_a_crash() -> None:
    """Every part's word right and one more after them: the fast path must not pair words and parts past the
    shorter list."""
    issue = only("库尔班·热合曼", "Kuerban Reheman Reheman")
    assert (issue.code, issue.suggestion) == ("pinyin-wrong-reading", "Kuerban Reheman")


def test_a_name_folding_to_characters_that_are_not_ideographs_gets_no_name_suggested() -> None:
    """Half-width katakana ｱ folds (NFKC) to ア, still no Chinese character: the advice is to retype the name
    from the ID card, not a name made of ア."""
    (issue,) = check("张ｱ")
    assert issue.code == "name-invalid-character" and "ア" not in str(issue.suggestion)
    assert issue.suggestion == "请按身份证件上的姓名重新输入（不要从 PDF 或网页复制）。"


def test_a_long_name_of_characters_with_four_readings_each_is_checked_without_listing_its_spellings() -> None:
    """平方能 four times: 4^12 (16.7 million) spellings of the given name, far past the 256 the fast path lists;
    the full check goes syllable by syllable (a mutant that lists them all runs out of time or memory)."""
    given_name = "平方能" * 4
    assert codes("张" + given_name, "Zhang " + ("pingfangneng" * 4).capitalize()) == []
    assert only("张" + given_name, "Zhang " + ("pingfangneng" * 4)).code == "pinyin-capitalisation"
    # 和 has three readings: 3, 9, 27, 81, 243 and then 972 spellings, never exactly 256; with nine characters of
    # four readings after them, 63 million
    given_name = "和" * 5 + "平方能" * 3
    assert codes("张" + given_name, "Zhang " + ("he" * 5 + "pingfangneng" * 3).capitalize()) == []
