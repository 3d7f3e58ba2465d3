"""Identity rules: 性别, 证件类型 and 证件号码 of each roster row, and the same person or number twice in a file.

证件号码 is checked by the type in 证件类型:

* 居民身份证 (the template writes 身份证): GB 11643, 18 characters, MOD 11-2 check digit, a real birth date not
  after today, an address code python-stdnum knows (a warning only: its table may lag new codes). A 15-digit
  first-generation number is an error, the platform needs 18 digits.
* 港澳台居民居住证: GB 11643 with address code 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan).
* 港澳居民来往内地通行证: H or M and 8 digits, or 10 digits including the renewal count.
* 台湾居民来往大陆通行证: 8 digits; the old form with a renewal count or a letter in brackets is a warning.
* 外国人永久居留身份证: the 2017 form (3 letters and 12 digits; format only) or the 2023 form (18 digits: 9, the
  issuing province's two-digit code, the nationality's three-digit ISO 3166-1 numeric code, the birth date in
  digits 7-14, a sequence with the gender in digit 17, the MOD 11-2 check digit as GB 11643). A province part
  that is no province (python-stdnum's division table) or a nationality part that is no country (pycountry's
  ISO 3166-1 data) makes the number valid for no document: an error.
* 护照: 5 to 17 letters or digits.

A number that has another type's form gets the suggestion to change the type; a valid 18-digit number under a type
the platform barely checks (护照) or with the wrong address code for 居民身份证 is a warning ``id-type-mismatch``.

Numbers are personal data: issues carry them masked in ``value`` and never print them in messages. Messages do
not print the birth date either (with the masked number it would give away most of the number).
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import pycountry
from attrs import frozen
from stdnum import numdb
from stdnum.cn import ric

from xcert_core.issues import Issue, IssueType
from xcert_core.labels import Gender, IdType, Severity
from xcert_core.roster.issue_types import (
    FOREIGN_ID_FORMAT,
    FOREIGN_ID_NATIONALITY,
    FOREIGN_ID_PROVINCE,
    GENDER_ID_MISMATCH,
    GENDER_INVALID,
    HK_MACAU_PERMIT_FORMAT,
    ID_NUMBER_BIRTH_DATE,
    ID_NUMBER_CHECKSUM,
    ID_NUMBER_DUPLICATE,
    ID_NUMBER_FIRST_GENERATION,
    ID_NUMBER_FORMAT,
    ID_NUMBER_LENGTH,
    ID_NUMBER_LOWERCASE_X,
    ID_NUMBER_PROVINCE,
    ID_NUMBER_REGION,
    ID_TYPE_MISMATCH,
    ID_TYPE_UNKNOWN,
    PASSPORT_FORMAT,
    PERSON_MULTIPLE_IDS,
    RESIDENCE_PERMIT_REGION,
    TAIWAN_PERMIT_FORMAT,
    TAIWAN_PERMIT_OLD_FORMAT,
)
from xcert_core.roster.table import RosterTable

FAMILY = "identity"


ISSUE_TYPES = (
    GENDER_INVALID, GENDER_ID_MISMATCH, ID_TYPE_UNKNOWN, ID_TYPE_MISMATCH, ID_NUMBER_LENGTH, ID_NUMBER_FORMAT,
    ID_NUMBER_CHECKSUM, ID_NUMBER_BIRTH_DATE, ID_NUMBER_PROVINCE, ID_NUMBER_REGION, ID_NUMBER_LOWERCASE_X,
    ID_NUMBER_FIRST_GENERATION,
    RESIDENCE_PERMIT_REGION, HK_MACAU_PERMIT_FORMAT, TAIWAN_PERMIT_FORMAT, TAIWAN_PERMIT_OLD_FORMAT,
    FOREIGN_ID_FORMAT, FOREIGN_ID_PROVINCE, FOREIGN_ID_NATIONALITY, PASSPORT_FORMAT, ID_NUMBER_DUPLICATE,
    PERSON_MULTIPLE_IDS,
)

ID_TYPES: dict[str, IdType] = {text: t for t in IdType for text in (t.label, *t.aliases)}
"""What may stand in 证件类型: every label and alias."""
GENDERS: dict[str, Gender] = {text: g for g in Gender for text in (g.label, *g.aliases)}
GENDER_EN = {Gender.MALE: "male", Gender.FEMALE: "female"}
_GENDER_SYNONYMS = {"男性": Gender.MALE, "男生": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE,
                    "女性": Gender.FEMALE, "女生": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE}
_ID_TYPE_SYNONYMS = {
    "二代身份证": IdType.RESIDENT_ID, "身份证号": IdType.RESIDENT_ID, "身份证号码": IdType.RESIDENT_ID,
    "中华人民共和国居民身份证": IdType.RESIDENT_ID, "居民身份证号码": IdType.RESIDENT_ID,
    "港澳台居住证": IdType.RESIDENCE_PERMIT, "居住证": IdType.RESIDENCE_PERMIT,
    "回乡证": IdType.HK_MACAU_TRAVEL_PERMIT, "港澳通行证": IdType.HK_MACAU_TRAVEL_PERMIT,
    "港澳居民通行证": IdType.HK_MACAU_TRAVEL_PERMIT,
    "台胞证": IdType.TAIWAN_TRAVEL_PERMIT, "台湾通行证": IdType.TAIWAN_TRAVEL_PERMIT,
    "台湾居民通行证": IdType.TAIWAN_TRAVEL_PERMIT,
    "永居证": IdType.FOREIGN_PERMANENT_RESIDENT_ID, "外国人永久居留证": IdType.FOREIGN_PERMANENT_RESIDENT_ID,
    "绿卡": IdType.FOREIGN_PERMANENT_RESIDENT_ID, "中国绿卡": IdType.FOREIGN_PERMANENT_RESIDENT_ID,
    "外国护照": IdType.PASSPORT, "中国护照": IdType.PASSPORT,
}
TYPE_EN = {
    IdType.RESIDENT_ID: "resident ID",
    IdType.RESIDENCE_PERMIT: "HK/Macau/Taiwan residence permit",
    IdType.HK_MACAU_TRAVEL_PERMIT: "HK/Macau travel permit",
    IdType.TAIWAN_TRAVEL_PERMIT: "Taiwan travel permit",
    IdType.FOREIGN_PERMANENT_RESIDENT_ID: "foreign permanent resident ID",
    IdType.PASSPORT: "passport",
}
ALLOWED_TYPES = "、".join(("身份证（即居民身份证）", *IdType.labels()[1:]))
HMT_REGIONS = frozenset({"810000", "820000", "830000"})
"""The address codes of 港澳台居民居住证 numbers: Hong Kong, Macau, Taiwan."""
EARLIEST_BIRTH = dt.date(1900, 1, 1)
ROWS_NAMED = 10
"""At most this many other row numbers are named in a duplicate's message."""

