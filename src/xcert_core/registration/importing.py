"""Importing a filled registration template (报考表) into storage: all rows or none.

:func:`requests_from_rows` turns the rows of :func:`~xcert_core.registration.sheet.read_registration_sheet`
into registrations of the workspace's exam plans (by-subject rows of one candidate and certificate merge into
one registration). :func:`import_registrations` registers them through
:class:`~xcert_core.registration.service.RegistrationService` inside ONE transaction, so quota taken by
earlier rows counts against later ones, and rolls everything back when any row breaks a rule: a refused
import changes nothing, an accepted one stores every registration and its quota.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import attrs
from attrs import frozen

from xcert_core.issues import Issue, IssueType, has_error
from xcert_core.labels import CandidateType, RegistrationMode, RegistrationStatus
from xcert_core.model import ExamPlan, Registration
from xcert_core.ports.storage import Storage
from xcert_core.registration.issue_types import PLAN_AMBIGUOUS, PLAN_NOT_FOUND, SUBJECT_NOT_IN_PLAN
from xcert_core.registration.service import RegistrationService
from xcert_core.registration.sheet import RegistrationRow
from xcert_core.scheduling.plan_file import subject_code_of

ISSUE_TYPES = (PLAN_NOT_FOUND, PLAN_AMBIGUOUS, SUBJECT_NOT_IN_PLAN)


@frozen
class RegistrationRequest:
    """One registration to make, with the sheet row it came from and the name typed there."""

    registration: Registration
    row: int
    name: str | None = None


def plans_by_certificate(plans: Sequence[ExamPlan], year: int, plan_code: str | None = None
                         ) -> dict[str, list[ExamPlan]]:
    """The year's plans by certificate code (only ``plan_code`` when given)."""
    chosen: dict[str, list[ExamPlan]] = {}
    for plan in plans:
        if plan.year == year and (plan_code is None or plan.code == plan_code):
            chosen.setdefault(plan.certificate_code, []).append(plan)
    return chosen


def requests_from_rows(rows: Sequence[RegistrationRow], error_rows: set[int],
                       plans: Mapping[str, Sequence[ExamPlan]], school_code: str, year: int,
                       by_subject: bool, *, plan_missing: IssueType = PLAN_NOT_FOUND,
                       subject_unknown: IssueType = SUBJECT_NOT_IN_PLAN
                       ) -> tuple[list[RegistrationRequest], list[Issue]]:
    """Registrations of the rows without errors (see the module docstring), and the issues of plan lookup.

    ``plan_missing`` and ``subject_unknown`` are the issue types reported when a certificate has no plan or a
    by-subject row names a subject its plan lacks (the stateless scheduler words them for its plan file); both
    are formatted with ``code``, ``year``, ``value`` and ``plan`` as available."""
    issues: list[Issue] = []
    merged: dict[tuple[str, str], RegistrationRequest] = {}
    for row in rows:
        values = row.values
        id_number, code, site = values.get("id_number"), values.get("certificate_code"), values.get("site_code")
        if row.row in error_rows or not (id_number and code and site):
            continue
        candidates = plans.get(code, [])
        if len(candidates) != 1:
            issues.append(plan_missing.at(row=row.row, column="证书编号", code=code, year=year) if not candidates
                          else PLAN_AMBIGUOUS.at(row=row.row, column="证书编号", code=code, count=len(candidates),
                                                 plans="、".join(p.code for p in candidates)))
            continue
        plan = candidates[0]
        subjects: tuple[str, ...] = ()
        if by_subject and (text := values.get("subject")):
            subject = subject_code_of(plan, text)
            if subject is None:
                issues.append(subject_unknown.at(row=row.row, column="考试科目", value=text, plan=plan.code,
                                                 code=code))
                continue
            subjects = (subject,)
        key = (id_number.upper(), plan.code)
        known = merged.get(key)
        if known is not None:
            registration = known.registration
            merged[key] = attrs.evolve(known, registration=attrs.evolve(
                registration, subject_codes=tuple(sorted({*registration.subject_codes, *subjects}))))
            continue
        kind_text = values.get("candidate_type")
        kind = CandidateType.from_label(kind_text) if kind_text else CandidateType.SCHOOL
        mode = RegistrationMode.BY_SUBJECT if subjects else RegistrationMode.BY_CERTIFICATE
        merged[key] = RegistrationRequest(
            Registration(plan.code, id_number.upper(), school_code, code, site, kind, mode, subjects,
                         values.get("class_label")), row.row, values.get("name"))
    return list(merged.values()), issues


