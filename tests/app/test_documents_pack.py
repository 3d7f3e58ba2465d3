"""The printed pack through the application layer (:func:`xcert_adapters.app.documents.print_pack`, what
``xcert documents --plan P`` and the web workbench call): the pack from what the workspace stores (a real
workspace, PDFs read with pypdf, workbooks with openpyxl), regenerating only what changed, and the pack writer's
invariants as properties. What the command prints and its exit codes are tested in
``tests/cli/test_documents_command.py``; the PDF renderer's own file structure in
``tests/adapters/test_streamed_pdf.py``."""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from PIL import Image, ImageDraw
from pypdf import PdfReader

from test_rendering import image_xobjects
from xcert_adapters.app.documents import PrintedPack, print_pack
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.pack_files import MANIFEST, PlannedFile, write_pack
from xcert_adapters.app.payloads import pack_payload, plain
from xcert_adapters.app.status import documents_current
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.errors import XcertError
from xcert_core.labels import CertificateLevel, Gender, IdType, ProctorRole, ReviewStatus, SubjectKind
from xcert_core.model import (
    Candidate,
    ExamPlan,
    ExamRoom,
    ExamSession,
    ExamSite,
    PhotoRef,
    Proctor,
    ProctorAssignment,
    SeatAssignment,
    Subject,
)
from xcert_core.privacy import mask_id_number
from xcert_core.reference_data import SAMPLE_CERTIFICATES
from xcert_core.scheduling.documents import DOCUMENT_KINDS

SCHOOL = "4133010001"
CERTIFICATE = SAMPLE_CERTIFICATES[1]  # 数字媒体交互设计 (中级)
ROOM_A, ROOM_B = "信息楼301", "实训楼B/205"  # B's name needs sanitising in a file name
FILE_B = "实训楼B_205"
KINDS = ("准考证", "桌贴", "门贴", "签到表")
EXPORTS = ("排考明细.xlsx", "监考安排.xlsx", "考场列表.xlsx")
COUNT = 9  # candidates 1-5 in room A, 6-9 in room B; candidate 5 sits the practical exam in room B


def ident(n: int) -> str:
    """A resident ID number shaped like the real ones (not checksummed: storage does not care)."""
    return f"14010520040301{n:03d}{n % 10}"


def ticket_no(n: int) -> str:
    return f"26061300{n:04d}"


def write_photo(path: Path, n: int, colour: tuple[int, int, int] = (200, 40, 40)) -> None:
    image = Image.new("RGB", (295, 413), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((92, 70, 203, 200), fill=(40 + n * 17 % 150, 90, 120))
    draw.rectangle((55, 230, 240, 413), fill=(30, 30, 60))
    image.save(path, "JPEG", quality=85)


PLAN = ExamPlan("P1", "2026年第一批数字媒体交互设计考核", 2026, CERTIFICATE.issuing_organization or "ORG",
                CERTIFICATE.code, CertificateLevel.INTERMEDIATE,
                (Subject("T", "理论考试", SubjectKind.THEORY), Subject("P", "实操考试", SubjectKind.PRACTICAL)),
                (ExamSession("S1", "T", dt.date(2026, 6, 13), dt.time(9), dt.time(10, 30)),
                 ExamSession("S2", "P", dt.date(2026, 6, 13), dt.time(14), dt.time(16))))


def seat_of(n: int, session: str) -> tuple[str, int]:
    if n == 5 and session == "S2":
        return ROOM_B, 10
    return (ROOM_A, n) if n <= 5 else (ROOM_B, n - 5)


def make_workspace(root: Path) -> Path:
    """A workspace with plan P1 scheduled: candidates with photos (candidate 9 without one), two rooms, one
    site, proctors in every room and session and an inspector."""
    config = WorkspaceConfig(school_code=SCHOOL, school_name="示范职业技术学院", year=2026)
    with create_workspace(root, config) as workspace:
        workspace.photos_dir.mkdir(exist_ok=True)
        candidates = []
        for n in range(1, COUNT + 1):
            photo = None
            if n != COUNT:
                write_photo(workspace.photos_dir / f"{ident(n)}.jpg", n)
                photo = PhotoRef(f"photos/{ident(n)}.jpg")
            candidates.append(Candidate(SCHOOL, f"考生{n}", f"kaosheng{n}", Gender.MALE if n % 2 else Gender.FEMALE,
                                        IdType.RESIDENT_ID, ident(n), "13800000000", photo=photo))
        seats = [SeatAssignment("P1", session, ident(n), "S18", *seat_of(n, session), ticket_no(n))
                 for n in range(1, COUNT + 1) for session in ("S1", "S2")]
        teachers = [Proctor(SCHOOL, f"T{k}", f"监考老师{k}", phone=f"1390000000{k}") for k in range(1, 6)]
        staff = [ProctorAssignment("P1", session, "S18", SCHOOL, f"T{k + offset}", ProctorRole.PROCTOR, room)
                 for session, offset in (("S1", 0), ("S2", 2)) for k, room in ((1, ROOM_A), (2, ROOM_B))]
        staff += [ProctorAssignment("P1", s, "S18", SCHOOL, "T5", ProctorRole.INSPECTOR) for s in ("S1", "S2")]
        with workspace.storage.transaction() as tx:
            tx.put(PLAN)
            tx.put(ExamSite("S18", "太原考核站点", SCHOOL, "ORG", (CERTIFICATE.code,), ReviewStatus.APPROVED,
                            address="山西省太原市小店区学府街128号"))
            for room in (ExamRoom("P1", "S18", ROOM_A, seats=30), ExamRoom("P1", "S18", ROOM_B, "机房", seats=12)):
                tx.put(room)
            for entity in (*candidates, *seats, *teachers, *staff):
                tx.put(entity)
    return root


@pytest.fixture(scope="module")
def workspace_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("template") / "ws")