_GB11643 = re.compile(r"[0-9]{17}[0-9X]")
_LOWERCASE_X = re.compile(r"[0-9]{17}x")
_FIRST_GENERATION = re.compile(r"[0-9]{15}")
_HK_MACAU = re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?")
_TAIWAN = re.compile(r"[0-9]{8}")
_TAIWAN_OLD = re.compile(r"[0-9]{8}(?:[0-9]{2}|[(（][A-Z]{1,2}[)）])")
_FOREIGN_OLD = re.compile(r"[A-Z]{3}[0-9]{12}")
_PASSPORT = re.compile(r"[A-Za-z0-9]{5,17}")
_X_LOOKALIKES = "×ＸｘΧχ╳"
_CHECK_CHARACTERS = frozenset("0123456789X")


def type_choice(id_type: IdType) -> str:
    """What to write in 证件类型 for ``id_type``: the template's drop-down value (身份证 for 居民身份证)."""
    return "身份证" if id_type is IdType.RESIDENT_ID else id_type.label


@frozen
class Finding:
    """One problem with a number, before it has a row: issue type, template parameters, suggestion override.

    ``shape`` marks a number that does not have the declared type's form at all, so that a suggestion to change
    the type may replace the type's own suggestion.
    """

    issue_type: IssueType
    params: tuple[tuple[str, str], ...] = ()
    suggestion: str | None = None
    shape: bool = False


