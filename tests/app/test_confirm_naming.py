"""How ``confirm`` finds the student a teacher names (issue 17): the full or masked number, the name, or the name
with the number's last four characters; several matches are ambiguous, never a guess."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from xcert_adapters.app.verification import candidates_named
from xcert_core.model import Candidate
from xcert_core.privacy import mask_id_number
from xcert_core.testing.storage_contract import sample_candidate
from xcert_core.testing.strategies import candidates

SCHOOL = "4133010001"


def test_each_way_of_naming_a_student() -> None:
    a = attrs.evolve(sample_candidate(SCHOOL, "11010120060101341X"), name="张三")
    b = attrs.evolve(sample_candidate(SCHOOL, "110101200602025678"), name="张三")
    c = attrs.evolve(sample_candidate(SCHOOL, "440301200603031234"), name="李四")
    everyone = [a, b, c]
    assert candidates_named(everyone, "11010120060101341x") == [a]  # lower-case x
    assert candidates_named(everyone, mask_id_number(c.id_number)) == [c]
    assert candidates_named(everyone, "李四") == [c]
    assert candidates_named(everyone, "张三") == [a, b]  # ambiguous: both
    assert candidates_named(everyone, "张三:341X") == [a] and candidates_named(everyone, "张三：5678") == [b]
    assert candidates_named(everyone, "张三:1234") == [] and candidates_named(everyone, "王五") == []
    assert candidates_named(everyone, "110***********1234") == []  # head 110, tail 1234: c begins 440


@given(st.lists(candidates(), min_size=1, max_size=6, unique_by=lambda c: c.id_number.upper()), st.data())
def test_a_student_is_always_found_by_what_xcert_shows_of_them(people: list[Candidate], data: st.DataObject) -> None:
    """Whoever is named is among the matches, and every match fits what was given."""
    person = data.draw(st.sampled_from(people))
    assert candidates_named(people, person.id_number) == [person]
    if len(person.id_number) >= 15:
        masked = candidates_named(people, mask_id_number(person.id_number))
        assert person in masked and all(m.id_number[:3].upper() == person.id_number[:3].upper()
                                        and m.id_number[-4:].upper() == person.id_number[-4:].upper() for m in masked)
    if person.name.strip() and not any(ch in person.name for ch in " :：") and len(person.id_number) >= 4:
        tail = candidates_named(people, f"{person.name}:{person.id_number[-4:]}")
        if person.id_number[-4:].upper().replace("X", "0").isdigit():
            assert person in tail and all(m.name == person.name for m in tail)
