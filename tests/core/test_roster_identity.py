"""The identity, contact and enrolment rule families on hand-made rosters.

Valid test vectors are public ones: python-stdnum's doc example 360426199101010071 and GB 11643's example
11010519491231002X; the others are built here with :func:`stdnum.cn.ric.calc_check_digit`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from xcert_core.issues import Issue, IssueType
from xcert_core.labels import IdType, Severity
from xcert_core.ports.rules import RuleFamily
from xcert_core.ports.workbooks import SheetData
from xcert_core.privacy import mask_phone
from xcert_core.roster.columns import ROSTER_COLUMNS
from xcert_core.roster.reading import read_roster
from xcert_core.roster.rules import contact, enrolment, identity
from xcert_core.roster.rules.contact import ContactRules
from xcert_core.roster.rules.enrolment import EnrolmentRules
from xcert_core.roster.rules.identity import IdentityRules
from xcert_core.roster.table import RosterContext, RosterTable, normalise_space

TODAY = dt.date(2026, 5, 1)
FAMILIES = (IdentityRules(), ContactRules(), EnrolmentRules())

STDNUM_EXAMPLE = "360426199101010071"  # male (digit 17 is 7)
GB11643_EXAMPLE = "11010519491231002X"  # female (digit 17 is 2)
MOBILE = "13812345678"


def with_check_digit(body: str) -> str:
    """The 17 digits ``body`` and their GB 11643 check character."""
    return body + ric.calc_check_digit(body + "0")


HK_RESIDENCE_PERMIT = with_check_digit("81000019900101001")  # male
TW_RESIDENCE_PERMIT = with_check_digit("83000020000101002")  # female
FOREIGN_2023 = with_check_digit("91184019900101001")  # male, born 1990-01-01
BASE_ROW = {
    "name": "张三", "name_pinyin": "Zhang San", "gender": "男", "id_type": "身份证", "id_number": STDNUM_EXAMPLE,
    "mobile": MOBILE, "enrolment_year": "2007", "program_level": "中职", "program_name": "计算机应用",
    "program_code": "710201", "catalogue_version": "2021",
}


def roster(*rows: Mapping[str, str | None], today: dt.date = TODAY) -> RosterTable:
    """A roster with the template's header on row 2 and one data row (row 3 on) per mapping over BASE_ROW. The
    sheet's only issues are its empty cells (``None`` or only whitespace), each reported once by the reader."""
    header = tuple(f"*{column.header}" for column in ROSTER_COLUMNS)
    data = tuple(tuple({**BASE_ROW, **row}.get(column.key) for column in ROSTER_COLUMNS) for row in rows)
    table, sheet_issues = read_roster(SheetData("Sheet1", (("学生信息",), header, *data)), "名单.xlsx",
                                      RosterContext(today=today))
    empty = [(row, column.header) for row, cells in enumerate(data, start=3)
             for column, cell in zip(ROSTER_COLUMNS, cells, strict=True) if not normalise_space(cell or "")]
    assert [(i.code, i.row, i.column) for i in sheet_issues] == [("roster-cell-missing", *cell) for cell in empty]
    return table


def check(*rows: Mapping[str, str | None], today: dt.date = TODAY) -> list[Issue]:
    table = roster(*rows, today=today)
    return [issue for family in FAMILIES for issue in family.check(table)]


def codes(issues: Iterable[Issue]) -> list[str]:
    return [issue.code for issue in issues]


def only(issues: list[Issue], code: str) -> Issue:
    assert codes(issues) == [code], [(i.code, i.message) for i in issues]
    return issues[0]


# --- the families as the plug-in manager sees them ------------------------------------------------------------


@pytest.mark.parametrize(("family", "module"), [(FAMILIES[0], identity), (FAMILIES[1], contact),
                                                (FAMILIES[2], enrolment)])
def test_family_declares_its_issue_types(family: RuleFamily, module: object) -> None:
    assert isinstance(family, RuleFamily)
    assert family.target == "roster"
    assert family.issue_types == module.ISSUE_TYPES  # type: ignore[attr-defined]
    for issue_type in family.issue_types:
        assert issue_type.family == family.name
        assert issue_type.title and issue_type.title_en and issue_type.message and issue_type.message_en
        assert issue_type.suggestion and issue_type.description and "\n" not in issue_type.description
        assert any("\u4e00" <= c <= "\u9fff" for c in issue_type.message + issue_type.suggestion)


