"""Step 10 as a use case: the printed pack of a plan from what the workspace stores.

Reads the plan's seat and proctor assignments (written by scheduling or a platform sync), the candidates (name,
gender, ID number, photo), the exam sites (name, address), the certificate's name, the rooms and the proctors, and
writes into the output folder (default ``output/<plan code>`` in the workspace):

* the PDFs of :mod:`xcert_adapters.app.pack_files` — 准考证, 桌贴, 门贴 and 签到表, per room and combined — with
  each candidate's ID photo embedded as it is (JPEG bytes passed through, once per file);
* the Excel exports 排考明细.xlsx, 监考安排.xlsx and 考场列表.xlsx (:mod:`xcert_core.scheduling.exports`);
* ``manifest.json`` with every file's fingerprint: a re-run rewrites only the files whose content changed
  (after a seat change, the affected rooms' files and the combined ones).

The pack is planned and drawn a room at a time (:class:`StoredPack`): the plan's seats are read once, page by page,
into what each room and session adds up to, and a room's documents are built from its seats and candidates, read
then, when its files are fingerprinted and drawn, never the whole plan's at once.
"""

from __future__ import annotations

import collections
import functools
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.pack_files import (
    LazyPlan,
    PackResult,
    PhotoHashes,
    PlannedFile,
    Progress,
    RoomShape,
    fingerprint,
    total_weight,
    write_pack,
)
from xcert_adapters.app.reports import build_report
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError
from xcert_core.issues import Issue, IssueReport
from xcert_core.labels import SeatOrigin
from xcert_core.model import (
    Candidate,
    Certificate,
    ExamPlan,
    ExamRoom,
    ExamSite,
    PhotoRef,
    Proctor,
    ProctorAssignment,
    SeatAssignment,
)
from xcert_core.ports.rendering import Document, Renderer
from xcert_core.ports.storage import Storage
from xcert_core.ports.workbooks import SheetModel, WorkbookWriter
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.allocation import Placement
from xcert_core.scheduling.documents import (
    DOCUMENT_KINDS,
    DOCUMENT_KINDS_IN_ORDER,
    CandidateFacts,
    DocumentSet,
    RoomDocuments,
    session_times,
)
from xcert_core.scheduling.exports import (
    ASSIGNMENTS,
    EXPORT_NAMES,
    PROCTORS,
    ROOMS,
    PersonFacts,
    chunked_assignment_sheet,
    in_assignment_order,
    proctor_sheet,
    tallied_room_sheet,
)
from xcert_core.scheduling.issue_types import SITE_ADDRESS_MISSING
from xcert_core.scheduling.report import seat_tallies
from xcert_core.scheduling.stored import get_plan, school_seats


@frozen
class PackCounts:
    """How many documents of each kind the pack has."""

    tickets: int
    desk_labels: int
    door_labels: int
    sign_in_sheets: int


_PAGE = 2000
"""Seats and candidates read from storage at a time."""


def _candidates(workspace: Workspace, id_numbers: Iterable[str]) -> dict[str, Candidate]:
    """The candidates of ``id_numbers``: the workspace school's record, else the first in key order (the lowest
    school code)."""
    found: dict[str, Candidate] = {}
    for candidate in workspace.storage.list_in(Candidate, "id_number", set(id_numbers)):
        if candidate.school_code == workspace.school_code or candidate.id_number not in found:
            found[candidate.id_number] = candidate
    return found


def _seat_pages(storage: Storage, plan_code: str) -> Iterator[list[SeatAssignment]]:
    """The plan's seats in key order, :data:`_PAGE` at a time."""
    offset = 0
    while page := storage.page(SeatAssignment, offset, _PAGE, plan_code=plan_code):
        yield page
        offset += len(page)


def _missing_photos(workspace: Workspace, candidates: Iterable[Candidate]) -> set[str]:
    """The stored photo locations of ``candidates`` whose files are not there."""
    return {c.photo.location for c in candidates
            if c.photo is not None and not os.path.isfile(_absolute(workspace, c.photo.location))}


def _placements(seats: Iterable[SeatAssignment]) -> list[Placement]:
    return [Placement(a.session_code, a.site_code, a.room_name, a.seat, a.id_number) for a in seats]