@pytest.fixture
def ws(workspace_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the scheduled workspace (its SQLite file and photos) for one test."""
    target = tmp_path / "ws"
    shutil.copytree(workspace_template, target)
    return target


@pytest.fixture
def storage_of(ws: Path) -> Iterator[Workspace]:
    with Workspace.open(ws, env={}) as workspace:
        yield workspace


def documents(ws: Path, *, out: Path | None = None, force: bool = False) -> tuple[int, dict[str, Any], str]:
    """Print plan P1's pack: the report's exit code, the payload ``documents --json`` prints (and the HTTP API
    answers) and the issues, for a failing assertion's message."""
    with Workspace.open(ws, env={}) as workspace:
        printed = print_pack(workspace, "P1", out=out, force=force)
    return printed.report.exit_code, plain(pack_payload(printed)), str(list(printed.report))


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir() if p.name != MANIFEST}


# --- the pack ---------------------------------------------------------------------------------------------------


def test_pack_from_stored_data(ws: Path) -> None:
    code, payload, output = documents(ws)
    assert code == 0, output
    out = ws / "output" / "P1"
    assert payload["out"] == str(out) and payload["issues"] == []
    pdfs = {f"{kind}-{room}.pdf" for kind in KINDS for room in (ROOM_A, FILE_B, "全部")}
    assert {p.name for p in out.iterdir()} == pdfs | set(EXPORTS) | {MANIFEST}
    assert sorted(payload["written"]) == sorted(pdfs | set(EXPORTS)) and payload["kept"] == []

    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert manifest["plan"] == "P1"
    for entry in manifest["files"]:
        if entry["file"].endswith(".pdf"):
            assert entry["pages"] == len(PdfReader(out / entry["file"]).pages)
        assert len(entry["fingerprint"]) == 64
    pages = {e["file"]: e["pages"] for e in manifest["files"]}
    assert pages["准考证-全部.pdf"] == COUNT and pages[f"准考证-{ROOM_A}.pdf"] == 5
    # one door label per room and session (both rooms are used in both sessions)
    assert pages[f"门贴-{ROOM_A}.pdf"] == pages[f"门贴-{FILE_B}.pdf"] == 2 and pages["门贴-全部.pdf"] == 4
    assert pages["签到表-全部.pdf"] == 4  # two rooms x two sessions, each fits one page

    tickets = text_of(out / "准考证-全部.pdf")
    for n in range(1, COUNT + 1):
        assert f"考生{n}" in tickets and ticket_no(n) in tickets and ident(n) in tickets
    assert f"{CERTIFICATE.name}（中级）准考证" in tickets and "太原考核站点" in tickets and "学府街128号" in tickets
    fifth = PdfReader(out / "准考证-全部.pdf").pages[4].extract_text()  # candidate 5: two rooms
    assert "考生5" in fifth and ROOM_A in fifth and ROOM_B in fifth and "见下表" in fifth
    assert "理论考试" in fifth and "实操考试" in fifth and "09:00" in fifth and "14:00" in fifth
    first = PdfReader(out / "准考证-全部.pdf").pages[0].extract_text()
    assert "见下表" not in first and ROOM_B not in first  # one room, one seat: printed in the details

    room_a = text_of(out / f"签到表-{ROOM_A}.pdf")
    room_b = text_of(out / f"签到表-{FILE_B}.pdf")
    for n in range(1, COUNT + 1):
        assert (ident(n) in room_a) is (n <= 5)
        assert (ident(n) in room_b) is (n >= 5)  # candidate 5 signs in for the practical exam in room B
    assert "监考老师1" in room_a and "监考老师3" in room_a and "监考老师2" in room_b
    desk_b = text_of(out / f"桌贴-{FILE_B}.pdf")
    assert mask_id_number(ident(6)) in desk_b and ident(6) not in desk_b
    theory_b, practical_b = (page.extract_text() for page in PdfReader(out / f"门贴-{FILE_B}.pdf").pages)
    assert ROOM_B in theory_b and "理论考试" in theory_b and "4 人" in theory_b and "5 人" not in theory_b
    assert "实操考试" in practical_b and "5 人" in practical_b and ticket_no(5) in practical_b


def test_photos_are_embedded_once_per_file_unchanged(ws: Path) -> None:
    code, _, output = documents(ws)
    assert code == 0, output
    out = ws / "output" / "P1"
    photos = {n: (ws / "photos" / f"{ident(n)}.jpg").read_bytes() for n in range(1, COUNT)}
    # candidate 9 has no photo: 8 photos in the combined files, each once, bytes as they were
    for kind in KINDS[:2] + KINDS[3:]:
        data = (out / f"{kind}-全部.pdf").read_bytes()
        assert image_xobjects(out / f"{kind}-全部.pdf") == COUNT - 1, kind
        assert all(data.count(jpeg) == 1 for jpeg in photos.values()), kind
    # candidate 5 signs in twice in room A's file? no: once in A (theory), once in B (practical)
    sheet_b = (out / f"签到表-{FILE_B}.pdf").read_bytes()
    assert sheet_b.count(photos[5]) == 1 and image_xobjects(out / f"签到表-{FILE_B}.pdf") == 4  # 5, 6, 7, 8
    assert image_xobjects(out / "门贴-全部.pdf") == 0