def test_codes_are_unique_across_the_three_families() -> None:
    all_codes = [t.code for family in FAMILIES for t in family.issue_types]
    assert len(all_codes) == len(set(all_codes))


def test_personal_numbers_are_masked_by_their_issue_types() -> None:
    number_types = [t for t in identity.ISSUE_TYPES if t.code.startswith(("id-number", "passport", "foreign",
                                                                         "taiwan", "hk-", "residence", "person"))]
    assert all(t.personal is not None for t in number_types)
    assert all(t.personal is not None for t in contact.ISSUE_TYPES)


# --- valid rows --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        {},
        {"id_number": GB11643_EXAMPLE, "gender": "女", "enrolment_year": "1965"},
        {"id_type": "居民身份证"},
        {"id_type": "港澳台居民居住证", "id_number": HK_RESIDENCE_PERMIT, "enrolment_year": "2006"},
        {"id_type": "港澳台居民居住证", "id_number": TW_RESIDENCE_PERMIT, "gender": "女", "enrolment_year": "2016"},
        {"id_type": "港澳居民来往内地通行证", "id_number": "H12345678"},
        {"id_type": "港澳居民来往内地通行证", "id_number": "M1234567801"},
        {"id_type": "台湾居民来往大陆通行证", "id_number": "12345678"},
        {"id_type": "外国人永久居留身份证", "id_number": "USA110612011234"},
        {"id_type": "外国人永久居留身份证", "id_number": FOREIGN_2023, "enrolment_year": "2006"},
        {"id_type": "护照", "id_number": "E12345678"},
        {"id_type": "护照", "id_number": "AB123"},
        {"gender": None, "id_type": None, "id_number": None, "mobile": None, "enrolment_year": None},
    ],
)
def test_valid_rows_have_no_issues(row: dict[str, str | None]) -> None:
    assert check(row) == []


# --- 性别 and 证件类型 --------------------------------------------------------------------------------------------


def test_gender_must_be_male_or_female() -> None:
    issue = only(check({"gender": "未知"}), "gender-invalid")
    assert (issue.row, issue.column, issue.severity) == (3, "性别", Severity.ERROR)
    assert "“男”或“女”" in issue.message
    assert "男" in (only(check({"gender": "M"}), "gender-invalid").suggestion or "")


@pytest.mark.parametrize(
    ("number", "id_type", "gender", "implied"),
    [
        (STDNUM_EXAMPLE, "身份证", "女", "男"),
        (GB11643_EXAMPLE, "身份证", "男", "女"),
        (HK_RESIDENCE_PERMIT, "港澳台居民居住证", "女", "男"),
        (TW_RESIDENCE_PERMIT, "港澳台居民居住证", "男", "女"),
        (FOREIGN_2023, "外国人永久居留身份证", "女", "男"),
    ],
)
def test_gender_must_agree_with_digit_17(number: str, id_type: str, gender: str, implied: str) -> None:
    issues = list(IdentityRules().check(roster({"id_number": number, "id_type": id_type, "gender": gender})))
    issue = only(issues, "gender-id-mismatch")
    assert issue.column == "性别"
    assert f"应为“{implied}”" in (issue.suggestion or "")


def test_gender_is_not_compared_with_an_invalid_number() -> None:
    assert codes(check({"id_number": STDNUM_EXAMPLE[:-1] + "2", "gender": "女"})) == ["id-number-checksum"]


def test_id_type_must_be_a_platform_label_or_alias() -> None:
    issue = only(check({"id_type": "学生证", "id_number": None}), "id-type-unknown")
    assert issue.column == "证件类型"
    assert all(label in (issue.suggestion or "") for label in IdType.labels()[1:])
    assert "身份证" in (issue.suggestion or "")
    suggestion = only(check({"id_type": "台胞证", "id_number": "12345678"}), "id-type-unknown").suggestion
    assert suggestion is not None and suggestion.startswith("请改为“台湾居民来往大陆通行证”")


def test_unknown_type_still_checks_the_number_by_its_form() -> None:
    assert codes(check({"id_type": "学生证", "id_number": STDNUM_EXAMPLE[:-1] + "2"})) == [
        "id-type-unknown", "id-number-checksum"]


