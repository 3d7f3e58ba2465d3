"""Every entity survives the converter: ``structure(unstructure(x), type(x)) == x``, also through JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xcert_core.model import (
    STORED_ENTITIES,
    AdmissionTicket,
    Candidate,
    CertificateSignOff,
    Chart,
    ChartPoint,
    DeskLabel,
    DoorLabel,
    Registration,
    ReportSection,
    SeatAssignment,
    SignInRow,
    SignInSheet,
    SignOffRow,
    StatisticsReport,
    SubjectTime,
    describe_key,
)
from xcert_core.serialization import structure, unstructure
from xcert_core.testing.strategies import STRATEGIES, entities

DOCUMENT_MODELS = (AdmissionTicket, DeskLabel, DoorLabel, SignInRow, SignInSheet, SubjectTime, CertificateSignOff,
                   SignOffRow, ChartPoint, Chart, ReportSection, StatisticsReport)
ALL_CLASSES = sorted(STRATEGIES, key=lambda cls: cls.__name__)
PERSONAL = (Candidate, Registration, SeatAssignment)


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_structure_of_unstructure_is_identity(cls: type[Any], data: st.DataObject) -> None:
    entity = data.draw(STRATEGIES[cls]())
    assert type(entity) is cls
    assert structure(unstructure(entity), cls) == entity


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_unstructured_data_survives_json(cls: type[Any], data: st.DataObject) -> None:
    entity = data.draw(STRATEGIES[cls]())
    plain = unstructure(entity)
    through_json = json.loads(json.dumps(plain, ensure_ascii=False))
    assert through_json == plain  # already plain JSON data: no tuples, sets, dates or enums left
    assert structure(through_json, cls) == entity


def test_strategies_cover_every_entity() -> None:
    missing = sorted(cls.__name__ for cls in (*STORED_ENTITIES, *DOCUMENT_MODELS) if cls not in STRATEGIES)
    assert not missing, f"no strategy in xcert_core.testing.strategies for {missing}"


@given(entities())
def test_key_is_a_tuple_of_str(entity: Any) -> None:
    assert type(entity) in STORED_ENTITIES
    assert isinstance(entity.key, tuple)
    assert len(entity.key) == len(type(entity).key_fields)
    assert all(isinstance(part, str) for part in entity.key)


@given(data=st.data())
@pytest.mark.parametrize("cls", PERSONAL, ids=lambda cls: cls.__name__)
def test_describe_key_masks_id_numbers(cls: type[Any], data: st.DataObject) -> None:
    entity = data.draw(STRATEGIES[cls]())
    id_number = entity.id_number
    assume(len(id_number) >= 8)
    # Another key part that happens to contain the ID number would show it legitimately.
    other_parts = [part for name, part in zip(cls.key_fields, entity.key, strict=True) if name != "id_number"]
    assume(not any(id_number in part for part in other_parts))
    described = describe_key(cls, entity.key)
    assert id_number not in described
    assert described.startswith(f"{cls.__name__}(")
