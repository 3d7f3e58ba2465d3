"""In-memory storage: bulk insert and lookups by ID number vs. a bare dict doing the same work."""

from __future__ import annotations

import sample_data
from sample_data import timed

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.model import Candidate

ROWS = 100_000
LOOKUPS = 10_000




def run() -> list[str]:
    candidates = sample_data.candidates(ROWS)
    keys = [c.key for c in candidates[:: ROWS // LOOKUPS]]
    bare: dict[tuple[str, ...], Candidate] = {}
    storage = MemoryStorage()
    bare_insert = timed(lambda: bare.update((c.key, c) for c in candidates))
    ours_insert = timed(lambda: storage.add_all(candidates))
    bare_lookup = timed(lambda: [bare[key] for key in keys])
    ours_lookup = timed(lambda: [storage.get(Candidate, key) for key in keys])
    return [
        f"insert {ROWS:,} candidates: {ours_insert:.3f} s (bare dict {bare_insert:.3f} s, "
        f"ratio {ours_insert / bare_insert:.1f}x)",
        f"look up {LOOKUPS:,} by key: {ours_lookup:.4f} s (bare dict {bare_lookup:.4f} s, "
        f"ratio {ours_lookup / bare_lookup:.1f}x)",
    ]
