"""The renderer contract suite: what every :class:`~xcert_core.ports.rendering.Renderer` must do.

Use it from a test module of your own renderer::

    from xcert_core.model import AdmissionTicket
    from xcert_core.testing.renderer_contract import RendererContract

    class TestMyRenderer(RendererContract):
        kinds = (AdmissionTicket,)              # the document kinds it renders; the others must be refused

        def make_renderer(self):
            return MyRenderer()

        def extract_text(self, path):          # optional: lets the suite check what the file says
            return path.read_text("utf-8")

The contract, for every renderer:

- ``suffixes`` is a non-empty tuple of lower-case file suffixes (``".pdf"``), and the renderer satisfies the
  :class:`~xcert_core.ports.rendering.Renderer` protocol;
- a non-empty sequence of one supported kind becomes one non-empty file at ``path``, and ``render`` returns a
  set of single characters (those it could not draw, empty when it drew everything);
- when :meth:`RendererContract.extract_text` is given, the file shows each document's identifying text (names,
  ticket numbers, room names);
- an empty sequence raises :class:`ValueError`; a kind it does not render, or a mix of kinds, raises
  :class:`TypeError` — in neither case is a file left at ``path``;
- it never changes the documents it is given (they are frozen) and accepts any text they may hold
  (property-tested with :mod:`xcert_core.testing.strategies`).

Photos are left out (``photo=None``): a :class:`~xcert_core.model.PhotoRef` points at a file the suite cannot
make without an imaging library. Needs pytest and hypothesis.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xcert_core.labels import CertificateLevel, Gender, SubjectKind
from xcert_core.model import (
    AdmissionTicket,
    CertificateSignOff,
    Chart,
    ChartKind,
    ChartPoint,
    DeskLabel,
    DoorLabel,
    ReportSection,
    SignInRow,
    SignInSheet,
    SignOffRow,
    StatisticsReport,
    SubjectTime,
)
from xcert_core.ports.rendering import Document, Renderer
from xcert_core.privacy import mask_id_number
from xcert_core.testing import strategies

ALL_KINDS: tuple[type[Any], ...] = (AdmissionTicket, DeskLabel, DoorLabel, SignInSheet, CertificateSignOff,
                                     StatisticsReport)
"""Every document kind of :data:`xcert_core.ports.rendering.Document`."""

_NAMES = ("王子涵", "李欣怡", "欧阳浩然")
_IDS = ("11010519491231002X", "140105200403150017", "140105200507200023")
_SUBJECTS = (
    SubjectTime("Web前端开发理论", SubjectKind.THEORY, dt.date(2025, 6, 14), dt.time(9, 0), dt.time(10, 30)),
    SubjectTime("Web前端开发实操", SubjectKind.PRACTICAL, dt.date(2025, 6, 14), dt.time(13, 30), dt.time(16, 0)),
)


def sample_documents(kind: type[Any]) -> list[Any]:
    """Two or three documents of ``kind``, plain enough for any renderer and font."""
    tickets = [f"2025061400{n + 1:02d}" for n in range(len(_NAMES))]
    if kind is AdmissionTicket:
        return [AdmissionTicket(
            plan_name="2025年6月Web前端开发考试", certificate_name="Web前端开发", level=CertificateLevel.INTERMEDIATE,
            candidate_name=name, gender=Gender.FEMALE if n == 1 else Gender.MALE, id_number=_IDS[n],
            ticket_number=tickets[n], site_name="第一考核站点", site_address="幸福路1号", room_name="第1考场",
            seat=n + 1, subjects=_SUBJECTS, rules=("考生凭准考证和身份证入场。",),
        ) for n, name in enumerate(_NAMES)]
    if kind is DeskLabel:
        return [DeskLabel(room_name="第1考场", seat=n + 1, candidate_name=name, ticket_number=tickets[n],
                          masked_id_number=mask_id_number(_IDS[n])) for n, name in enumerate(_NAMES)]
    if kind is DoorLabel:
        return [DoorLabel(room_name=f"第{n + 1}考场", site_name="第一考核站点", plan_name="2025年6月考试",
                          certificate_name="Web前端开发", level=CertificateLevel.INTERMEDIATE, session=_SUBJECTS[0],
                          seats=tuple(range(1, len(tickets) + 1)), ticket_numbers=tuple(tickets),
                          tickets_contiguous=True, room_seats=30) for n in range(3)]
    if kind is SignInSheet:
        return [SignInSheet(site_name="第一考核站点", room_name=f"第{room}考场", subject_name="Web前端开发理论",
                            date=dt.date(2025, 6, 14), start=dt.time(9, 0), end=dt.time(10, 30),
                            proctor_names=("赵老师", "钱老师"),
                            rows=tuple(SignInRow(seat=n + 1, candidate_name=name, id_number=_IDS[n],
                                                 ticket_number=tickets[n])
                                       for n, name in enumerate(_NAMES) if n % 2 == room - 1))
                for room in (1, 2)]
    if kind is CertificateSignOff:
        return [CertificateSignOff(plan_name="2025年6月考试", certificate_name="Web前端开发", class_label=f"{year}级",
                                   rows=tuple(SignOffRow(name, mask_id_number(_IDS[n]), f"C{year}{n:04d}")
                                              for n, name in enumerate(_NAMES)))
                for year in (2023, 2024)]
    if kind is StatisticsReport:
        return [StatisticsReport(title, "示范职业技术学院", dt.date(2025, 6, 20), (ReportSection("考证结果", (
            f"{title}：通过 {passed} 人。",), (Chart(f"{title}通过人数", ChartKind.BARS, (
                ChartPoint("2024级", passed, 40), ChartPoint("2023级", 3, 40))),)),))
            for title, passed in (("统计分析报告", 31), ("周报", 29))]
    raise TypeError(f"not a document kind: {kind!r}")


def identifying_text(document: Any) -> list[str]:
    """What a rendered document must show for a reader to tell it from the others."""
    if isinstance(document, AdmissionTicket | DeskLabel):
        return [document.candidate_name, document.ticket_number]
    if isinstance(document, DoorLabel):
        return [document.room_name]
    if isinstance(document, SignInSheet):
        return [document.room_name, *(row.candidate_name for row in document.rows)]
    if isinstance(document, CertificateSignOff):
        return [document.class_label, *(row.certificate_number for row in document.rows)]
    if isinstance(document, StatisticsReport):
        return [document.title, *(line for section in document.sections for line in section.lines)]
    raise TypeError(f"not a document kind: {document!r}")


def _without_photos(document: Any) -> Any:
    if isinstance(document, SignInSheet):
        return attrs.evolve(document, rows=tuple(attrs.evolve(row, photo=None) for row in document.rows))
    if isinstance(document, AdmissionTicket | DeskLabel):
        return attrs.evolve(document, photo=None)
    return document


_STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    AdmissionTicket: strategies.admission_tickets(),
    DeskLabel: strategies.desk_labels(),
    DoorLabel: strategies.door_labels(),
    SignInSheet: strategies.sign_in_sheets(),
    CertificateSignOff: strategies.certificate_sign_offs(),
    StatisticsReport: strategies.statistics_reports(),
}


def _kind_id(kind: type[Any]) -> str:
    return kind.__name__


class RendererContract:
    """Subclass with :meth:`make_renderer`; set :attr:`kinds` when the renderer does not render every kind."""

    kinds: ClassVar[tuple[type[Any], ...]] = ALL_KINDS
    """The document kinds the renderer renders; every other kind must raise :class:`TypeError`."""
    property_examples: ClassVar[int] = 10
    """How many generated documents the property test renders per kind."""

    def make_renderer(self) -> Renderer:
        raise NotImplementedError("a RendererContract subclass must implement make_renderer()")

    def extract_text(self, path: Path) -> str | None:
        """The text a reader sees in the rendered file, or ``None`` (default) to skip the content checks."""
        return None

    @pytest.fixture
    def renderer(self) -> Renderer:
        return self.make_renderer()

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """Tests taking ``kind`` run once per kind in :attr:`kinds` (pytest calls this for each test)."""
        if "kind" in metafunc.fixturenames:
            metafunc.parametrize("kind", self.kinds, ids=_kind_id)

    def _path(self, renderer: Renderer, directory: Path, stem: str = "out") -> Path:
        return directory / f"{stem}{renderer.suffixes[0]}"

    def _check_missing(self, missing: object) -> None:
        assert isinstance(missing, set), f"render() must return a set of characters, not {type(missing).__name__}"
        assert all(isinstance(ch, str) and len(ch) == 1 for ch in missing), (
            f"render() must return single characters, got {sorted(map(repr, missing))}"
        )

    # -- the protocol --------------------------------------------------------------------------------------

    def test_satisfies_the_renderer_protocol(self, renderer: Renderer) -> None:
        assert isinstance(renderer, Renderer)
        assert isinstance(renderer.suffixes, tuple) and renderer.suffixes
        for suffix in renderer.suffixes:
            assert suffix.startswith(".") and suffix == suffix.lower() and len(suffix) > 1, suffix

    def test_declares_at_least_one_kind(self) -> None:
        assert self.kinds and set(self.kinds) <= set(ALL_KINDS)

    # -- rendering -----------------------------------------------------------------------------------------

    def test_renders_each_supported_kind_into_one_file(self, renderer: Renderer, kind: type[Any],
                                                       tmp_path: Path) -> None:
        documents = sample_documents(kind)
        path = self._path(renderer, tmp_path)
        before = list(documents)
        missing = renderer.render(documents, path)
        assert documents == before
        self._check_missing(missing)
        assert path.is_file() and path.stat().st_size > 0
        assert [p.name for p in tmp_path.iterdir()] == [path.name], "one call writes one file, at path"
        text = self.extract_text(path)
        if text is not None:
            compact = "".join(text.split())
            for document in documents:
                for expected in identifying_text(document):
                    assert "".join(expected.split()) in compact, f"{expected!r} is not in the rendered {kind.__name__}"

    def test_renders_one_document_too(self, renderer: Renderer, kind: type[Any], tmp_path: Path) -> None:
        path = self._path(renderer, tmp_path)
        self._check_missing(renderer.render(sample_documents(kind)[:1], path))
        assert path.is_file() and path.stat().st_size > 0

    def test_refuses_the_kinds_it_does_not_render(self, renderer: Renderer, tmp_path: Path) -> None:
        for kind in ALL_KINDS:
            if kind in self.kinds:
                continue
            path = self._path(renderer, tmp_path, kind.__name__)
            with pytest.raises(TypeError):
                renderer.render(sample_documents(kind), path)
            assert not path.exists(), f"a refused {kind.__name__} must not leave a file behind"

    def test_refuses_an_empty_sequence(self, renderer: Renderer, tmp_path: Path) -> None:
        path = self._path(renderer, tmp_path)
        with pytest.raises(ValueError):
            renderer.render([], path)
        assert not path.exists()

    def test_refuses_a_mix_of_kinds(self, renderer: Renderer, tmp_path: Path) -> None:
        supported = self.kinds[0]
        other = next(kind for kind in ALL_KINDS if kind is not supported)
        mixed: list[Document] = [*sample_documents(supported)[:1], *sample_documents(other)[:1]]
        path = self._path(renderer, tmp_path)
        with pytest.raises(TypeError):
            renderer.render(mixed, path)
        assert not path.exists(), "a refused render must not leave a file behind"

    def test_rendering_again_replaces_the_file(self, renderer: Renderer, tmp_path: Path) -> None:
        kind = self.kinds[0]
        path = self._path(renderer, tmp_path)
        renderer.render(sample_documents(kind), path)
        renderer.render(sample_documents(kind)[:1], path)
        text = self.extract_text(path)
        if text is not None:
            first, second = (identifying_text(d)[-1] for d in sample_documents(kind)[:2])
            if first != second:
                compact = "".join(text.split())
                assert "".join(first.split()) in compact and "".join(second.split()) not in compact

    # -- any text ------------------------------------------------------------------------------------------

    def test_renders_any_text_the_documents_may_hold(self, renderer: Renderer, kind: type[Any],
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
        directory = tmp_path_factory.mktemp("generated")

        @settings(max_examples=self.property_examples, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
        @given(st.lists(_STRATEGIES[kind].map(_without_photos), min_size=1, max_size=3))
        def check(documents: list[Any]) -> None:
            path = self._path(renderer, directory)
            missing = renderer.render(documents, path)
            self._check_missing(missing)
            assert path.is_file() and path.stat().st_size > 0

        check()
