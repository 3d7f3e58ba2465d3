"""The verification state machine, its log, the offline verifiers and batch verification."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xcert_adapters.storage.memory import MemoryStorage
from xcert_adapters.storage.sql.storage import SqlStorage
from xcert_core.labels import VerificationEvent as Ev
from xcert_core.labels import VerificationState as St
from xcert_core.model import Candidate, PhotoRef, VerificationRecord
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.storage import Storage
from xcert_core.ports.verification import VerificationResult
from xcert_core.registry import AdapterKind
from xcert_core.testing.storage_contract import sample_candidate
from xcert_core.verification.diagram import state_machine_markdown
from xcert_core.verification.machine import TRANSITIONS, TransitionError, apply, next_state, replay
from xcert_core.verification.service import VerificationService
from xcert_core.verification.verifiers import FakeVerifier, PrecheckVerifier

EDITS = {Ev.PHOTO_ATTACHED, Ev.PHOTO_REMOVED, Ev.IDENTITY_EDITED}
NOW = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
VALID_IDS = ("140105200403150017", "140105200507200023")


def ids(count: int) -> list[str]:
    from stdnum.cn import ric  # noqa: PLC0415

    out = []
    for n in range(count):
        stem = f"14010520040315{n % 1000:03d}"[:17] if count <= 1000 else f"1401052004{n:07d}"
        out.append(stem + ric.calc_check_digit(stem + "0"))
    return out


def stored(storage: Storage, count: int, state: St = St.PENDING) -> list[tuple[str, str]]:
    photo = PhotoRef("photos.zip!x.jpg", media_type="image/jpeg")
    candidates = [attrs.evolve(sample_candidate("S001", number), photo=photo, state=state) for number in ids(count)]
    storage.add_all(candidates)
    return [("S001", c.id_number) for c in candidates]


event_steps = st.lists(
    st.tuples(st.sampled_from(Ev), st.sampled_from(["", "王老师"]), st.sampled_from(["", "核对无误"])), max_size=40
)


@given(event_steps)
def test_only_transition_errors_and_verified_needs_a_photo_and_a_verdict_since_the_last_edit(
        steps: list[tuple[Ev, str, str]]) -> None:
    state, photo, verdict_since_edit = St.NO_PHOTO, False, False
    for event, actor, reason in steps:
        try:
            state = next_state(state, event, actor=actor, reason=reason)
        except TransitionError:
            continue
        if event in EDITS:
            photo = event is not Ev.PHOTO_REMOVED if event is not Ev.IDENTITY_EDITED else photo
            verdict_since_edit = False
        if event in (Ev.MATCHED, Ev.CONFIRMED):
            verdict_since_edit = True
        if state is St.VERIFIED:
            assert photo and verdict_since_edit
        assert state is not St.NO_PHOTO or not photo


@settings(max_examples=60, deadline=None)
@given(event_steps)
def test_state_replayed_from_the_log_equals_the_stored_state(steps: list[tuple[Ev, str, str]]) -> None:
    storage = MemoryStorage()
    key = stored(storage, 1, St.NO_PHOTO)[0]
    service = VerificationService(storage, clock=lambda: NOW)
    for event, actor, reason in steps:
        with contextlib.suppress(TransitionError):
            service.record(key, event, actor=actor, reason=reason)
    candidate = storage.get(Candidate, key)
    history = service.history(key)
    assert replay(history) is candidate.state
    assert candidate.verification_seq == len(history)
    assert [record.seq for record in history] == list(range(1, len(history) + 1))


def test_illegal_events_and_guards() -> None:
    with pytest.raises(TransitionError, match="信息准确"):
        next_state(St.VERIFIED, Ev.SUBMITTED)
    with pytest.raises(TransitionError, match="操作人和理由"):
        next_state(St.NEEDS_REVIEW, Ev.CONFIRMED, actor="王老师")
    assert next_state(St.NEEDS_REVIEW, Ev.CONFIRMED, actor="王老师", reason="本人到场核对") is St.VERIFIED
    assert next_state(St.VERIFIED, Ev.IDENTITY_EDITED) is St.PENDING
    assert next_state(St.VERIFYING, Ev.VERIFIER_FAILED) is St.PENDING


def test_transition_error_masks_the_id_number() -> None:
    candidate = sample_candidate("S001", VALID_IDS[0])
    with pytest.raises(TransitionError) as caught:
        apply(candidate, Ev.MATCHED, seq=1, actor="x", at=NOW)
    assert VALID_IDS[0] not in str(caught.value) and "140***********0017" in str(caught.value)


def test_every_state_is_reachable_and_none_is_a_dead_end() -> None:
    reachable, frontier = {St.NO_PHOTO}, [St.NO_PHOTO]
    while frontier:
        state = frontier.pop()
        for (source, _), target in TRANSITIONS.items():
            if source is state and target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(St)
    assert all(any(source is state for source, _ in TRANSITIONS) for state in St)


def test_manual_confirmation_is_logged_with_operator_and_reason() -> None:
    storage = MemoryStorage()
    key = stored(storage, 1, St.PENDING)[0]
    service = VerificationService(storage, clock=lambda: NOW)
    service.record(key, Ev.SUBMITTED, actor="xcert")
    service.record(key, Ev.MISMATCHED, actor="xcert", reason="比对不一致")
    assert service.record(key, Ev.CONFIRMED, actor="王老师", reason="本人持证到校核对").state is St.VERIFIED
    last = service.history(key)[-1]
    assert (last.actor, last.reason, last.from_state, last.to_state) == ("王老师", "本人持证到校核对",
                                                                         St.NEEDS_REVIEW, St.VERIFIED)


def test_record_many_reports_per_candidate_and_applies_the_legal_ones() -> None:
    storage = MemoryStorage()
    keys = stored(storage, 3, St.PENDING)
    service = VerificationService(storage)
    service.record(keys[1], Ev.SUBMITTED, actor="x")
    report = service.record_many(keys, Ev.SUBMITTED, actor="x")
    assert [o.after for o in report.outcomes] == [St.VERIFYING, St.VERIFYING, St.VERIFYING]
    assert [bool(o.error) for o in report.outcomes] == [False, True, False]
    assert len(service.history(keys[1])) == 1  # the illegal one changed nothing


def test_racing_writers_keep_the_log_consistent() -> None:
    storage = MemoryStorage()
    key = stored(storage, 1, St.PENDING)[0]
    service = VerificationService(storage)

    def edit() -> None:
        for _ in range(20):
            service.record(key, Ev.IDENTITY_EDITED, actor="thread")

    threads = [threading.Thread(target=edit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    history = service.history(key)
    assert len(history) == 80 and replay(history, St.PENDING) is St.PENDING


class RecordingVerifier:
    """Counts how often each candidate is sent, answers like FakeVerifier, and can stop the run."""

    def __init__(self, stop_after_chunks: int | None = None) -> None:
        self.sent: Counter[str] = Counter()
        self.chunks = 0
        self.stop_after_chunks = stop_after_chunks

    def verify(self, candidates: Sequence[Candidate]) -> Iterator[VerificationResult]:
        self.chunks += 1
        if self.stop_after_chunks is not None and self.chunks > self.stop_after_chunks:
            raise KeyboardInterrupt  # the operator pressed Ctrl+C while the comparison was running
        self.sent.update(c.id_number for c in candidates)
        yield from FakeVerifier().verify(candidates)


def decided_events(service: VerificationService, key: tuple[str, str]) -> list[Ev]:
    return [r.event for r in service.history(key) if r.event in (Ev.MATCHED, Ev.MISMATCHED)]


def test_batch_of_ten_thousand_interrupted_and_resumed_verifies_everyone_exactly_once() -> None:
    storage = MemoryStorage()
    keys = stored(storage, 10_000)
    service = VerificationService(storage)
    seen: list[tuple[int, int]] = []
    with pytest.raises(KeyboardInterrupt):
        service.verify(RecordingVerifier(stop_after_chunks=20), chunk_size=250,
                       progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5000, 10_000)
    stuck = [c for c in storage.list(Candidate) if c.state is St.VERIFYING]
    assert len(stuck) == 250  # the chunk that was being compared when the run stopped
    resumed = service.verify(RecordingVerifier(), chunk_size=250)
    assert len(resumed.outcomes) == 5000
    states = Counter(c.state for c in storage.list(Candidate))
    assert states[St.VERIFIED] + states[St.NEEDS_REVIEW] == 10_000
    assert all(len(decided_events(service, key)) == 1 for key in keys[::97])
    assert service.verify(RecordingVerifier()).outcomes == ()  # nothing left: nobody is verified twice


def test_verifier_failure_returns_candidates_to_pending_for_a_retry() -> None:
    class Broken:
        def verify(self, candidates: Sequence[Candidate]) -> Iterator[VerificationResult]:
            raise ConnectionError("公安比对服务无响应")

    storage = MemoryStorage()
    stored(storage, 5)
    report = VerificationService(storage).verify(Broken())
    assert report.count(St.PENDING) == 5 and "无响应" in report.outcomes[0].reasons[0]
    assert all(c.state is St.PENDING for c in storage.list(Candidate))


def test_candidate_edited_during_verification_keeps_its_edit() -> None:
    storage = MemoryStorage()
    keys = stored(storage, 2)
    service = VerificationService(storage)

    class EditsOne:
        def verify(self, candidates: Sequence[Candidate]) -> Iterator[VerificationResult]:
            service.record(keys[0], Ev.PHOTO_ATTACHED, actor="另一位老师")  # a new photo while comparing
            yield from FakeVerifier(mismatch_every=0).verify(candidates)

    report = service.verify(EditsOne())
    assert storage.get(Candidate, keys[0]).state is St.PENDING and report.outcomes[0].error
    assert storage.get(Candidate, keys[1]).state is St.VERIFIED


def test_precheck_flags_what_the_platform_would_reject_and_never_says_verified() -> None:
    storage = MemoryStorage()
    good, bad = stored(storage, 2)
    broken = attrs.evolve(storage.get(Candidate, bad), id_number=bad[1][:-1] + "0")
    storage.delete(Candidate, bad)
    storage.add(broken)
    report = VerificationService(storage).verify(PrecheckVerifier(photo_problems={good[1]: ["照片背景不是红色"]}))
    assert {o.after for o in report.outcomes} == {St.NEEDS_REVIEW}
    assert any("照片背景不是红色" in o.reasons for o in report.outcomes)
    assert any("校验" in reason for o in report.outcomes for reason in o.reasons)

    clean = MemoryStorage()
    stored(clean, 1)
    assert VerificationService(clean).verify(PrecheckVerifier()).count(St.PENDING) == 1


def test_builtin_verifiers_are_plugins() -> None:
    plugins = make_plugin_manager(env={})
    assert {"precheck", "fake"} <= set(plugins.registry.names(AdapterKind.IDENTITY_VERIFIER))
    assert isinstance(plugins.create(AdapterKind.IDENTITY_VERIFIER, "fake"), FakeVerifier)


KILLED_RUN = textwrap.dedent("""
    import os, signal, sys
    from xcert_adapters.storage.sql.storage import SqlStorage
    from xcert_core.verification.service import VerificationService
    from xcert_core.verification.verifiers import FakeVerifier

    class Dies(FakeVerifier):
        calls = 0
        def verify(self, candidates):
            Dies.calls += 1
            if Dies.calls == 4:
                os.kill(os.getpid(), signal.SIGKILL)
            return super().verify(candidates)

    VerificationService(SqlStorage(sys.argv[1])).verify(Dies(), chunk_size=50)
