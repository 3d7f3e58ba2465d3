"""Certificates (证书) and certificate pilot applications (证书试点申报) with their training quota."""

from __future__ import annotations

import re
from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import CertificateLevel, ReviewStatus
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty, non_negative

CERTIFICATE_CODE = re.compile(r"\d{16}")
_LEVEL_DIGITS = {"01": CertificateLevel.ELEMENTARY, "02": CertificateLevel.INTERMEDIATE,
                 "03": CertificateLevel.ADVANCED}


def level_from_code(code: str) -> CertificateLevel | None:
    """The level encoded in a 16-digit certificate code (证书编号), or ``None`` when it encodes none.

    The platform's codes carry the level in digits 11-12 (1-based): ``1550001066010252`` is 初级,
    ``1550001066020254`` 中级, ``1550001066030255`` 高级 (see the seed's certificate table).
    """
    if not CERTIFICATE_CODE.fullmatch(code):
        return None
    return _LEVEL_DIGITS.get(code[10:12])


_LEVEL_SUFFIX = re.compile(r"\s*[（(]\s*(初级|中级|高级)\s*[）)]\s*$")


def split_level(name: str) -> tuple[str, CertificateLevel | None]:
    """A certificate name as a list may give it, with its level in brackets at the end, split into the name
    without the level and that level (``None`` when it carries none): ``"Web 前端开发职业技能等级证书（中级）"`` →
    ``("Web 前端开发职业技能等级证书", 中级)``. Full- and half-width brackets alike."""
    match = _LEVEL_SUFFIX.search(name)
    if match is None:
        return name, None
    return name[:match.start()], CertificateLevel.from_label(match.group(1))


@frozen
class Certificate(Keyed):
    """证书: one certificate at one level. ``name`` excludes the level, as in the registration template."""

    code: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    level: CertificateLevel
    issuing_organization: str = ""
    category: str = ""
    program_codes: tuple[str, ...] = ()

    key_fields: ClassVar[tuple[str, ...]] = ("code",)

    @property
    def display_name(self) -> str:
        """The name as the platform lists it: ``数字媒体交互设计职业技能等级证书（初级）``."""
        return f"{self.name}（{self.level.label}）"


@frozen
class PilotApplication(Keyed):
    """证书试点申报: a school's application to pilot one certificate in one year and batch.

    Quota: ``applied_quota`` 申报培训人数, ``approved_quota`` 批准总培训人数, ``used_quota`` 已使用指标数.
    Registrations consume quota through the storage's atomic ``adjust_quota``; ``used_quota`` never exceeds
    ``approved_quota`` (checked here for programmer errors, enforced atomically by storage).
    """

    school_code: str = field(validator=non_empty)
    certificate_code: str = field(validator=non_empty)
    year: int
    batch: str = field(validator=non_empty)
    status: ReviewStatus = ReviewStatus.DRAFT
    applied_quota: int = field(default=0, validator=non_negative)
    approved_quota: int = field(default=0, validator=non_negative)
    used_quota: int = field(default=0, validator=non_negative)
    return_reason: str = ""

    def __attrs_post_init__(self) -> None:
        if self.used_quota > self.approved_quota:
            raise ValueError(
                f"used quota {self.used_quota} exceeds approved quota {self.approved_quota} for {self.key}"
            )

    key_fields: ClassVar[tuple[str, ...]] = ("school_code", "certificate_code", "year", "batch")

    @property
    def remaining_quota(self) -> int:
        """批准总培训人数 minus 已使用指标数: how many more candidates may register."""
        return self.approved_quota - self.used_quota