class IdVerdict(NamedTuple):
    """What a 证件号码 under a 证件类型 comes to.

    ``number`` is the number as compared for duplicates (spaces removed, upper case); ``birth_date`` and ``male``
    are known when the number is a GB 11643-style number with the right check digit and a real past birth date,
    whatever type was declared. A named tuple, not an attrs class: one is made per distinct number of a
    100,000-row file, and tuple construction is several times cheaper.
    """

    number: str
    findings: tuple[Finding, ...]
    birth_date: dt.date | None = None
    male: bool | None = None


_TYPE_PARAMS = {t: (("type", t.label), ("type_en", TYPE_EN[t])) for t in IdType}


def _type_params(id_type: IdType) -> tuple[tuple[str, str], ...]:
    return _TYPE_PARAMS[id_type]


@lru_cache(maxsize=8192)
def region_known(code: str) -> bool:
    """Whether python-stdnum's table has ``code`` as a county-level division code in any period.

    Deliberately not tied to the birth year: the address code is the household's when the number was issued,
    so someone born in 1960 may well have a code created in 1990.
    """
    counties = _county_codes()
    if counties is not None:
        return code in counties
    parts = numdb.get("cn/loc").info(code)
    return len(parts) > 1 and "county" in parts[-1][1]


_LOC_LINE = re.compile(r'([0-9]{2}) province="[^"\n]*"|  ([0-9]{4}) county="[^"\n]*"|#[^\n]*|')


@lru_cache(maxsize=1)
def _county_codes() -> frozenset[str] | None:
    """Every six-digit code python-stdnum's ``cn/loc.dat`` lists as a county under a province, read straight from
    the file: :func:`stdnum.numdb.get` builds a general prefix tree from it, ten times slower (0.1 s) than this
    set. ``None`` (ask numdb) when a line has any other shape than ``NN province="…"`` / ``  NNNN county="…"``."""
    try:
        text = (resources.files("stdnum.cn") / "loc.dat").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError, UnicodeDecodeError):
        return None
    codes: set[str] = set()
    province = None
    for line in text.splitlines():
        match = _LOC_LINE.fullmatch(line)
        if match is None:
            return None
        if match.group(1) is not None:
            province = match.group(1)
        elif match.group(2) is not None:
            if province is None:
                return None
            codes.add(province + match.group(2))
    return frozenset(codes)


@lru_cache(maxsize=1 << 16)
def birth_date(digits: str) -> dt.date | None:
    """The date in ``YYYYMMDD`` digits (characters 7-14 of a GB 11643 number), ``None`` when there is no such day.

    The same reading as :func:`stdnum.cn.ric.get_birth_date`, which cleans its argument first and so costs ten
    times more; cached, since a school's students share few birth dates.
    """
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _gb11643_facts(number: str, today: dt.date) -> tuple[dt.date, bool] | None:
    """Birth date and gender (``True`` for male) of an upper-case GB 11643 number with the right check digit and
    a real birth date from 1900 to today; ``None`` for any other number."""
    if not _GB11643.fullmatch(number) or ric.calc_check_digit(number) != number[-1]:
        return None
    birth = birth_date(number[6:14])
    if birth is None or not EARLIEST_BIRTH <= birth <= today:
        return None
    return birth, int(number[16]) % 2 == 1


