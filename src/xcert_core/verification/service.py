"""Recording verification events in storage, one candidate at a time, and batch verification.

Every event is one transaction: the candidate is re-read, the machine applied, the candidate replaced under
its revision and the log record appended with the next ``seq``. Two writers racing for one candidate cannot
both win (the revision and the record key both refuse the loser, who re-reads and tries again), and a batch
never half-applies a candidate: each candidate's change commits or not as a whole, and the batch reports per
candidate.

Batch verification is resumable: it takes candidates in 信息待认证 (submitting them) and those left in 认证中 by an
interrupted run (sending them again without a second submission); candidates already decided are skipped. A
candidate's verdict is applied at most once, because applying it moves the candidate out of 认证中.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import attrs
from attrs import frozen

from xcert_core.errors import ConcurrencyError, DuplicateKeyError
from xcert_core.labels import VerificationEvent as Ev
from xcert_core.labels import VerificationState as St
from xcert_core.model import Candidate, VerificationRecord
from xcert_core.ports.storage import Storage
from xcert_core.ports.verification import IdentityVerifier, VerificationOutcome, VerificationResult
from xcert_core.verification.machine import TransitionError, apply

CandidateKey = tuple[str, str]
"""(school code, ID number)."""

OUTCOME_EVENTS = {VerificationOutcome.MATCHED: Ev.MATCHED, VerificationOutcome.MISMATCHED: Ev.MISMATCHED,
                  VerificationOutcome.NO_VERDICT: Ev.NO_VERDICT, VerificationOutcome.FAILED: Ev.VERIFIER_FAILED}
RETRIES = 5


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@frozen
class CandidateOutcome:
    """What a batch did to one candidate: its state before and after, reasons, or the error that stopped it."""

    key: CandidateKey
    before: St
    after: St
    reasons: tuple[str, ...] = ()
    error: str = ""


@frozen
class BatchReport:
    """Per-candidate outcomes of a batch, in the order processed."""

    outcomes: tuple[CandidateOutcome, ...]

    def count(self, state: St) -> int:
        """How many candidates the batch left in ``state`` (errors excluded)."""
        return sum(1 for o in self.outcomes if not o.error and o.after is state)

    @property
    def errors(self) -> tuple[CandidateOutcome, ...]:
        return tuple(o for o in self.outcomes if o.error)


class VerificationService:
    """Verification events and batch verification over one :class:`~xcert_core.ports.storage.Storage`."""

    def __init__(self, storage: Storage, *, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.storage = storage
        self.clock = clock

    def record(self, key: CandidateKey, event: Ev, *, actor: str, reason: str = "") -> Candidate:
        """Apply ``event`` to the stored candidate and append its record, atomically; returns the candidate.

        Raises :class:`~xcert_core.verification.machine.TransitionError` (nothing changed) when illegal, and
        ``NotFoundError`` for an unknown candidate. Lost races are retried a few times.
        """
        for attempt in range(RETRIES):
            try:
                with self.storage.transaction() as tx:
                    candidate, revision = tx.get_with_revision(Candidate, key)
                    updated, entry = apply(candidate, event, seq=candidate.verification_seq + 1, actor=actor,
                                           at=self.clock(), reason=reason)
                    tx.replace(attrs.evolve(updated, verification_seq=entry.seq), revision)
                    tx.add(entry)
                    return attrs.evolve(updated, verification_seq=entry.seq)
            except (ConcurrencyError, DuplicateKeyError):
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def history(self, key: CandidateKey) -> list[VerificationRecord]:
        """The candidate's records, oldest first."""
        records = self.storage.list(VerificationRecord, school_code=key[0], id_number=key[1])
        return sorted(records, key=lambda record: record.seq)

    def record_many(self, keys: Iterable[CandidateKey], event: Ev, *, actor: str,
                    reason: str = "") -> BatchReport:
        """:meth:`record` for each candidate; an illegal event for one is reported, the others go on."""
        outcomes = []
        for key in keys:
            before = self.storage.get(Candidate, key).state
            try:
                after = self.record(key, event, actor=actor, reason=reason).state
                outcomes.append(CandidateOutcome(key, before, after, (reason,) if reason else ()))
            except TransitionError as exc:
                outcomes.append(CandidateOutcome(key, before, before, error=str(exc)))
        return BatchReport(tuple(outcomes))

    def verify(
        self,
        verifier: IdentityVerifier,
        *,
        school_code: str | None = None,
        actor: str = "xcert",
        chunk_size: int = 200,
        progress: Callable[[int, int], None] | None = None,
    ) -> BatchReport:
        """Send every candidate in 信息待认证 (and any left in 认证中) to ``verifier`` in chunks and apply the
        verdicts (see the module docstring). ``progress(done, total)`` is called after each chunk."""
        filters = {} if school_code is None else {"school_code": school_code}
        waiting: list[CandidateKey] = [(c.school_code, c.id_number) for c in self.storage.list(Candidate, **filters)
                                       if c.state in (St.PENDING, St.VERIFYING)]
        outcomes: list[CandidateOutcome] = []
        for start in range(0, len(waiting), chunk_size):
            outcomes += self._verify_chunk(verifier, waiting[start:start + chunk_size], actor)
            if progress is not None:
                progress(min(start + chunk_size, len(waiting)), len(waiting))
        return BatchReport(tuple(outcomes))

    def _verify_chunk(self, verifier: IdentityVerifier, keys: Sequence[CandidateKey],
                      actor: str) -> list[CandidateOutcome]:
        before: dict[CandidateKey, St] = {}
        sent: list[Candidate] = []
        for wanted in keys:
            candidate = self.storage.get(Candidate, wanted)
            before[wanted] = candidate.state
            if candidate.state is St.PENDING:
                candidate = self.record(wanted, Ev.SUBMITTED, actor=actor)
            if candidate.state is St.VERIFYING:
                sent.append(candidate)
        results: dict[CandidateKey, VerificationResult] = {}
        failure = ""
        try:
            for answer in verifier.verify(sent):
                results.setdefault((answer.school_code, answer.id_number), answer)
        except Exception as exc:  # the verifier's problem: every candidate of the chunk is retried later
            failure = f"认证服务出错，稍后重试：{type(exc).__name__}: {exc}"
        outcomes = []
        for candidate in sent:
            key: CandidateKey = (candidate.school_code, candidate.id_number)
            result = None if failure else results.get(key)
            reasons: tuple[str, ...]
            if result is None:
                event, reasons = Ev.VERIFIER_FAILED, (failure or "认证服务没有返回该考生的结果，稍后重试",)
            else:
                event, reasons = OUTCOME_EVENTS[result.outcome], result.reasons
            try:
                after = self.record(key, event, actor=actor, reason="；".join(reasons)).state
                outcomes.append(CandidateOutcome(key, before[key], after, tuple(reasons)))
            except TransitionError as exc:  # changed while it was being verified: its verdict no longer applies
                outcomes.append(CandidateOutcome(key, before[key], self.storage.get(Candidate, key).state,
                                                 error=str(exc)))
        return outcomes
