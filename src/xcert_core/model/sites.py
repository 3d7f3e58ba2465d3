"""Exam sites (考核站点) and their review."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import ReviewStatus, SiteStatus
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty


@frozen
class ExamSite(Keyed):
    """考核站点: where exams are held, applied for by a school (申报院校) to an organisation (申报对象).

    A site accepts registrations for a certificate only when it is approved, enabled and covers it
    (:meth:`accepts`).
    """

    code: str = field(validator=non_empty)
    name: str = field(validator=non_empty)
    school_code: str = field(validator=non_empty)
    organization_code: str = field(validator=non_empty)
    certificate_codes: tuple[str, ...] = ()
    review_status: ReviewStatus = ReviewStatus.DRAFT
    site_status: SiteStatus = SiteStatus.ENABLED
    address: str = ""
    return_reason: str = ""

    key_fields: ClassVar[tuple[str, ...]] = ("code",)

    def accepts(self, certificate_code: str) -> bool:
        """True when the site is 审核通过, 已启用 and covers ``certificate_code``."""
        return (
            self.review_status is ReviewStatus.APPROVED
            and self.site_status is SiteStatus.ENABLED
            and certificate_code in self.certificate_codes
        )