# --- 居民身份证 ----------------------------------------------------------------------------------------------------


def test_checksum_error_names_the_check_digit_but_not_the_number() -> None:
    wrong = STDNUM_EXAMPLE[:-1] + "2"
    issue = only(check({"id_number": wrong}), "id-number-checksum")
    assert (issue.row, issue.column, issue.severity) == (3, "证件号码", Severity.ERROR)
    assert "校验位应为 1" in (issue.suggestion or "")
    assert issue.value == "360***********0072"
    assert wrong not in issue.message + (issue.suggestion or "") + issue.message_en


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("36042619910101007", "id-number-length"),
        ("3604261991010100711", "id-number-length"),
        ("36042619910101O071", "id-number-format"),
        ("36042619910101007×", "id-number-format"),
        ("３６０４２６１９９１０１０１００７１", "id-number-format"),
        (with_check_digit("11010519910230001"), "id-number-birth-date"),
        (with_check_digit("11010520300101001"), "id-number-birth-date"),
        (with_check_digit("11010518991231001"), "id-number-birth-date"),
        ("110105491231002", "id-number-first-generation"),
    ],
)
def test_resident_id_errors(number: str, code: str) -> None:
    issue = only([i for i in check({"id_number": number, "gender": None})], code)
    assert issue.severity is Severity.ERROR
    assert issue.column == "证件号码"


def test_x_lookalike_gets_a_specific_suggestion() -> None:
    issue = only(check({"id_number": GB11643_EXAMPLE[:-1] + "×", "gender": "女"}), "id-number-format")
    assert "X" in (issue.suggestion or "")


def test_unknown_region_is_a_warning() -> None:
    issue = only(check({"id_number": with_check_digit("11990119900101001")}), "id-number-region")
    assert issue.severity is Severity.WARNING


def test_region_is_known_whatever_the_birth_year() -> None:
    # 140105 (小店区) dates from 1997; someone born in 1960 has it if the household was there when issued.
    assert check({"id_number": with_check_digit("14010519600101001"), "enrolment_year": "1976"}) == []


def test_lowercase_x_is_a_warning_and_the_number_is_then_checked() -> None:
    issue = only(check({"id_number": GB11643_EXAMPLE.lower(), "gender": "女", "enrolment_year": "1965"}),
                 "id-number-lowercase-x")
    assert issue.severity is Severity.WARNING and "大写" in (issue.suggestion or "")
    assert codes(check({"id_number": GB11643_EXAMPLE.lower(), "gender": "男", "enrolment_year": "1965"})) == [
        "id-number-lowercase-x", "gender-id-mismatch"]


def test_stdnum_exceptions_map_to_distinct_codes() -> None:
    cases = {
        "36042619910101007": InvalidLength,
        "36042619910101O071": InvalidFormat,
        STDNUM_EXAMPLE[:-1] + "2": InvalidChecksum,
        with_check_digit("11010519910230001"): InvalidComponent,
    }
    seen = set()
    for number, exception in cases.items():
        with pytest.raises(exception):
            ric.validate(number)
        seen.add(codes(check({"id_number": number, "gender": None}))[0])
    assert seen == {"id-number-length", "id-number-format", "id-number-checksum", "id-number-birth-date"}


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_resident_id_verdict_agrees_with_stdnum(number: str) -> None:
    number = "110101" + number[6:]  # a region python-stdnum knows in every period
    issues = [i for i in IdentityRules().check(roster({"id_number": number, "gender": None}))]
    try:
        ric.validate(number)
        birth = ric.get_birth_date(number)
    except InvalidFormat:
        assert codes(issues) == ["id-number-format"]
    except InvalidChecksum:
        assert codes(issues) == ["id-number-checksum"]
    except ValidationError:
        assert codes(issues) == ["id-number-birth-date"]
    else:
        assert codes(issues) == ([] if dt.date(1900, 1, 1) <= birth <= TODAY else ["id-number-birth-date"])


