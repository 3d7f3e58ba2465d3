"""考证结果: a candidate's result in a plan, derived from the subject scores and the plan — never typed.

Per subject of the registration (every subject of the plan when registered by certificate):

* **passed** when the score reaches the subject's pass mark (:attr:`~xcert_core.model.Subject.pass_mark`, default
  60) and there was no misconduct (违纪); or, in a resit plan (补考, :attr:`~xcert_core.model.ExamPlan.resit_of`),
  when the candidate passed it in the plan the resit follows (the subject is *carried*, and not sat again);
* **absent** (缺考) when the export says so; **pending** (待出成绩) when there is no score yet;
* **failed** otherwise (below the pass mark, or misconduct).

The certificate's result, in this order: 待出成绩 while any subject is pending; 通过 when every subject passed;
缺考 when every subject sat in this plan was missed; else 未通过, naming the subjects not passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from attrs import frozen

from xcert_core.labels import LabelledEnum
from xcert_core.model import ExamPlan, Registration, Subject
from xcert_core.model.scores import SubjectScore


class Outcome(LabelledEnum):
    """考证结果."""

    PASSED = ("passed", "通过")
    FAILED = ("failed", "未通过")
    ABSENT = ("absent", "缺考")
    PENDING = ("pending", "待出成绩")


@frozen
class SubjectResult:
    """One subject of a candidate's result: the score (``None`` without one), and what it counts as."""

    subject_code: str
    subject_name: str
    score: float | None
    passed: bool
    absent: bool = False
    misconduct: bool = False
    pending: bool = False
    carried_from: str | None = None
    """The plan whose pass this resit carries (the subject was not sat again)."""

    @property
    def label(self) -> str:
        """How a list shows the subject: the score, 缺考, 违纪, 待出成绩 or 已通过（前次）."""
        if self.carried_from is not None:
            return f"已通过（{self.carried_from}）"
        if self.absent:
            return "缺考"
        if self.pending:
            return "待出成绩"
        shown = f"{self.score:g}" if self.score is not None else "—"
        return f"{shown}（违纪）" if self.misconduct else shown


@frozen
class CertificateResult:
    """A candidate's 考证结果 in a plan: the outcome and every subject it was derived from."""

    plan_code: str
    id_number: str
    certificate_code: str
    outcome: Outcome
    subjects: tuple[SubjectResult, ...]

    @property
    def failing(self) -> tuple[str, ...]:
        """The names of the subjects not passed (absent, below the pass mark, misconduct); pending ones aside."""
        return tuple(s.subject_name for s in self.subjects if not s.passed and not s.pending)


def subject_result(subject: Subject, score: SubjectScore | None, carried_from: str | None = None) -> SubjectResult:
    """What one subject counts as (see the module docstring)."""
    if carried_from is not None:
        return SubjectResult(subject.code, subject.name, None, passed=True, carried_from=carried_from)
    if score is None or (score.score is None and not score.absent):
        return SubjectResult(subject.code, subject.name, None, passed=False, pending=True,
                             misconduct=score is not None and score.misconduct)
    if score.absent:
        return SubjectResult(subject.code, subject.name, None, passed=False, absent=True,
                             misconduct=score.misconduct)
    assert score.score is not None
    passed = score.score >= subject.pass_mark and not score.misconduct
    return SubjectResult(subject.code, subject.name, score.score, passed=passed, misconduct=score.misconduct)


def outcome_of(subjects: Sequence[SubjectResult]) -> Outcome:
    """The certificate's outcome from its subjects' results (see the module docstring)."""
    if any(s.pending for s in subjects):
        return Outcome.PENDING
    if all(s.passed for s in subjects):
        return Outcome.PASSED
    sat = [s for s in subjects if s.carried_from is None]
    if all(s.absent for s in sat):  # not empty: a plan of carried subjects only has passed them all
        return Outcome.ABSENT
    return Outcome.FAILED


def registered_subjects(plan: ExamPlan, registration: Registration) -> tuple[Subject, ...]:
    """The plan's subjects the registration takes, in the plan's order."""
    taken = set(registration.subject_codes) or {s.code for s in plan.subjects}
    return tuple(s for s in plan.subjects if s.code in taken)


def certificate_result(plan: ExamPlan, registration: Registration, scores: Mapping[str, SubjectScore],
                       carried: Mapping[str, str] | None = None) -> CertificateResult:
    """The registration's result over the subjects it takes and those a resit carries: ``scores`` by subject code
    (this plan's), ``carried`` the subjects a resit counts as passed, by subject code, with the plan that passed
    them (a resit registered by subject still gets the certificate's result)."""
    carried = carried or {}
    taken = {s.code for s in registered_subjects(plan, registration)} | set(carried)
    subjects = tuple(subject_result(s, scores.get(s.code), carried.get(s.code))
                     for s in plan.subjects if s.code in taken)
    return CertificateResult(plan.code, registration.id_number, registration.certificate_code, outcome_of(subjects),
                             subjects)


def passed_subjects(plan: ExamPlan, scores: Iterable[SubjectScore]) -> dict[str, set[str]]:
    """ID number -> the codes of the subjects of ``plan`` passed in ``scores`` (what a resit may carry)."""
    by_code = {s.code: s for s in plan.subjects}
    passed: dict[str, set[str]] = {}
    for score in scores:
        subject = by_code.get(score.subject_code)
        if subject is not None and subject_result(subject, score).passed:
            passed.setdefault(score.id_number, set()).add(score.subject_code)
    return passed


def plan_results(plan: ExamPlan, registrations: Iterable[Registration], scores: Iterable[SubjectScore],
                 earlier: tuple[ExamPlan, Iterable[SubjectScore]] | None = None) -> list[CertificateResult]:
    """Every registration's result, in the order given. ``earlier``: the plan a resit follows and its scores,
    whose passed subjects the resit carries (only subjects the two plans share by code)."""
    by_person: dict[str, dict[str, SubjectScore]] = {}
    for score in scores:
        by_person.setdefault(score.id_number, {})[score.subject_code] = score
    carried: dict[str, set[str]] = {}
    earlier_code = ""
    if earlier is not None:
        earlier_plan, earlier_scores = earlier
        earlier_code = earlier_plan.code
        carried = passed_subjects(earlier_plan, earlier_scores)
    return [certificate_result(plan, r, by_person.get(r.id_number, {}),
                               dict.fromkeys(carried.get(r.id_number, set()), earlier_code))
            for r in registrations]
