"""Proctor assignment (监考安排) as a pure function.

Rules :func:`assign_proctors` keeps:

* at least ``per_room`` 监考 (default 2) in every room in use, and ``inspectors_per_site`` 巡考 (default 1)
  at every site in use, in every session;
* one person is never in two places in one session or in two overlapping sessions;
* nobody is put in a session listed in their ``unavailable_sessions``;
* workload is balanced: each place goes to the least-loaded free person (minutes so far, then number of
  assignments, then school and teacher number); :attr:`ProctorPlan.spread_minutes` is max − min minutes over
  the people of each role;
* when there are not enough free people, ``sched-proctor-shortfall`` names the site, the session, the role
  and the number missing;
* with cross-invigilation (交叉监考, ``schools_in`` given), nobody watches candidates of their own school: a
  监考 is never put in a room, nor a 巡考 at a site, where a candidate of the proctor's school sits in that
  session. The people set aside for one place stay free for the next.

监考 places are filled from proctors whose role is 监考, 巡考 places from those whose role is 巡考.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence

from attrs import frozen

from xcert_core.issues import Issue
from xcert_core.labels import ProctorRole
from xcert_core.model import ExamSession, Proctor, ProctorAssignment
from xcert_core.scheduling.issue_types import PROCTOR_SHORTFALL


@frozen
class ProctorPlan:
    """The assignments, minutes per proctor (``(school_code, teacher_number)``), the spread and issues."""

    assignments: tuple[ProctorAssignment, ...]
    minutes: Mapping[tuple[str, str], int]
    spread_minutes: Mapping[ProctorRole, int]
    issues: tuple[Issue, ...]


def _minutes(session: ExamSession) -> int:
    return int((session.ends_at - session.starts_at).total_seconds() // 60)


def assign_proctors(  # noqa: PLR0912 - one loop of small steps
    plan_code: str,
    sessions: Sequence[ExamSession],
    rooms_in_use: Mapping[str, Sequence[tuple[str, str]]],
    proctors: Sequence[Proctor],
    *,
    per_room: int = 2,
    inspectors_per_site: int = 1,
    schools_in: Callable[[str, str, str | None], frozenset[str]] | None = None,
) -> ProctorPlan:
    """Assign proctors to the rooms in use: ``rooms_in_use`` maps a session code to its ``(site, room)``
    pairs (e.g. the distinct rooms of an allocation's placements). ``schools_in(session, site, room)`` (room
    ``None``: the whole site) gives the schools of the candidates seated there, for cross-invigilation."""
    people = {(p.school_code, p.teacher_number): p for p in proctors}
    load: dict[tuple[str, str], int] = dict.fromkeys(people, 0)
    count: dict[tuple[str, str], int] = dict.fromkeys(people, 0)
    booked: dict[tuple[str, str], list[ExamSession]] = {key: [] for key in people}
    assignments: list[ProctorAssignment] = []
    issues: list[Issue] = []
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.code)):
        places = sorted(set(rooms_in_use.get(session.code, ())))
        if not places:
            continue
        minutes = _minutes(session)
        heaps: dict[ProctorRole, list[tuple[int, int, tuple[str, str]]]] = {role: [] for role in ProctorRole}
        for key, person in people.items():
            if session.code in person.unavailable_sessions:
                continue
            if any(other.overlaps(session) for other in booked[key]):
                continue
            heaps[person.role].append((load[key], count[key], key))
        for heap in heaps.values():
            heapq.heapify(heap)

        def take(role: ProctorRole, needed: int, site: str, room: str | None,
                 session: ExamSession = session, minutes: int = minutes,
                 heaps: dict[ProctorRole, list[tuple[int, int, tuple[str, str]]]] = heaps) -> int:
            heap = heaps[role]
            barred = schools_in(session.code, site, room) if schools_in is not None else frozenset()
            assigned = 0
            skipped = []
            while assigned < needed and heap:
                entry = heapq.heappop(heap)
                key = entry[2]
                if key[0] in barred:  # their own school's candidates sit here: free for another place
                    skipped.append(entry)
                    continue
                load[key] += minutes
                count[key] += 1
                booked[key].append(session)
                assignments.append(ProctorAssignment(plan_code, session.code, site, key[0], key[1], role, room))
                assigned += 1
            for entry in skipped:
                heapq.heappush(heap, entry)
            return assigned

        wanted: dict[tuple[str, ProctorRole], list[int]] = {}
        for site, room in places:
            got = take(ProctorRole.PROCTOR, per_room, site, room)
            tally = wanted.setdefault((site, ProctorRole.PROCTOR), [0, 0])
            tally[0] += per_room
            tally[1] += got
        if inspectors_per_site > 0:
            for site in sorted({site for site, _ in places}):
                got = take(ProctorRole.INSPECTOR, inspectors_per_site, site, None)
                wanted[(site, ProctorRole.INSPECTOR)] = [inspectors_per_site, got]
        for (site, role), (needed, got) in wanted.items():
            if got < needed:
                issues.append(PROCTOR_SHORTFALL.at(site=site, session=session.code, role=role.label,
                                                   role_en=role.name.lower(), needed=needed, assigned=got,
                                                   missing=needed - got))
    spread: dict[ProctorRole, int] = {}
    for role in ProctorRole:
        minutes_of_role = [load[key] for key, person in people.items() if person.role is role]
        if minutes_of_role:
            spread[role] = max(minutes_of_role) - min(minutes_of_role)
    return ProctorPlan(tuple(assignments), load, spread, tuple(issues))