def _check_gb11643(number: str, id_type: IdType, today: dt.date) -> list[Finding]:
    """Length, characters, check digit and birth date of an upper-case number under a GB 11643 type."""
    params = _type_params(id_type)
    if len(number) != 18:
        return [Finding(ID_NUMBER_LENGTH, (*params, ("expected", "18"), ("length", str(len(number)))), shape=True)]
    if not _GB11643.fullmatch(number):
        x_lookalike = number[-1] in _X_LOOKALIKES and _GB11643.fullmatch(number[:-1] + "X")
        suggestion = "最后一位请填写半角大写字母“X”。" if x_lookalike else None
        return [Finding(ID_NUMBER_FORMAT, params, suggestion=suggestion, shape=True)]
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        return [Finding(ID_NUMBER_CHECKSUM, (*params, ("expected", expected)))]
    birth = birth_date(number[6:14])
    if birth is None:
        return [Finding(ID_NUMBER_BIRTH_DATE, (*params, ("problem", "不是真实存在的日期"),
                                                 ("problem_en", "is not a real date")))]
    if birth > today:
        return [Finding(ID_NUMBER_BIRTH_DATE, (*params, ("problem", "在今天之后"), ("problem_en", "is after today")))]
    if birth < EARLIEST_BIRTH:
        return [Finding(ID_NUMBER_BIRTH_DATE, (*params, ("problem", "早于 1900 年"),
                                                 ("problem_en", "is before 1900")))]
    return []


def _check_resident_id(number: str, today: dt.date) -> list[Finding]:
    if _FIRST_GENERATION.fullmatch(number):
        return [Finding(ID_NUMBER_FIRST_GENERATION)]
    findings = _check_gb11643(number, IdType.RESIDENT_ID, today)
    if not findings and number[:2] not in province_codes() and guess_type(number) in (None, IdType.RESIDENT_ID):
        findings.append(Finding(ID_NUMBER_PROVINCE, shape=True))  # not another type's number either
    elif not findings and not region_known(number[:6]):
        findings.append(Finding(ID_NUMBER_REGION, _type_params(IdType.RESIDENT_ID)))
    return findings


def _check_residence_permit(number: str, today: dt.date) -> list[Finding]:
    findings = _check_gb11643(number, IdType.RESIDENCE_PERMIT, today)
    if not findings and number[:6] not in HMT_REGIONS:
        findings.append(Finding(RESIDENCE_PERMIT_REGION, shape=True))
    return findings


def _check_hk_macau_permit(number: str) -> list[Finding]:
    if _HK_MACAU.fullmatch(number):
        return []
    if _HK_MACAU.fullmatch(number.upper()):
        return [Finding(HK_MACAU_PERMIT_FORMAT, suggestion="首字母 H 或 M 请用大写。")]
    return [Finding(HK_MACAU_PERMIT_FORMAT, shape=True)]


def _check_taiwan_permit(number: str) -> list[Finding]:
    if _TAIWAN.fullmatch(number):
        return []
    if _TAIWAN_OLD.fullmatch(number.upper()):
        return [Finding(TAIWAN_PERMIT_OLD_FORMAT)]
    return [Finding(TAIWAN_PERMIT_FORMAT, shape=True)]


def _check_foreign_id(number: str, today: dt.date) -> list[Finding]:
    if _FOREIGN_OLD.fullmatch(number):
        return []
    if _FOREIGN_OLD.fullmatch(number.upper()):
        return [Finding(FOREIGN_ID_FORMAT, suggestion="旧版号码的 3 个字母请用大写。")]
    if len(number) == 18 and number.startswith("9"):
        findings = _check_gb11643(number, IdType.FOREIGN_PERMANENT_RESIDENT_ID, today)
        if not findings and number[1:3] not in province_codes():
            findings.append(Finding(FOREIGN_ID_PROVINCE))
        if not findings and number[3:6] not in nationality_codes():
            findings.append(Finding(FOREIGN_ID_NATIONALITY))
        return findings
    return [Finding(FOREIGN_ID_FORMAT, shape=True)]


@lru_cache(maxsize=1)
def province_codes() -> frozenset[str]:
    """The two-digit province-level division codes of python-stdnum's ``cn/loc.dat`` (11 北京 … 82 澳门)."""
    text = (resources.files("stdnum.cn") / "loc.dat").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^([0-9]{2}) province=", text, re.MULTILINE))


