"""Registration (报考): review workflow, every rule, quota kept exact under any register/withdraw sequence."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.labels import (
    CandidateType,
    CertificateLevel,
    RegistrationMode,
    RegistrationStatus,
    ReviewStatus,
    SiteStatus,
    VerificationState,
)
from xcert_core.model import (
    Certificate,
    ExamPlan,
    ExamSession,
    ExamSite,
    PilotApplication,
    Registration,
    Subject,
)
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.storage import Storage
from xcert_core.reference_data import SAMPLE_CERTIFICATES
from xcert_core.registration.review import ReviewAction, ReviewError, review_application, review_site
from xcert_core.registration.service import RegistrationService
from xcert_core.registry import AdapterKind
from xcert_core.testing.storage_contract import sample_candidate

TODAY = dt.date(2022, 5, 10)
CERT = SAMPLE_CERTIFICATES[0]  # 数字媒体交互设计 初级 1550001066010252


def plan(**changes: object) -> ExamPlan:
    base = ExamPlan(
        code="P2022-01", name="2022年第一次考试", year=2022, organization_code="ORG", certificate_code=CERT.code,
        level=CertificateLevel.ELEMENTARY,
        subjects=(Subject("T", "理论考试"), Subject("P", "实操考试")),
        sessions=(ExamSession("S1", "T", dt.date(2022, 6, 1), dt.time(9), dt.time(10, 30)),
                  ExamSession("S2", "P", dt.date(2022, 6, 1), dt.time(13), dt.time(15))),
        registration_opens=dt.date(2022, 5, 1), registration_closes=dt.date(2022, 5, 20),
    )
    return attrs.evolve(base, **changes)


def world(approved: int = 3, *, candidates: int = 6, storage: Storage | None = None) -> tuple[Storage, list[str]]:
    storage = storage if storage is not None else MemoryStorage()
    for certificate in SAMPLE_CERTIFICATES:  # a workspace already holds the catalogue
        storage.put(certificate)
    storage.add(plan())
    storage.add(ExamSite("Z01", "信息楼考核站点", "S001", "ORG", (CERT.code,), ReviewStatus.APPROVED))
    storage.add(PilotApplication("S001", CERT.code, 2022, "第一次", ReviewStatus.APPROVED, approved, approved))
    numbers = [f"1401052004031500{n:02d}" for n in range(candidates)]
    storage.add_all(attrs.evolve(sample_candidate("S001", n), state=VerificationState.VERIFIED) for n in numbers)
    return storage, numbers


def registration(id_number: str, **changes: object) -> Registration:
    return attrs.evolve(Registration("P2022-01", id_number, "S001", CERT.code, "Z01"), **changes)


def codes(outcome: object) -> set[str]:
    return {issue.code for issue in outcome.issues}  # type: ignore[attr-defined]


def test_register_takes_quota_and_records_all_subjects() -> None:
    storage, numbers = world()
    outcome = RegistrationService(storage, today=lambda: TODAY).register(registration(numbers[0]))
    assert outcome.accepted and outcome.issues == ()
    assert outcome.registration.subject_codes == ("T", "P") and outcome.registration.quota_batch == "第一次"
    assert storage.get(PilotApplication, ("S001", CERT.code, "2022", "第一次")).used_quota == 1


@pytest.mark.parametrize(("setup", "code"), [
    (lambda s, n: s.put(attrs.evolve(s.get_candidate(n), state=VerificationState.NEEDS_REVIEW)),
     "reg-candidate-not-verified"),
    (lambda s, n: s.delete_candidate(n), "reg-candidate-unknown"),
    (lambda s, n: s.put(attrs.evolve(s.get(ExamSite, ("Z01",)), site_status=SiteStatus.DISABLED)),
     "reg-site-not-accepting"),
    (lambda s, n: s.put(attrs.evolve(s.get(ExamPlan, ("P2022-01",)), registration_closes=dt.date(2022, 5, 9))),
     "reg-window-closed"),
    (lambda s, n: s.put(attrs.evolve(s.get(PilotApplication, ("S001", CERT.code, "2022", "第一次")),
                                     status=ReviewStatus.RETURNED)), "reg-no-approved-application"),
    (lambda s, n: s.put(attrs.evolve(s.get(PilotApplication, ("S001", CERT.code, "2022", "第一次")),
                                     used_quota=3)), "reg-quota-exhausted"),
    (lambda s, n: s.put(attrs.evolve(s.get(ExamPlan, ("P2022-01",)), level=CertificateLevel.INTERMEDIATE)),
     "reg-level-code-mismatch"),
    (lambda s, n: s.put(attrs.evolve(s.get(Certificate, (CERT.code,)), program_codes=("750201",))),
     "reg-program-not-covered"),
    (lambda s, n: s.put(attrs.evolve(s.get(ExamPlan, ("P2022-01",)), sessions=(
        ExamSession("S1", "T", dt.date(2022, 6, 1), dt.time(9), dt.time(11)),
        ExamSession("S2", "P", dt.date(2022, 6, 1), dt.time(10), dt.time(12))))), "reg-subject-overlap"),
])
def test_each_rule_refuses_and_changes_nothing(setup: object, code: str) -> None:
    storage, numbers = world()

    class Helpers:
        def __getattr__(self, name: str) -> object:
            return getattr(storage, name)

        def get_candidate(self, n: str) -> object:
            return storage.get(type(sample_candidate("S001", n)), ("S001", n))

        def delete_candidate(self, n: str) -> None:
            storage.delete(type(sample_candidate("S001", n)), ("S001", n))

    setup(Helpers(), numbers[0])  # type: ignore[operator]
    used_before = storage.get(PilotApplication, ("S001", CERT.code, "2022", "第一次")).used_quota
    outcome = RegistrationService(storage, today=lambda: TODAY).register(registration(numbers[0]))
    assert not outcome.accepted and code in codes(outcome)
    assert storage.count(Registration) == 0
    assert storage.get(PilotApplication, ("S001", CERT.code, "2022", "第一次")).used_quota == used_before


def test_duplicate_and_reregistration_after_withdrawal() -> None:
    storage, numbers = world()
    service = RegistrationService(storage, today=lambda: TODAY)
    assert service.register(registration(numbers[0])).accepted
    assert "reg-duplicate" in codes(service.register(registration(numbers[0])))
    service.withdraw("P2022-01", numbers[0])
    assert storage.get(Registration, ("P2022-01", numbers[0])).status is RegistrationStatus.WITHDRAWN
    assert service.register(registration(numbers[0])).accepted
    assert storage.get(PilotApplication, ("S001", CERT.code, "2022", "第一次")).used_quota == 1


def test_by_subject_and_progression_warning() -> None:
    storage, numbers = world()
    service = RegistrationService(storage, today=lambda: TODAY, require_progression=True)
    storage.put(attrs.evolve(plan(), code="P-MID", certificate_code=SAMPLE_CERTIFICATES[1].code,
                             level=CertificateLevel.INTERMEDIATE))
    storage.add(PilotApplication("S001", SAMPLE_CERTIFICATES[1].code, 2022, "第一次", ReviewStatus.APPROVED, 5, 5))
    storage.put(attrs.evolve(storage.get(ExamSite, ("Z01",)), certificate_codes=(CERT.code,
                                                                                  SAMPLE_CERTIFICATES[1].code)))
    mid = registration(numbers[1], plan_code="P-MID", certificate_code=SAMPLE_CERTIFICATES[1].code,
                       mode=RegistrationMode.BY_SUBJECT, subject_codes=("T",))
    outcome = service.register(mid)
    assert outcome.accepted and codes(outcome) == {"reg-level-progression"}
    assert outcome.registration.subject_codes == ("T",)
    assert "reg-subject-unknown" in codes(service.register(registration(numbers[2], mode=RegistrationMode.BY_SUBJECT,
                                                                          subject_codes=("X",))))


def test_public_candidate_is_not_held_to_the_program_rule() -> None:
    storage, numbers = world()
    storage.put(attrs.evolve(storage.get(Certificate, (CERT.code,)), program_codes=("750201",)))
    service = RegistrationService(storage, today=lambda: TODAY)
    assert service.register(registration(numbers[0], candidate_type=CandidateType.PUBLIC)).accepted


operations = st.lists(st.tuples(st.sampled_from(["register", "withdraw"]), st.integers(0, 5)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations, st.integers(0, 4))
def test_used_quota_always_equals_active_registrations(fresh_storage: Callable[[], Storage],
                                                       ops: list[tuple[str, int]], approved: int) -> None:
    """On memory, SQLite and PostgreSQL: a refused registration changes nothing, a withdrawal gives its place
    back, and 已使用指标数 is always the number of active registrations, never above approved."""
    storage, numbers = world(approved, storage=fresh_storage())
    service = RegistrationService(storage, today=lambda: TODAY)
    key = ("S001", CERT.code, "2022", "第一次")
    for action, n in ops:
        before = (storage.list(Registration), storage.get(PilotApplication, key))
        if action == "register":
            if not service.register(registration(numbers[n])).accepted:
                assert (storage.list(Registration), storage.get(PilotApplication, key)) == before
        elif storage.find(Registration, ("P2022-01", numbers[n])) is not None:
            service.withdraw("P2022-01", numbers[n])
        active = [r for r in storage.list(Registration) if r.status is RegistrationStatus.ACTIVE]
        used = storage.get(PilotApplication, key).used_quota
        assert used == len(active) <= approved


def test_threads_racing_for_the_last_places() -> None:
    storage, numbers = world(approved=3, candidates=20)
    service = RegistrationService(storage, today=lambda: TODAY)
    results: list[bool] = []

    def worker(part: list[str]) -> None:
        for number in part:
            results.append(service.register(registration(number)).accepted)

    threads = [threading.Thread(target=worker, args=(numbers[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 3
    assert storage.get(PilotApplication, ("S001", CERT.code, "2022", "第一次")).used_quota == 3


def test_review_workflow_for_sites_and_applications() -> None:
    site = ExamSite("Z01", "站点", "S001", "ORG", (CERT.code,))
    site = review_site(site, ReviewAction.SUBMIT)
    with pytest.raises(ReviewError, match="原因"):
        review_site(site, ReviewAction.RETURN)
    returned = review_site(site, ReviewAction.RETURN, "场地照片不清晰")
    assert (returned.review_status, returned.return_reason) == (ReviewStatus.RETURNED, "场地照片不清晰")
    resubmitted = review_site(returned, ReviewAction.SUBMIT)
    assert resubmitted.return_reason == "" and review_site(resubmitted, ReviewAction.APPROVE).accepts(CERT.code)
    with pytest.raises(ReviewError):
        review_site(site, ReviewAction.SUBMIT)
    application = PilotApplication("S001", CERT.code, 2022, "第一次")
    assert review_application(review_application(application, ReviewAction.SUBMIT),
                              ReviewAction.APPROVE).status is ReviewStatus.APPROVED


def test_sample_catalogue_is_a_reference_provider() -> None:
    provider = make_plugin_manager(env={}).create(AdapterKind.REFERENCE_PROVIDER, "sample")
    assert [c.code for c in provider.certificates()] == [c.code for c in SAMPLE_CERTIFICATES]
    assert list(provider.programs()) == []


REGISTER_PROCESS = """
import datetime as dt, sys
from xcert_adapters.storage.sql.storage import SqlStorage
from xcert_core.model import Registration
from xcert_core.registration.service import RegistrationService
service = RegistrationService(SqlStorage(sys.argv[1]), today=lambda: dt.date(2022, 5, 10))
accepted = 0
for number in sys.argv[2:]:
    accepted += service.register(Registration("P2022-01", number, "S001", "1550001066010252", "Z01")).accepted
