"""The identity family at its edges (mutation testing, #25): the first and last valid birth dates, the region
table's fallback, a passport cell holding another type's number, the English row lists, a row without a number
before a bad one, and one person entered twice with the same number beside a second number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import pycountry
import pytest
from stdnum.cn import ric

from test_roster_identity import check, codes
from xcert_core.roster.rules import identity
from xcert_core.roster.rules.identity import EARLIEST_BIRTH, ROWS_NAMED, check_id_number, region_known, rows_text

TODAY = dt.date(2026, 5, 1)


def with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def born(day: dt.date, region: str = "110105", order: str = "002") -> str:
    """A resident ID number of a known region, born on ``day``, with a valid check character."""
    return with_check_digit(f"{region}{day:%Y%m%d}{order}")


@pytest.mark.parametrize("type_text", ["身份证", None, "居民身份证"])
@pytest.mark.parametrize(("day", "valid"), [
    (EARLIEST_BIRTH, True), (EARLIEST_BIRTH - dt.timedelta(days=1), False),
    (EARLIEST_BIRTH + dt.timedelta(days=1), True), (TODAY, True), (TODAY + dt.timedelta(days=1), False),
    (TODAY - dt.timedelta(days=1), True)])
def test_a_birth_date_from_1900_01_01_to_today_is_valid(type_text: str | None, day: dt.date, valid: bool) -> None:
    """Both edges belong to the valid range, on the quick path (a declared 居民身份证) and the full one."""
    verdict = check_id_number(type_text, born(day), TODAY)
    assert [f.issue_type.code for f in verdict.findings] == ([] if valid else ["id-number-birth-date"])
    assert verdict.birth_date == (day if valid else None)


def test_the_earliest_birth_date_is_1900_01_01() -> None:
    assert dt.date(1900, 1, 1) == EARLIEST_BIRTH


@pytest.fixture
def uncached() -> Iterator[None]:
    """Region look-ups with empty caches, and empty again afterwards (other tests see the normal table)."""
    identity._county_codes.cache_clear()
    region_known.cache_clear()
    check_id_number.cache_clear()
    yield
    identity._county_codes.cache_clear()
    region_known.cache_clear()
    check_id_number.cache_clear()


CODES = ["110105", "110000", "110100", "110101", "360426", "999999", "110199", "820000", "810000", "440305",
         "440300", "650000", "654326", "000000", "110108", "371100", "371102"]


@pytest.mark.parametrize("error", [OSError, ModuleNotFoundError, UnicodeDecodeError])
def test_without_the_quick_region_table_numdb_gives_the_same_answers(
        uncached: None, monkeypatch: pytest.MonkeyPatch, error: type[Exception]) -> None:
    """When python-stdnum's loc.dat cannot be read straight (another layout of the package), the region check
    asks stdnum's own numdb, and it says the same for counties, prefectures, provinces and unknown codes."""
    quick = {code: region_known(code) for code in CODES}
    assert quick["110105"] and quick["360426"] and not quick["999999"] and not quick["000000"]

    def unreadable(package: str) -> object:
        if error is UnicodeDecodeError:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        raise error(package)

    identity._county_codes.cache_clear()
    region_known.cache_clear()
    monkeypatch.setattr(identity, "resources", SimpleNamespace(files=unreadable))  # numdb still reads its own
    assert identity._county_codes() is None
    assert {code: region_known(code) for code in CODES} == quick


def test_a_passport_cell_holding_another_types_number_suggests_that_type() -> None:
    """护照 with an 18-digit residence-permit-shaped number (a wrong check character): the passport's own
    suggestion gives way to changing the type."""
    verdict = check_id_number("护照", "830000200001010021", TODAY)
    (finding,) = verdict.findings
    assert finding.issue_type.code == "passport-format"
    assert finding.suggestion is not None and "港澳台居民居住证" in finding.suggestion
    assert finding.shape


