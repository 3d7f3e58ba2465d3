"""Recording the platform's review of a pilot application (试点申报): 已使用指标数 is never taken from a form —
registrations decide it — except the places used outside xcert, which the school states once."""

from __future__ import annotations

import attrs
import pytest

from test_registration_rules import APPROVED
from xcert_core.labels import ReviewStatus
from xcert_core.model import ExamSite
from xcert_core.registration.review import (
    QuotaBelowUsedError,
    ReviewAction,
    recorded_application,
    review_application,
    review_site,
)


def test_the_used_places_are_kept_from_the_stored_application() -> None:
    stored = attrs.evolve(APPROVED, used_quota=2)
    assert recorded_application(stored, attrs.evolve(APPROVED, approved_quota=5, used_quota=0)).used_quota == 2
    claimed = attrs.evolve(APPROVED, approved_quota=9, used_quota=7)
    assert recorded_application(None, claimed).used_quota == 0  # a form never sets it


def test_places_used_elsewhere_add_to_those_used_here() -> None:
    new = attrs.evolve(APPROVED, approved_quota=50)
    assert recorded_application(None, new, used_elsewhere=10, used_here=2).used_quota == 12
    assert recorded_application(attrs.evolve(APPROVED, approved_quota=9, used_quota=9), new, used_elsewhere=0,
                                used_here=3).used_quota == 3
    with pytest.raises(ValueError, match="negative"):
        recorded_application(None, new, used_elsewhere=-1)


def test_the_approved_places_may_not_fall_below_the_used_ones() -> None:
    with pytest.raises(QuotaBelowUsedError, match="少于已使用指标数 12"):
        recorded_application(None, attrs.evolve(APPROVED, approved_quota=11), used_elsewhere=10, used_here=2)
    assert recorded_application(None, attrs.evolve(APPROVED, approved_quota=12), used_elsewhere=10,
                                used_here=2).approved_quota == 12  # exactly used: allowed


def test_the_places_used_elsewhere_alone_are_the_used_places() -> None:
    assert recorded_application(None, attrs.evolve(APPROVED, approved_quota=50), used_elsewhere=4).used_quota == 4


def test_the_return_reason_is_kept_until_the_next_submission() -> None:
    submitted = attrs.evolve(APPROVED, status=ReviewStatus.SUBMITTED)
    returned = review_application(submitted, ReviewAction.RETURN, "人数填错")
    assert (returned.status, returned.return_reason) == (ReviewStatus.RETURNED, "人数填错")
    again = review_application(returned, ReviewAction.SUBMIT, "已改")
    assert (again.status, again.return_reason) == (ReviewStatus.SUBMITTED, "")  # a submission's words are no reason
    approved = review_application(again, ReviewAction.APPROVE, "同意")
    assert approved.return_reason == ""
    site = ExamSite("Z01", "信息楼考核站点", "S001", "ORG", (APPROVED.certificate_code,), ReviewStatus.SUBMITTED)
    assert review_site(site, ReviewAction.RETURN, "地址不全").return_reason == "地址不全"
    resubmitted = review_site(review_site(site, ReviewAction.RETURN, "地址不全"), ReviewAction.SUBMIT, "补了")
    assert resubmitted.return_reason == ""