def test_a_seat_change_rewrites_only_the_rooms_it_touches(ws: Path, storage_of: Workspace) -> None:
    code, _, output = documents(ws)
    assert code == 0, output
    out = ws / "output" / "P1"
    before = snapshot(out)

    code, payload, output = documents(ws)  # nothing changed: nothing written
    assert code == 0, output
    assert payload["written"] == [] and len(payload["kept"]) == len(before)
    assert snapshot(out) == before

    moved = storage_of.storage.get(SeatAssignment, ("P1", "S1", ident(7)))
    storage_of.storage.put(SeatAssignment("P1", "S1", ident(7), "S18", ROOM_B, 11, moved.ticket_number))
    code, payload, output = documents(ws)
    assert code == 0, output
    after = snapshot(out)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == set(payload["written"])
    assert changed == {f"准考证-{FILE_B}.pdf", f"桌贴-{FILE_B}.pdf", f"门贴-{FILE_B}.pdf", f"签到表-{FILE_B}.pdf",
                       "准考证-全部.pdf", "桌贴-全部.pdf", "门贴-全部.pdf", "签到表-全部.pdf", "排考明细.xlsx"}
    assert all(after[f"{kind}-{ROOM_A}.pdf"] == before[f"{kind}-{ROOM_A}.pdf"] for kind in KINDS)
    assert {"监考安排.xlsx", "考场列表.xlsx"} <= set(payload["kept"])  # same rooms, counts and ticket range
    seventh = PdfReader(out / "准考证-全部.pdf").pages[6].extract_text()
    assert "考生7" in seventh and "见下表" in seventh  # now seat 11 for the theory exam, seat 2 for the practical


def test_each_file_is_fingerprinted_by_exactly_the_documents_it_shows(ws: Path) -> None:
    """A room's file by its own documents, a combined file by every room's in the parts' order: what
    :func:`fingerprint` gives for those lists, though planning encodes each document only once."""
    from xcert_adapters.app.documents import load_pack, workspace_renderer  # noqa: PLC0415
    from xcert_adapters.app.pack_files import PhotoHashes, fingerprint, planned_documents, renderer_settings  # noqa: PLC0415

    with Workspace.open(ws) as workspace:
        pack = load_pack(workspace, "P1")
        renderer, _ = workspace_renderer(workspace)
        built = pack.documents  # read from storage as it is built: while the workspace is open
    planned = {item.file: item for item in planned_documents([built], renderer)}
    settings = renderer_settings(renderer)
    hashes = PhotoHashes()
    kinds = {"准考证": built.tickets, "桌贴": built.desk_labels, "门贴": built.door_labels,
             "签到表": built.sign_in_sheets}
    for kind, documents in kinds.items():
        rooms = list(dict.fromkeys(d.room_name for d in documents))
        for room, file in zip(rooms, (ROOM_A, FILE_B), strict=True):
            members = [d for d in documents if d.room_name == room]
            assert planned[f"{kind}-{file}.pdf"].fingerprint == fingerprint(f"{settings}\0{kind}", members, hashes)
        every = [d for room in rooms for d in documents if d.room_name == room]
        assert planned[f"{kind}-全部.pdf"].fingerprint == fingerprint(f"{settings}\0{kind}", every, hashes)
    assert len({item.fingerprint for item in planned.values()}) == len(planned)


