"""The student list (考生管理) a page at a time, as a use case every face calls: the workbench's 考生管理 page and
``GET /api/v1/students`` show the same page of the same list, with the same filters.

A page is read from storage as a page (:meth:`~xcert_core.ports.storage.Storage.page`) and each verification
state's tab is a count (:meth:`~xcert_core.ports.storage.Storage.count`), so a click costs a few milliseconds
whatever the school's size: on SQL storage the state is a column of its own, indexed with the school. A search
(``search``: part of a name, of a program or of what a list shows in its 班级 column) reads the school's list in
that state and keeps the matches; it is the one filter that does.
"""

from __future__ import annotations

import math
from typing import Any

from attrs import frozen

from xcert_adapters.workspace import Workspace
from xcert_core.labels import VerificationState
from xcert_core.model import Candidate


@frozen
class StudentListPage:
    """One page of the school's students: ``candidates`` are page ``page`` (from 1) of the ``matches`` students the
    state and the search choose, ``per_page`` to a page; ``by_state`` counts each verification state (the tabs),
    ``total`` every student of the school."""

    total: int
    by_state: tuple[tuple[VerificationState, int], ...]
    matches: int
    page: int
    per_page: int
    candidates: tuple[Candidate, ...]

    @property
    def pages(self) -> int:
        """How many pages the matches fill (at least 1, for an empty list)."""
        return max(1, math.ceil(self.matches / self.per_page))


def matches_search(candidate: Candidate, search: str) -> bool:
    """Whether ``search`` (stripped) is part of the student's name, of the program or of what a list shows as the
    student's 班级 (:attr:`~xcert_core.model.Candidate.group_label`: a social candidate's work unit)."""
    text = search.strip()
    return text in candidate.name or text in (candidate.program_name or candidate.group_label)


def student_list_page(workspace: Workspace, *, state: VerificationState | None = None, search: str | None = None,
                      page: int = 1, per_page: int = 50) -> StudentListPage:
    """Page ``page`` (from 1; past the end: empty) of the workspace school's students in ``state`` (``None``: every
    state) matching ``search`` (``None`` or blank: all), in key order (ID number). ``ValueError`` for a page or a
    page size below 1."""
    if page < 1 or per_page < 1:
        raise ValueError(f"page and per_page start at 1, not {page} and {per_page}")
    storage, school = workspace.storage, workspace.school_code
    by_state = tuple((each, storage.count(Candidate, school_code=school, state=each)) for each in VerificationState)
    chosen: dict[str, Any] = {"school_code": school} if state is None else {"school_code": school, "state": state}
    offset = (page - 1) * per_page
    if search and search.strip():
        found = [c for c in storage.list(Candidate, **chosen) if matches_search(c, search)]
        matches, shown = len(found), found[offset:offset + per_page]
    else:
        matches = sum(n for each, n in by_state if state is None or each is state)
        shown = storage.page(Candidate, offset, per_page, **chosen)
    return StudentListPage(sum(n for _, n in by_state), by_state, matches, page, per_page, tuple(shown))
