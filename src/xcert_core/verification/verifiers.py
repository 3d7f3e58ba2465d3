"""The identity verifiers that need no network: an offline pre-check and a deterministic fake.

Both satisfy :class:`~xcert_core.ports.verification.IdentityVerifier`. The platform-results verifier, which
reads the candidate list exported from the platform, lives in ``xcert_adapters.verification`` because it
reads a workbook.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping, Sequence

from xcert_core.hookspecs import Register, hookimpl
from xcert_core.labels import Severity
from xcert_core.model import Candidate
from xcert_core.ports.verification import IdentityVerifierFactory, VerificationOutcome, VerificationResult

PLATFORM_PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})


class PrecheckVerifier:
    """What the platform would certainly reject, found offline: an invalid ID number for its type, no photo,
    a photo that is not JPEG or PNG, and any photo problems the caller passes in (``photo_problems``: ID number
    to Chinese reasons, e.g. from ``xcert photos check``). Such candidates get ``MISMATCHED`` with the reasons
    (they will need 人工确认 anyway, so better fixed first); everyone else ``NO_VERDICT``: a pre-check can never
    say 信息准确, only the public-security comparison can.
    """

    def __init__(self, photo_problems: Mapping[str, Sequence[str]] | None = None,
                 today: dt.date | None = None) -> None:
        self.photo_problems = dict(photo_problems or {})
        self.today = today or dt.date.today()

    def reasons(self, candidate: Candidate) -> list[str]:
        """The Chinese reasons the platform would reject ``candidate`` (empty: none found)."""
        from xcert_core.roster.rules.identity import check_id_number  # noqa: PLC0415 - stdnum, when verifying

        verdict = check_id_number(candidate.id_type.label, candidate.id_number, self.today)
        reasons = [f.issue_type.title for f in verdict.findings if f.issue_type.severity is Severity.ERROR]
        if candidate.photo is None:
            reasons.append("没有照片")
        elif candidate.photo.media_type not in PLATFORM_PHOTO_TYPES:
            reasons.append("照片不是 JPG 或 PNG 格式")
        reasons += self.photo_problems.get(candidate.id_number, ())
        return reasons

    def verify(self, candidates: Sequence[Candidate]) -> Iterator[VerificationResult]:
        for candidate in candidates:
            reasons = self.reasons(candidate)
            outcome = VerificationOutcome.MISMATCHED if reasons else VerificationOutcome.NO_VERDICT
            yield VerificationResult(candidate.school_code, candidate.id_number, outcome,
                                     tuple(reasons) or ("预检未发现问题，仍需平台比对",))


class FakeVerifier:
    """A deterministic stand-in for the public-security comparison, for tests and the demo.

    The same ID number always gets the same answer: one in ``mismatch_every`` candidates does not match, and
    (when ``fail_every`` is set) one in ``fail_every`` fails as if the service timed out.
    """

    def __init__(self, mismatch_every: int = 10, fail_every: int = 0) -> None:
        self.mismatch_every = mismatch_every
        self.fail_every = fail_every

    def verify(self, candidates: Sequence[Candidate]) -> Iterator[VerificationResult]:
        for candidate in candidates:
            digest = int.from_bytes(hashlib.sha256(candidate.id_number.encode()).digest()[:8], "big")
            if self.fail_every and digest % self.fail_every == 1:
                yield VerificationResult(candidate.school_code, candidate.id_number, VerificationOutcome.FAILED,
                                         ("认证服务超时（模拟）",))
            elif self.mismatch_every and digest % self.mismatch_every == 0:
                yield VerificationResult(candidate.school_code, candidate.id_number,
                                         VerificationOutcome.MISMATCHED, ("照片与公安系统留存照片比对不一致（模拟）",))
            else:
                yield VerificationResult(candidate.school_code, candidate.id_number, VerificationOutcome.MATCHED)


class VerifiersPlugin:
    """Registers ``precheck`` and ``fake`` (the core's plug-in ``xcert-verifiers``)."""

    @hookimpl
    def xcert_register_identity_verifiers(self, register: Register[IdentityVerifierFactory]) -> None:
        register("precheck", PrecheckVerifier)
        register("fake", FakeVerifier)
