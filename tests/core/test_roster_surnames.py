"""Issue 22, class 4: a surname's established readings are never rejected (the peer's table, row by row, and
xcert's own); a compound surname the school wrote as one word is checked and suggested as that compound; the
corpus of tricky names passes the whole roster check."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from roster_files import GOOD_ROWS, HEADER
from test_roster_names import GIVEN_CHARS, U_POLICIES, codes, only
from xcert_core.labels import Severity
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.workbooks import SheetData
from xcert_core.roster import surnames
from xcert_core.roster.checking import check_roster, roster_families
from xcert_core.roster.reading import read_roster
from xcert_core.roster.surnames import (
    AMBIGUOUS_COMPOUND_SURNAMES,
    COMPOUND_SURNAMES,
    OPEN_SURNAMES,
    SURNAME_READINGS,
    parse_peer_table,
    read_peer_table,
    toneless,
)
from xcert_core.roster.table import RosterContext

CORPUS = Path(__file__).with_name("tricky_names.tsv")
PEER_ROWS = [(surname, reading) for surname, readings in read_peer_table().items() for reading in readings]
U_SPELLING = {"all": "yu", "yu": "yu", "v": "v", "u": "u"}


def corpus() -> list[tuple[str, str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, pinyin, why = line.split("\t")
            rows.append((name, pinyin, why))
    return rows


def spelt(surname_reading: str, given_name: str, u_policy: str) -> str:
    """The pinyin of a surname read ``surname_reading`` (ü kept) and a given name of unambiguous characters."""
    from xcert_core.roster.rules.names import canonical_pinyin  # noqa: PLC0415

    given = canonical_pinyin("王" + given_name, u_policy)
    assert given is not None
    return surname_reading.replace("ü", U_SPELLING[u_policy]).capitalize() + " " + given.split(" ", 1)[1]


def test_the_peer_table_is_read_whole() -> None:
    """Every data line of the vendored file arrives, with its tone marks, and the file names its source."""
    text = (Path(surnames.__file__).parent / surnames.PEER_TABLE).read_text(encoding="utf-8")
    data_lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert len(PEER_ROWS) == len(data_lines) == 83
    assert "github.com/overtrue/pinyin" in text and "MIT" in text
    assert read_peer_table()["贠"] == ("yùn",) and read_peer_table()["单于"] == ("chán yú",)
    assert (Path(surnames.__file__).parent / "surname_data" / "overtrue-pinyin-LICENSE").is_file()


def test_a_broken_peer_line_is_an_error_naming_the_line() -> None:
    with pytest.raises(ValueError, match=r"line 2: expected surname<TAB>reading"):
        parse_peer_table("# comment\n贠 yùn\n")
    with pytest.raises(ValueError, match="line 1"):
        parse_peer_table("三个字\tsān gè zì\n")
    assert parse_peer_table("\n# only a comment\n") == {}


def test_toneless_keeps_u_umlaut() -> None:
    assert toneless("lǘ qiū") == "lüqiu"
    assert toneless("Chán yú") == "chanyu"
    assert toneless("nǚ") == "nü"


@pytest.mark.parametrize(("surname", "reading"), PEER_ROWS, ids=[s for s, _ in PEER_ROWS])
def test_every_reading_of_the_peer_table_is_accepted(surname: str, reading: str) -> None:
    """Row by row: the peer's reading is one of xcert's for that surname, and a name so spelt passes."""
    assert toneless(reading) in SURNAME_READINGS[surname]
    given_name = "伟" if len(surname) == 2 else "丽"
    assert codes(surname + given_name, spelt(toneless(reading), given_name, "all")) == []


@given(surname=st.sampled_from(sorted(SURNAME_READINGS)), data=st.data(),
       given_name=st.text(alphabet=GIVEN_CHARS, min_size=1, max_size=2), u_policy=st.sampled_from(U_POLICIES))
def test_every_surname_passes_with_each_of_its_readings(surname: str, data: st.DataObject, given_name: str,
                                                        u_policy: str) -> None:
    reading = data.draw(st.sampled_from(SURNAME_READINGS[surname]))
    assert codes(surname + given_name, spelt(reading, given_name, u_policy), u_policy) == []


def test_open_surnames_keep_their_dictionary_readings_and_suggest_the_table_one() -> None:
    assert {"贠", "浣", "不", "六"} <= OPEN_SURNAMES
    assert not OPEN_SURNAMES & {"单", "曾", "欧阳"}  # xcert's own list stays closed: 单 is never Dan
    assert codes("贠丽", "Yuan Li") == [] and codes("不凡", "Bu Fan") == []
    assert only("贠丽", "Yin Li").suggestion == "Yun Li"
    assert only("浣溪", "Hua Xi").suggestion == "Wan Xi"
    assert only("单田芳", "Dan Tianfang").suggestion == "Shan Tianfang"


@pytest.mark.parametrize(("name", "typed", "expected"), [
    ("单于伟", "Danyu Wei", "Chanyu Wei"),
    ("单于伟", "Dan Yuwei", "Shan Yuwei"),
    ("单于伟", "Shanyu Wei", "Chanyu Wei"),
    ("贺兰芳", "Jialan Fang", "He Lanfang"),  # the first word spells no reading of 贺兰: the standard split
    ("澹台灭明", "Dantai Mieming", "Tantai Mieming"),
    ("尉迟恭", "Weichi Gong", "Yuchi Gong"),
])
def test_the_suggestion_follows_the_split_the_school_wrote(name: str, typed: str, expected: str) -> None:
    issue = only(name, typed)
    assert (issue.code, issue.suggestion) == ("pinyin-wrong-reading", expected)
    assert expected in issue.message


@given(compound=st.sampled_from(sorted(AMBIGUOUS_COMPOUND_SURNAMES)),
       given_name=st.text(alphabet=GIVEN_CHARS, min_size=1, max_size=2))
def test_a_compound_written_as_one_word_is_suggested_as_the_compound(compound: str, given_name: str) -> None:
    """Whatever dictionary reading the school gave the compound's characters, a first word that spells both of
    them is held to the compound's reading, never to the single surname's split."""
    from xcert_core.roster.rules.names import _char_forms, canonical_pinyin  # noqa: PLC0415

    standard = SURNAME_READINGS[compound][0].replace("ü", "yu")
    for first in _char_forms(compound[0], "all"):
        for second in _char_forms(compound[1], "all"):
            if first + second == standard:
                continue
            given = canonical_pinyin("王" + given_name)
            assert given is not None
            typed = (first + second).capitalize() + " " + given.split(" ", 1)[1]
            found = codes(compound + given_name, typed)
            if not found:  # the typed word is also a legitimate single-surname reading: nothing to suggest
                continue
            assert only(compound + given_name, typed).suggestion == standard.capitalize() + " " + \
                given.split(" ", 1)[1]


def test_compound_surnames_cover_the_peer_tables() -> None:
    assert {s for s in read_peer_table() if len(s) == 2} <= COMPOUND_SURNAMES


def test_the_corpus_passes_the_whole_roster_check() -> None:
    """Each tricky name in a full roster row (its own valid ID number, gender to match) gets no error."""
    plugins = make_plugin_manager(env={})
    families = roster_families(plugins.rule_families("roster"))
    rows = []
    for index, (name, pinyin, _why) in enumerate(corpus()):
        body = f"14010520040315{index:03d}"
        number = body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder check digit
        gender = "男" if int(number[16]) % 2 else "女"
        phone = f"138{index:08d}"
        rows.append((name, pinyin, gender, "身份证", number, phone, *GOOD_ROWS[0][6:]))
    # One wrong row last, so a check that found nothing at all would not pass.
    rows.append(("单田芳", "Dan Tianfang", "男", "身份证", "140105200403159994", "13999999999", *rows[-1][6:]))
    table, sheet_issues = read_roster(SheetData("Sheet1", (HEADER, *rows)), "名单.xlsx", RosterContext())
    report = check_roster(table, sheet_issues, families, plugins.catalogue)
    errors = [(i.row, i.code, i.value) for i in report if i.severity is Severity.ERROR]
    assert errors == [(len(rows) + 1, "pinyin-wrong-reading", "Dan Tianfang")]
    assert len(table.rows) == len(corpus()) + 1 > 30