class _PlanSeats:
    """The seats of a plan (or of one school's part, ``listed``) as the pack reads them: a room's seats in every
    session, and every seat of some candidates, each read from storage when asked, by the indexes storage keeps
    (the seat's unique place, the ID number). What is kept of the whole plan comes from one pass over the seats,
    :data:`_PAGE` at a time, each page's candidates read with it: each room's seats in each session tallied, how
    many tickets and desk labels each room has, the photo files that have gone, and the plan's ticket numbers,
    sorted (about 70 bytes a candidate: a door label says whether its tickets are one stretch of the plan's)."""

    def __init__(self, workspace: Workspace, plan: ExamPlan, listed: Sequence[SeatAssignment] | None = None) -> None:
        storage = workspace.storage
        self._storage, self._plan_code, self._listed = storage, plan.code, listed
        tickets: set[str] = set()
        times = session_times(plan)
        first: dict[str, tuple[tuple[object, ...], tuple[str, str]]] = {}  # for the pass: each one's earliest seat
        shared: dict[tuple[str, str], tuple[str, str]] = {}  # one (site, room) object per room, not one per seat
        self.missing_photos: set[str] = set()
        """The stored photo locations of the seated candidates whose files are not there."""

        def seats() -> Iterator[SeatAssignment]:
            for page in [listed] if listed is not None else _seat_pages(storage, plan.code):
                numbers = {a.id_number for a in page}
                self.missing_photos |= _missing_photos(workspace, _candidates(workspace, numbers).values())
                for a in page:
                    tickets.add(a.ticket_number)
                    when = times.get(a.session_code, ())
                    if a.id_number not in first or when < first[a.id_number][0]:
                        room = (a.site_code, a.room_name)
                        first[a.id_number] = (when, shared.setdefault(room, room))
                    yield a

        self.tallies = seat_tallies(seats())
        """Each room's seats in each session, tallied (how many, the ticket range, who decided them)."""
        self.groups = {key: tally.count for key, tally in self.tallies.items()}
        self.ticket_numbers = sorted(tickets)
        self.sessions: dict[tuple[str, str], list[str]] = {}
        """Each room's sessions, the rooms in the order first seen."""
        for session, site, room in self.groups:
            self.sessions.setdefault((site, room), []).append(session)
        self.site_codes = {site for site, _ in self.sessions}
        self.holders = collections.Counter(room for _, room in first.values())
        """How many candidates' tickets each room holds (the room of their earliest session)."""

    def group(self, session_code: str, site_code: str, room_name: str) -> list[SeatAssignment]:
        """The seats of one room in one session."""
        if self._listed is not None:
            return [a for a in self._listed if (a.session_code, a.site_code, a.room_name)
                    == (session_code, site_code, room_name)]
        return self._storage.list(SeatAssignment, plan_code=self._plan_code, session_code=session_code,
                                  site_code=site_code, room_name=room_name)

    def seated(self, site_code: str, room_name: str) -> set[str]:
        """The ID numbers of the candidates seated in one room, in any session."""
        return {a.id_number for session in self.sessions[(site_code, room_name)]
                for a in self.group(session, site_code, room_name)}

    def of_candidates(self, id_numbers: Iterable[str]) -> list[SeatAssignment]:
        """Every seat of the candidates of ``id_numbers`` (of the part, for a school's)."""
        wanted = set(id_numbers)
        if self._listed is not None:
            return [a for a in self._listed if a.id_number in wanted]
        return self._storage.list_in(SeatAssignment, "id_number", wanted, plan_code=self._plan_code)