def test_the_pack_is_built_room_by_room_as_it_counts_it(ws: Path) -> None:
    """Each room's documents, built alone, are the whole pack's documents of that room, and the counts the pack
    gives without building any (the command's summary) are what building them gives: candidates seated in two
    rooms (one exam each) have one ticket, in the room of their earlier exam, and a desk label in each room."""
    from xcert_adapters.app.documents import PackCounts, load_pack  # noqa: PLC0415
    from xcert_core.scheduling.documents import DOCUMENT_KINDS_IN_ORDER  # noqa: PLC0415

    with Workspace.open(ws) as workspace:
        pack = load_pack(workspace, "P1")
        whole = pack.documents
        assert pack.counts == PackCounts(len(whole.tickets), len(whole.desk_labels), len(whole.door_labels),
                                         len(whole.sign_in_sheets))
        assert len(pack.rooms) == 2 and len(whole.tickets) < len(whole.desk_labels)
        for field in DOCUMENT_KINDS_IN_ORDER:
            by_room = [d for room in pack.rooms for d in getattr(pack.room_documents(room, {field}), field)]
            assert tuple(by_room) == getattr(whole, field), field


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pack_never_holds_more_than_a_room_of_documents(ws: Path, workers: int,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory flat in the number of candidates: with every candidate in a room of its own (nine rooms), planning
    and drawing the pack, serially or with workers, never has more than two rooms' documents alive at once (the
    room just built and the one before it, while it goes). This process builds each room once: serially, its
    files are fingerprinted and drawn from the same documents; with workers, the workers build their own."""
    import weakref  # noqa: PLC0415

    from xcert_adapters.app import documents as use_case  # noqa: PLC0415

    with Workspace.open(ws) as workspace, workspace.storage.transaction() as tx:
        for n in range(1, COUNT + 1):
            tx.put(ExamRoom("P1", "S18", f"R{n}", seats=2))
            for session in ("S1", "S2"):
                tx.put(SeatAssignment("P1", session, ident(n), "S18", f"R{n}", 1, ticket_no(n)))
    alive: weakref.WeakSet[Any] = weakref.WeakSet()
    most, built = [0], []
    original = use_case.StoredPack.room_documents

    def spied(self: Any, room_name: str, kinds: Any = DOCUMENT_KINDS) -> Any:
        documents = original(self, room_name, kinds)
        alive.add(documents)
        most[0] = max(most[0], len(alive))
        built.append(room_name)
        return documents

    monkeypatch.setattr(use_case.StoredPack, "room_documents", spied)
    monkeypatch.setattr("xcert_adapters.app.pack_files.pack_workers", lambda files: min(workers, files))
    with Workspace.open(ws) as workspace:
        printed = print_pack(workspace, "P1", force=True)
    assert printed.printed and len(printed.result.written) == 9 * 4 + 4 + 3
    assert sorted(built) == sorted(f"R{n}" for n in range(1, COUNT + 1))
    assert most[0] <= 2


def test_the_lazy_plan_is_the_plan_and_knows_its_weights_before_building(ws: Path) -> None:
    """The pack's plan builds a room only when its files are asked for, but it is the plan made from the built
    rooms: the same files, fingerprints, counts and parts. Which files there are and their weights come from the
    seats alone, the total weight (for progress) is what the files weigh, and a room whose documents do not
    match the files planned (the data changed during the run) stops the run."""
    from xcert_adapters.app.documents import load_pack, workspace_renderer  # noqa: PLC0415
    from xcert_adapters.app.pack_files import LazyPlan, RoomShape, planned_rooms, room_weights, total_weight  # noqa: PLC0415

    with Workspace.open(ws) as workspace:
        pack = load_pack(workspace, "P1")
        renderer, _ = workspace_renderer(workspace)
        for room in pack.rooms:  # the same files (no weight 0 where there are documents); desk labels by seats
            built, seats = room_weights(pack.room_documents(room)), pack.weights(room)
            assert {kind for kind, weight in built.items() if weight} == {kind for kind, w in seats.items() if w}
            assert seats == {**built, "桌贴": built["签到表"]} and seats["桌贴"] >= built["桌贴"]
        builds = [(room, lambda kinds, room=room: pack.room_documents(room, kinds)) for room in pack.rooms]
        lazy = LazyPlan([RoomShape(room, build, pack.weights(room)) for room, build in builds], renderer)
        weight = total_weight(lazy)
        eager = planned_rooms(builds, renderer)
        assert len(lazy) == len(eager) and weight == sum(p.weight for p in lazy)
        assert [(p.file, p.fingerprint, p.candidates, p.parts) for p in lazy] == [
            (p.file, p.fingerprint, p.candidates, p.parts) for p in eager]
        shifted = LazyPlan([RoomShape(room, build, {**pack.weights(room), "桌贴": 0}) for room, build in builds],
                           renderer)
        with pytest.raises(XcertError, match="数据在生成过程中有变化"):
            list(shifted)  # a room that does not weigh what its seats said: the data changed during the run


def test_photo_hashes_are_the_files_contents_and_only_the_last_ones_are_kept(tmp_path: Path) -> None:
    """A photo's hash is its file's SHA-256 ("missing:" and the place when it has gone); only the last
    ``remembered`` are kept, so a pack fingerprinted room by room holds no hash per candidate, and one evicted
    is read again (a replaced photo then gives its new hash)."""
    import hashlib  # noqa: PLC0415

    from xcert_adapters.app.pack_files import PhotoHashes  # noqa: PLC0415

    files = [tmp_path / f"{n}.jpg" for n in range(3)]
    for n, file in enumerate(files):
        file.write_bytes(bytes([n]) * 10)
    hashes = PhotoHashes(remembered=2)
    assert [hashes(PhotoRef(str(f))) for f in files] == [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    assert len(hashes._known) == 2
    files[0].write_bytes(b"new")  # evicted: read again
    assert hashes(PhotoRef(str(files[0]))) == hashlib.sha256(b"new").hexdigest()
    files[2].write_bytes(b"newer")  # still remembered: the hash of the run's first reading
    assert hashes(PhotoRef(str(files[2]))) == hashlib.sha256(bytes([2]) * 10).hexdigest()
    assert hashes(PhotoRef(str(tmp_path / "gone.jpg"))) == f"missing:{tmp_path / 'gone.jpg'}"


def test_the_canonical_form_of_a_document_is_its_fields_in_order() -> None:
    """What a fingerprint hashes, spelled out for a door label (a nested model, an enum, a date and times, tuples,
    ``None``), a photo (its content's hash, not where it lies) and a set (its items' JSON, sorted): a change to
    this form would mark every printed pack stale, so it changes only on purpose."""
    from xcert_adapters.app.pack_files import canonical  # noqa: PLC0415
    from xcert_core.model import DoorLabel, PhotoRef, SubjectTime  # noqa: PLC0415

    session = SubjectTime("理论考试", SubjectKind.THEORY, dt.date(2026, 6, 13), dt.time(9), dt.time(10, 30))
    label = DoorLabel("信息楼301", "太原考点", "2026年第一批", "数字媒体交互设计", CertificateLevel.INTERMEDIATE,
                      session, (1, 2), ("T1", "T2"), True, 30, False)
    assert canonical(label, str) == [
        "DoorLabel", "信息楼301", "太原考点", "2026年第一批", "数字媒体交互设计", CertificateLevel.INTERMEDIATE.value,
        ["SubjectTime", "理论考试", SubjectKind.THEORY.value, "2026-06-13", "09:00:00", "10:30:00", "", None],
        [1, 2], ["T1", "T2"], True, 30, False]
    assert canonical((PhotoRef("photos/a.jpg"), frozenset({("b", 2), ("a", 1)}), 1.5), lambda photo: "hash") == [
        ["photo", "hash"], ['["a", 1]', '["b", 2]'], 1.5]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4)
    | st.dates() | st.sampled_from(SubjectKind),
    lambda inner: st.lists(inner, max_size=3) | st.lists(inner, max_size=3).map(tuple), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(JSON_VALUES, max_size=4).map(tuple), max_size=5), name=st.text(max_size=3),
       depth=st.integers(0, 4))
def test_a_fingerprint_hashes_the_json_of_the_canonical_form_in_pieces(rows: list[tuple[Any, ...]], name: str,
                                                                       depth: int) -> None:
    """A sheet is hashed a row at a time, but what is hashed is exactly the canonical form's JSON, whole: the
    pieces join to it, at any depth, for sheets (nested tuples, dates, enums) and documents (photos)."""
    from xcert_adapters.app.pack_files import canonical, json_pieces  # noqa: PLC0415
    from xcert_core.model import DeskLabel, PhotoRef  # noqa: PLC0415
    from xcert_core.ports.workbooks import SheetModel  # noqa: PLC0415

    label = DeskLabel("301", 3, "张" + name, "T1", "1401**********0011", PhotoRef("a.jpg"), ())
    for value in (SheetModel("表" + name, tuple(rows), column_widths=(1.5,)), label, rows, (label, rows)):
        whole = json.dumps(canonical(value, lambda photo: "hash"), ensure_ascii=False)
        assert "".join(json_pieces(value, lambda photo: "hash", depth)) == whole


def _changed(value: Any) -> Any:
    """A value of the same kind as ``value`` but different (``None`` when there is none to make)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "改"
    if isinstance(value, enum.Enum):
        return next(member for member in type(value) if member is not value)
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, dt.time):
        return dt.time((value.hour + 1) % 24, value.minute)
    if isinstance(value, tuple):  # its last item changed, so lengths that must agree still do
        last = _changed(value[-1]) if value else None
        return None if last is None else (*value[:-1], last)
    if attrs.has(type(value)):
        first = attrs.fields(type(value))[0].name
        return attrs.evolve(value, **{first: _changed(getattr(value, first))})
    return None


