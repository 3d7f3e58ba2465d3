"""The verification event log (认证记录): one append-only record per state change of a candidate."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import VerificationEvent, VerificationState
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty, positive


@frozen
class VerificationRecord(Keyed):
    """Who did what to a candidate's verification state, when, and why.

    ``seq`` numbers a candidate's records from 1 without gaps; storage refuses a second record with the same
    ``seq`` (``DuplicateKeyError``), which is what keeps two writers from both appending "the next" record.
    """

    school_code: str = field(validator=non_empty)
    id_number: str = field(validator=non_empty)
    seq: int = field(validator=positive)
    event: VerificationEvent
    from_state: VerificationState
    to_state: VerificationState
    actor: str
    at: dt.datetime
    reason: str = ""

    key_fields: ClassVar[tuple[str, ...]] = ("school_code", "id_number", "seq")