class StoredPack:
    """What the printed pack of one plan is made from, read from storage: the plan, its rooms, sites, proctors and
    certificate, and the seats as :class:`_PlanSeats` reads them.

    The documents are built a room at a time (:meth:`room_documents`), each room's seats and candidates read from
    storage when it is built, and the Excel sheets one at a time (:meth:`sheet`), the long one a chunk of rows at
    a time: the printed pack fingerprints and draws a room's files from one building of it, then the next room's
    (:class:`~xcert_adapters.app.pack_files.LazyPlan`), so its memory does not grow with the plan (see
    ``docs/how-to/print-the-exam-pack.md``). :meth:`weights` are known from the seats alone. :attr:`documents`
    builds them all at once."""

    def __init__(self, workspace: Workspace, plan: ExamPlan, seats: _PlanSeats,
                 proctoring: Sequence[ProctorAssignment], rooms: Sequence[ExamRoom], sites: Mapping[str, ExamSite],
                 certificate_name: str) -> None:
        self.plan = plan
        self._workspace, self._seats = workspace, seats
        self._proctoring, self._rooms = tuple(proctoring), tuple(rooms)
        self.site_names = {code: site.name for code, site in sites.items()}
        addresses = {code: site.address for code, site in sites.items()}
        proctors = {(p.school_code, p.teacher_number): p for p in workspace.storage.list_in(
            Proctor, "school_code", {a.school_code for a in proctoring})}
        self._proctors = proctors
        self._proctor_names = {key: p.name for key, p in proctors.items()}
        self._builder = RoomDocuments(plan, rooms, self.site_names, certificate_name=certificate_name,
                                      ticket_numbers=seats.ticket_numbers, proctors=proctoring,
                                      proctor_names=self._proctor_names, site_addresses=addresses)
        self._keys: dict[str, list[tuple[str, str]]] = {}  # each room name's (site, room), in the rooms' order
        for key in sorted(seats.sessions, key=lambda key: self._builder.room_key(*key)):
            self._keys.setdefault(key[1], []).append(key)
        self.rooms: tuple[str, ...] = tuple(self._keys)
        """The rooms' names in the rooms' order: a pack file per name (rooms of one name at two sites share it)."""
        self.sites_without_address = tuple(sorted(
            (code, self.site_names.get(code, code)) for code in seats.site_codes
            if not (code in addresses and addresses[code].strip())))
        """(code, name) of the sites in use whose 考点地址 is empty: the tickets cannot be printed."""
        self.issues: list[Issue] = []
        """The problems met building the documents so far (each once; none at present, see
        :class:`~xcert_core.scheduling.documents.DocumentSet`)."""
        self._counted: dict[str, PackCounts] = {}  # by room name, as its documents are built

    def weights(self, room_name: str) -> dict[str, int]:
        """The weights of the rooms named ``room_name`` (:class:`~xcert_adapters.app.pack_files.RoomShape`), known
        from the seats without building them: their tickets, door labels (sessions) and seats; desk labels are
        weighed by seats too (a candidate in one seat for two sessions has one desk label)."""
        keys, seats = self._keys[room_name], self._seats
        seated = sum(seats.groups[(session, *key)] for key in keys for session in seats.sessions[key])
        return {"准考证": sum(seats.holders[key] for key in keys), "桌贴": seated,
                "门贴": sum(len(seats.sessions[key]) for key in keys), "签到表": seated}

    def _facts(self, id_numbers: Iterable[str]) -> dict[str, CandidateFacts]:
        """The facts printed of the candidates of ``id_numbers``, their photos' locations made absolute."""
        return {number: CandidateFacts(c.name, c.id_number, c.gender, _photo(self._workspace, c.photo))
                for number, c in _candidates(self._workspace, id_numbers).items()}

    def room_documents(self, room_name: str, kinds: AbstractSet[str] = DOCUMENT_KINDS) -> DocumentSet:
        """The documents of ``kinds`` of the rooms named ``room_name`` (at every site, in the rooms' order), built
        now from their seats and candidates read from storage."""
        parts = []
        for site_code, name in self._keys[room_name]:
            theirs = self._seats.of_candidates(self._seats.seated(site_code, name))  # every session, any room
            here = [a for a in theirs if (a.site_code, a.room_name) == (site_code, name)]
            own: dict[str, list[SeatAssignment]] = {}
            for a in theirs:
                own.setdefault(a.id_number, []).append(a)
            holders = {number: _placements(seats) for number, seats in own.items()
                       if self._builder.ticket_room(_placements(seats)) == (site_code, name)}
            printed = set(holders) if "tickets" in kinds else set()
            if kinds & {"desk_labels", "sign_in_sheets"}:
                printed |= own.keys()
            facts = self._facts(printed)
            provisional = {a.id_number for a in theirs if a.origin is SeatOrigin.XCERT}
            parts.append(self._builder.room(site_code, name, _placements(here), holders,
                                            {a.id_number: a.ticket_number for a in theirs}, facts, provisional,
                                            kinds))
            self.issues.extend(issue for issue in parts[-1].issues if issue not in self.issues)
        built = DocumentSet(*(tuple(d for part in parts for d in getattr(part, field))
                              for field in DOCUMENT_KINDS_IN_ORDER))
        if kinds >= DOCUMENT_KINDS:
            self._counted[room_name] = PackCounts(len(built.tickets), len(built.desk_labels),
                                                  len(built.door_labels), len(built.sign_in_sheets))
        return built

    def _every_room_built(self) -> None:
        for room in self.rooms:
            if room not in self._counted:
                self.room_documents(room)

    @property
    def counts(self) -> PackCounts:
        """How many documents of each kind: summed as the rooms are built (the printed pack builds them all while
        planning), any room not built yet built now."""
        self._every_room_built()
        return PackCounts(*(sum(getattr(self._counted[room], field) for room in self.rooms)
                            for field in ("tickets", "desk_labels", "door_labels", "sign_in_sheets")))

    @property
    def missing_photos(self) -> tuple[str, ...]:
        """The stored photo locations of the pack's candidates whose files are not there (found as the seats were
        read)."""
        return tuple(sorted(self._seats.missing_photos))

    @property
    def documents(self) -> DocumentSet:
        """Every room's documents, built now (the printed pack itself builds them a room at a time)."""
        parts = [self.room_documents(room) for room in self.rooms]
        return DocumentSet(*(tuple(d for part in parts for d in getattr(part, field))
                             for field in DOCUMENT_KINDS_IN_ORDER))

    def sheet(self, name: str) -> SheetModel:
        """The Excel sheet ``name`` (one of :data:`~xcert_core.scheduling.exports.EXPORT_NAMES`): 排考明细 with its
        rows read from storage a room and session at a time as they are read, the others built now."""
        plan, seats = self.plan, self._seats
        if name == ASSIGNMENTS:
            groups = in_assignment_order(plan, seats.groups)

            def people_of(numbers: Sequence[str]) -> dict[str, PersonFacts]:
                return {number: PersonFacts(c.name, c.id_type)
                        for number, c in _candidates(self._workspace, numbers).items()}

            return chunked_assignment_sheet(plan, [seats.groups[key] for key in groups],
                                            lambda chunk: seats.group(*groups[chunk]), self.site_names, people_of)
        if name == PROCTORS:
            return proctor_sheet(plan, self._proctoring, self.site_names, self._proctors)
        if name == ROOMS:  # tallied as the seats were read
            return tallied_room_sheet(plan, seats.tallies, self._rooms, self.site_names, self._proctoring,
                                      self._proctor_names)
        raise ValueError(f"no sheet {name}")

    @property
    def sheets(self) -> tuple[SheetModel, ...]:
        """The Excel sheets, built now."""
        return tuple(self.sheet(name) for name in EXPORT_NAMES)


