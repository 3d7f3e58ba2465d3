"""The candidate verification state machine, as data.

States are :class:`~xcert_core.labels.VerificationState` (无照片, 信息待认证, 认证中, 信息准确, 需人工确认), events
:class:`~xcert_core.labels.VerificationEvent`. :data:`TRANSITIONS` maps ``(state, event)`` to the next state;
anything not in it is illegal and raises :class:`TransitionError`. Guards: a manual confirmation or rejection
needs an operator and a reason.

The rules it encodes (the platform's step 5): a photo makes a candidate ready (信息待认证); submitting sends it to
the comparison (认证中); a match makes it 信息准确, a mismatch 需人工确认, and only a person's 人工确认 turns that
into 信息准确. Changing the photo or any identity field of a candidate sends it back (信息待认证, or 无照片 when the
photo is removed), whatever state it was in. A verifier that fails, times out or gives no verdict returns the
candidate to 信息待认证, so nobody stays stuck in 认证中.
"""

from __future__ import annotations

import datetime as dt

import attrs

from xcert_core.errors import XcertError
from xcert_core.labels import VerificationEvent as Ev
from xcert_core.labels import VerificationState as St
from xcert_core.model import Candidate, VerificationRecord
from xcert_core.privacy import mask_id_number

_EDITS = {Ev.PHOTO_ATTACHED: St.PENDING, Ev.PHOTO_REMOVED: St.NO_PHOTO, Ev.IDENTITY_EDITED: St.PENDING}

TRANSITIONS: dict[tuple[St, Ev], St] = {
    (St.NO_PHOTO, Ev.PHOTO_ATTACHED): St.PENDING,
    (St.NO_PHOTO, Ev.IDENTITY_EDITED): St.NO_PHOTO,
    **{(state, event): target for state in (St.PENDING, St.VERIFYING, St.VERIFIED, St.NEEDS_REVIEW)
       for event, target in _EDITS.items()},
    (St.PENDING, Ev.SUBMITTED): St.VERIFYING,
    (St.VERIFYING, Ev.MATCHED): St.VERIFIED,
    (St.VERIFYING, Ev.MISMATCHED): St.NEEDS_REVIEW,
    (St.VERIFYING, Ev.NO_VERDICT): St.PENDING,
    (St.VERIFYING, Ev.VERIFIER_FAILED): St.PENDING,
    (St.NEEDS_REVIEW, Ev.SUBMITTED): St.VERIFYING,
    (St.NEEDS_REVIEW, Ev.CONFIRMED): St.VERIFIED,
    (St.NEEDS_REVIEW, Ev.REJECTED): St.PENDING,
}
"""Every legal ``(state, event) -> next state``; the docs' state diagram is generated from it."""

NEEDS_OPERATOR = frozenset({Ev.CONFIRMED, Ev.REJECTED})


class TransitionError(XcertError):
    """An event that is illegal in the candidate's current state (or misses its operator and reason)."""

    def __init__(self, message: str, *, state: St, event: Ev) -> None:
        super().__init__(message)
        self.state = state
        self.event = event


def next_state(state: St, event: Ev, *, actor: str = "", reason: str = "") -> St:
    """The state after ``event``; raises :class:`TransitionError` when it is illegal or a guard fails."""
    target = TRANSITIONS.get((state, event))
    if target is None:
        raise TransitionError(f"“{state.label}”状态下不能“{event.label}”: {event.value} is not allowed in "
                              f"state {state.value}", state=state, event=event)
    if event in NEEDS_OPERATOR and not (actor.strip() and reason.strip()):
        raise TransitionError(f"“{event.label}”必须写明操作人和理由: {event.value} needs an operator and a reason",
                              state=state, event=event)
    return target


def apply(candidate: Candidate, event: Ev, *, seq: int, actor: str, at: dt.datetime,
          reason: str = "") -> tuple[Candidate, VerificationRecord]:
    """The candidate after ``event`` and the log record saying so (``seq`` is the record's number).

    Pure: nothing is stored. Raises :class:`TransitionError` (with the ID number masked) when illegal.
    """
    try:
        target = next_state(candidate.state, event, actor=actor, reason=reason)
    except TransitionError as exc:
        raise TransitionError(f"{mask_id_number(candidate.id_number)}: {exc}", state=exc.state,
                              event=exc.event) from None
    record = VerificationRecord(school_code=candidate.school_code, id_number=candidate.id_number, seq=seq,
                                event=event, from_state=candidate.state, to_state=target, actor=actor, at=at,
                                reason=reason)
    return attrs.evolve(candidate, state=target), record


def replay(records: list[VerificationRecord], initial: St = St.NO_PHOTO) -> St:
    """The state a candidate's log leads to, checking every step: records must be numbered 1, 2, … and each
    must start where the previous one ended and be a legal transition (else :class:`TransitionError`)."""
    state = initial
    for expected_seq, record in enumerate(sorted(records, key=lambda r: r.seq), start=1):
        if record.seq != expected_seq or record.from_state is not state:
            raise TransitionError(f"认证记录不连续: record {record.seq} does not follow state {state.value}",
                                  state=state, event=record.event)
        state = next_state(state, record.event, actor=record.actor, reason=record.reason)
        if state is not record.to_state:
            raise TransitionError(f"认证记录与状态机不符: record {record.seq}", state=state, event=record.event)
    return state
