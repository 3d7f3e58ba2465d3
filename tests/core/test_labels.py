"""Enums carry the platform's labels; parsing accepts labels and aliases and nothing else."""

from __future__ import annotations

import pytest

from xcert_core import labels
from xcert_core.labels import CertificateLevel, IdType, LabelledEnum, ProgramLevel
from xcert_core.model import level_from_code

ENUMS = [value for value in vars(labels).values()
         if isinstance(value, type) and issubclass(value, LabelledEnum) and value is not LabelledEnum]


@pytest.mark.parametrize("enum_type", ENUMS, ids=lambda e: e.__name__)
def test_every_label_and_alias_parses_back(enum_type: type[LabelledEnum]) -> None:
    spellings = [text for member in enum_type for text in (member.label, *member.aliases)]
    assert len(spellings) == len(set(spellings)), "a label or alias is ambiguous"
    for member in enum_type:
        for text in (member.label, *member.aliases):
            assert enum_type.from_label(text) is member
        assert enum_type(member.value) is member
        assert str(member) == member.label


def test_unknown_or_padded_labels_are_refused() -> None:
    with pytest.raises(ValueError, match="IdType"):
        IdType.from_label(" 身份证")
    assert IdType.from_label("身份证") is IdType.RESIDENT_ID
    assert ProgramLevel.from_label("中职") is ProgramLevel.SECONDARY


@pytest.mark.parametrize(("code", "level"), [
    ("1550001066010252", CertificateLevel.ELEMENTARY),
    ("1550001066020254", CertificateLevel.INTERMEDIATE),
    ("1550001066030255", CertificateLevel.ADVANCED),
    ("1560007066010597", CertificateLevel.ELEMENTARY),
    ("1560007066020952", CertificateLevel.INTERMEDIATE),
    ("1560007066031307", CertificateLevel.ADVANCED),
    ("1560007066041307", None),
    ("156000706603130", None),
    ("15600070660313O7", None),
])
def test_level_digits_of_the_seed_certificate_codes(code: str, level: CertificateLevel | None) -> None:
    assert level_from_code(code) is level
