"""Registering (报考) and withdrawing candidates, keeping quota and records consistent.

A registration is one transaction: the rules are checked on what storage holds, and only when none is broken
is one unit of quota taken from an approved pilot application (an atomic, bounded update) and the
registration written. A rejected registration changes nothing. Withdrawing marks the registration 已撤销 and
returns its unit to the application it came from, in one transaction. So, always, an application's
已使用指标数 equals its active registrations, and never exceeds 批准总培训人数.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import attrs
from attrs import frozen

from xcert_core.errors import ConcurrencyError, DuplicateKeyError, QuotaExceededError
from xcert_core.issues import Issue, has_error
from xcert_core.labels import RegistrationStatus, ReviewStatus
from xcert_core.model import Candidate, Certificate, ExamPlan, ExamSite, PilotApplication, Registration
from xcert_core.ports.storage import Storage
from xcert_core.registration.issue_types import QUOTA_EXHAUSTED
from xcert_core.registration.rules import RegistrationContext, check_registration, subjects_for


@frozen
class RegistrationOutcome:
    """The stored registration (``None`` when refused) and every issue found."""

    registration: Registration | None
    issues: tuple[Issue, ...]

    @property
    def accepted(self) -> bool:
        return self.registration is not None


class RegistrationService:
    """Registration over one storage. ``require_progression`` is the school's 逐级报考 setting."""

    def __init__(self, storage: Storage, *, today: Callable[[], dt.date] = dt.date.today,
                 require_progression: bool = False,
                 refuse: Callable[[Sequence[Issue]], bool] = has_error) -> None:
        self.storage = storage
        self.today = today
        self.require_progression = require_progression
        self.refuse = refuse
        """Judges a registration's issues: refuse it or not (default: any catalogued error; a school's severity
        settings come in here)."""

    def context(self, registration: Registration, *, name: str | None = None,
                storage: Storage | None = None) -> RegistrationContext:
        """What the rules need about ``registration``, read from storage (``storage``: a transaction view)."""
        store = storage or self.storage
        plan = store.get(ExamPlan, (registration.plan_code,))
        certificate = store.get(Certificate, (plan.certificate_code,))
        others = tuple(r for r in store.list(Registration, id_number=registration.id_number)
                       if r.plan_code != registration.plan_code or r.status is RegistrationStatus.ACTIVE)
        levels = frozenset(
            store.get(ExamPlan, (r.plan_code,)).level for r in others
            if r.status is RegistrationStatus.ACTIVE and r.plan_code != plan.code
            and store.get(ExamPlan, (r.plan_code,)).certificate_code[:10] == plan.certificate_code[:10]
        )
        return RegistrationContext(
            candidate=store.find(Candidate, (registration.school_code, registration.id_number)),
            plan=plan, certificate=certificate, site=store.find(ExamSite, (registration.site_code,)),
            applications=tuple(a for a in store.list(PilotApplication, school_code=registration.school_code,
                                                     certificate_code=certificate.code) if a.year == plan.year),
            others=others, today=self.today(), registered_levels=levels,
            require_progression=self.require_progression, name=name,
        )

    def register(self, registration: Registration, *, name: str | None = None,
                 row: int | None = None) -> RegistrationOutcome:
        """Register if no rule is broken (see the module docstring); never raises for bad data."""
        try:
            with self.storage.transaction() as tx:
                context = self.context(registration, name=name, storage=tx)
                issues = check_registration(registration, context, row)
                if self.refuse(issues):
                    return RegistrationOutcome(None, tuple(issues))
                application = next(a for a in sorted(context.applications, key=lambda a: a.batch)
                                   if a.status is ReviewStatus.APPROVED and a.remaining_quota > 0)
                tx.adjust_quota(application.key, 1)
                stored = attrs.evolve(registration, status=RegistrationStatus.ACTIVE, quota_batch=application.batch,
                                      subject_codes=tuple(subjects_for(context.plan, registration)))
                existing = tx.find(Registration, stored.key)
                if existing is None:
                    tx.add(stored)
                else:  # re-registering after a withdrawal: only if nobody changed it meanwhile
                    tx.replace(stored, tx.get_with_revision(Registration, stored.key)[1])
                return RegistrationOutcome(stored, tuple(issues))
        except QuotaExceededError:  # another process took the last place between the check and the update
            return RegistrationOutcome(None, (QUOTA_EXHAUSTED.at(row=row, column="证书编号", approved="全部"),))
        except (DuplicateKeyError, ConcurrencyError):  # the same candidate registered at the same moment
            return self.register(registration, name=name, row=row)

    def withdraw(self, plan_code: str, id_number: str) -> Registration:
        """Withdraw an active registration and return its quota; ``NotFoundError`` when there is none."""
        with self.storage.transaction() as tx:
            current, revision = tx.get_with_revision(Registration, (plan_code, id_number))
            if current.status is RegistrationStatus.WITHDRAWN:
                return current
            withdrawn = attrs.evolve(current, status=RegistrationStatus.WITHDRAWN)
            tx.replace(withdrawn, revision)
            plan = tx.get(ExamPlan, (plan_code,))
            tx.adjust_quota((current.school_code, plan.certificate_code, str(plan.year), current.quota_batch), -1)
            return withdrawn
