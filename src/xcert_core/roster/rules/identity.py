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

from xcert_core.issues import Issue, IssueType, PersonalData
from xcert_core.labels import Gender, IdType, Severity
from xcert_core.roster.table import RosterTable

FAMILY = "identity"

GENDER_INVALID = IssueType(
    code="gender-invalid", family=FAMILY,
    title="性别填写不正确", title_en="Gender is not 男 or 女",
    message="性别填写为“{given}”，平台只接受“男”或“女”。",
    message_en="Gender is '{given}'; the platform accepts only 男 or 女.",
    suggestion="请从下拉列表中选择“男”或“女”。",
    description="性别 must be exactly 男 or 女, the values of the template's drop-down list.",
)
GENDER_ID_MISMATCH = IssueType(
    code="gender-id-mismatch", family=FAMILY,
    title="性别与证件号码不符", title_en="Gender disagrees with the ID number",
    message="性别填写为“{given}”，但证件号码第 17 位表示“{implied}”。",
    message_en="Gender is {given_en} but digit 17 of the ID number says {implied_en}.",
    suggestion="按证件号码应为“{implied}”：如果证件号码无误，请把性别改为“{implied}”，否则请核对证件号码。",
    description="In an 18-digit GB 11643 number (resident ID, residence permit, 2023 foreign permanent resident "
                "ID) digit 17 is odd for men and even for women.",
)
ID_TYPE_UNKNOWN = IssueType(
    code="id-type-unknown", family=FAMILY,
    title="证件类型不正确", title_en="Unknown ID type",
    message="证件类型“{given}”不是平台认可的类型。",
    message_en="ID type '{given}' is not one the platform accepts.",
    suggestion="请从下拉列表中选择：{allowed}。",
    description="证件类型 must be one of the platform's ID types (身份证 is the template's value for 居民身份证).",
)
ID_TYPE_MISMATCH = IssueType(
    code="id-type-mismatch", family=FAMILY, severity=Severity.WARNING,
    title="证件类型与号码不符", title_en="ID type does not fit the number",
    message="证件类型为“{declared}”，但证件号码是一个有效的{evident}号码。",
    message_en="The ID type is {declared_en} but the number is a valid {evident_en} number.",
    suggestion="请核对学生的证件：如果是{evident}，请把证件类型改为“{choice}”。",
    description="A valid 18-digit number of another type: a resident ID under 护照, or an HK/Macau/Taiwan (81/82/83) "
                "or foreigner (9) number under 居民身份证. Either the type or the number is wrong.",
)
ID_NUMBER_LENGTH = IssueType(
    code="id-number-length", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="证件号码位数不对", title_en="ID number has the wrong length",
    message="{type}号码应为 {expected} 位，这里是 {length} 位。",
    message_en="A {type_en} number has {expected} characters; this one has {length}.",
    suggestion="请对照证件逐位核对，补全漏填的或删去多余的字符。",
    description="An 18-character GB 11643 number (resident ID, residence permit, 2023 foreign permanent resident ID) "
                "that is longer or shorter.",
)
ID_NUMBER_FORMAT = IssueType(
    code="id-number-format", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="证件号码含有非法字符", title_en="ID number has invalid characters",
    message="{type}号码应为 17 位数字加 1 位校验位（数字或 X），这里含有其他字符。",
    message_en="A {type_en} number is 17 digits and a check character (digit or X); this one has other characters.",
    suggestion="请检查是否混入了字母、标点或全角数字，并对照证件重新输入。",
    description="An 18-character GB 11643 number with something other than ASCII digits (and a final X).",
)
ID_NUMBER_CHECKSUM = IssueType(
    code="id-number-checksum", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="证件号码校验位错误", title_en="ID number check digit wrong",
    message="{type}号码的校验位（最后一位）与前 17 位对不上，号码中至少有一位填错了。",
    message_en="The check digit of the {type_en} number does not match its first 17 digits; a character is wrong.",
    suggestion="校验位应为 {expected}；但也可能是前面某一位填错了，请对照证件逐位核对。",
    description="The MOD 11-2 check digit of GB 11643 does not match: some digit was mistyped or two were swapped.",
)
ID_NUMBER_BIRTH_DATE = IssueType(
    code="id-number-birth-date", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="证件号码中的出生日期不对", title_en="Birth date in the ID number is wrong",
    message="{type}号码第 7–14 位的出生日期{problem}。",
    message_en="The birth date in characters 7-14 of the {type_en} number {problem_en}.",
    suggestion="请对照证件核对号码中的出生日期部分。",
    description="Characters 7-14 of a GB 11643 number are not a real date, are after today or before 1900.",
)
ID_NUMBER_REGION = IssueType(
    code="id-number-region", family=FAMILY, severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    title="证件号码地址码未知", title_en="Unknown address code in the ID number",
    message="{type}号码前 6 位的地址码不是已知的县级行政区划代码。",
    message_en="The first 6 digits of the {type_en} number are not a known county-level division code.",
    suggestion="请对照证件核对前 6 位；若确认无误可以忽略（新设立区县的代码可能尚未收录）。",
    description="The address code is not in python-stdnum's table of division codes (any period, since the code is "
                "the household's when the number was issued). A warning: the table may lag new codes.",
)
ID_NUMBER_PROVINCE = IssueType(
    code="id-number-province", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="身份证号码的省份代码不对", title_en="Resident ID: no such province",
    message="居民身份证号码前 2 位是省级行政区划代码，这两位不是任何省份的代码，这个号码不可能是真实的身份证号码。",
    message_en="The first 2 digits of a resident ID are a province's code; these are no province's, so the number "
               "cannot be real.",
    suggestion="请对照身份证核对号码的前几位。",
    description="A 居民身份证 number whose first two digits are not a province-level division code in python-stdnum's "
                "table (an unknown county under a real province stays the warning id-number-region).",
)
ID_NUMBER_LOWERCASE_X = IssueType(
    code="id-number-lowercase-x", family=FAMILY, severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    title="证件号码末位是小写 x", title_en="Lower-case x in the ID number",
    message="证件号码最后一位是小写“x”。",
    message_en="The ID number ends in a lower-case x.",
    suggestion="请改为大写“X”。",
    description="The check character X written in lower case; the number is then checked as if upper case.",
)
ID_NUMBER_FIRST_GENERATION = IssueType(
    code="id-number-first-generation", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="15 位旧身份证号码", title_en="15-digit first-generation ID number",
    message="这是 15 位的第一代居民身份证号码，平台只接受 18 位号码。",
    message_en="This is a 15-digit first-generation resident ID number; the platform needs 18 digits.",
    suggestion="请按学生现在的居民身份证填写 18 位号码。",
    description="A first-generation (pre-1999) 15-digit resident ID number.",
)
RESIDENCE_PERMIT_REGION = IssueType(
    code="residence-permit-region", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="居住证号码地址码不对", title_en="Residence permit number has the wrong address code",
    message="港澳台居民居住证号码的前 6 位应为 810000（香港）、820000（澳门）或 830000（台湾）。",
    message_en="A residence permit number begins 810000 (HK), 820000 (Macau) or 830000 (Taiwan).",
    suggestion="请对照居住证核对号码。",
    description="A 港澳台居民居住证 number whose address code is not 810000, 820000 or 830000.",
)
HK_MACAU_PERMIT_FORMAT = IssueType(
    code="hk-macau-permit-format", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="港澳通行证号码格式不对", title_en="HK/Macau travel permit number malformed",
    message="港澳居民来往内地通行证号码应为 H 或 M 加 8 位数字（或加 10 位数字，含换证次数）。",
    message_en="An HK/Macau travel permit number is H or M and 8 digits (or 10 with the renewal count).",
    suggestion="请对照通行证核对号码。",
    description="港澳居民来往内地通行证: H (Hong Kong) or M (Macau) and 8 digits, or 10 with the renewal count.",
)
TAIWAN_PERMIT_FORMAT = IssueType(
    code="taiwan-permit-format", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="台湾通行证号码格式不对", title_en="Taiwan travel permit number malformed",
    message="台湾居民来往大陆通行证号码应为 8 位数字。",
    message_en="A Taiwan travel permit number is 8 digits.",
    suggestion="请对照通行证核对号码。",
    description="台湾居民来往大陆通行证: 8 digits.",
)
TAIWAN_PERMIT_OLD_FORMAT = IssueType(
    code="taiwan-permit-old-format", family=FAMILY, severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    title="旧版台湾通行证号码", title_en="Old-style Taiwan travel permit number",
    message="这是旧版台湾居民来往大陆通行证号码（8 位数字后带换证次数或括号中的字母）。",
    message_en="This is an old-style Taiwan travel permit number (8 digits and a renewal count or bracketed letter).",
    suggestion="请以学生现持的通行证为准，一般只填写前 8 位数字。",
    description="The old 10-character Taiwan travel permit form: 8 digits and 2 renewal digits or letters in brackets.",
)
FOREIGN_ID_FORMAT = IssueType(
    code="foreign-id-format", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="永居证号码格式不对", title_en="Foreign permanent resident ID malformed",
    message="外国人永久居留身份证号码应为 18 位（新版，以 9 开头）或 15 位（旧版，3 个字母加 12 位数字）。",
    message_en="A foreign permanent resident ID is 18 characters beginning with 9 (2023) or 3 letters and "
               "12 digits (2017).",
    suggestion="请对照永居证核对号码，字母请用大写。",
    description="外国人永久居留身份证: 2023 form 18 characters beginning with 9 (then checked like GB 11643: check "
                "digit, birth date, gender; the province and nationality codes by foreign-id-province and "
                "foreign-id-nationality); 2017 form 3 letters and 12 digits (format only).",
)
FOREIGN_ID_PROVINCE = IssueType(
    code="foreign-id-province", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="永居证号码的省份代码不对", title_en="Foreign permanent resident ID: no such province",
    message="新版外国人永久居留身份证号码第 2–3 位是受理地的省级行政区划代码，这两位不是任何省份的代码。",
    message_en="Characters 2-3 of a 2023 foreign permanent resident ID are the issuing province's code; these "
               "are no province's.",
    suggestion="请对照永居证核对号码的第 2–3 位（例如北京为 11、上海为 31、广东为 44）。",
    description="A 2023-form 外国人永久居留身份证 whose characters 2-3 are not a province-level division code in "
                "python-stdnum's table of China's administrative divisions.",
)
FOREIGN_ID_NATIONALITY = IssueType(
    code="foreign-id-nationality", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="永居证号码的国籍代码不对", title_en="Foreign permanent resident ID: no such nationality",
    message="新版外国人永久居留身份证号码第 4–6 位是国籍代码（GB/T 2659 的数字代码），这三位不是任何国家或地区的代码。",
    message_en="Characters 4-6 of a 2023 foreign permanent resident ID are the nationality's ISO 3166-1 "
               "numeric code; these are no country's.",
    suggestion="请对照永居证核对号码的第 4–6 位（例如美国为 840、日本为 392、韩国为 410）。",
    description="A 2023-form 外国人永久居留身份证 whose characters 4-6 are not an ISO 3166-1 numeric country code "
                "(GB/T 2659) in pycountry's data.",
)
PASSPORT_FORMAT = IssueType(
    code="passport-format", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="护照号码格式不对", title_en="Passport number malformed",
    message="护照号码应为 5–17 位字母或数字。",
    message_en="A passport number is 5 to 17 letters or digits.",
    suggestion="请对照护照资料页核对号码，不要填写空格或标点。",
    description="护照: 5 to 17 letters or digits.",
)
ID_NUMBER_DUPLICATE = IssueType(
    code="id-number-duplicate", family=FAMILY, personal=PersonalData.ID_NUMBER,
    title="证件号码重复", title_en="Duplicate ID number",
    message="证件号码与{rows}相同。",
    message_en="The ID number is the same as in {rows_en}.",
    suggestion="同一名学生只能出现一次：请删除重复的行，或核对是否有人的号码填错了。",
    description="The same ID number (ignoring the case of X) in more than one row; every row involved is reported.",
)
PERSON_MULTIPLE_IDS = IssueType(
    code="person-multiple-ids", family=FAMILY, severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    title="疑似同一人两个证件号码", title_en="Same person with two ID numbers?",
    message="{rows}的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。",
    message_en="{rows_en} has the same name and birth date (from the ID number) but a different ID number.",
    suggestion="如果是同一名学生，请只保留号码正确的一行；如果是同名同生日的不同学生，可以忽略。",
    description="Two rows with the same name and the same birth date in their ID numbers but different numbers.",
)

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