@pytest.mark.parametrize(("rows", "zh", "en"), [
    ([3], "第 3 行", "row 3"), ([3, 7], "第 3、7 行", "rows 3, 7"),
    (list(range(3, 3 + ROWS_NAMED)), "第 " + "、".join(map(str, range(3, 3 + ROWS_NAMED))) + " 行",
     "rows " + ", ".join(map(str, range(3, 3 + ROWS_NAMED)))),
    (list(range(3, 3 + ROWS_NAMED + 3)),
     "第 " + "、".join(map(str, range(3, 3 + ROWS_NAMED))) + f" 等 {ROWS_NAMED + 3} 行",
     "rows " + ", ".join(map(str, range(3, 3 + ROWS_NAMED))) + " and 3 more")])
def test_other_rows_are_named_in_both_languages(rows: list[int], zh: str, en: str) -> None:
    assert rows_text(rows) == (zh, en)


def test_a_row_without_a_number_does_not_stop_the_rows_after_it() -> None:
    right = born(dt.date(2008, 1, 1), order="003")
    wrong_check = right[:17] + ("1" if right[17] == "0" else "0")
    issues = check({"name": "王五", "id_number": None}, {"name": "赵六", "id_number": wrong_check})
    assert "id-number-checksum" in codes(issues)


def test_one_person_twice_with_one_number_and_once_with_another_names_only_the_other() -> None:
    """Rows 3 and 4 hold one number (written with a lower-case x, so each row's number is its own string
    object), row 5 another: rows 3 and 4 name row 5 only, row 5 names both."""
    same = next(n for n in (born(dt.date(1991, 1, 1), region="360426", order=f"{k:03d}") for k in range(1, 200))
                if n.endswith("X"))
    other = born(dt.date(1991, 1, 1), region="110101", order="003")
    issues = [i for i in check({"id_number": same.lower()}, {"id_number": same.lower()}, {"id_number": other})
              if i.code == "person-multiple-ids"]
    assert [(i.row, i.message) for i in issues] == [
        (3, "第 5 行的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。"),
        (4, "第 5 行的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。"),
        (5, "第 3、4 行的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。")]


def test_a_hk_macau_permit_with_a_lower_case_letter_is_told_to_use_capitals() -> None:
    (finding,) = check_id_number("港澳居民来往内地通行证", "h12345678", TODAY).findings
    assert (finding.issue_type.code, finding.suggestion, finding.shape) == (
        "hk-macau-permit-format", "首字母 H 或 M 请用大写。", False)


def test_a_foreign_permanent_resident_id_of_19_characters_is_malformed_not_checked_as_gb11643() -> None:
    number = with_check_digit("91184019900101001") + "1"
    (finding,) = check_id_number("外国人永久居留身份证", number, TODAY).findings
    assert (finding.issue_type.code, finding.shape) == ("foreign-id-format", True)


def test_a_nationality_that_no_longer_exists_is_still_a_nationality() -> None:
    """Holders keep the number they were given: a withdrawn country's ISO 3166 code (from pycountry's historic
    countries) is accepted like a current one."""
    current = {country.numeric for country in pycountry.countries}
    withdrawn = sorted({getattr(c, "numeric", "") for c in pycountry.historic_countries} - current - {""})
    for nationality in (withdrawn[0], "840"):
        number = with_check_digit(f"911{nationality}19900101001"[:17])
        assert check_id_number("外国人永久居留身份证", number, TODAY).findings == (), nationality


@pytest.mark.parametrize("number", [born(dt.date(2008, 1, 1)), born(EARLIEST_BIRTH), born(TODAY, order="005")])
def test_the_full_check_gives_the_quick_paths_verdict_for_a_valid_resident_id(number: str) -> None:
    quick = check_id_number("身份证", number, TODAY)
    assert identity._check_id_number("身份证", number, TODAY) == quick
    assert quick.findings == () and quick.birth_date is not None and quick.male is (int(number[16]) % 2 == 1)


def test_one_person_with_three_numbers_is_warned_about_on_every_row() -> None:
    numbers = [born(dt.date(1991, 1, 1), region=region, order="003") for region in ("360426", "110101", "110105")]
    issues = [i for i in check(*({"id_number": n} for n in numbers)) if i.code == "person-multiple-ids"]
    assert [(i.row, i.message) for i in issues] == [
        (3, "第 4、5 行的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。"),
        (4, "第 3、5 行的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。"),
        (5, "第 3、4 行的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。")]


