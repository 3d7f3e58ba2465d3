"""The figures behind the reports' charts: the verification progress replays the event log (its last count is
the number of candidates whose latest record is in the state, in any order of the records), every score falls in
exactly one bin, the largest counts lose nothing, and shares keep their wholes."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from xcert_core.labels import VerificationEvent, VerificationState
from xcert_core.model import VerificationRecord
from xcert_core.statistics.figures import (
    BINS,
    daily_state_counts,
    largest,
    local_day,
    percent,
    score_distribution,
    shares,
)

START = dt.datetime(2026, 5, 1, 8, 0)


@st.composite
def logs(draw: st.DrawFn) -> list[VerificationRecord]:
    """Each candidate's records numbered 1, 2, … at increasing times (hours apart, over several days)."""
    records = []
    for person in range(draw(st.integers(0, 8))):
        at = START + dt.timedelta(hours=draw(st.integers(0, 100)))
        state = VerificationState.PENDING
        for seq in range(1, draw(st.integers(1, 5)) + 1):
            new = draw(st.sampled_from(VerificationState))
            records.append(VerificationRecord("S", f"ID{person}", seq, VerificationEvent.SUBMITTED, state, new,
                                              "test", at))
            state, at = new, at + dt.timedelta(hours=draw(st.integers(0, 40)))
    return records


@given(logs(), st.randoms(use_true_random=False))
def test_progress_ends_with_the_latest_states_in_any_order(records: list[VerificationRecord], shuffler) -> None:
    latest: dict[str, VerificationRecord] = {}
    for record in records:
        if record.id_number not in latest or latest[record.id_number].seq < record.seq:
            latest[record.id_number] = record
    expected = sum(r.to_state is VerificationState.VERIFIED for r in latest.values())
    counts = daily_state_counts(records, VerificationState.VERIFIED, day=lambda at: at.date())
    shuffled = list(records)
    shuffler.shuffle(shuffled)
    assert daily_state_counts(shuffled, VerificationState.VERIFIED, day=lambda at: at.date()) == counts
    assert (counts[-1][1] if counts else 0) == expected
    days = [day for day, _ in counts]
    assert days == sorted(set(days)) == sorted({r.at.date() for r in records})
    for day, count in counts:  # each day: the candidates whose latest record by that day's end is verified
        by_then: dict[str, VerificationRecord] = {}
        for record in records:
            if record.at.date() <= day and (record.id_number not in by_then
                                            or by_then[record.id_number].seq < record.seq):
                by_then[record.id_number] = record
        assert count == sum(r.to_state is VerificationState.VERIFIED for r in by_then.values())


def test_a_day_is_the_local_day_of_an_aware_time() -> None:
    aware = dt.datetime(2026, 5, 1, 23, 30, tzinfo=dt.UTC)
    assert local_day(aware) == aware.astimezone().date() and local_day(START) == START.date()


@given(st.lists(st.floats(0, 100, allow_nan=False)))
def test_every_score_falls_in_one_bin(scores: list[float]) -> None:
    points = score_distribution(scores)
    assert [p.label for p in points] == [f"{low}–{high}" for low, high in BINS]
    assert sum(p.value for p in points) == len(scores)
    for (low, high), point in zip(BINS, points, strict=True):
        assert point.value == sum(low <= s < high + 1 for s in scores)


def test_the_bins_edges() -> None:
    assert [p.value for p in score_distribution([0, 9.99, 10, 59.5, 60, 89.9, 90, 100])] == [
        2, 1, 0, 0, 0, 1, 1, 0, 1, 2]


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 100), max_size=40), st.integers(1, 10))
def test_the_largest_lose_nothing(counts: dict[str, int], most: int) -> None:
    points = largest(counts, "其他", most)
    assert sum(p.value for p in points) == sum(counts.values())
    assert len(points) == min(len(counts), most) + (len(counts) > most)
    kept = [p.value for p in points[:most]]
    assert kept == sorted(kept, reverse=True)
    if len(counts) > most:
        assert points[-1].label == "其他" and max(counts.values()) in kept


def test_shares_keep_their_wholes_largest_first() -> None:
    points = shares(Counter({"甲班": 30, "乙班": 40, "丙班": 30}), Counter({"甲班": 25, "乙班": 39}), most=2)
    assert [(p.label, p.value, p.whole) for p in points] == [("乙班", 39, 40), ("丙班", 0, 30)]
    assert percent(1, 3) == "33.3%" and percent(0, 0) == "—"
