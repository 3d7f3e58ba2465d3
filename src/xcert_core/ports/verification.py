"""The identity-verification port (认证): candidates in, one result per candidate out.

A verifier may be slow and may fail. It answers per candidate; a failure for one candidate
(``VerificationOutcome.FAILED``) sends only that candidate back to 信息待认证 to be retried later. An exception
out of ``verify`` means the whole batch failed and every candidate in it is retried.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, runtime_checkable

from attrs import frozen

from xcert_core.model import Candidate


class VerificationOutcome(enum.Enum):
    """A verifier's answer: a match (信息准确), a mismatch (需人工确认), no verdict (e.g. an offline pre-check that
    found nothing wrong but cannot confirm identity), or a failure for this candidate (retried later)."""

    MATCHED = "matched"
    MISMATCHED = "mismatched"
    NO_VERDICT = "no_verdict"
    FAILED = "failed"


@frozen
class VerificationResult:
    """The verifier's answer for one candidate, by school code and ID number, with reasons in Chinese."""

    school_code: str
    id_number: str
    outcome: VerificationOutcome
    reasons: tuple[str, ...] = ()


@runtime_checkable
class IdentityVerifier(Protocol):
    def verify(self, candidates: Sequence[Candidate]) -> Iterator[VerificationResult]:
        """Yield at most one result per candidate given; candidates without a result are retried later."""
        ...


IdentityVerifierFactory = Callable[..., IdentityVerifier]
"""Called with the verifier's own keyword options (e.g. ``path=`` for the platform-results verifier)."""
