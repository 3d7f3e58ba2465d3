"""In-memory storage: bulk insert and lookups by ID number vs. a bare dict doing the same work."""

from __future__ import annotations

import time
from collections.abc import Callable

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.labels import Gender, IdType
from xcert_core.model import Candidate

ROWS = 100_000
LOOKUPS = 10_000


def _candidates() -> list[Candidate]:
    return [
        Candidate(school_code="S001", name="张三", name_pinyin="Zhang San", gender=Gender.MALE,
                  id_type=IdType.RESIDENT_ID, id_number=f"{110101200000000000 + n}", mobile="13800000000")
        for n in range(ROWS)
    ]


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run() -> list[str]:
    candidates = _candidates()
    keys = [c.key for c in candidates[:: ROWS // LOOKUPS]]
    bare: dict[tuple[str, ...], Candidate] = {}
    storage = MemoryStorage()
    bare_insert = _timed(lambda: bare.update((c.key, c) for c in candidates))
    ours_insert = _timed(lambda: storage.add_all(candidates))
    bare_lookup = _timed(lambda: [bare[key] for key in keys])
    ours_lookup = _timed(lambda: [storage.get(Candidate, key) for key in keys])
    return [
        f"insert {ROWS:,} candidates: {ours_insert:.3f} s (bare dict {bare_insert:.3f} s, "
        f"ratio {ours_insert / bare_insert:.1f}x)",
        f"look up {LOOKUPS:,} by key: {ours_lookup:.4f} s (bare dict {bare_lookup:.4f} s, "
        f"ratio {ours_lookup / bare_lookup:.1f}x)",
    ]
