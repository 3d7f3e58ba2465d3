"""Subject scores (科目成绩): what the platform's score export says of one candidate in one subject of a plan.

Imported, never typed into xcert; results (考证结果) are derived from them (:mod:`xcert_core.results`).
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty

SCORE_RANGE = (0.0, 100.0)
"""A score is out of 100 (the platform's 百分制)."""


def _score(instance: object, attribute: object, value: float | None) -> None:
    if value is not None and not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
        raise ValueError(f"a score is between {SCORE_RANGE[0]:g} and {SCORE_RANGE[1]:g}, not {value}")


@frozen
class SubjectScore(Keyed):
    """科目成绩: ``score`` (0–100, ``None`` when there is none), ``absent`` (缺考), ``misconduct`` (违纪: no pass
    whatever the score) and ``status``, the platform's 成绩状态 as it wrote it (e.g. 已发布). An absent candidate has
    no score (an import that says both is refused)."""

    plan_code: str = field(validator=non_empty)
    id_number: str = field(validator=non_empty)
    subject_code: str = field(validator=non_empty)
    score: float | None = field(default=None, validator=_score)
    absent: bool = False
    misconduct: bool = False
    status: str = ""

    def __attrs_post_init__(self) -> None:
        if self.absent and self.score is not None:
            raise ValueError("an absent candidate (缺考) has no score")

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "id_number", "subject_code")
