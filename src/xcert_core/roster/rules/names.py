"""学生姓名 and 姓名拼音: the rule family ``names``.

学生姓名 holds Chinese characters (any CJK ideograph, rare ones from the extension blocks included), or the parts
of a minority name joined by the middle dot '·' (U+00B7). Look-alike dots, digits, Latin letters, other
characters and implausible lengths are reported. Spaces inside a name are the whitespace rule's business and
are ignored here.

姓名拼音 follows GB/T 28039-2011 and the platform template's notes: toneless Hanyu Pinyin, the surname and the
given name each written as one capitalised word and separated by one space (张三丰 → ``Zhang Sanfeng``), a
compound surname written as one word (欧阳修 → ``Ouyang Xiu``), and a minority name as its parts separated by
spaces (库尔班·热合曼 → ``Kuerban Reheman``). Every legitimate reading of a polyphonic character is accepted;
a surname is read as :mod:`xcert_core.roster.surnames` says (单 Shan, 曾 Zeng …). ü is written as the
school's ``u_policy`` allows (see :class:`~xcert_core.roster.table.RosterContext`).

At most one pinyin issue is reported per row, the first of: not Latin letters, tone marks, wrong reading,
compound surname split, missing space, extra space, capitalisation. Its ``suggestion`` is the corrected
spelling itself (keeping the reading the school chose where that reading is legitimate). A name with a
character the pinyin dictionary does not know cannot be checked against its reading; then only tone marks and
capitalisation are checked.

Readings come from pypinyin, looked up once per character and cached, so the family checks 100,000 rows in a
fraction of a second.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from xcert_core.issues import Issue, IssueType
from xcert_core.roster.issue_types import (
    NAME_HAS_DIGITS,
    NAME_HAS_LATIN,
    NAME_INVALID_CHARACTER,
    NAME_LOOKALIKE_DOT,
    NAME_MISPLACED_DOT,
    NAME_TOO_LONG,
    NAME_TOO_SHORT,
    PINYIN_CAPITALISATION,
    PINYIN_COMPOUND_SURNAME,
    PINYIN_EXTRA_SPACE,
    PINYIN_MISSING_SPACE,
    PINYIN_NOT_LATIN,
    PINYIN_TONE_MARKS,
    PINYIN_WRONG_READING,
)
from xcert_core.roster.surnames import OPEN_SURNAMES, SURNAME_READINGS, surname_splits
from xcert_core.roster.table import RosterRow, RosterTable

FAMILY = "names"
MIDDLE_DOT = "\u00b7"
LOOKALIKE_DOTS = frozenset(
    "\u30fb"  # ・ katakana middle dot
    "\u2022"  # • bullet
    "."  # ASCII full stop
    "\u2027"  # ‧ hyphenation point
    "\u25cf"  # ● black circle
    "\uff65"  # ･ half-width katakana middle dot
    "\uff0e"  # ． full-width full stop
    "\u2219"  # ∙ bullet operator
    "\u22c5"  # ⋅ dot operator
    "\u0387"  # · Greek ano teleia
    "\u2e31"  # ⸱ word separator middle dot
    "\ua78f"  # ꞏ Latin letter sinological dot
)
"""Characters schools type instead of the middle dot '·' of a minority name."""
MAX_NAME_LENGTH = 15
"""Longer names (not minority names) are unusual enough to deserve a warning."""
U_POLICIES = ("all", "yu", "v", "u")

_IDEOGRAPHS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_IDEOGRAPH = re.compile(f"[{_IDEOGRAPHS}]")
_PLAIN_NAME = re.compile(f"[\u4e00-\u9fff]{{2,{MAX_NAME_LENGTH}}}")
_DIAERESIS = "\u0308"
_ASCII_LETTERS = re.compile("[A-Za-z ]*")
_U_FORMS = {"all": "yu", "yu": "yu", "v": "v", "u": "u"}
"""How ü is written in a suggestion, per policy."""


ISSUE_TYPES: tuple[IssueType, ...] = (
    NAME_LOOKALIKE_DOT, NAME_MISPLACED_DOT, NAME_HAS_DIGITS, NAME_HAS_LATIN, NAME_INVALID_CHARACTER,
    NAME_TOO_SHORT, NAME_TOO_LONG, PINYIN_NOT_LATIN, PINYIN_TONE_MARKS, PINYIN_WRONG_READING,
    PINYIN_COMPOUND_SURNAME, PINYIN_MISSING_SPACE, PINYIN_EXTRA_SPACE, PINYIN_CAPITALISATION,
)


# --- readings -------------------------------------------------------------------------------------------------

def _check_policy(u_policy: str) -> None:
    if u_policy not in _U_FORMS:
        raise ValueError(f"u_policy must be one of {U_POLICIES}, not {u_policy!r}")


@functools.cache
def _heteronyms(char: str) -> tuple[str, ...]:
    """pypinyin's toneless readings of one character, ü written ``v``; ``()`` when it has none.

    Read from pypinyin's character dictionary alone (:func:`_char_readings`): importing pypinyin loads its phrase
    dictionary and word segmenter too, a quarter of a second names never need. Where that file cannot be found,
    pypinyin itself is asked; the tests hold the two to the same answer for every character it knows."""
    table = _char_readings()
    if table is None:
        return _pypinyin_heteronyms(char)
    entry = table.get(str(ord(char)))
    if entry is None:
        return ()
    readings = (_toneless(reading).replace("ê", "e") for reading in entry.split(","))
    return tuple(dict.fromkeys(r for r in readings if r.isascii() and r.isalpha()))


def _toneless(reading: str) -> str:
    """A reading with tone marks (any combining mark) removed and ü written ``v``, as pypinyin's NORMAL style."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _pypinyin_heteronyms(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin  # noqa: PLC0415 — heavy (dictionaries); imported on first lookup

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = (r.replace("ê", "e") for r in (found[0] if found else ()))
    return tuple(dict.fromkeys(r for r in readings if r.isascii() and r.isalpha()))