print(accepted)
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_eight_processes_registering_against_one_quota(backend: str, tmp_path: Path,
                                                        request: pytest.FixtureRequest) -> None:
    from xcert_adapters.storage.sql.schema import TABLES  # noqa: PLC0415
    from xcert_adapters.storage.sql.storage import SqlStorage  # noqa: PLC0415

    sqlite_url = f"sqlite:///{tmp_path / 'xcert.db'}"
    url = sqlite_url if backend == "sqlite" else request.getfixturevalue("postgresql_url")
    storage = SqlStorage(url)
    with storage._engine.begin() as connection:
        for table in TABLES.values():
            connection.execute(table.delete())
    memory, numbers = world(approved=25, candidates=40)
    for entity_type in (Certificate, ExamPlan, ExamSite, PilotApplication):
        for entity in memory.list(entity_type):
            storage.put(entity)
    storage.add_all(c for c in memory.list(type(sample_candidate("S001", "1"))))
    workers = [subprocess.Popen([sys.executable, "-c", REGISTER_PROCESS, url, *numbers[i::8]],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(8)]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), [err for _, err in outputs]
    assert sum(int(out) for out, _ in outputs) == 25
    active = [r for r in storage.list(Registration) if r.status is RegistrationStatus.ACTIVE]
    assert len(active) == 25 == storage.get(PilotApplication, ("S001", CERT.code, "2022", "第一次")).used_quota
    storage.close()


@given(name=st.text(alphabet="数字媒体交互设计职业技能等级证书 Web前端开发", min_size=1, max_size=30)
       .filter(lambda n: n.strip() == n and n),
       level=st.sampled_from(list(CertificateLevel)), brackets=st.sampled_from(["（{}）", "({})", " （{}）", "( {} )"]))
def test_a_level_in_brackets_at_the_end_is_split_off_the_certificate_name(name: str, level: CertificateLevel,
                                                                         brackets: str) -> None:
    from xcert_core.model.certificates import split_level  # noqa: PLC0415

    assert split_level(name + brackets.format(level.label)) == (name, level)
    assert split_level(name) == (name, None)
    assert split_level(f"{name}（{level.label}）（试点）")[1] is None  # only a level at the very end