def test_a_change_to_any_field_of_a_document_changes_its_fingerprint(ws: Path) -> None:
    """Every field of every document model counts in the fingerprint (so a re-run rewrites the file showing it):
    each field of one document of each kind changed in turn, the fingerprint differs."""
    from xcert_adapters.app.documents import load_pack  # noqa: PLC0415
    from xcert_adapters.app.pack_files import PhotoHashes, fingerprint  # noqa: PLC0415

    with Workspace.open(ws) as workspace:
        documents = load_pack(workspace, "P1").documents
    hashes = PhotoHashes()
    checked = 0
    for document in (documents.tickets[0], documents.desk_labels[0], documents.door_labels[0],
                     documents.sign_in_sheets[0]):
        original = fingerprint("", [document], hashes)
        for field in attrs.fields(type(document)):
            other = _changed(getattr(document, field.name))
            if other is None:
                continue
            changed = attrs.evolve(document, **{field.name: other})
            assert fingerprint("", [changed], hashes) != original, (type(document).__name__, field.name)
            checked += 1
    assert checked >= 30


def test_a_replaced_photo_rewrites_the_files_showing_it(ws: Path) -> None:
    assert documents(ws)[0] == 0
    out = ws / "output" / "P1"
    before = snapshot(out)
    write_photo(ws / "photos" / f"{ident(2)}.jpg", 2, colour=(40, 40, 200))  # same place, new picture
    code, payload, output = documents(ws)
    assert code == 0, output
    assert set(payload["written"]) == {f"{kind}-{room}.pdf" for kind in ("准考证", "桌贴", "签到表")
                                        for room in (ROOM_A, "全部")}
    assert snapshot(out)[f"准考证-{FILE_B}.pdf"] == before[f"准考证-{FILE_B}.pdf"]


def test_rooms_no_longer_used_lose_their_files(ws: Path, storage_of: Workspace) -> None:
    assert documents(ws)[0] == 0
    out = ws / "output" / "P1"
    (out / "我的笔记.txt").write_text("not ours", "utf-8")
    with storage_of.storage.transaction() as tx:
        for n in range(5, COUNT + 1):
            for session in ("S1", "S2"):
                tx.delete(SeatAssignment, ("P1", session, ident(n)))
    code, payload, output = documents(ws)
    assert code == 0, output
    assert sorted(payload["removed"]) == sorted(f"{kind}-{FILE_B}.pdf" for kind in KINDS)
    assert not any(FILE_B in p.name for p in out.iterdir())
    assert (out / "我的笔记.txt").exists()  # only files of our own manifest are ever deleted


def test_force_and_out(ws: Path, tmp_path: Path) -> None:
    target = tmp_path / "打印材料"
    assert documents(ws, out=target)[0] == 0
    code, payload, _ = documents(ws, out=target, force=True)
    assert code == 0 and payload["kept"] == [] and len(payload["written"]) == 15
    assert not (ws / "output" / "P1").exists()


# --- the Excel exports ------------------------------------------------------------------------------------------


def rows_of(path: Path) -> list[tuple[object, ...]]:
    return [tuple(row) for row in load_workbook(path, read_only=True).active.iter_rows(values_only=True)]


@settings(max_examples=100, deadline=None)
@given(sizes=st.lists(st.integers(0, 4), max_size=5), head=st.integers(0, 2), data=st.data())
def test_chunked_rows_are_the_rows_they_build(sizes: list[int], head: int, data: st.DataObject) -> None:
    """Rows built a chunk at a time read as the list of them: length, every index (negative too), slices and
    iteration; out of range is an IndexError; read in order, each chunk is built once; a chunk of another length
    than announced is an error, not a shifted sheet."""
    from xcert_core.scheduling.exports import ChunkedRows  # noqa: PLC0415

    heads = tuple(("表头", n) for n in range(head))
    built: list[int] = []

    def build(chunk: int) -> list[tuple[object, ...]]:
        built.append(chunk)
        return [("行", chunk, n) for n in range(sizes[chunk])]

    rows = ChunkedRows(heads, sizes, build)  # type: ignore[arg-type]
    expected = [*heads, *(("行", chunk, n) for chunk, size in enumerate(sizes) for n in range(size))]
    assert len(rows) == len(expected) and list(rows) == expected
    built.clear()
    assert [rows[n] for n in range(len(expected))] == expected  # in order: one build per chunk read
    assert built == [chunk for chunk, size in enumerate(sizes) if size]
    index = data.draw(st.integers(-len(expected) - 2, len(expected) + 1), label="index")
    if -len(expected) <= index < len(expected):
        assert rows[index] == expected[index]
    else:
        with pytest.raises(IndexError):
            rows[index]
    start, stop = data.draw(st.tuples(st.integers(-3, 15), st.integers(-3, 15)), label="slice")
    assert list(rows[start:stop]) == expected[start:stop]
    if sizes and sizes[0]:
        wrong = ChunkedRows(heads, [sizes[0] + 1], build)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="not the"):
            list(wrong)


