"""An example identity verifier that calls a remote comparison service, with retries.

The transport is injected (``send``), so the same class works with any HTTP client and is testable without a
network. Register it from your plug-in module with::

    from xcert_core.hookspecs import hookimpl

    @hookimpl
    def xcert_register_identity_verifiers(register):
        register("my-remote", RemoteVerifier)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence

from xcert_core.model import Candidate
from xcert_core.ports.verification import VerificationOutcome, VerificationResult

Send = Callable[[list[dict[str, str]]], list[dict[str, str]]]
OUTCOMES = {"match": VerificationOutcome.MATCHED, "mismatch": VerificationOutcome.MISMATCHED}


class RemoteVerifier:
    """Sends a batch to ``send`` and turns its answers into results.

    Transient failures (``TimeoutError``, ``ConnectionError``) are retried ``attempts`` times with exponential
    back-off; after the last one the exception propagates, and xcert returns the whole batch to 信息待认证 for a
    later run. A candidate the service does not answer for gets no result and is retried later too.
    """

    def __init__(self, send: Send, *, attempts: int = 3, backoff_seconds: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.send, self.attempts, self.backoff, self.sleep = send, attempts, backoff_seconds, sleep

    def verify(self, candidates: Sequence[Candidate]) -> Iterator[VerificationResult]:
        payload = [{"school": c.school_code, "id_number": c.id_number, "name": c.name,
                    "photo": c.photo.location if c.photo else ""} for c in candidates]
        for attempt in range(self.attempts):
            try:
                answers = self.send(payload)
                break
            except (TimeoutError, ConnectionError):
                if attempt == self.attempts - 1:
                    raise
                self.sleep(self.backoff * 2**attempt)
        for answer in answers:
            outcome = OUTCOMES.get(answer.get("result", ""), VerificationOutcome.FAILED)
            yield VerificationResult(answer["school"], answer["id_number"], outcome,
                                     (answer["reason"],) if answer.get("reason") else ())
