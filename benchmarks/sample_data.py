"""What the benchmarks share: generated candidates and a wall-clock timer."""

from __future__ import annotations

import time
from collections.abc import Callable

from xcert_core.labels import Gender, IdType
from xcert_core.model import Candidate


def candidates(count: int) -> list[Candidate]:
    """``count`` school candidates of one school with distinct 18-digit ID numbers."""
    return [
        Candidate(school_code="S001", name="张三", name_pinyin="Zhang San", gender=Gender.MALE,
                  id_type=IdType.RESIDENT_ID, id_number=f"{110101200000000000 + n}", mobile="13800000000")
        for n in range(count)
    ]


def timed(work: Callable[[], object]) -> float:
    """Seconds ``work()`` took."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