# --- the other ID types ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_type", "number", "code", "severity"),
    [
        ("港澳台居民居住证", STDNUM_EXAMPLE, "residence-permit-region", Severity.ERROR),
        ("港澳台居民居住证", HK_RESIDENCE_PERMIT[:-1] + "0", "id-number-checksum", Severity.ERROR),
        ("港澳居民来往内地通行证", "H1234567", "hk-macau-permit-format", Severity.ERROR),
        ("港澳居民来往内地通行证", "h12345678", "hk-macau-permit-format", Severity.ERROR),
        ("港澳居民来往内地通行证", "K12345678", "hk-macau-permit-format", Severity.ERROR),
        ("台湾居民来往大陆通行证", "1234567", "taiwan-permit-format", Severity.ERROR),
        ("台湾居民来往大陆通行证", "1234567801", "taiwan-permit-old-format", Severity.WARNING),
        ("台湾居民来往大陆通行证", "12345678(B)", "taiwan-permit-old-format", Severity.WARNING),
        ("外国人永久居留身份证", "US1234567890", "foreign-id-format", Severity.ERROR),
        ("外国人永久居留身份证", "usa110612011234", "foreign-id-format", Severity.ERROR),
        ("外国人永久居留身份证", FOREIGN_2023[:-1] + "0", "id-number-checksum", Severity.ERROR),
        ("身份证", with_check_digit("00010119900101123"), "id-number-province", Severity.ERROR),
        ("身份证", with_check_digit("76010119900101123"), "id-number-province", Severity.ERROR),
        ("身份证", with_check_digit("11999919900101123"), "id-number-region", Severity.WARNING),
        ("外国人永久居留身份证", with_check_digit("99084019900101001"), "foreign-id-province", Severity.ERROR),
        ("外国人永久居留身份证", with_check_digit("90084019900101001"), "foreign-id-province", Severity.ERROR),
        ("外国人永久居留身份证", with_check_digit("91199919900101001"), "foreign-id-nationality", Severity.ERROR),
        ("外国人永久居留身份证", with_check_digit("91100019900101001"), "foreign-id-nationality", Severity.ERROR),
        ("护照", "E123", "passport-format", Severity.ERROR),
        ("护照", "E-1234567", "passport-format", Severity.ERROR),
        ("护照", "E1234567890123456789", "passport-format", Severity.ERROR),
    ],
)
def test_number_must_fit_its_type(id_type: str, number: str, code: str, severity: Severity) -> None:
    issue = only(check({"id_type": id_type, "id_number": number, "gender": None}), code)
    assert issue.severity is severity
    assert issue.column == "证件号码"


def test_resident_id_under_passport_is_a_type_mismatch_warning() -> None:
    issue = only(check({"id_type": "护照", "id_number": STDNUM_EXAMPLE}), "id-type-mismatch")
    assert issue.severity is Severity.WARNING
    assert issue.column == "证件类型"
    assert "“身份证”" in (issue.suggestion or "")


def test_residence_permit_under_resident_id_is_a_type_mismatch_warning() -> None:
    issue = only(check({"id_number": HK_RESIDENCE_PERMIT, "enrolment_year": "2006"}), "id-type-mismatch")
    assert "港澳台居民居住证" in (issue.suggestion or "")
    issue = only(check({"id_number": FOREIGN_2023, "enrolment_year": "2006"}), "id-type-mismatch")
    assert "外国人永久居留身份证" in (issue.suggestion or "")


@pytest.mark.parametrize(
    ("id_type", "number", "code", "evident"),
    [
        ("身份证", "H12345678", "id-number-length", "港澳居民来往内地通行证"),
        ("身份证", "12345678", "id-number-length", "台湾居民来往大陆通行证"),
        ("外国人永久居留身份证", STDNUM_EXAMPLE, "foreign-id-format", "身份证"),
        ("港澳台居民居住证", STDNUM_EXAMPLE, "residence-permit-region", "身份证"),
        ("台湾居民来往大陆通行证", HK_RESIDENCE_PERMIT, "taiwan-permit-format", "港澳台居民居住证"),
    ],
)
def test_number_of_another_type_is_an_error_suggesting_that_type(id_type: str, number: str, code: str,
                                                                 evident: str) -> None:
    issues = [i for i in check({"id_type": id_type, "id_number": number}) if i.code == code]
    issue = only(issues, code)
    assert issue.severity is Severity.ERROR
    assert f"请把证件类型改为“{evident}”" in (issue.suggestion or "")