def _masked_location(location: str) -> str:
    """A photo location for a message: its file name is the ID number (``photos/<证件号码>.jpg``), masked."""
    path = Path(location)
    return location if not path.stem else str(path.with_name(mask_id_number(path.stem) + path.suffix))


def _photo(workspace: Workspace, photo: PhotoRef | None) -> PhotoRef | None:
    """The photo with its location made absolute (stored locations are relative to the workspace folder). Joined
    as text: a :class:`~pathlib.Path` would intern every file name for the life of the process."""
    if photo is None:
        return None
    return attrs.evolve(photo, location=_absolute(workspace, photo.location))


def _absolute(workspace: Workspace, location: str) -> str:
    return os.path.join(workspace.root, location)


def load_pack(workspace: Workspace, plan_code: str, school_code: str | None = None) -> StoredPack:
    """Read what the pack of ``plan_code`` is made from; :class:`XcertError` when the plan is unknown or has
    no stored seat assignments. With ``school_code``, the pack of that school's part only (what the organisation
    publishes to it): the seats of the candidates it registered and the places of its own proctors, so no
    document names another school's candidate or teacher."""
    storage = workspace.storage
    plan = storage.find(ExamPlan, (plan_code,))
    if plan is None:
        known = "、".join(p.code for p in storage.list(ExamPlan)) or "无"
        raise RequestError(f"考试计划 {plan_code} 不存在（已有：{known}）/ no exam plan {plan_code}")
    if school_code is None:
        seats = _PlanSeats(workspace, plan)
        proctoring = storage.list(ProctorAssignment, plan_code=plan_code)
    else:
        seats = _PlanSeats(workspace, plan, school_seats(storage, plan_code, school_code))
        proctoring = storage.list(ProctorAssignment, plan_code=plan_code, school_code=school_code)
    if not seats.groups and (school_code is None or not storage.page(SeatAssignment, 0, 1, plan_code=plan_code)):
        raise RequestError(f"考试计划 {plan_code} 尚未排考：请先运行 xcert schedule --plan {plan_code} / "
                           f"plan {plan_code} has no seat assignments yet")
    site_codes = seats.site_codes | {a.site_code for a in proctoring}
    rooms = storage.list(ExamRoom, plan_code=plan_code) if school_code is None \
        else storage.list_in(ExamRoom, "site_code", site_codes, plan_code=plan_code)  # the rooms its part may use
    sites = {code: site for code in site_codes if (site := storage.find(ExamSite, (code,))) is not None}
    certificate = storage.find(Certificate, (plan.certificate_code,))
    return StoredPack(workspace, plan, seats, proctoring, rooms, sites,
                      certificate.name if certificate is not None else plan.name)