def test_the_assignment_list_built_in_chunks_is_the_whole_one(ws: Path) -> None:
    """排考明细 as the pack writes it (rows read from storage a chunk at a time) is the sheet built whole: the
    same rows and settings, the same fingerprint, the same cells in the file."""
    from xcert_adapters.app.documents import load_pack  # noqa: PLC0415
    from xcert_adapters.app.pack_files import PhotoHashes, fingerprint  # noqa: PLC0415
    from xcert_core.model import Candidate  # noqa: PLC0415
    from xcert_core.scheduling.exports import PersonFacts, assignment_sheet, chunked_assignment_sheet  # noqa: PLC0415

    with Workspace.open(ws) as workspace:
        pack = load_pack(workspace, "P1")
        seats = workspace.storage.list(SeatAssignment, plan_code="P1")
        people = {c.id_number: PersonFacts(c.name, c.id_type) for c in workspace.storage.list(Candidate)}
        asked: list[int] = []

        def people_of(numbers: Any) -> dict[str, PersonFacts]:
            asked.append(len(numbers))
            return {number: people[number] for number in numbers}

        whole = assignment_sheet(PLAN, seats, pack.site_names, people)
        in_order = sorted(seats, key=lambda a: (a.session_code, a.room_name, a.seat))  # the sheet's order
        chunks = [in_order[0:4], in_order[4:5], in_order[5:]]
        chunked = chunked_assignment_sheet(PLAN, [len(c) for c in chunks], lambda n: chunks[n], pack.site_names,
                                           people_of)
        assert list(chunked.rows) == list(whole.rows) and len(chunked.rows) == 2 * COUNT + 1
        assert attrs.evolve(chunked, rows=whole.rows) == whole
        assert asked == [4, 1, 2 * COUNT - 5]  # a chunk's people at a time
        sheet = pack.sheet("排考明细")  # as the pack reads it: a room and session at a time
        assert list(sheet.rows) == list(whole.rows)
        assert fingerprint("x", [chunked], PhotoHashes()) == fingerprint("x", [whole], PhotoHashes())
        writer = workspace.plugins.workbook_writer()
        writer.write([chunked], ws / "chunked.xlsx")
        writer.write([whole], ws / "whole.xlsx")
    assert rows_of(ws / "chunked.xlsx") == rows_of(ws / "whole.xlsx")


def test_excel_exports_read_back(ws: Path) -> None:
    assert documents(ws)[0] == 0
    out = ws / "output" / "P1"
    header, *seats = rows_of(out / "排考明细.xlsx")
    assert header[:4] == ("准考证号", "姓名", "证件类型", "证件号码")
    assert len(seats) == 2 * COUNT
    by_key = {(row[3], row[5]): row for row in seats}
    for n in range(1, COUNT + 1):
        for session in ("S1", "S2"):
            row = by_key[(ident(n), session)]  # the full ID number, as text: the school's own file
            room, seat = seat_of(n, session)
            assert row[0] == ticket_no(n) and row[1] == f"考生{n}" and row[2] == "居民身份证"
            assert row[6] == "2026-06-13" and row[10] == "太原考核站点" and (row[11], row[12]) == (room, seat)
    assert [row[5] for row in seats] == ["S1"] * COUNT + ["S2"] * COUNT  # by session, then room and seat

    header, *staff = rows_of(out / "监考安排.xlsx")
    assert header[6:10] == ("考场", "角色", "教师编号", "教师姓名")
    assert len(staff) == 6
    inspectors = [row for row in staff if row[7] == "巡考"]
    assert len(inspectors) == 2 and all(row[6] == "（全站点巡考）" and row[9] == "监考老师5" for row in inspectors)
    assert ("S2", ROOM_B, "监考", "T4", "监考老师4", "13900000004") in [(r[0], *r[6:]) for r in staff]

    header, *rooms = rows_of(out / "考场列表.xlsx")
    assert header[8:13] == ("考位数", "考生人数", "空余考位", "准考证号起", "准考证号止")
    table = {(row[0], row[6]): row for row in rooms}
    assert set(table) == {(s, r) for s in ("S1", "S2") for r in (ROOM_A, ROOM_B)}
    assert table[("S1", ROOM_B)][7:13] == ("机房", 12, 4, 8, ticket_no(6), ticket_no(9))
    assert table[("S2", ROOM_B)][9:13] == (5, 7, ticket_no(5), ticket_no(9))
    assert table[("S1", ROOM_A)][13] == "监考老师1"
    assert header[14] == "排考来源" and all(row[14].startswith("xcert 试排（准考证号为临时") for row in rooms)


# --- refusals ---------------------------------------------------------------------------------------------------


