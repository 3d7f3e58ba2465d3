"""The printed pack as files: one PDF per document kind and room, one combined PDF per kind, any extra files
(the Excel exports of ``xcert documents``) and ``manifest.json``.

Per document kind one file per room (``准考证-信息楼301.pdf``, ``桌贴-…``, ``门贴-…``, ``签到表-…`` with every
session of the room) and one combined file (``准考证-全部.pdf`` …), plus ``manifest.json`` listing every file
with its kind, room (``null`` for 全部 and for the exports), pages, candidates and **fingerprint**: a SHA-256 of
what the file shows (its document models, the *content* of every photo in it, and the renderer's settings and
version). A file whose fingerprint equals the one the manifest recorded, and which still exists, is left alone
(same bytes, same mtime); after a seat change only the affected rooms' files and the combined files are
rewritten, and files of rooms no longer in use are deleted (only files the old manifest lists). Every file is
written to a temporary name beside it and then renamed, so an interrupted run leaves no half-written PDF.

Each page is drawn once: when the renderer can combine files (a
:class:`~xcert_core.ports.rendering.CombiningRenderer`, as the PDF renderer is), a combined file is assembled from
the room files just written or kept, in room order, without drawing again; a renderer that cannot has the
combined files drawn from the documents.

Characters the font cannot draw become ``sched-glyph-missing`` warnings; the manifest remembers them, so a
re-run that keeps the file still reports them. The stateless ``xcert schedule --documents`` knows no photos:
its renderer draws an empty 照片 box.
"""

from __future__ import annotations

import collections
import collections.abc
import datetime as dt
import enum
import hashlib
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

import attrs
from attrs import define, frozen

from xcert_adapters.concurrency.pack_workers import PackWorkers, pack_workers
from xcert_adapters.private_files import (
    private_dir,
    remove_dead_leftovers,
    replacing,
    temporary_for,
    write_private_text,
)
from xcert_core import __version__
from xcert_core.errors import XcertError
from xcert_core.issues import Issue
from xcert_core.model import DeskLabel, DoorLabel, PhotoRef, SignInSheet
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.rendering import CombiningRenderer, PackDocument, Renderer
from xcert_core.scheduling.documents import DOCUMENT_KINDS, DOCUMENT_KINDS_IN_ORDER, DocumentSet
from xcert_core.scheduling.issue_types import GLYPH_MISSING

ALL = "全部"
MANIFEST = "manifest.json"
KINDS = ("准考证", "桌贴", "门贴", "签到表")
_UNSAFE = re.compile(r'[/\\:*?"<>|]')

Writer = Callable[[Path], tuple[int | None, set[str]]]
"""Writes one file at the path it is given; returns its pages (``None`` when not paged) and the characters
that could not be drawn."""
Combiner = Callable[[Sequence[Path], Path], int]
"""Writes at the path it is given (second) the pages of the files it is given (first), in order; returns the
number of pages."""
Progress = Callable[[str, int], None]
"""Told ``(file name, weight)`` after each file is written or kept; the weights add up to :func:`total_weight`."""


def safe_file_name(name: str) -> str:
    """``name`` with the characters file systems refuse (``/ \\ : * ? " < > |``) replaced by ``_``."""
    return _UNSAFE.sub("_", name).strip() or "_"


_DISTINCT = frozenset({"桌贴", "签到表"})
"""The kinds whose candidates are counted as distinct people (a desk label or a sign-in row per session)."""


def _people(kind: str, documents: Sequence[PackDocument]) -> set[str]:
    """The people on ``documents`` of a kind in :data:`_DISTINCT`: ticket numbers of desk labels, ID numbers of
    sign-in rows."""
    if kind == "签到表":
        return {r.id_number for d in documents if isinstance(d, SignInSheet) for r in d.rows}
    return {d.ticket_number for d in documents if isinstance(d, DeskLabel)}


def _candidates(kind: str, documents: Sequence[PackDocument]) -> int:
    if kind == "门贴":
        return sum(d.candidate_count for d in documents if isinstance(d, DoorLabel))
    if kind in _DISTINCT:
        return len(_people(kind, documents))
    return len(documents)