@functools.cache
def _char_readings() -> dict[str, str] | None:
    """pypinyin's character dictionary (``pinyin_dict.json``: code point in decimal -> readings with tones, comma
    separated), read without importing pypinyin; ``None`` when pypinyin is not laid out that way."""
    spec = importlib.util.find_spec("pypinyin")
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        try:
            table = json.loads((Path(folder) / "pinyin_dict.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(table, dict) and all(type(v) is str for v in table.values()):
            return table
    return None


def _forms(readings: Sequence[str], u_policy: str) -> tuple[str, ...]:
    """The spellings ``u_policy`` accepts for ``readings`` (ü written ``v``), the suggested spelling first."""
    spellings: list[str] = []
    for reading in readings:
        if "v" not in reading:
            spellings.append(reading)
            continue
        if u_policy in ("all", "yu"):
            spellings.append(reading.replace("v", "yu"))
        if u_policy in ("all", "v"):
            spellings.append(reading)
        if u_policy in ("all", "u"):
            spellings.append(reading.replace("v", "u"))
    return tuple(dict.fromkeys(spellings))


@functools.cache
def _char_forms(char: str, u_policy: str) -> tuple[str, ...]:
    return _forms(_heteronyms(char), u_policy)


@functools.cache
def _surname_forms(surname: str, u_policy: str) -> tuple[str, ...]:
    """A surname's accepted spellings: the table's readings (and for an open surname its character's readings
    after them), else any reading of its character."""
    table = SURNAME_READINGS.get(surname)
    if table is not None:
        readings = [reading.replace("ü", "v") for reading in table]
        if surname in OPEN_SURNAMES and len(surname) == 1:
            readings.extend(_heteronyms(surname))
        return _forms(tuple(dict.fromkeys(readings)), u_policy)
    if len(surname) == 1:
        return _char_forms(surname, u_policy)
    return ()


class _Word(NamedTuple):
    """One word of the pinyin: the characters it spells and, per unit (a surname or a character), the
    accepted spellings."""

    text: str
    units: tuple[tuple[str, ...], ...]


class _Split(NamedTuple):
    """One legitimate way to write a name's pinyin: its words, and the compound surname if there is one."""

    words: tuple[_Word, ...]
    minority: bool
    compound: str | None

    def spelling(self) -> str:
        """The standard spelling: the first accepted reading of each unit."""
        return " ".join("".join(unit[0] for unit in word.units).capitalize() for word in self.words)


def _given_word(text: str, u_policy: str) -> _Word:
    return _Word(text, tuple(_char_forms(char, u_policy) for char in text))


@functools.lru_cache(maxsize=1 << 12)
def _plan(name: str, u_policy: str) -> tuple[_Split, ...] | None:
    """The legitimate splits of ``name`` (ideographs, parts joined by '·'), standard first; ``None`` when a
    character has no known reading."""
    splits: list[_Split] = []
    if MIDDLE_DOT in name:
        words = tuple(_given_word(part, u_policy) for part in name.split(MIDDLE_DOT))
        splits.append(_Split(words, True, None))
    else:
        for surname, given in surname_splits(name):
            surname_word = _Word(surname, (_surname_forms(surname, u_policy),))
            words = (surname_word, _given_word(given, u_policy)) if given else (surname_word,)
            splits.append(_Split(words, False, surname if len(surname) > 1 else None))
    if any(not unit for split in splits for word in split.words for unit in word.units):
        return None
    return tuple(splits)


def _segment(letters: str, units: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    """One reading per unit such that the readings spell ``letters`` exactly, or ``None``."""
    layers: list[dict[int, tuple[int, str]]] = []
    frontier: Sequence[int] = (0,)
    for forms in units:
        reached: dict[int, tuple[int, str]] = {}
        for position in frontier:
            for form in forms:
                if letters.startswith(form, position):
                    reached.setdefault(position + len(form), (position, form))
        if not reached:
            return None
        layers.append(reached)
        frontier = tuple(reached)
    end = len(letters)
    if not layers or end not in layers[-1]:
        return None
    readings: list[str] = []
    for layer in reversed(layers):
        end, form = layer[end]
        readings.append(form)
    return tuple(reversed(readings))


def _accepts(split: _Split, typed_words: Sequence[str]) -> bool:
    """Whether the words typed are exactly right for ``split``."""
    if len(typed_words) != len(split.words):
        return False
    for typed, word in zip(typed_words, split.words, strict=True):
        if not (typed.isascii() and typed.isalpha() and typed == typed.capitalize()):
            return False
        if _segment(typed.lower(), word.units) is None:
            return False
    return True


_MAX_SPELLINGS = 256
"""Words with more spellings than this (long names full of polyphonic characters) are matched syllable by
syllable instead of being looked up in a set."""


@functools.lru_cache(maxsize=1 << 15)
def _word_spellings(text: str, u_policy: str) -> frozenset[str]:
    """Every accepted spelling of a word written with the characters ``text`` (capitalised, as it should be
    typed); empty when a character has no known reading or there are too many spellings to list."""
    spellings = [""]
    for char in text:
        forms = _char_forms(char, u_policy)
        if not forms or len(spellings) * len(forms) > _MAX_SPELLINGS:
            return frozenset()
        spellings = [spelling + form for spelling in spellings for form in forms]
    return frozenset(spelling.capitalize() for spelling in spellings)


@functools.cache
def _surname_spellings(surname: str, u_policy: str) -> frozenset[str]:
    return frozenset(form.capitalize() for form in _surname_forms(surname, u_policy))


def _standard_split_accepts(name: str, pinyin: str, u_policy: str) -> bool:
    """The fast path: whether ``pinyin`` is exactly right for the standard split of ``name``, by set lookups of
    cached spellings per word. ``False`` says nothing: the caller then looks closer."""
    words = pinyin.split(" ")
    if MIDDLE_DOT in name:
        parts = name.split(MIDDLE_DOT)
        return len(parts) == len(words) and all(
            word in _word_spellings(part, u_policy) for part, word in zip(parts, words, strict=True))
    if len(words) != 2:
        return False
    surname, given = surname_splits(name)[0]
    return words[1] in _word_spellings(given, u_policy) and words[0] in _surname_spellings(surname, u_policy)


def _name_for_pinyin(name: str) -> str | None:
    """``name`` without spaces, look-alike dots made '·', if it is made of ideographs and well-placed dots."""
    text = "".join(MIDDLE_DOT if char in LOOKALIKE_DOTS else char for char in name if not char.isspace())
    if not text or any(char != MIDDLE_DOT and not _IDEOGRAPH.match(char) for char in text):
        return None
    if MIDDLE_DOT in text and "" in text.split(MIDDLE_DOT):
        return None
    return text


def canonical_pinyin(name: str, u_policy: str = "all") -> str | None:
    """The standard 姓名拼音 of ``name`` (``"Zhang Sanfeng"``, ``"Ouyang Xiu"``, ``"Shan Tianfang"``,
    ``"Kuerban Reheman"``), ü written per ``u_policy`` ("yu" under "all"); ``None`` when the name is not made of
    Chinese characters (and '·') or has a character without a known reading.

    Surnames are read as :data:`~xcert_core.roster.surnames.SURNAME_READINGS` says; other characters take their
    most common reading. Spaces are ignored; look-alike dots count as '·'.
    """
    _check_policy(u_policy)
    text = _name_for_pinyin(name)
    plan = _plan(text, u_policy) if text is not None else None
    return plan[0].spelling() if plan else None


# --- diagnosing a wrong pinyin --------------------------------------------------------------------------------

class _Finding(NamedTuple):
    issue_type: IssueType
    expected: str | None
    params: dict[str, str]


def _strip_marks(text: str, u_policy: str) -> tuple[str, bool] | None:
    """``text`` with tone marks (any combining mark once decomposed) removed and ü written per policy, and
    whether there were any; ``None`` when it has characters other than Latin letters, marked Latin letters and
    spaces (:func:`_is_pinyin_char`)."""
    if _ASCII_LETTERS.fullmatch(text):
        return text, False
    if not all(_is_pinyin_char(char) for char in text):
        return None
    out: list[str] = []
    marked = False
    u_form = _U_FORMS[u_policy]
    for char in unicodedata.normalize("NFD", text):
        if char.isascii():
            out.append(char)
        else:
            marked = True
            if char == _DIAERESIS and out and out[-1] in "uU":
                previous = out[-2].lower() if len(out) > 1 else ""
                out[-1] = "u" if previous in ("j", "q", "x", "y") else u_form  # letter case: every caller folds it
    return "".join(out), marked


def _is_pinyin_char(char: str) -> bool:
    """A Latin letter or a space, a combining mark (a tone mark typed on its own), or a Latin letter with marks
    (``ǚ``, ``é``). Not a character that merely decomposes to a letter without marks: the Kelvin sign ``\u212a``
    becomes ``K`` under NFD, and a school's pinyin typed with it is not plain letters."""
    if char.isascii():
        return char.isalpha() or char == " "
    if unicodedata.combining(char):
        return True
    decomposed = unicodedata.normalize("NFD", char)
    return (len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha()
            and all(unicodedata.combining(mark) for mark in decomposed[1:]))


def _boundaries(words: Sequence[str]) -> set[int]:
    """Where, in the letters without spaces, one word ends and the next begins."""
    cuts: set[int] = set()
    position = 0
    for word in words[:-1]:
        position += len(word)
        cuts.add(position)
    return cuts


def _match_words(plan: tuple[_Split, ...], typed_words: Sequence[str]) -> tuple[_Split, list[str]] | None:
    """The first split with as many words as typed, each typed word spelling its word in some legitimate reading
    (letter case aside), with its words as they should be written. Letters that also split another way between
    surname and given name are held to the school's split: 称干 typed "chen gan" is Chen + Gan, not Cheng + An."""
    for split in plan:
        if len(split.words) != len(typed_words):
            continue
        readings = [_segment(typed.lower(), word.units) for typed, word in zip(typed_words, split.words, strict=True)]
        if all(reading is not None for reading in readings):
            return split, [typed.lower().capitalize() for typed in typed_words]
    return None


def _match(plan: tuple[_Split, ...], letters: str) -> tuple[_Split, list[str]] | None:
    """The first split some legitimate reading of which spells ``letters``, with its words as they should be
    written."""
    for split in plan:
        readings = _segment(letters, [unit for word in split.words for unit in word.units])
        if readings is not None:
            chosen = iter(readings)
            return split, ["".join(next(chosen) for _ in word.units).capitalize() for word in split.words]
    return None


def _split_as_typed(plan: tuple[_Split, ...], typed_words: Sequence[str], u_policy: str) -> _Split:
    """The split whose words the school's words follow, for a suggestion when no reading matches: the first
    split with as many words as typed whose first word spells the characters of the typed first word in some
    dictionary reading (单于伟 typed "Danyu Wei" follows 单于 + 伟, so the suggestion is "Chanyu Wei", not
    "Shan Yuwei"); else the standard split."""
    for split in plan:
        if len(split.words) != len(typed_words) or len(plan) == 1:
            continue
        head = split.words[0].text
        if _segment(typed_words[0].lower(), [_char_forms(char, u_policy) for char in head]) is not None:
            return split
    return plan[0]


def _diagnose(plan: tuple[_Split, ...], name: str, typed: str, u_policy: str) -> _Finding | None:
    """The one issue to report for ``typed`` as the pinyin of ``name``, or ``None`` when it is right.

    The expected spelling keeps the reading the school chose when it is a legitimate one (李乐 "li yue" →
    "Li Yue"), and is the standard spelling otherwise.
    """
    stripped = _strip_marks(typed, u_policy)
    odd = ""
    if stripped is None:
        decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", typed))
        odd = "".join(dict.fromkeys(c for c in typed if not _is_pinyin_char(c)))
        stripped = _strip_marks("".join(c if _is_pinyin_char(c) else " " for c in decomposed), u_policy)
        assert stripped is not None
    letters_text, marked = stripped
    typed_words = letters_text.split()
    as_typed = _split_as_typed(plan, typed_words, u_policy) if typed_words else plan[0]
    # A compound surname the school wrote as one word is held to the compound's reading ("Shanyu Wei" for 单于伟
    # is a wrong reading of 单于, not 单 + 于伟 missing a space).
    candidates = (as_typed,) if as_typed.compound is not None else plan
    found = _match_words(candidates, typed_words) or _match(candidates, "".join(typed_words).lower())
    expected = " ".join(found[1]) if found is not None else as_typed.spelling()
    if odd:
        return _Finding(PINYIN_NOT_LATIN, expected, {"chars": odd})
    if marked:
        return _Finding(PINYIN_TONE_MARKS, expected, {})
    if found is None:
        return _Finding(PINYIN_WRONG_READING, expected, {"name": name})
    split, right_words = found
    if typed_words == right_words:
        return None
    if [w.lower() for w in typed_words] == [w.lower() for w in right_words]:
        return _Finding(PINYIN_CAPITALISATION, expected, {})
    typed_cuts, right_cuts = _boundaries(typed_words), _boundaries(right_words)
    missing, extra = right_cuts - typed_cuts, typed_cuts - right_cuts
    if split.compound is not None and any(0 < cut < len(right_words[0]) for cut in extra):
        return _Finding(PINYIN_COMPOUND_SURNAME, expected, {"surname": split.compound})
    if missing:
        parts, parts_en = (("姓名各部分", "the parts of the name") if split.minority
                           else ("姓和名", "the surname from the given name"))
        return _Finding(PINYIN_MISSING_SPACE, expected, {"parts": parts, "parts_en": parts_en})
    if split.minority:
        word, word_en, rule = "姓名某一部分", "a part of the name", "每一部分的拼音应连写"
    else:
        word, word_en, rule = "名", "the given name", "名的各个音节应连写"
    return _Finding(PINYIN_EXTRA_SPACE, expected, {"word": word, "word_en": word_en, "rule": rule})


def _diagnose_unreadable(typed: str, u_policy: str) -> _Finding | None:
    """What can be said of the pinyin of a name with a character of unknown reading: tone marks and
    capitalisation only."""
    stripped = _strip_marks(typed, u_policy)
    if stripped is None:
        return None
    letters_text, marked = stripped
    words = letters_text.split()
    expected = " ".join(word.capitalize() for word in words)
    if marked:
        return _Finding(PINYIN_TONE_MARKS, expected, {})
    if words and words != expected.split():
        return _Finding(PINYIN_CAPITALISATION, expected, {})
    return None


# --- the rule family ------------------------------------------------------------------------------------------

def _is_latin(char: str) -> bool:
    return char.isalpha() and char not in LOOKALIKE_DOTS and "LATIN" in unicodedata.name(char, "")


def _name_issues(name: str, row: int, column: str) -> tuple[list[Issue], str | None]:
    """The issues of a name that is not plain Chinese characters, and the name to check the pinyin against
    (``None`` when the pinyin cannot be checked)."""
    issues: list[Issue] = []
    compact = "".join(char for char in name if not char.isspace())
    has_latin = any(_is_latin(char) for char in compact)
    lookalikes = LOOKALIKE_DOTS - {"."} if has_latin else LOOKALIKE_DOTS
    allowed_punctuation = ".-'" if has_latin else ""
    dots = "".join(dict.fromkeys(char for char in compact if char in lookalikes))
    digits = "".join(char for char in compact if char.isdigit())
    latin = "".join(char for char in compact if _is_latin(char))
    odd = "".join(dict.fromkeys(
        char for char in compact
        if not (_IDEOGRAPH.match(char) or char == MIDDLE_DOT or char in lookalikes or char.isdigit()
                or _is_latin(char) or char in allowed_punctuation)
    ))
    fixed = "".join(MIDDLE_DOT if char in lookalikes else char for char in (name if has_latin else compact))
    if dots:
        dots_en = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in dots)
        issues.append(NAME_LOOKALIKE_DOT.at(row=row, column=column, value=name, suggestion=fixed, name=name,
                                            dots="”“".join(dots), dots_en=dots_en))
    fixed_compact = "".join(char for char in fixed if not char.isspace())
    minority = MIDDLE_DOT in fixed_compact
    misplaced = minority and "" in fixed_compact.split(MIDDLE_DOT)
    if misplaced:
        issues.append(NAME_MISPLACED_DOT.at(row=row, column=column, value=name, name=name))
    if digits:
        issues.append(NAME_HAS_DIGITS.at(row=row, column=column, value=name, name=name, digits=digits))
    if latin:
        issues.append(NAME_HAS_LATIN.at(row=row, column=column, value=name, name=name, letters=latin))
    if odd:
        suggestion = None
        normalised = unicodedata.normalize("NFKC", compact)
        if normalised != compact and _name_for_pinyin(normalised) == normalised:
            suggestion = normalised  # Kangxi radicals, compatibility forms: what the school meant to type
        issues.append(NAME_INVALID_CHARACTER.at(row=row, column=column, value=name, suggestion=suggestion,
                                                name=name, chars="".join(odd)))
    if digits or odd or misplaced:
        return issues, None
    length = len(fixed_compact)
    if length == 1:
        issues.append(NAME_TOO_SHORT.at(row=row, column=column, value=name, name=name))
    elif length > MAX_NAME_LENGTH and not minority and not has_latin:
        issues.append(NAME_TOO_LONG.at(row=row, column=column, value=name, name=name, length=length,
                                       limit=MAX_NAME_LENGTH))
    if has_latin or length < 2:
        return issues, None
    return issues, fixed_compact


class NameRules:
    """Rule family ``names``: 学生姓名 and 姓名拼音 (see the module docstring)."""

    name = FAMILY
    target = "roster"
    issue_types: tuple[IssueType, ...] = ISSUE_TYPES

    def check(self, table: RosterTable) -> Iterator[Issue]:
        u_policy = table.context.u_policy
        _check_policy(u_policy)
        name_column = table.header("name")
        pinyin_column = table.header("name_pinyin")
        plain = _PLAIN_NAME.fullmatch
        for row in table.rows:
            clean = row.clean  # row.get, without a method call per field (100,000 rows)
            name = clean.get("name")
            if name is None:
                continue
            if plain(name):
                checked: str | None = name
            else:
                issues, checked = _name_issues(name, row.row, name_column)
                yield from issues
            if checked is None:
                continue
            pinyin = clean.get("name_pinyin")
            if pinyin is None:
                continue
            if _standard_split_accepts(checked, pinyin, u_policy):
                continue
            plan = _plan(checked, u_policy)
            if plan is not None:
                typed_words = pinyin.split(" ")
                if any(_accepts(split, typed_words) for split in plan[1:]):
                    continue
                finding = _diagnose(plan, checked, pinyin, u_policy)
            else:
                finding = _diagnose_unreadable(pinyin, u_policy)
            if finding is not None:
                yield self._pinyin_issue(finding, row, pinyin_column, pinyin)

    @staticmethod
    def _pinyin_issue(finding: _Finding, row: RosterRow, column: str, pinyin: str) -> Issue:
        return finding.issue_type.at(row=row.row, column=column, value=pinyin, suggestion=finding.expected,
                                     pinyin=pinyin, expected=finding.expected or "", **finding.params)