def test_unknown_plan_unscheduled_plan_and_missing_photo_are_refused(ws: Path, storage_of: Workspace) -> None:
    with pytest.raises(RequestError, match=r"NOPE.*P1"):  # the plans there are named
        documents_of(storage_of, "NOPE")

    (ws / "photos" / f"{ident(3)}.jpg").unlink()
    with pytest.raises(RequestError) as refused:
        documents_of(storage_of, "P1")
    assert f"photos/{mask_id_number(ident(3))}.jpg" in str(refused.value)
    assert ident(3) not in str(refused.value) and ident(3)[6:14] not in str(refused.value)  # no birth date either
    assert not (ws / "output" / "P1").exists()

    storage_of.storage.put(ExamPlan("P2", "第二批", 2026, "ORG", CERTIFICATE.code, CertificateLevel.INTERMEDIATE))
    with pytest.raises(RequestError, match="xcert schedule"):
        documents_of(storage_of, "P2")


def documents_of(workspace: Workspace, plan_code: str) -> PrintedPack:
    return print_pack(workspace, plan_code)


# --- the pack writer's invariants -------------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def planned(self, name: str, fp: str) -> PlannedFile:
        def write(path: Path) -> tuple[int | None, set[str]]:
            self.calls.append(name)
            path.write_text(fp, "utf-8")
            return 1, set()

        return PlannedFile(name, "k", None, 0, fp, write)


names = st.sampled_from([f"f{n}.pdf" for n in range(8)])


@settings(max_examples=60, deadline=None)
@given(first=st.dictionaries(names, st.sampled_from("abc")), second=st.dictionaries(names, st.sampled_from("abc")),
       lost=st.sets(names))
def test_write_pack_writes_exactly_what_changed(tmp_path_factory: pytest.TempPathFactory, first: dict[str, str],
                                                 second: dict[str, str], lost: set[str]) -> None:
    out = tmp_path_factory.mktemp("pack")
    recorder = Recorder()
    write_pack([recorder.planned(n, fp) for n, fp in first.items()], out)
    assert sorted(recorder.calls) == sorted(first)
    for name in lost & set(first):  # a file deleted by hand is written again even when unchanged
        (out / name).unlink()
    recorder.calls.clear()
    result = write_pack([recorder.planned(n, fp) for n, fp in second.items()], out)
    expected = {n for n, fp in second.items() if first.get(n) != fp or n in lost}
    assert set(recorder.calls) == set(result.written) == expected
    assert set(result.kept) == set(second) - expected
    assert set(result.removed) == set(first) - set(second) - lost
    assert {p.name for p in out.iterdir()} == set(second) | {MANIFEST}
    assert all((out / n).read_text("utf-8") == fp for n, fp in second.items())


def test_the_pack_is_stale_after_any_change_to_what_it_prints(ws: Path) -> None:
    """``xcert status`` judges the pack by what it shows, not by the clock: a name, a photo's bytes or a site's
    address changed after printing makes it stale, and printing again makes it current."""
    def current() -> bool:
        with Workspace.open(ws, env={}) as workspace:
            return documents_current(workspace)["P1"]

    assert current() is False  # never printed
    assert documents(ws)[0] == 0
    assert current() is True
    with Workspace.open(ws, env={}) as workspace:
        person = workspace.storage.get(Candidate, (SCHOOL, ident(2)))
        workspace.storage.put(attrs.evolve(person, name="考生二"))
    assert current() is False
    assert documents(ws)[0] == 0 and current() is True
    write_photo(ws / "photos" / f"{ident(3)}.jpg", 3, colour=(190, 30, 30))  # retaken: same file name
    assert current() is False
    assert documents(ws)[0] == 0 and current() is True
    with Workspace.open(ws, env={}) as workspace:
        site = workspace.storage.get(ExamSite, ("S18",))
        workspace.storage.put(attrs.evolve(site, address="山西省太原市小店区学府街130号"))
    assert current() is False


def test_a_site_without_an_address_prints_nothing(ws: Path) -> None:
    with Workspace.open(ws, env={}) as workspace:
        site = workspace.storage.get(ExamSite, ("S18",))
        workspace.storage.put(attrs.evolve(site, address=""))
    code, payload, output = documents(ws)
    assert code == 1, output
    assert payload["printed"] is False and payload["written"] == []
    (issue,) = payload["issues"]
    assert issue["code"] == "sched-site-address-missing" and "S18" in issue["message"]
    assert "--address" in issue["suggestion"]
    assert not (ws / "output" / "P1").exists()


# --- each page drawn once: the combined files are assembled from the room files ----------------------------------


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_combined_files_are_the_room_files_pages_in_order(ws: Path) -> None:
    assert documents(ws)[0] == 0
    out = ws / "output" / "P1"
    for kind in KINDS:
        assert page_texts(out / f"{kind}-全部.pdf") == page_texts(out / f"{kind}-{ROOM_A}.pdf") + \
            page_texts(out / f"{kind}-{FILE_B}.pdf"), kind
        assert PdfReader(out / f"{kind}-全部.pdf").metadata["/Title"] == kind


class CountingRenderer:
    """The workspace's PDF renderer, counting the documents it draws; ``combining=False`` hides its ``combine``."""

    def __init__(self, inner: Any, *, combining: bool) -> None:
        self.inner, self.drawn, self.suffixes = inner, [], inner.suffixes
        if combining:
            self.combine = inner.combine

    def render(self, documents: Any, path: Path) -> set[str]:
        self.drawn.append(len(documents))
        return self.inner.render(documents, path)  # type: ignore[no-any-return]