class PhotoHashes:
    """SHA-256 of photo files: the fingerprint follows the bytes that get embedded, so a photo replaced on disk
    (same location) still marks the files showing it as changed. The last ``remembered`` files' hashes are kept
    (a photo is shown by its room's ticket, desk label and sign-in sheet, fingerprinted together): a pack
    fingerprinted room by room reads a photo again only for a candidate seated in two rooms, and the hashes do
    not grow with the plan."""

    def __init__(self, remembered: int = 1024) -> None:
        self._known: collections.OrderedDict[str, str] = collections.OrderedDict()
        self._remembered = remembered

    def __call__(self, photo: PhotoRef) -> str:
        location = photo.location
        digest = self._known.get(location)
        if digest is None:
            try:
                digest = hashlib.sha256(Path(location).read_bytes()).hexdigest()
            except OSError:
                digest = "missing:" + location
            self._known[location] = digest
            if len(self._known) > self._remembered:
                self._known.popitem(last=False)
        return digest


def canonical(value: Any, photo_hash: Callable[[PhotoRef], str]) -> Any:
    """``value`` (document models, sheet models, plain values) as JSON-ready data; a photo becomes the hash of
    its content, so where the photo lies does not matter, only what it shows. An attrs instance becomes its class
    name and its fields' values in order, a tuple or list a list, a set its items' JSON sorted, an enum its value,
    a date or time its ISO form.

    How each type is converted is decided once per type (:func:`_converter`), and plain values (text, numbers,
    ``None``) are passed through without a call: a 5,000-candidate pack's documents hold half a million values,
    fingerprinted on every ``xcert status``."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value, photo_hash)


PhotoHash = Callable[[PhotoRef], str]
_PLAIN = frozenset({str, int, float, bool, type(None)})
_CONVERTERS: dict[type, Callable[[Any, PhotoHash], Any]] = {}


def _converter(kind: type) -> Callable[[Any, PhotoHash], Any]:
    """How :func:`canonical` converts a value of type ``kind`` (not a plain one)."""
    if issubclass(kind, PhotoRef):
        return lambda value, photo_hash: ["photo", photo_hash(value)]
    if attrs.has(kind):
        names = tuple(f.name for f in attrs.fields(kind))
        label = kind.__name__
        if len(names) == 1:
            return lambda value, photo_hash: [label, *_items((getattr(value, names[0]),), photo_hash)]
        values = operator.attrgetter(*names)
        return lambda value, photo_hash: [label, *_items(values(value), photo_hash)]
    if _is_sequence(kind):
        return _items
    if issubclass(kind, (frozenset, set)):
        return lambda value, photo_hash: sorted(json.dumps(canonical(v, photo_hash), ensure_ascii=False)
                                                for v in value)
    if issubclass(kind, enum.Enum):
        return lambda value, photo_hash: value.value
    if issubclass(kind, (dt.date, dt.time)):  # a datetime is a date
        return lambda value, photo_hash: value.isoformat()
    return lambda value, photo_hash: value


def _is_sequence(kind: type) -> bool:
    """A tuple, a list or another sequence of items (a sheet's rows built as they are read), not text."""
    return issubclass(kind, (tuple, list)) or (issubclass(kind, collections.abc.Sequence)
                                               and not issubclass(kind, (str, bytes, bytearray)))


def _items(values: Iterable[Any], photo_hash: PhotoHash) -> list[Any]:
    return [v if type(v) in _PLAIN else canonical(v, photo_hash) for v in values]


def fingerprint(settings: str, items: Iterable[Any], photo_hash: Callable[[PhotoRef], str]) -> str:
    """SHA-256 of ``settings`` and the canonical form of each of ``items`` (as JSON).

    Each item's JSON is hashed in pieces (:func:`json_pieces`): an Excel sheet of 10,000 rows is hashed a row at
    a time, never held whole as canonical data or as one text."""
    digest = hashlib.sha256(settings.encode())
    for item in items:
        digest.update(b"\0")
        for piece in json_pieces(item, photo_hash):
            digest.update(piece.encode())
    return digest.hexdigest()


def json_pieces(value: Any, photo_hash: Callable[[PhotoRef], str], depth: int = 2) -> Iterator[str]:
    """``json.dumps(canonical(value, photo_hash), ensure_ascii=False)`` in pieces that join to exactly it: a
    model's fields and a tuple's or list's items each in turn, ``depth`` levels down; below that, whole."""
    kind = type(value)
    if depth > 0 and kind not in _PLAIN and not issubclass(kind, PhotoRef):
        if attrs.has(kind):
            yield "[" + json.dumps(kind.__name__, ensure_ascii=False)
            for field in attrs.fields(kind):
                yield ", "
                yield from json_pieces(getattr(value, field.name), photo_hash, depth - 1)
            yield "]"
            return
        if _is_sequence(kind):
            yield "["
            for index, item in enumerate(value):
                if index:
                    yield ", "
                yield from json_pieces(item, photo_hash, depth - 1)
            yield "]"
            return
    yield json.dumps(canonical(value, photo_hash), ensure_ascii=False)


def _encoded(item: Any, photo_hash: Callable[[PhotoRef], str]) -> bytes:
    return json.dumps(canonical(item, photo_hash), ensure_ascii=False).encode()


def _add_item(digest: Any, encoded: bytes) -> None:
    digest.update(b"\0")
    digest.update(encoded)


def renderer_settings(renderer: object) -> str:
    """What besides the documents decides a renderer's output: its class, xcert's version, and (for the PDF
    renderer) the font and the layout options."""
    settings: dict[str, Any] = {"renderer": f"{type(renderer).__module__}.{type(renderer).__qualname__}",
                                "version": __version__}
    font = getattr(renderer, "font", None)
    if font is not None:
        settings["font"] = [getattr(font, "name", str(font)), getattr(font, "path", None),
                            getattr(font, "subfont_index", 0), getattr(font, "embedded", None)]
    for name in ("tickets_per_page", "desk_label_grid"):
        if hasattr(renderer, name):
            settings[name] = getattr(renderer, name)
    return json.dumps(settings, ensure_ascii=False, default=str, sort_keys=True)


@define
class PlannedFile:
    """One file of the pack, not yet written: ``write`` makes it, ``fingerprint`` says what it will show,
    ``weight`` how much work it is (documents or rows) for the progress bar."""

    file: str
    kind: str
    room: str | None
    candidates: int
    fingerprint: str
    write: Writer
    weight: int = 1
    parts: tuple[str, ...] = ()
    """Files of the same pack (planned before this one) whose pages, in order, are this file's pages."""
    combine: Combiner | None = None
    """Makes this file from ``parts`` without drawing; when ``None``, ``write`` draws it."""


@define
class PackResult:
    """What :func:`write_pack` did: ``written`` and ``kept`` file names, ``removed`` files of rooms no longer
    in use, the manifest entries and the glyph warnings (of kept files too)."""

    written: list[str] = attrs.Factory(list)
    kept: list[str] = attrs.Factory(list)
    removed: list[str] = attrs.Factory(list)
    entries: list[dict[str, Any]] = attrs.Factory(list)
    issues: list[Issue] = attrs.Factory(list)


class _Drawing:
    """A :data:`Writer` drawing one kind of documents with ``renderer``: those ``build`` gives (called with the
    :class:`~xcert_core.scheduling.documents.DocumentSet` field to build), built when the file is drawn, so that
    a pack holds no room's documents between planning and drawing (a worker process builds them itself)."""

    def __init__(self, renderer: Renderer, build: Callable[[str], Sequence[PackDocument]], field: str) -> None:
        self._renderer, self._build, self._field = renderer, build, field

    def __call__(self, path: Path) -> tuple[int | None, set[str]]:
        report = self._renderer.render(self._build(self._field), path)
        return getattr(report, "pages", None), set(report)


def _combiner(renderer: Renderer, kind: str) -> Combiner | None:
    if not isinstance(renderer, CombiningRenderer):
        return None

    def combine(parts: Sequence[Path], path: Path) -> int:
        return renderer.combine(parts, path, title=kind)

    return combine


RoomBuild = Callable[[frozenset[str]], DocumentSet]
"""Builds one room's documents of the kinds named (:data:`~xcert_core.scheduling.documents.DOCUMENT_KINDS`), the
others left empty."""
_FIELDS = dict(zip(KINDS, DOCUMENT_KINDS_IN_ORDER, strict=True))
"""Each kind of pack file's :class:`~xcert_core.scheduling.documents.DocumentSet` field."""


@frozen
class RoomShape:
    """A room of the pack before it is built: its name (``None``: documents without a room), how to build it, and
    the weight of its file of each kind, by pack file kind: how much work drawing it is, for progress (a kind of
    weight 0 has no documents there, and makes no file). Known from the seats, so a plan's files and their weights
    are known before any room is built."""

    name: str | None
    build: RoomBuild
    weights: Mapping[str, int]


class LazyPlan(Sequence[PlannedFile]):
    """The PDF files of a pack whose rooms are ``rooms`` (:class:`RoomShape`), in order: each room's files (one per
    kind it has documents of), room after room, then the combined ones (made from the room files when the renderer
    can combine), so an interrupted run has the rooms done first; then the files ``then`` (planned already).

    Which files there are, and their weights, are known at once; a room is built, and its files fingerprinted,
    when one of its files (or a file after them) is first asked for. Asked in order, as :func:`write_pack` asks a
    serial run's files, each room is built once: its files are drawn from the documents its fingerprints were made
    from, kept until the next room is built. So the pack never holds more than a room's documents (a renderer that
    cannot combine files draws each combined file from every room's documents of its kind, built then)."""

    def __init__(self, rooms: Sequence[RoomShape], renderer: Renderer,
                 photo_hash: Callable[[PhotoRef], str] | None = None, *, then: Sequence[PlannedFile] = ()) -> None:
        self._rooms, self._renderer, self._then = rooms, renderer, list(then)
        self._hashes = photo_hash or PhotoHashes()
        self._settings = renderer_settings(renderer)
        self._last = _LastRoom()
        self._layout = [(index, kind) for index, room in enumerate(rooms) for kind in KINDS
                        if room.weights.get(kind, 0) > 0]
        self._kinds = [kind for kind in KINDS if any(kind == k for _, k in self._layout)]
        self._items: list[PlannedFile] = []
        self._planned = 0  # rooms planned so far
        self._parts: dict[str, list[PlannedFile]] = {kind: [] for kind in KINDS}
        self._every = {kind: hashlib.sha256(f"{self._settings}\0{kind}".encode()) for kind in KINDS}
        self._totals = dict.fromkeys(KINDS, 0)
        self._people: dict[str, set[str]] = {kind: set() for kind in _DISTINCT}  # a combined file counts people once

    def __len__(self) -> int:
        return len(self._layout) + len(self._kinds) + len(self._then)

    @property
    def total_weight(self) -> int:
        """What the files' weights add up to, known without building a room."""
        weights = [self._rooms[index].weights[kind] for index, kind in self._layout]
        combined = [sum(self._rooms[index].weights[k] for index, k in self._layout if k == kind)
                    for kind in self._kinds]
        combining = isinstance(self._renderer, CombiningRenderer)
        return (sum(weights) + sum(max(1, weight // 20) if combining else weight for weight in combined)
                + sum(item.weight for item in self._then))

    @overload
    def __getitem__(self, index: int) -> PlannedFile: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PlannedFile]: ...

    def __getitem__(self, index: int | slice) -> PlannedFile | Sequence[PlannedFile]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        number = index + len(self) if index < 0 else index
        if not 0 <= number < len(self):
            raise IndexError(index)
        while len(self._items) <= number:
            self._plan_next()
        return self._items[number]

    def _plan_next(self) -> None:
        if self._planned < len(self._rooms):
            self._plan_room(self._rooms[self._planned])
            self._planned += 1
        else:
            self._items += [*self._combined(), *self._then]

    def _plan_room(self, room: RoomShape) -> None:
        built = self._last.built(room.build)
        for kind in KINDS:
            members: Sequence[PackDocument] = getattr(built, _FIELDS[kind])
            weight = room.weights.get(kind, 0)
            if bool(members) != bool(weight):  # a file planned without documents, or documents without a file
                raise XcertError(f"考场 {room.name} 的数据在生成过程中有变化，请重新生成打印材料 / the data of room "
                                 f"{room.name} changed while the pack was made: run it again")
            if not members:
                continue
            digest = hashlib.sha256(f"{self._settings}\0{kind}".encode())
            for member in members:  # each document encoded once, for its room's file and for the combined one
                encoded = _encoded(member, self._hashes)
                _add_item(digest, encoded)
                _add_item(self._every[kind], encoded)
            file_name = f"{kind}-{safe_file_name(room.name) if room.name is not None else ALL}.pdf"
            item = PlannedFile(file_name, kind, room.name, _candidates(kind, members), digest.hexdigest(),
                               _Drawing(self._renderer, self._last.documents(room.build), _FIELDS[kind]), weight)
            self._items.append(item)
            self._parts[kind].append(item)
            if kind in self._people:
                self._people[kind] |= _people(kind, members)
            else:
                self._totals[kind] += _candidates(kind, members)

    def _combined(self) -> list[PlannedFile]:
        combined = []
        for kind in self._kinds:
            combine = _combiner(self._renderer, kind)
            weight = sum(item.weight for item in self._parts[kind])
            combined.append(PlannedFile(
                f"{kind}-{ALL}.pdf", kind, None,
                len(self._people[kind]) if kind in self._people else self._totals[kind],
                self._every[kind].hexdigest(),
                _Drawing(self._renderer, _every([room.build for room in self._rooms]), _FIELDS[kind]),
                max(1, weight // 20) if combine else weight,
                parts=tuple(item.file for item in self._parts[kind]) if combine else (), combine=combine))
        return combined


def room_weights(documents: DocumentSet) -> dict[str, int]:
    """A built room's :attr:`RoomShape.weights`."""
    return {kind: _weight(getattr(documents, _FIELDS[kind])) for kind in KINDS}


def planned_rooms(rooms: Sequence[tuple[str | None, RoomBuild]], renderer: Renderer,
                  photo_hash: Callable[[PhotoRef], str] | None = None) -> list[PlannedFile]:
    """Every file of :class:`LazyPlan` for ``rooms`` (name, build) whose shapes are not known beforehand: each room
    is built to know them, and again to fingerprint it (meant for documents already in memory)."""
    shapes = [RoomShape(name, build, room_weights(build(DOCUMENT_KINDS))) for name, build in rooms]
    return list(LazyPlan(shapes, renderer, photo_hash))


class _LastRoom:
    """The documents of the room built last, for the next file of the same room (files are drawn room by room)."""

    def __init__(self) -> None:
        self._build: RoomBuild | None = None
        self._built: DocumentSet | None = None

    def built(self, build: RoomBuild) -> DocumentSet:
        """The room's documents of every kind: built now, unless it is the room built last."""
        if self._build is not build or self._built is None:
            self._build, self._built = None, None  # the last room's documents go before the next are built
            self._built, self._build = build(DOCUMENT_KINDS), build
        return self._built

    def documents(self, build: RoomBuild) -> Callable[[str], Sequence[PackDocument]]:
        """A room's documents of one kind (a :class:`DocumentSet` field), by :meth:`built`."""
        return lambda field: getattr(self.built(build), field)


def _every(builds: Sequence[RoomBuild]) -> Callable[[str], Sequence[PackDocument]]:
    """Every room's documents of one kind, room by room."""
    return lambda field: [d for build in builds for d in getattr(build(frozenset({field})), field)]


def planned_documents(sets: Sequence[DocumentSet], renderer: Renderer,
                      photo_hash: Callable[[PhotoRef], str] | None = None) -> list[PlannedFile]:
    """The PDF files of ``sets`` (one set per plan, already built), as :func:`planned_rooms` plans them: the
    documents grouped by room name, the rooms in the order they first appear."""
    rooms: dict[str | None, dict[str, list[PackDocument]]] = {}
    for document_set in sets:
        for field in DOCUMENT_KINDS_IN_ORDER:
            for document in getattr(document_set, field):
                rooms.setdefault(document.room_name, {}).setdefault(field, []).append(document)

    def build(room: dict[str, list[PackDocument]]) -> RoomBuild:
        return lambda kinds: DocumentSet(*(tuple(room.get(field, ())) if field in kinds else ()  # type: ignore[arg-type]
                                           for field in DOCUMENT_KINDS_IN_ORDER))

    return planned_rooms([(name, build(room)) for name, room in rooms.items()], renderer, photo_hash)


def _weight(members: Sequence[PackDocument]) -> int:
    return sum(len(m.rows) if isinstance(m, SignInSheet) else 1 for m in members)


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The entries of ``out``'s manifest by file name; empty when there is none or it cannot be read."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        return {entry["file"]: entry for entry in data["files"] if isinstance(entry, dict) and "file" in entry}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def pack_is_current(planned: Sequence[PlannedFile], out: Path) -> bool:
    """True when ``out`` holds exactly the files of ``planned``, each with the fingerprint its manifest records:
    :func:`write_pack` would write nothing."""
    previous = read_manifest(out)
    return bool(planned) and set(previous) == {item.file for item in planned} and all(
        previous[item.file].get("fingerprint") == item.fingerprint and (out / item.file).is_file()
        for item in planned)


def total_weight(planned: Sequence[PlannedFile]) -> int:
    """What the files' weights add up to (a :class:`LazyPlan` knows it without building its rooms)."""
    if isinstance(planned, LazyPlan):
        return planned.total_weight
    return sum(p.weight for p in planned)


def _glyph_issue(file_name: str, chars: Iterable[str]) -> Issue:
    return GLYPH_MISSING.at(file=file_name, file_name=file_name, chars="、".join(sorted(chars)))


def write_pack(planned: Sequence[PlannedFile], out: Path, *, header: dict[str, Any] | None = None,
               progress: Progress | None = None, force: bool = False) -> PackResult:
    """Write the files of ``planned`` into ``out`` (created if missing) that changed since the manifest there
    was written (all of them with ``force``); a file with ``parts`` is combined from them once they are all
    written or kept (else drawn), delete the files the old manifest lists that are no longer
    planned, and write the new manifest (``header`` keys first, then ``files``)."""
    private_dir(out)
    remove_dead_leftovers(out)  # what a killed run left: half-written PDFs hold ID numbers
    previous = {} if force else read_manifest(out)
    result = PackResult()
    done: dict[str, dict[str, Any]] = {}

    def unchanged(item: PlannedFile) -> bool:
        old = previous.get(item.file)
        return old is not None and old.get("fingerprint") == item.fingerprint and (out / item.file).is_file()

    to_draw: list[PlannedFile] = []
    workers = pack_workers(len(planned))
    if workers > 1:  # the workers draw ahead: every file's fingerprint is needed now (a serial run asks in turn)
        to_draw = [item for item in planned if not unchanged(item) and item.combine is None]
        workers = pack_workers(len(to_draw))
    ahead = {item.file: temporary_for(out / item.file) for item in to_draw} if workers > 1 else {}
    with PackWorkers([(item.write, ahead[item.file]) for item in to_draw if item.file in ahead], workers) as drawing:
        for item in planned:
            target = out / item.file
            missing: list[str]
            if unchanged(item):
                old = previous[item.file]
                pages, missing = old.get("pages"), list(old.get("missing_glyphs", []))
                result.kept.append(item.file)
            elif item.combine is not None and item.parts and all(part in done for part in item.parts):
                with replacing(target) as temporary:
                    pages = item.combine([out / part for part in item.parts], temporary)
                missing = sorted({ch for part in item.parts for ch in done[part]["missing_glyphs"]})
                result.written.append(item.file)
            else:
                with replacing(target, ahead.get(item.file)) as temporary:
                    pages, drawn_without = drawing.drawn(item.write, temporary)
                missing = sorted(drawn_without)
                result.written.append(item.file)
            if missing:
                result.issues.append(_glyph_issue(item.file, missing))
            entry = {"file": item.file, "kind": item.kind, "room": item.room, "pages": pages,
                     "candidates": item.candidates, "fingerprint": item.fingerprint, "missing_glyphs": missing}
            done[item.file] = entry
            result.entries.append(entry)
            if progress is not None:
                progress(item.file, item.weight)
    names = {item.file for item in planned}
    for stale in sorted(set(previous) - names):
        path = out / stale
        if path.name == stale and path.is_file():  # a bare file name from our own manifest, nothing else
            path.unlink()
            result.removed.append(stale)
    manifest = {**(header or {}), "files": result.entries}
    with replacing(out / MANIFEST) as temporary:
        write_private_text(temporary, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return result


def write_documents(sets: Sequence[DocumentSet], out: Path, plugins: XcertPlugins,
                    renderer: Renderer | None = None) -> list[Issue]:
    """Render ``sets`` (one per plan) into ``out`` (created if missing), rewriting only what changed since the
    last run into ``out``; returns the glyph warnings."""
    pdf: Renderer = renderer or plugins.renderer()
    return write_pack(planned_documents(sets, pdf), out).issues