# --- duplicates ---------------------------------------------------------------------------------------------------


def test_duplicate_number_is_reported_on_every_row_involved() -> None:
    issues = check({}, {"name": "李四", "id_number": GB11643_EXAMPLE, "gender": "女", "enrolment_year": "1965"},
                   {"name": "张三三"}, {"id_number": STDNUM_EXAMPLE.lower()})
    duplicates = [i for i in issues if i.code == "id-number-duplicate"]
    assert [(i.row, i.message) for i in duplicates] == [
        (3, "证件号码与第 5、6 行相同。"), (5, "证件号码与第 3、6 行相同。"), (6, "证件号码与第 3、5 行相同。")]
    assert all(i.severity is Severity.ERROR and i.column == "证件号码" for i in duplicates)


def test_duplicate_upper_and_lower_case_x_are_the_same_number() -> None:
    issues = check({"id_number": GB11643_EXAMPLE, "gender": "女", "enrolment_year": "1965"},
                   {"name": "王五", "id_number": GB11643_EXAMPLE.lower(), "gender": "女", "enrolment_year": "1965"})
    assert sorted(codes(issues)) == ["id-number-duplicate", "id-number-duplicate", "id-number-lowercase-x"]


def test_many_duplicates_name_a_limited_number_of_rows() -> None:
    issues = [i for i in check(*[{}] * 15) if i.code == "id-number-duplicate"]
    assert len(issues) == 15
    assert issues[0].message == "证件号码与第 4、5、6、7、8、9、10、11、12、13 等 14 行相同。"


def test_same_name_and_birth_date_with_two_numbers_is_a_warning() -> None:
    other = with_check_digit("11010119910101003")  # same birth date as STDNUM_EXAMPLE, also male
    issues = check({}, {"name": "李四", "id_number": GB11643_EXAMPLE, "gender": "女", "enrolment_year": "1965"},
                   {"id_number": other})
    warnings = [i for i in issues if i.code == "person-multiple-ids"]
    assert [(i.row, i.message, i.severity) for i in warnings] == [
        (3, "第 5 行的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。", Severity.WARNING),
        (5, "第 3 行的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。", Severity.WARNING),
    ]
    assert codes(issues) == ["person-multiple-ids", "person-multiple-ids"]


# --- 手机号码 ------------------------------------------------------------------------------------------------------


def test_spaces_alone_in_a_mobile_number_are_left_to_the_whitespace_family() -> None:
    assert check({"mobile": "138 1234 5678"}) == []
    issue = only(check({"mobile": "+86 138 1234 5678"}), "mobile-separators")
    assert issue.message == "手机号码中有空格、国家代码 +86，平台只接受 11 位数字。"


@pytest.mark.parametrize("mobile", ["138-1234-5678", "+86 13812345678", "8613812345678",
                                    "+86-138-1234-5678", "１３８１２３４５６７８", "(+86)13812345678"])
def test_mobile_with_separators_suggests_the_masked_clean_number(mobile: str) -> None:
    issue = only(check({"mobile": mobile}), "mobile-separators")
    assert issue.column == "手机号码" and issue.severity is Severity.ERROR
    assert "138****5678" in (issue.suggestion or "")
    assert MOBILE not in issue.message + (issue.suggestion or "") + issue.message_en + (issue.value or "")


@pytest.mark.parametrize(
    ("mobile", "code"),
    [
        ("0351-1234567", "mobile-landline"),
        ("010-12345678", "mobile-landline"),
        ("(0351)1234567", "mobile-landline"),
        ("7654321", "mobile-landline"),
        ("23456789", "mobile-landline"),
        ("1381234567", "mobile-length"),
        ("138123456789", "mobile-length"),
        ("12812345678", "mobile-format"),
        ("+852 91234567", "mobile-format"),
        ("无", "mobile-format"),
    ],
)
def test_mobile_errors(mobile: str, code: str) -> None:
    issue = only(check({"mobile": mobile}), code)
    assert issue.severity is Severity.ERROR and issue.column == "手机号码"
    assert issue.value == mask_phone(mobile)


def test_landline_asks_for_a_mobile_number() -> None:
    assert "请填写手机号码" in (only(check({"mobile": "0351-1234567"}), "mobile-landline").suggestion or "")