@pytest.mark.parametrize("combining", [True, False])
def test_a_page_is_drawn_once_when_the_renderer_can_combine(ws: Path, monkeypatch: pytest.MonkeyPatch,
                                                            combining: bool) -> None:
    import xcert_adapters.app.documents as use_case  # noqa: PLC0415

    made: list[CountingRenderer] = []
    real = use_case.workspace_renderer

    def counting(workspace: Workspace) -> tuple[Any, list[str]]:
        renderer, warnings = real(workspace)
        made.append(CountingRenderer(renderer, combining=combining))
        return made[-1], warnings

    monkeypatch.setattr(use_case, "workspace_renderer", counting)
    code, _, output = documents(ws)
    assert code == 0, output
    documents_per_kind = {"准考证": COUNT, "桌贴": COUNT + 1, "门贴": 4, "签到表": 4}  # 5 has a desk in each room
    drawn = sum(made[0].drawn)
    assert drawn == sum(documents_per_kind.values()) * (1 if combining else 2)
    assert len(made[0].drawn) == (8 if combining else 12)  # the room files, and the combined ones without combine
    out = ws / "output" / "P1"
    # assembled, each room's desk labels start a page; drawn in one go, room B's fill room A's last page
    rooms = page_texts(out / f"桌贴-{ROOM_A}.pdf") + page_texts(out / f"桌贴-{FILE_B}.pdf")
    assert (page_texts(out / "桌贴-全部.pdf") == rooms) is combining
    assert page_texts(out / "准考证-全部.pdf") == page_texts(out / f"准考证-{ROOM_A}.pdf") + \
        page_texts(out / f"准考证-{FILE_B}.pdf")


def test_the_combined_file_reports_the_glyphs_its_rooms_lack_even_when_they_are_kept(ws: Path,
                                                                                      storage_of: Workspace) -> None:
    rare = "𠇔"  # not in WenQuanYi Zen Hei, nor in the fallback's BMP-only encoding
    candidate = storage_of.storage.get(Candidate, (SCHOOL, ident(2)))
    storage_of.storage.put(attrs.evolve(candidate, name=f"考{rare}"))
    assert documents(ws)[0] == 0
    manifest = {e["file"]: e for e in json.loads((ws / "output" / "P1" / MANIFEST).read_text("utf-8"))["files"]}
    assert manifest[f"准考证-{ROOM_A}.pdf"]["missing_glyphs"] == [rare]
    assert manifest["准考证-全部.pdf"]["missing_glyphs"] == [rare]
    assert manifest[f"准考证-{FILE_B}.pdf"]["missing_glyphs"] == []
    # room B changes, room A is kept: the combined file is assembled again and still reports room A's glyph
    moved = storage_of.storage.get(SeatAssignment, ("P1", "S1", ident(7)))
    storage_of.storage.put(SeatAssignment("P1", "S1", ident(7), "S18", ROOM_B, 11, moved.ticket_number))
    code, payload, output = documents(ws)
    assert code == 0, output  # warnings only
    assert f"准考证-{ROOM_A}.pdf" in payload["kept"] and "准考证-全部.pdf" in payload["written"]
    glyph_files = {issue["file"] for issue in payload["issues"] if issue["code"] == "sched-glyph-missing"}
    assert {f"准考证-{ROOM_A}.pdf", "准考证-全部.pdf"} <= glyph_files
    assert f"准考证-{FILE_B}.pdf" not in glyph_files


def test_the_pack_is_reproducible_byte_for_byte(ws: Path, tmp_path: Path) -> None:
    """Printing twice gives the same bytes in every PDF: what lets worker processes, or a retried job, write
    the very file a serial run writes."""
    assert documents(ws, out=tmp_path / "first")[0] == 0
    assert documents(ws, out=tmp_path / "second")[0] == 0
    assert_same_pack(tmp_path / "first", tmp_path / "second")


def assert_same_pack(first_folder: Path, second_folder: Path) -> None:
    """The same PDFs byte for byte, and Excel lists with the same cells (an .xlsx records when it was saved)."""
    first, second = snapshot(first_folder), snapshot(second_folder)
    assert set(first) == set(second)
    assert [name for name in first if name.endswith(".pdf") and first[name][0] != second[name][0]] == []
    for name in EXPORTS:
        assert rows_of(first_folder / name) == rows_of(second_folder / name), name


def test_rooms_drawn_by_worker_processes_are_the_serial_bytes(ws: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """``XCERT_WORKERS=2``: the room files and the Excel lists are drawn by forked workers (each records its
    process), the combined files assembled here, and every file equals the serial run's."""
    import xcert_adapters.app.documents as use_case  # noqa: PLC0415

    assert documents(ws, out=tmp_path / "serial")[0] == 0
    processes = tmp_path / "processes.txt"
    real = use_case.workspace_renderer

    class Recording(CountingRenderer):
        def render(self, documents: Any, path: Path) -> set[str]:
            with processes.open("a") as log:
                log.write(f"{os.getpid()}\n")
            return super().render(documents, path)

    monkeypatch.setattr(use_case, "workspace_renderer",
                        lambda workspace: (Recording(real(workspace)[0], combining=True), []))
    monkeypatch.setattr("xcert_adapters.app.pack_files.pack_workers", lambda files: 2)
    code, payload, output = documents(ws, out=tmp_path / "parallel")
    assert code == 0, output
    drawn_in = processes.read_text().split()
    assert len(drawn_in) == 8 and str(os.getpid()) not in drawn_in  # 4 kinds x 2 rooms, none drawn here
    assert set(snapshot(tmp_path / "parallel")) == set(payload["written"])
    assert_same_pack(tmp_path / "serial", tmp_path / "parallel")
    entries = [[{k: v for k, v in e.items() if k != "fingerprint"}  # the fingerprint names the renderer's class
                for e in json.loads((tmp_path / run / MANIFEST).read_text("utf-8"))["files"]]
               for run in ("serial", "parallel")]
    assert entries[0] == entries[1]