@lru_cache(maxsize=1)
def nationality_codes() -> frozenset[str]:
    """The three-digit ISO 3166-1 numeric codes (GB/T 2659) of every country pycountry knows, current or
    withdrawn (a permit issued before a country's code was withdrawn stays valid)."""
    current = {country.numeric for country in pycountry.countries}
    withdrawn = {getattr(country, "numeric", "") for country in pycountry.historic_countries}
    return frozenset(code for code in current | withdrawn if code)


def _check_passport(number: str) -> list[Finding]:
    return [] if _PASSPORT.fullmatch(number) else [Finding(PASSPORT_FORMAT, shape=True)]


def guess_type(number: str) -> IdType | None:
    """The type whose form ``number`` (upper case) has, ``None`` when it has no particular type's form.

    By form only: an 18-digit number beginning with 9 is a 2023 外国人永久居留身份证, one with address code
    810000/820000/830000 a 港澳台居民居住证, any other a 居民身份证, whatever its check digit.
    """
    if _GB11643.fullmatch(number):
        if number.startswith("9"):
            return IdType.FOREIGN_PERMANENT_RESIDENT_ID
        if number[:6] in HMT_REGIONS:
            return IdType.RESIDENCE_PERMIT
        return IdType.RESIDENT_ID
    if _FIRST_GENERATION.fullmatch(number):
        return IdType.RESIDENT_ID
    if _HK_MACAU.fullmatch(number):
        return IdType.HK_MACAU_TRAVEL_PERMIT
    if _TAIWAN.fullmatch(number) or _TAIWAN_OLD.fullmatch(number):
        return IdType.TAIWAN_TRAVEL_PERMIT
    if _FOREIGN_OLD.fullmatch(number):
        return IdType.FOREIGN_PERMANENT_RESIDENT_ID
    return None


def _check_as(id_type: IdType, number: str, today: dt.date) -> list[Finding]:
    """The findings for ``number`` (spaces removed, X upper case) under ``id_type``."""
    if id_type is IdType.RESIDENT_ID:
        return _check_resident_id(number, today)
    if id_type is IdType.RESIDENCE_PERMIT:
        return _check_residence_permit(number, today)
    if id_type is IdType.HK_MACAU_TRAVEL_PERMIT:
        return _check_hk_macau_permit(number)
    if id_type is IdType.TAIWAN_TRAVEL_PERMIT:
        return _check_taiwan_permit(number)
    if id_type is IdType.FOREIGN_PERMANENT_RESIDENT_ID:
        return _check_foreign_id(number, today)
    return _check_passport(number)


def _mismatch(declared: IdType, evident: IdType) -> Finding:
    return Finding(ID_TYPE_MISMATCH, (
        ("declared", declared.label), ("declared_en", TYPE_EN[declared]),
        ("evident", evident.label), ("evident_en", TYPE_EN[evident]), ("choice", type_choice(evident)),
    ))


def _change_type_suggestion(evident: IdType) -> str:
    return (f"这个号码的格式像是{evident.label}号码：如果学生用的是{evident.label}，请把证件类型改为"
            f"“{type_choice(evident)}”；否则请对照证件核对号码。")


@lru_cache(maxsize=1 << 17)
def check_id_number(type_text: str | None, number_text: str, today: dt.date) -> IdVerdict:
    """Check a 证件号码 (clean cell text) under the clean 证件类型 text (``None`` or unknown: the type the number's
    form suggests, if any). Spaces inside either are ignored: the whitespace family reports them.

    Cached: the identity and enrolment families both ask, and files repeat numbers."""
    number = number_text.replace(" ", "")
    # The common case, quickly: a valid 居民身份证 number of a known region (what _check_id_number makes of it).
    if (len(number) == 18 and number.isascii() and number[:17].isdigit() and number[17] in _CHECK_CHARACTERS
            and number[0] != "9" and type_text is not None
            and ID_TYPES.get(type_text.replace(" ", "")) is IdType.RESIDENT_ID
            and ric.calc_check_digit(number) == number[17] and number[:6] not in HMT_REGIONS
            and region_known(number[:6])):
        birth = birth_date(number[6:14])
        if birth is not None and EARLIEST_BIRTH <= birth <= today:
            return IdVerdict(number, (), birth, int(number[16]) % 2 == 1)
    return _check_id_number(type_text, number, today)