# --- 入学年份 ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "suggested"), [("2023年", "2023"), ("2023.09", "2023"), ("２０２３", "2023"),
                                                 ("23级", None), ("二〇二三", None)])
def test_enrolment_year_must_be_four_digits(year: str, suggested: str | None) -> None:
    issue = only(check({"enrolment_year": year, "id_number": None}), "enrolment-year-format")
    assert issue.column == "入学年份"
    if suggested:
        assert f"：{suggested}" in (issue.suggestion or "")


def test_enrolment_year_not_after_this_year() -> None:
    issue = only(check({"enrolment_year": "2027", "id_number": None}), "enrolment-year-future")
    assert "2026" in issue.message
    assert check({"enrolment_year": "2026", "id_number": None}) == []


@pytest.mark.parametrize(
    ("year", "code"),
    [("2002", "enrolment-age-implausible"), ("2052", None), ("2003", "enrolment-age-unusual"),
     ("2005", None), ("2021", None), ("2022", "enrolment-age-unusual"), ("2051", "enrolment-age-unusual")],
)
def test_enrolment_age_must_be_plausible(year: str, code: str | None) -> None:
    # STDNUM_EXAMPLE was born in 1991: 2002 is 11 years, 2003 is 12, 2005 is 14, 2021 is 30, 2022 is 31.
    issues = check({"enrolment_year": year}, today=dt.date(2060, 1, 1))
    if year == "2052":
        assert codes(issues) == ["enrolment-age-implausible"]  # 61 years
    else:
        assert codes(issues) == ([code] if code else [])
    if code == "enrolment-age-implausible":
        assert issues[0].severity is Severity.ERROR and "11 岁" in issues[0].message


def test_enrolment_age_needs_a_valid_id_number() -> None:
    assert codes(check({"enrolment_year": "1995", "id_number": STDNUM_EXAMPLE[:-1] + "2"})) == ["id-number-checksum"]
    assert check({"enrolment_year": "1995", "id_type": "护照", "id_number": "E12345678"}) == []


# --- properties ---------------------------------------------------------------------------------------------------


@st.composite
def resident_ids(draw: st.DrawFn) -> tuple[str, str]:
    """A valid resident ID number and the gender its digit 17 says."""
    region = draw(st.sampled_from(["110101", "140105", "440305"]))
    birth = draw(st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)))
    sequence = draw(st.integers(0, 999))
    return with_check_digit(f"{region}{birth:%Y%m%d}{sequence:03d}"), "男" if sequence % 2 else "女"


@given(resident_ids())
def test_any_valid_resident_id_passes(id_and_gender: tuple[str, str]) -> None:
    number, gender = id_and_gender
    assert list(IdentityRules().check(roster({"id_number": number, "gender": gender}))) == []


@given(resident_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_character_change_is_reported(id_and_gender: tuple[str, str], position: int,
                                                 replacement: str) -> None:
    number, gender = id_and_gender
    changed = number[:position] + replacement + number[position + 1:]
    if changed == number:
        return
    issues = list(IdentityRules().check(roster({"id_number": changed, "gender": gender})))
    assert any(i.column == "证件号码" and i.severity is Severity.ERROR for i in issues), codes(issues)


def _decorate_mobile(mobile: str, style: int) -> str:
    return [mobile, f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}", f"+86{mobile}", f"{mobile[:3]}-{mobile[3:]}",
            mobile[:10], mobile + "0", "0" + mobile[1:]][style]


@given(st.lists(st.tuples(resident_ids(), st.sampled_from(["身份证", "护照", "港澳台居民居住证", "外国人永久居留身份证",
                                                            "台湾居民来往大陆通行证", "学生证"]),
                          st.integers(0, 19), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
                          st.integers(0, 6), st.booleans()),
                min_size=1, max_size=6))
