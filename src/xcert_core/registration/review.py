"""The review workflow shared by exam-site applications (考核站点申报) and certificate pilot applications
(证书试点申报): 未提交 → 待审核 → 审核通过 or 审核退回 (with a reason) → resubmitted → 待审核 …

As data: :data:`REVIEW_TRANSITIONS` maps ``(status, action)`` to the next status; anything else raises
:class:`ReviewError`. A return needs a reason, which is kept on the entity until the next submission.
"""

from __future__ import annotations

import enum

import attrs

from xcert_core.errors import XcertError
from xcert_core.labels import ReviewStatus
from xcert_core.model import ExamSite, PilotApplication


class ReviewAction(enum.Enum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


REVIEW_TRANSITIONS: dict[tuple[ReviewStatus, ReviewAction], ReviewStatus] = {
    (ReviewStatus.DRAFT, ReviewAction.SUBMIT): ReviewStatus.SUBMITTED,
    (ReviewStatus.RETURNED, ReviewAction.SUBMIT): ReviewStatus.SUBMITTED,
    (ReviewStatus.SUBMITTED, ReviewAction.APPROVE): ReviewStatus.APPROVED,
    (ReviewStatus.SUBMITTED, ReviewAction.RETURN): ReviewStatus.RETURNED,
}

class ReviewError(XcertError):
    """An action that is not possible in the current review status (or a return without a reason)."""


def next_review_status(current: ReviewStatus, action: ReviewAction, reason: str = "") -> ReviewStatus:
    """The status after ``action``; raises :class:`ReviewError` when illegal or a return has no reason."""
    target = REVIEW_TRANSITIONS.get((current, action))
    if target is None:
        raise ReviewError(f"“{current.label}”状态下不能{_ACTION_LABELS[action]}: {action.value} from {current.value}")
    if action is ReviewAction.RETURN and not reason.strip():
        raise ReviewError("审核退回必须写明原因: a return needs a reason")
    return target


def review_site(site: ExamSite, action: ReviewAction, reason: str = "") -> ExamSite:
    """The exam-site application after ``action`` (the return reason is kept until the next submission)."""
    target = next_review_status(site.review_status, action, reason)
    return attrs.evolve(site, review_status=target, return_reason=reason if action is ReviewAction.RETURN else "")


def review_application(application: PilotApplication, action: ReviewAction, reason: str = "") -> PilotApplication:
    """The pilot application after ``action`` (the return reason is kept until the next submission)."""
    target = next_review_status(application.status, action, reason)
    return attrs.evolve(application, status=target,
                        return_reason=reason if action is ReviewAction.RETURN else "")


class QuotaBelowUsedError(XcertError):
    """批准总培训人数 set below 已使用指标数: registrations would have to be withdrawn first."""


def recorded_application(current: PilotApplication | None, new: PilotApplication, *,
                         used_elsewhere: int | None = None, used_here: int = 0) -> PilotApplication:
    """The pilot application as the platform's result ``new`` records it (its ``used_quota`` is ignored),
    keeping ``current``'s 已使用指标数: registrations decide it, never a form — except the places used before or
    outside xcert (registrations made on the platform directly), which the school states once as
    ``used_elsewhere``: then 已使用指标数 is ``used_here`` (the active registrations xcert holds against this
    application) plus ``used_elsewhere``, and later registrations count on from there. Raises
    :class:`QuotaBelowUsedError` when the approved quota would fall below the quota used."""
    used = current.used_quota if current is not None else 0
    if used_elsewhere is not None:
        if used_elsewhere < 0:
            raise ValueError("used_elsewhere must not be negative")
        used = used_here + used_elsewhere
    if new.approved_quota < used:
        raise QuotaBelowUsedError(f"批准总培训人数 {new.approved_quota} 少于已使用指标数 {used}：请先撤销报考 / "
                                  f"approved {new.approved_quota} is below the {used} places already used")
    return attrs.evolve(new, used_quota=used)


_ACTION_LABELS = {ReviewAction.SUBMIT: "提交", ReviewAction.APPROVE: "审核通过", ReviewAction.RETURN: "审核退回"}