def _check_id_number(type_text: str | None, number: str, today: dt.date) -> IdVerdict:
    """:func:`check_id_number` of a number without spaces, every case (the tests hold its fast path to this)."""
    findings: list[Finding] = []
    if _LOWERCASE_X.fullmatch(number):
        findings.append(Finding(ID_NUMBER_LOWERCASE_X))
        number = number[:-1] + "X"
    key = number.upper()
    declared = ID_TYPES.get(type_text.replace(" ", "")) if type_text is not None else None
    facts = _gb11643_facts(key, today) if len(key) == 18 else None
    if (facts is not None and not findings and declared is IdType.RESIDENT_ID and key[0] != "9"
            and key[:6] not in HMT_REGIONS and region_known(key[:6])):
        return IdVerdict(key, (), birth_date=facts[0], male=facts[1])
    evident = guess_type(key)
    if declared is None:
        if evident is not None:
            findings += _check_as(evident, number, today)
    else:
        own = _check_as(declared, number, today)
        errors = [f for f in own if f.issue_type.severity is Severity.ERROR]
        if evident is not None and evident is not declared:
            if facts is not None and (declared is IdType.PASSPORT or not errors):
                # A valid 18-digit number of another type: under 护照 (which the platform barely checks) or with a
                # foreign or HK/Macau/Taiwan address code under 居民身份证.
                own = [_mismatch(declared, evident)]
            elif errors and errors[0].shape:
                first = own.index(errors[0])
                own[first] = Finding(errors[0].issue_type, errors[0].params, _change_type_suggestion(evident), True)
        findings += own
    if facts is None:
        return IdVerdict(key, tuple(findings))
    return IdVerdict(key, tuple(findings), birth_date=facts[0], male=facts[1])


_last_verdicts: tuple[weakref.ref[RosterTable], list[IdVerdict | None]] | None = None


def row_verdicts(table: RosterTable) -> list[IdVerdict | None]:
    """:func:`check_id_number` of each row's 证件号码 and 证件类型 (``None`` for a row without a number), in row
    order. Computed once for the last table asked about (held weakly): the identity and enrolment families both
    need every row's verdict, and a list is cheaper to walk twice than a cache to query 200,000 times."""
    global _last_verdicts  # noqa: PLW0603 — a one-table memo
    if _last_verdicts is not None and _last_verdicts[0]() is table:
        return _last_verdicts[1]
    today = table.context.today
    check = check_id_number.__wrapped__  # each row is checked once here: a cache would only cost
    verdicts: list[IdVerdict | None] = []
    append = verdicts.append
    for row in table.rows:
        clean = row.clean
        number = clean.get("id_number")
        append(None if number is None else check(clean.get("id_type"), number, today))
    _last_verdicts = (weakref.ref(table), verdicts)
    return verdicts


def rows_text(rows: Sequence[int]) -> tuple[str, str]:
    """Other rows named in a message, Chinese and English: ``第 3、7 行`` / ``rows 3, 7``."""
    shown = [str(row) for row in rows[:ROWS_NAMED]]
    if len(rows) > ROWS_NAMED:
        return f"第 {'、'.join(shown)} 等 {len(rows)} 行", f"rows {', '.join(shown)} and {len(rows) - ROWS_NAMED} more"
    plural = "rows" if len(rows) > 1 else "row"
    return f"第 {'、'.join(shown)} 行", f"{plural} {', '.join(shown)}"