class _SheetWriting:
    """Writes one Excel sheet of the pack, built when it is written (``build``; 排考明细 reads its rows from
    storage as they are written)."""

    def __init__(self, writer: WorkbookWriter, build: Callable[[], SheetModel]) -> None:
        self._writer, self._build = writer, build

    def __call__(self, path: Path) -> tuple[int | None, set[str]]:
        self._writer.write([self._build()], path)
        return None, set()


def planned_exports(sheets: Sequence[Callable[[], SheetModel]], writer: WorkbookWriter) -> list[PlannedFile]:
    """The Excel files, fingerprinted by their sheet models (each built here, and again when written) and the
    writer."""
    hashes = PhotoHashes()
    settings = f"{type(writer).__module__}\0{type(writer).__qualname__}"
    planned = []
    for build in sheets:
        sheet = build()
        planned.append(PlannedFile(f"{sheet.name}.xlsx", sheet.name, None, 0, fingerprint(settings, [sheet], hashes),
                                   _SheetWriting(writer, build), max(1, len(sheet.rows) // 20)))
    return planned


def workspace_renderer(workspace: Workspace) -> tuple[Renderer, list[str]]:
    """The PDF renderer in the workspace's configured font (relative to the workspace), else the system's, and
    the warnings choosing the font gave (e.g. no CJK font found: the built-in fallback is used)."""
    font = workspace.config.font
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if font:  # through the registered renderer: a plug-in that replaces ``pdf`` gets the font too
            path = Path(font.rpartition("#")[0] if "#" in font else font)
            spec = str(workspace.root / path) + (font[font.rindex("#"):] if "#" in font else "")
            try:
                renderer = workspace.plugins.renderer("pdf", font=spec)
            except (OSError, ValueError) as exc:
                raise XcertError(f"xcert.toml 中配置的字体无法使用：{font}（{exc}）/ the configured font is unusable") \
                    from None
        else:
            renderer = workspace.plugins.renderer()
    return renderer, [str(warning.message) for warning in caught]


def render_to(workspace: Workspace, documents: Sequence[Document], out: Path, what: str) -> int:
    """Render ``documents`` (one kind, not the printed pack) to ``out`` with the workspace's renderer; returns
    the pages. :class:`RequestError` naming ``what`` when the renderer cannot draw that kind."""
    renderer, _ = workspace_renderer(workspace)
    try:
        report = renderer.render(documents, out)
    except TypeError:
        raise RequestError(f"当前的打印插件不能生成{what} / the renderer cannot draw this kind of document") from None
    return int(getattr(report, "pages", len(documents)))


@frozen
class PrintedPack:
    """:func:`print_pack`'s outcome: what was printed from, where to, what was written, kept and removed, the
    report (characters the font lacks, documents' own warnings) and the font's warnings."""

    pack: StoredPack
    out: Path
    result: PackResult
    report: IssueReport
    font_warnings: tuple[str, ...] = ()
    printed: bool = True
    """False when the pack was refused (a site in use has no address): nothing was written."""


def planned_pack(workspace: Workspace, pack: StoredPack) -> tuple[Sequence[PlannedFile], list[str]]:
    """Every file of the pack, fingerprinted (PDFs by the workspace's renderer, the exports by the workbook
    writer), and the font's warnings. The rooms' files are a :class:`~xcert_adapters.app.pack_files.LazyPlan`:
    each room is built, and its files fingerprinted, when they are first asked for."""
    renderer, font_warnings = workspace_renderer(workspace)
    writer = workspace.plugins.workbook_writer()
    exports = planned_exports([functools.partial(pack.sheet, name) for name in EXPORT_NAMES], writer)
    rooms = [RoomShape(room, functools.partial(pack.room_documents, room), pack.weights(room)) for room in pack.rooms]
    return LazyPlan(rooms, renderer, then=exports), font_warnings


def pack_folder(workspace: Workspace, plan_code: str) -> tuple[ExamPlan, Path]:
    """The plan and the folder ``xcert documents`` writes its pack into (``output/<plan code>``);
    :class:`~xcert_core.scheduling.stored.PlanNotFoundError` for an unknown plan."""
    return get_plan(workspace.storage, plan_code), workspace.output_dir / plan_code


def _refuse_missing_photos(pack: StoredPack) -> None:
    """:class:`RequestError` naming (masked) the photo files of the pack's candidates that have gone."""
    if pack.missing_photos:
        shown = "、".join(_masked_location(m) for m in pack.missing_photos[:5])
        shown += "等" if len(pack.missing_photos) > 5 else ""
        raise RequestError(f"{len(pack.missing_photos)} 张考生照片的文件不存在：{shown}。请重新导入照片（xcert photos "
                           f"import）后再生成 / {len(pack.missing_photos)} photo files are missing")


def print_pack(workspace: Workspace, plan_code: str, *, out: Path | None = None, force: bool = False,
               progress: Callable[[int], Progress | None] | None = None,
               school_code: str | None = None) -> PrintedPack:
    """Write the printed pack of ``plan_code`` into ``out`` (default ``output/<plan code>``), rewriting only the
    files whose content changed (all with ``force``). :class:`RequestError` for an unknown or unscheduled plan
    and for photo files that have gone; a site in use without an address is a ``sched-site-address-missing``
    error in the report, and nothing is written. ``progress`` is given the pack's total weight and may return a
    callback the writing reports each file to. ``school_code``: that school's part only (:func:`load_pack`)."""
    pack = load_pack(workspace, plan_code, school_code)
    _refuse_missing_photos(pack)  # before anything is written
    target = out if out is not None else workspace.output_dir / pack.plan.code
    if pack.sites_without_address:  # an admission ticket without the place of the exam: print nothing
        issues = [SITE_ADDRESS_MISSING.at(site=code, name=name) for code, name in pack.sites_without_address]
        return PrintedPack(pack, target, PackResult(), build_report(workspace.plugins, issues, workspace.config.rules,
                                                                    by_row=False), (), printed=False)
    planned, font_warnings = planned_pack(workspace, pack)
    header: dict[str, Any] = {"plan": pack.plan.code, "plan_name": pack.plan.name,
                              **({"school": school_code} if school_code is not None else {})}
    callback = progress(total_weight(planned)) if progress is not None else None
    result = write_pack(planned, target, header=header, progress=callback, force=force)
    report = build_report(workspace.plugins, [*pack.issues, *result.issues], workspace.config.rules,
                          by_row=False)
    return PrintedPack(pack, target, result, report, tuple(font_warnings))