def test_no_message_shows_a_full_id_or_mobile_number(
        rows: list[tuple[tuple[str, str], str, int, str, int, bool]]) -> None:
    specs: list[dict[str, str | None]] = []
    numbers: set[str] = set()
    for (valid, gender), id_type, damage, mobile, style, duplicate in rows:
        number = valid
        if damage < 18:  # break one character; 18 and 19 leave the number valid
            number = valid[:damage] + ("X" if valid[damage] != "X" else "0") + valid[damage + 1:]
        numbers |= {number, number.upper()}
        mobile_text = _decorate_mobile(mobile, style)
        numbers |= {mobile, mobile_text.replace(" ", "").replace("-", "").replace("+86", "")}
        spec: dict[str, str | None] = {"id_number": number, "id_type": id_type, "gender": gender,
                                       "mobile": mobile_text, "name": "同名" if duplicate else f"学生{len(specs)}"}
        specs += [spec, spec] if duplicate else [spec]
    for issue in check(*specs):
        texts = [issue.message, issue.message_en, issue.suggestion or "", issue.value or ""]
        for number in numbers:
            assert all(number not in text for text in texts), (issue.code, texts)


cells = st.one_of(st.none(), st.text(max_size=25), st.from_regex(r"[0-9xX ]{14,20}", fullmatch=True))


@given(st.lists(st.fixed_dictionaries({
    "name": cells, "gender": st.one_of(cells, st.sampled_from(["男", "女"])),
    "id_type": st.one_of(cells, st.sampled_from([*IdType.labels(), "身份证"])),
    "id_number": cells, "mobile": cells, "enrolment_year": st.one_of(cells, st.integers(1900, 2100).map(str)),
}), min_size=1, max_size=5))
def test_check_never_raises_on_arbitrary_text(rows: list[dict[str, str | None]]) -> None:
    table = roster(*rows)
    for family in FAMILIES:
        for issue in family.check(table):
            assert issue.code in {t.code for t in family.issue_types}


def test_issue_types_are_catalogue_ready() -> None:
    for issue_type in (*identity.ISSUE_TYPES, *contact.ISSUE_TYPES, *enrolment.ISSUE_TYPES):
        assert isinstance(issue_type, IssueType)
        assert issue_type.severity in (Severity.ERROR, Severity.WARNING)


# --- the quick paths agree with the full ones --------------------------------------------------------------------

ID_TYPE_TEXTS = st.sampled_from([None, "身份证", "居民身份证", "身 份证", "护照", "港澳台居民居住证",
                                 "外国人永久居留身份证", "台湾居民来往大陆通行证", "学生证"])