def test_the_allowed_types_name_the_resident_id_once() -> None:
    assert identity.ALLOWED_TYPES == ("身份证（即居民身份证）、港澳台居民居住证、港澳居民来往内地通行证、"
                                      "台湾居民来往大陆通行证、外国人永久居留身份证、护照")


@pytest.mark.parametrize(("type_text", "number", "code", "suggestion"), [
    # a HK/Macau permit cell holding a resident ID number (a wrong check character): change the type
    ("港澳居民来往内地通行证", "110105199001010020", "hk-macau-permit-format", "格式像是居民身份证号码"),
    # a residence permit's number under 身份证 with a wrong check character: only the check character is wrong
    ("身份证", "830000200001010021", "id-number-checksum", None),
    # a letter at the end that is no look-alike of X: a format error, no word about X
    ("身份证", "11010519491231002A", "id-number-format", None),
    # 17 characters beginning with 9 under 永居证: the form is wrong (not a GB 11643 length error)
    ("外国人永久居留身份证", "91184019900101001", "foreign-id-format", None)])
def test_which_suggestion_a_malformed_number_gets(type_text: str, number: str, code: str,
                                                  suggestion: str | None) -> None:
    (finding,) = check_id_number(type_text, number, TODAY).findings
    assert finding.issue_type.code == code
    if suggestion is None:
        assert finding.suggestion is None
    else:
        assert finding.suggestion is not None and suggestion in finding.suggestion


def test_a_type_with_spaces_inside_still_gets_the_right_type_suggested() -> None:
    (issue,) = [i for i in check({"id_type": "二代 身份证"}) if i.code == "id-type-unknown"]
    assert issue.suggestion is not None and issue.suggestion.startswith("请改为“身份证”")


def test_people_are_matched_by_name_and_birth_date_only_when_both_are_known() -> None:
    """Two rows of one name whose numbers are both invalid (no birth date to read) are not one person."""
    issues = check({"id_number": "110105199001010020"}, {"id_number": "110105199001020020"})
    assert "person-multiple-ids" not in codes(issues)


def test_a_person_entered_twice_with_one_number_does_not_stop_the_next_persons_warning() -> None:
    same = born(dt.date(1991, 1, 1), region="360426", order="007")
    first, second = (born(dt.date(2000, 2, 2), region=region, order="013") for region in ("110101", "110105"))
    issues = [i for i in check({"id_number": same}, {"id_number": same}, {"name": "李四", "id_number": first},
                               {"name": "李四", "id_number": second}) if i.code == "person-multiple-ids"]
    assert [i.row for i in issues] == [5, 6]


def test_a_19_character_number_is_never_taken_for_a_valid_resident_id() -> None:
    number = born(dt.date(1990, 1, 1)) + "1"
    verdict = check_id_number("身份证", number, TODAY)
    assert [f.issue_type.code for f in verdict.findings] == ["id-number-length"] and verdict.birth_date is None


def test_a_nationality_code_both_current_and_withdrawn_is_a_nationality() -> None:
    """Burma (104) became Myanmar under the same code: it is in pycountry's current and historic lists."""
    current = {country.numeric for country in pycountry.countries}
    withdrawn = {getattr(c, "numeric", "") for c in pycountry.historic_countries}
    assert "104" in current & withdrawn
    number = with_check_digit("91110419900101001")
    assert check_id_number("外国人永久居留身份证", number, TODAY).findings == ()


def test_many_other_rows_say_how_many_more_in_english() -> None:
    rows = list(range(3, 28))  # 25 rows: 10 named, 15 more
    assert rows_text(rows)[1] == "rows " + ", ".join(map(str, range(3, 13))) + " and 15 more"


@pytest.mark.parametrize("letter", "ABC")
def test_a_letter_before_the_check_character_is_a_format_error(letter: str) -> None:
    """A, B and C are digits to stdnum's base-13 check-character sum: with the check character that sum gives,
    such a number still is no resident ID."""
    number = with_check_digit(f"1101051990010100{letter}")
    (finding,) = check_id_number("身份证", number, TODAY).findings
    assert finding.issue_type.code == "id-number-format"