""")


def test_a_killed_batch_on_sqlite_resumes_without_loss_or_double_verification(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'xcert.db'}"
    storage = SqlStorage(url)
    keys = stored(storage, 400)
    result = subprocess.run([sys.executable, "-c", KILLED_RUN, url], capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == -9, result.stderr
    assert Counter(c.state for c in storage.list(Candidate))[St.VERIFYING] == 50
    service = VerificationService(storage)
    service.verify(FakeVerifier(), chunk_size=50)
    assert all(c.state in (St.VERIFIED, St.NEEDS_REVIEW) for c in storage.list(Candidate))
    assert all(len(decided_events(service, key)) == 1 for key in keys)
    for key in keys[::37]:
        assert replay(service.history(key), St.PENDING) is storage.get(Candidate, key).state
    storage.close()


def test_state_machine_docs_page_is_generated_from_the_table() -> None:
    page = Path(__file__).parents[2] / "docs" / "reference" / "state-machines.md"
    assert page.read_text("utf-8") == state_machine_markdown(), (
        "run: python -m xcert_core.verification.diagram > docs/reference/state-machines.md"
    )
    for (source, event), target in TRANSITIONS.items():
        assert f"{source.value} --> {target.value} : {event.label}" in page.read_text("utf-8")


def write_platform_export(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["学生姓名", "证件号码", "所属院校", "状态"])
    for name, id_number, state in rows:
        sheet.append([name, id_number, "太原市信息技术学校", state])
    workbook.save(path)
    return path


def test_platform_results_verifier_applies_the_platforms_states(tmp_path: Path) -> None:
    storage = MemoryStorage()
    keys = stored(storage, 4)
    export = write_platform_export(tmp_path / "考生名单.xlsx", [
        ("甲", keys[0][1], "信息准确"), ("乙", keys[1][1], "需人工确认"), ("丙", keys[2][1], "认证中"),
    ])
    plugins = make_plugin_manager(env={})
    verifier = plugins.create(AdapterKind.IDENTITY_VERIFIER, "platform-results", export)
    VerificationService(storage).verify(verifier)
    assert [storage.get(Candidate, key).state for key in keys] == [St.VERIFIED, St.NEEDS_REVIEW, St.PENDING,
                                                                    St.PENDING]
    assert "平台显示“需人工确认”" in VerificationService(storage).history(keys[1])[-1].reason


def test_platform_export_without_the_columns_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook  # noqa: PLC0415

    from xcert_adapters.verification.platform_results import PlatformResultsVerifier  # noqa: PLC0415
    from xcert_core.errors import UnreadableFileError  # noqa: PLC0415

    workbook = Workbook()
    workbook.active.append(["姓名", "手机"])
    workbook.save(tmp_path / "x.xlsx")
    with pytest.raises(UnreadableFileError, match="证件号码"):
        PlatformResultsVerifier(tmp_path / "x.xlsx")
    bad = write_platform_export(tmp_path / "y.xlsx", [("甲", VALID_IDS[0], "已通过")])
    with pytest.raises(UnreadableFileError, match="第2行"):
        PlatformResultsVerifier(bad)


def test_the_documented_remote_verifier_retries_and_then_gives_up() -> None:
    sys.path.insert(0, str(Path(__file__).parents[2] / "docs" / "examples"))
    try:
        from remote_verifier import RemoteVerifier  # noqa: PLC0415
    finally:
        sys.path.pop(0)
    storage = MemoryStorage()
    keys = stored(storage, 3)
    calls: list[int] = []

    def flaky(payload: list[dict[str, str]]) -> list[dict[str, str]]:
        calls.append(len(payload))
        if len(calls) < 3:
            raise TimeoutError("比对服务超时")
        return [{"school": p["school"], "id_number": p["id_number"], "result": "match"} for p in payload[:2]]

    slept: list[float] = []
    report = VerificationService(storage).verify(RemoteVerifier(flaky, sleep=slept.append))
    assert slept == [1.0, 2.0] and report.count(St.VERIFIED) == 2 and report.count(St.PENDING) == 1

    def down(payload: list[dict[str, str]]) -> list[dict[str, str]]:
        raise ConnectionError("网络不通")

    report = VerificationService(storage).verify(RemoteVerifier(down, sleep=slept.append))
    assert report.count(St.PENDING) == 1 and "网络不通" in report.outcomes[0].reasons[0]
    assert storage.get(Candidate, keys[2]).state is St.PENDING


def _log(events: Sequence[Ev]) -> list[VerificationRecord]:
    """The records ``events`` leave, applied one after the other to a new candidate (numbered 1, 2, …)."""
    candidate, records = sample_candidate("S001", "110101200001011234"), []
    for seq, event in enumerate(events, start=1):
        candidate, record = apply(candidate, event, seq=seq, actor="王老师", at=NOW, reason="核对")
        records.append(record)
    return records


def test_replay_refuses_a_log_with_a_number_missing_or_repeated_or_a_broken_chain() -> None:
    """Each of replay's checks on its own (mutation testing found them pinned only together): a gap in the
    numbers, a number used twice, and records that do not follow each other are each refused."""
    log = _log([Ev.PHOTO_ATTACHED, Ev.SUBMITTED, Ev.MATCHED])
    assert replay(log) is St.VERIFIED
    with pytest.raises(TransitionError, match="不连续"):
        replay([log[0], attrs.evolve(log[1], seq=3)])  # chained states, but record 2 is missing
    with pytest.raises(TransitionError, match="不连续"):
        replay([log[0], attrs.evolve(log[1], seq=1)])  # chained states, but number 1 twice
    with pytest.raises(TransitionError, match="不连续"):
        replay([log[0], attrs.evolve(log[2], seq=2)])  # numbered well, but 认证中 → 信息准确 after 信息待认证
    with pytest.raises(TransitionError, match="不符"):
        replay([log[0], attrs.evolve(log[1], to_state=St.VERIFIED)])  # a record claiming a state it cannot reach


def test_a_long_log_replays() -> None:
    """Three hundred records (a photo replaced again and again): numbers past 256 are compared by value."""
    events = [Ev.PHOTO_ATTACHED, *([Ev.PHOTO_REMOVED, Ev.PHOTO_ATTACHED] * 150)]
    log = _log(events)
    assert len(log) == 301 and replay(log) is St.PENDING