def already_registered(storage: Storage, requests: Sequence[RegistrationRequest]
                       ) -> tuple[list[RegistrationRequest], list[RegistrationRequest]]:
    """(to register, unchanged): a request whose candidate already holds an active registration for the plan
    with the same site, candidate type, class and subjects is unchanged, so importing the same file twice is
    harmless. A request that differs from the active registration stays (and is refused as a duplicate)."""
    fresh: list[RegistrationRequest] = []
    same: list[RegistrationRequest] = []
    for request in requests:
        wanted = request.registration
        stored = storage.find(Registration, wanted.key)
        if (stored is not None and stored.status is RegistrationStatus.ACTIVE
                and (stored.site_code, stored.candidate_type, stored.class_label, stored.mode)
                == (wanted.site_code, wanted.candidate_type, wanted.class_label, wanted.mode)
                and (wanted.mode is RegistrationMode.BY_CERTIFICATE
                     or set(stored.subject_codes) == set(wanted.subject_codes))):
            same.append(request)
        else:
            fresh.append(request)
    return fresh, same


class _RefusedError(Exception):
    """Raised inside the import's transaction to roll it back."""


@frozen
class RegistrationImport:
    """What an import did: the registrations stored (empty when refused), every issue found, and whether the
    import was refused (rolled back)."""

    stored: tuple[Registration, ...]
    issues: tuple[Issue, ...]
    refused: bool = False
    unchanged: tuple[RegistrationRequest, ...] = ()


def import_registrations(storage: Storage, requests: Sequence[RegistrationRequest], *,
                         today: Callable[[], dt.date] = dt.date.today,
                         require_progression: bool = False, commit: bool = True,
                         refuse: Callable[[Sequence[Issue]], bool] = has_error,
                         skip_unchanged: bool = False) -> RegistrationImport:
    """Register every request in one transaction, or none when any breaks a rule (module docstring).

    ``refuse`` judges the issues found (default: any catalogued error); a school's severity settings come in
    through it, so what is stored always agrees with the report the school sees. ``commit=False`` checks only:
    the same issues are found, and the transaction is always rolled back (for a file whose other rows are
    already refused, so that one pass still reports every problem).

    ``skip_unchanged``: requests the storage already holds as they are (:func:`already_registered`) are left out
    and returned as ``unchanged`` — decided inside the import's own transaction, so of two identical imports
    running at once the second sees the first's registrations (a clean no-op, not a duplicate per row); where
    the storage lets both read first (PostgreSQL), the second's write fails with a storage conflict instead."""
    issues: list[Issue] = []
    stored: list[Registration] = []
    unchanged: list[RegistrationRequest] = []
    try:
        with storage.transaction() as tx:
            if skip_unchanged:
                requests, unchanged = already_registered(tx, requests)
            service = RegistrationService(tx, today=today, require_progression=require_progression, refuse=refuse)
            for request in requests:
                outcome = service.register(request.registration, name=request.name, row=request.row)
                issues += outcome.issues
                if outcome.registration is not None:
                    stored.append(outcome.registration)
            if not commit or refuse(issues):
                raise _RefusedError
    except _RefusedError:
        return RegistrationImport((), tuple(issues), refused=True, unchanged=tuple(unchanged))
    return RegistrationImport(tuple(stored), tuple(issues), unchanged=tuple(unchanged))