NEAR_VALID_IDS = st.builds(
    lambda region, birth, sequence, last, space: (
        (body := f"{region}{birth:%Y%m%d}{sequence:03d}") + (ric.calc_check_digit(body + "0") if last is None
                                                             else last)).replace(space or "\0", " "),
    st.sampled_from(["110101", "140105", "440305", "810000", "830000", "911840", "999999", "110100"]),
    st.dates(dt.date(1890, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 999),
    st.one_of(st.none(), st.sampled_from("0123456789Xx")),
    st.one_of(st.none(), st.sampled_from("0123456789")),
)


@given(ID_TYPE_TEXTS, st.one_of(NEAR_VALID_IDS, st.text(alphabet="0123456789Xx ９", max_size=19)),
       st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
def test_common_case_shortcut_gives_the_full_verdict(type_text: str | None, number: str, today: dt.date) -> None:
    """check_id_number's shortcut for a valid 居民身份证 number returns exactly what the full check returns."""
    assert identity.check_id_number.__wrapped__(type_text, number, today) == identity._check_id_number(
        type_text, number.replace(" ", ""), today)


def test_county_codes_read_from_the_file_are_stdnums() -> None:
    """The set read from loc.dat is every province + county code of numdb's own tree (ranges spelled out)."""
    codes = identity._county_codes()
    assert codes is not None and len(codes) > 6000
    by_numdb = set()
    for length, low, high, _, children in numdb.get("cn/loc").prefixes:
        assert length == 2
        for child_length, child_low, child_high, props, _ in children:
            assert child_length == 4
            if "county" in props:
                by_numdb |= {f"{province:02d}{county:04d}" for province in range(int(low), int(high) + 1)
                             for county in range(int(child_low), int(child_high) + 1)}
    assert codes == by_numdb
    assert all(identity.region_known.__wrapped__(code) for code in sorted(codes)[::50])


@given(st.text(alphabet="0123456789", min_size=0, max_size=7))
def test_region_known_is_stdnums_for_any_code(code: str) -> None:
    parts = numdb.get("cn/loc").info(code)
    assert identity.region_known.__wrapped__(code) == (len(parts) > 1 and "county" in parts[-1][1])


def test_row_verdicts_are_each_tables_own() -> None:
    first = roster({"id_number": STDNUM_EXAMPLE}, {"id_number": None})
    second = roster({"id_number": GB11643_EXAMPLE, "id_type": "护照"})
    assert identity.row_verdicts(first) == [identity.check_id_number("身份证", STDNUM_EXAMPLE, TODAY), None]
    assert identity.row_verdicts(second) == [identity.check_id_number("护照", GB11643_EXAMPLE, TODAY)]
    assert identity.row_verdicts(second) is identity.row_verdicts(second)
    assert identity.row_verdicts(first)[0] == identity.check_id_number("身份证", STDNUM_EXAMPLE, TODAY)


@settings(max_examples=200, deadline=None)
@given(province=st.integers(0, 99).map(lambda n: f"{n:02d}"), nationality=st.integers(0, 999).map(lambda n: f"{n:03d}"))
def test_a_2023_foreign_id_is_accepted_exactly_when_its_province_and_nationality_exist(province: str,
                                                                                   nationality: str) -> None:
    """Against the maintained tables (python-stdnum's divisions, pycountry's ISO 3166-1 numeric), never a typed
    list: a real province and a real country's code pass, anything else is exactly one error naming the part."""
    number = with_check_digit(f"9{province}{nationality}19900101001")
    found = codes(check({"id_type": "外国人永久居留身份证", "id_number": number, "enrolment_year": "2006"}))
    is_province = any("province" in props for _, props in numdb.get("cn/loc").info(province + "0000"))
    is_country = (pycountry.countries.get(numeric=nationality) is not None
                  or pycountry.historic_countries.get(numeric=nationality) is not None)
    if not is_province:
        assert found == ["foreign-id-province"]
    elif not is_country:
        assert found == ["foreign-id-nationality"]
    else:
        assert found == []


def _valid_numbers() -> st.SearchStrategy[tuple[str, str]]:
    """(form, a valid number of that form) for the forms whose numbers are checked digit by digit: the resident
    ID, the 港澳台居民居住证 (81/82/83 + birth date + sequence + check digit), the 2023 外国人永久居留身份证, and the
    two travel permits."""
    birth = st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)).map(lambda d: f"{d:%Y%m%d}")
    sequence = st.integers(0, 999).map(lambda n: f"{n:03d}")
    resident = st.builds(lambda r, b, s: with_check_digit(f"{r}{b}{s}"),
                         st.sampled_from(["110101", "140105", "440305"]), birth, sequence)
    permit = st.builds(lambda r, b, s: with_check_digit(f"{r}0000{b}{s}"), st.sampled_from(["81", "82", "83"]),
                       birth, sequence)
    foreign = st.builds(lambda p, c, b, s: with_check_digit(f"9{p}{c}{b}{s}"), st.sampled_from(["11", "31", "44"]),
                        st.sampled_from(["840", "392", "410", "276"]), birth, sequence)
    return st.one_of(resident.map(lambda n: ("身份证", n)), permit.map(lambda n: ("港澳台居民居住证", n)),
                     foreign.map(lambda n: ("外国人永久居留身份证", n)),
                     st.just(("港澳居民来往内地通行证", "H12345678")), st.just(("台湾居民来往大陆通行证", "12345678")))


@settings(max_examples=150, deadline=None)
@given(valid=_valid_numbers(), other=st.sampled_from(["身份证", "港澳台居民居住证", "外国人永久居留身份证",
                                                      "港澳居民来往内地通行证", "台湾居民来往大陆通行证"]))
def test_a_valid_number_of_one_form_never_passes_as_another(valid: tuple[str, str], other: str) -> None:
    """#22's property: under its own type a valid number gets no identity issue; under any other checked type it
    never passes silently (an error of the number, or the type-mismatch warning naming its form)."""
    form, number = valid
    row = {"id_type": form, "id_number": number, "enrolment_year": "2006", "gender": None}
    own = [i for i in check(row) if i.column in ("证件类型", "证件号码")]
    assert own == [], [(i.code, i.message) for i in own]
    if other == form:
        return
    found = [i for i in check({**row, "id_type": other}) if i.column in ("证件类型", "证件号码")]
    assert found, f"{number} ({form}) passed as {other}"
