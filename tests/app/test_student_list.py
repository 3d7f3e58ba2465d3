"""The student list a page at a time (:mod:`xcert_adapters.app.student_list`), the use case behind the
workbench's 考生管理 and ``GET /api/v1/students``: for any state, search, page and page size, on SQLite and in
memory, the page is the school's list filtered and sliced, the tabs count each state, and no other school's
student appears; without a search the school's list is never read whole."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xcert_adapters.app.student_list import matches_search, student_list_page
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import CandidateType, VerificationState
from xcert_core.model import Candidate
from xcert_core.testing.storage_contract import sample_candidate

SCHOOL = "4133010001"
STATES = list(VerificationState)
NAMES = ("王小明", "李明", "张三", "王芳", "赵敏")
PROGRAMS = ("计算机平面设计", "软件技术", None)


def _students() -> list[Candidate]:
    """37 of this school's students (states, names, programs and social candidates mixed) and 5 of another."""
    found = []
    for n in range(37):
        student = attrs.evolve(sample_candidate(SCHOOL, f"1401{n:014d}", name=NAMES[n % 5]), state=STATES[n % 5],
                               program_name=PROGRAMS[n % 3], enrolment_year=2024)
        if n % 7 == 0:
            student = attrs.evolve(student, candidate_type=CandidateType.PUBLIC, program_name=None,
                                   enrolment_year=None, work_unit="太原软件公司")
        found.append(student)
    return found + [sample_candidate("4133019999", f"9901{n:014d}", name="王小明") for n in range(5)]


@pytest.fixture(scope="module", params=["sqlite", "memory"])
def workspace(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("ws") / "ws"
    storage = "sqlite:///xcert.db" if request.param == "sqlite" else "memory://"
    with create_workspace(root, WorkspaceConfig(school_code=SCHOOL, school_name="示范学院", year=2026,
                                                storage_url=storage)) as created:
        created.storage.add_all(_students())
        yield created


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=st.sampled_from([None, *STATES]), search=st.sampled_from([None, "", " ", "王", " 明 ", "软件", "太原",
                                                                      "无此人"]),
       page=st.integers(1, 12), per_page=st.integers(1, 15))
def test_a_page_is_the_schools_list_filtered_and_sliced(workspace: Workspace, state: VerificationState | None,
                                                       search: str | None, page: int, per_page: int) -> None:
    ours = [c for c in workspace.storage.list(Candidate) if c.school_code == SCHOOL]
    chosen = [c for c in ours if (state is None or c.state is state)
              and (not search or not search.strip() or matches_search(c, search))]
    listing = student_list_page(workspace, state=state, search=search, page=page, per_page=per_page)
    assert list(listing.candidates) == chosen[(page - 1) * per_page:page * per_page]
    assert (listing.matches, listing.total) == (len(chosen), len(ours))
    assert dict(listing.by_state) == {each: Counter(c.state for c in ours)[each] for each in STATES}
    assert listing.pages == max(1, -(-len(chosen) // per_page))


def test_the_search_looks_in_the_name_the_program_and_a_social_candidates_work_unit() -> None:
    student = attrs.evolve(sample_candidate(SCHOOL, "ID1", name="王小明"), program_name="软件技术")
    social = attrs.evolve(sample_candidate(SCHOOL, "ID2", name="李四"), candidate_type=CandidateType.PUBLIC,
                          work_unit="太原软件公司")
    assert matches_search(student, " 小明 ") and matches_search(student, "软件") and not matches_search(student, "太原")
    assert matches_search(social, "太原") and matches_search(social, "社会考生") and not matches_search(social, "王")


def test_without_a_search_the_schools_list_is_not_read_whole(workspace: Workspace,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A page and its tabs come from ``page`` and ``count``: a school of 20,000 costs one page, not the list."""
    storage = workspace.storage
    listed: list[dict[str, Any]] = []
    real = storage.list

    def spy(entity_type: type[Any], **equals: Any) -> Any:
        listed.append(equals)
        return real(entity_type, **equals)

    monkeypatch.setattr(storage, "list", spy)
    if workspace.sqlite_path is not None:  # the memory store pages by slicing its list: only SQL reads a page
        listing = student_list_page(workspace, state=STATES[1], page=2, per_page=3)
        assert len(listing.candidates) == 3 and listed == []
    student_list_page(workspace, search="王")
    assert listed  # a search reads the list


def test_a_page_below_one_is_refused(workspace: Workspace) -> None:
    for page, per_page in ((0, 10), (1, 0)):
        with pytest.raises(ValueError, match="start at 1"):
            student_list_page(workspace, page=page, per_page=per_page)


def test_the_state_column_follows_a_state_change(tmp_path: Path) -> None:
    """A student's state changed in storage moves them from one tab and one page to the other (the column
    written with the data)."""
    with create_workspace(tmp_path / "ws", WorkspaceConfig(school_code=SCHOOL, school_name="示范学院",
                                                           year=2026)) as created:
        created.storage.add_all(_students()[:10])
        moved = created.storage.get(Candidate, (SCHOOL, "1401" + "0" * 14))
        created.storage.put(attrs.evolve(moved, state=STATES[4]))
        after = student_list_page(created, state=STATES[4], per_page=50)
        assert moved.id_number in {c.id_number for c in after.candidates}
        assert dict(after.by_state)[moved.state] == 1  # of the two in the first state, one is left