class IdentityRules:
    """性别, 证件类型 and 证件号码 of each row; duplicate numbers and people with two numbers across rows."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES

    def check(self, table: RosterTable) -> Iterator[Issue]:
        gender_column = table.header("gender")
        type_column = table.header("id_type")
        number_column = table.header("id_number")
        # The first row of each number and person; lists only for the few seen again (fewer objects, faster).
        first_of_number: dict[str, int] = {}
        rows_by_number: dict[str, list[int]] = {}
        first_of_person: dict[tuple[str, dt.date], tuple[int, str]] = {}
        rows_by_person: dict[tuple[str, dt.date], list[tuple[int, str]]] = {}
        male = Gender.MALE
        for row, verdict in zip(table.rows, row_verdicts(table), strict=True):
            clean = row.clean  # row.get, without a method call per field (100,000 rows)
            gender_text = clean.get("gender")
            gender = None
            if gender_text is not None:
                gender = GENDERS.get(gender_text)
                if gender is None:
                    yield self._gender_invalid(row.row, gender_column, gender_text)
            type_text = clean.get("id_type")
            if type_text is not None and type_text.replace(" ", "") not in ID_TYPES:
                yield self._type_unknown(row.row, type_column, type_text)
            if verdict is None:
                continue
            number_text = clean.get("id_number")
            number, findings, birth, is_male = verdict
            for finding in findings:
                if finding.issue_type is ID_TYPE_MISMATCH:
                    yield finding.issue_type.at(row=row.row, column=type_column, value=type_text,
                                                **dict(finding.params))
                else:
                    yield finding.issue_type.at(row=row.row, column=number_column, value=number_text,
                                                suggestion=finding.suggestion, **dict(finding.params))
            if gender is not None and is_male is not None and (gender is male) is not is_male:
                implied = Gender.MALE if is_male else Gender.FEMALE
                yield GENDER_ID_MISMATCH.at(row=row.row, column=gender_column, value=gender_text,
                                            given=gender.label, given_en=GENDER_EN[gender], implied=implied.label,
                                            implied_en=GENDER_EN[implied])
            row_number = row.row
            first = first_of_number.setdefault(number, row_number)
            if first != row_number:
                rows_by_number.setdefault(number, [first]).append(row_number)
            name = clean.get("name")
            if name is not None and birth is not None:
                person = (name, birth)
                entry = (row_number, number)
                first_entry = first_of_person.setdefault(person, entry)
                if first_entry is not entry:
                    rows_by_person.setdefault(person, [first_entry]).append(entry)
        yield from self._duplicates(rows_by_number, number_column)
        yield from self._people(rows_by_person, number_column)

    @staticmethod
    def _gender_invalid(row: int, column: str, text: str) -> Issue:
        meant = _GENDER_SYNONYMS.get(text.lower())
        suggestion = f"请改为“{meant.label}”（下拉列表中只有“男”“女”）。" if meant is not None else None
        return GENDER_INVALID.at(row=row, column=column, value=text, suggestion=suggestion, given=text)

    @staticmethod
    def _type_unknown(row: int, column: str, text: str) -> Issue:
        meant = _ID_TYPE_SYNONYMS.get(text) or _ID_TYPE_SYNONYMS.get(text.replace(" ", ""))
        suggestion = (f"请改为“{type_choice(meant)}”（可选：{ALLOWED_TYPES}）。" if meant is not None else None)
        return ID_TYPE_UNKNOWN.at(row=row, column=column, value=text, suggestion=suggestion, given=text,
                                  allowed=ALLOWED_TYPES)

    @staticmethod
    def _duplicates(rows_by_number: dict[str, list[int]], column: str) -> Iterator[Issue]:
        for number, rows in rows_by_number.items():
            for row in rows:
                zh, en = rows_text([other for other in rows if other != row])
                yield ID_NUMBER_DUPLICATE.at(row=row, column=column, value=number, rows=zh, rows_en=en)

    @staticmethod
    def _people(rows_by_person: dict[tuple[str, dt.date], list[tuple[int, str]]], column: str) -> Iterator[Issue]:
        for entries in rows_by_person.values():
            if len({number for _, number in entries}) < 2:
                continue
            for row, number in entries:
                zh, en = rows_text([other for other, other_number in entries if other_number != number])
                yield PERSON_MULTIPLE_IDS.at(row=row, column=column, value=number, rows=zh, rows_en=en)
