"""The figures behind the charts of the statistics report and the weekly report.

Contracts (each held by a property test):

- :func:`daily_state_counts` replays the verification event log: the count of a day is the number of candidates
  whose latest record by the end of that day left them in the state; the last day's count is the number of
  candidates whose latest record of all is in the state, whatever order the records come in.
- :func:`score_distribution` puts every score in exactly one of ten bins (0–9 … 80–89, 90–100), in order.
- :func:`largest` keeps the largest counts and sums the rest into one point, so no count is lost.
- :func:`shares` gives each group its part of its whole, the largest wholes first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from xcert_core.labels import VerificationState
from xcert_core.model import ChartPoint, VerificationRecord

MOST_POINTS = 30
"""Points per bar chart, the largest first; the rest are summed into one."""

BIN_WIDTH = 10
BINS = tuple((low, low + BIN_WIDTH - 1 if low < 90 else 100) for low in range(0, 100, BIN_WIDTH))
"""The score bins: 0–9, 10–19, …, 80–89 and 90–100 (a full mark in the last bin)."""


def local_day(at: dt.datetime) -> dt.date:
    """The day of ``at`` on this machine's clock (a time with a zone is converted; a naive one is taken as it is),
    as every list of xcert shows times."""
    return (at.astimezone() if at.tzinfo is not None else at).date()


def daily_state_counts(records: Iterable[VerificationRecord], state: VerificationState,
                       day: Callable[[dt.datetime], dt.date] = local_day) -> list[tuple[dt.date, int]]:
    """For each day with a record, the number of candidates in ``state`` at that day's end (days ascending)."""
    ordered = sorted(records, key=lambda r: (r.at, r.school_code, r.id_number, r.seq))
    current: dict[tuple[str, str], tuple[int, VerificationState]] = {}
    counts: list[tuple[dt.date, int]] = []
    inside = 0
    for record in ordered:
        key = (record.school_code, record.id_number)
        before = current.get(key)
        if before is not None and before[0] > record.seq:
            continue  # an older record of the candidate stamped later: the higher seq is the latest state
        inside -= before is not None and before[1] is state
        current[key] = (record.seq, record.to_state)
        inside += record.to_state is state
        today = day(record.at)
        if counts and counts[-1][0] == today:
            counts[-1] = (today, inside)
        else:
            counts.append((today, inside))
    return counts


def score_distribution(scores: Iterable[float]) -> tuple[ChartPoint, ...]:
    """How many ``scores`` (0–100) fall in each of :data:`BINS`, labelled ``0–9`` … ``90–100``."""
    counts = [0] * len(BINS)
    for score in scores:
        counts[min(int(score) // BIN_WIDTH, len(BINS) - 1)] += 1
    return tuple(ChartPoint(f"{low}–{high}", count) for (low, high), count in zip(BINS, counts, strict=True))


def largest(counts: Mapping[str, int], rest: str, most: int = MOST_POINTS) -> tuple[ChartPoint, ...]:
    """The ``most`` largest counts (ties by label), then one point ``rest`` summing all the others."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    points = [ChartPoint(label, value) for label, value in ranked[:most]]
    if len(ranked) > most:
        points.append(ChartPoint(rest, sum(value for _, value in ranked[most:])))
    return tuple(points)


def shares(wholes: Counter[str], parts: Counter[str], most: int = MOST_POINTS) -> tuple[ChartPoint, ...]:
    """Each group's part of its whole (e.g. the passes of a class of its candidates), the ``most`` largest
    wholes first (ties by label)."""
    ranked = sorted(wholes.items(), key=lambda item: (-item[1], item[0]))[:most]
    return tuple(ChartPoint(label, parts[label], whole) for label, whole in ranked)


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage with one decimal (``—`` of nothing)."""
    return f"{100 * part / whole:.1f}%" if whole else "—"
