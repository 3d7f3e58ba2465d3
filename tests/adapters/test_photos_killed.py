"""``xcert photos import`` killed with SIGKILL at several points (while writing its temporary files, inside
its transaction, right after the commit, while installing the files, while the next run installs what
the killed one committed; several times in a row), then run
again with the same zip: every candidate's stored photo hashes to its record, nothing is recorded twice, and
no temporary file is left. The kill is a real ``os.kill(SIGKILL)`` in a real ``xcert`` process, placed by
wrapping one of the photo store's steps (the store has no test hooks of its own)."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest

from cli_run import xcert
from photo_files import encode, id_number, portrait, write_zip
from xcert_adapters.photos.store import TEMPORARY_PREFIX, import_photos, temporary_name
from xcert_adapters.storage.memory import MemoryStorage
from xcert_adapters.workspace import Workspace
from xcert_core.model import Candidate, PhotoRef
from xcert_core.roster.importing import import_candidates
from xcert_core.testing.storage_contract import sample_candidate

SCHOOL = "4133010001"
COUNT = 30
NUMBERS = [id_number(n) for n in range(COUNT)]
CLOCK = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)

KILLED = textwrap.dedent("""
    import os, signal, sys
    from xcert_adapters.photos import store
    step, at = sys.argv[1], int(sys.argv[2])
    original = getattr(store, step)
    calls = 0
    def die():
        os.kill(os.getpid(), signal.SIGKILL)
    def wrapped(*args, **kwargs):
        global calls
        calls += 1
        if calls == at and step == "_write_temporary":  # dies half-way through writing a file
            args[0].write_bytes(args[1][: len(args[1]) // 2])
            die()
        if calls == at and step != "_attach":
            die()
        result = original(*args, **kwargs)
        if step == "_attach":  # dies right after the commit
            die()
        return result
    setattr(store, step, wrapped)
    from xcert_adapters.cli import main
    main(sys.argv[3:])
""")


def photo(n: int, quality: int) -> bytes:
    """Candidate ``n``'s photo: a portrait with one pixel of its own, so no two candidates share bytes."""
    image = portrait()
    image.putpixel((147, 150), (n % 256, (7 * n) % 256, 90))
    return encode(image, "JPEG", quality=quality)


FIRST = {number: photo(n, 92) for n, number in enumerate(NUMBERS)}
RETAKEN = {number: photo(n, 80) for n, number in enumerate(NUMBERS)}


def zipped(path: Path, photos: dict[str, bytes]) -> Path:
    return write_zip(path, [(f"{number}.jpg", data) for number, data in photos.items()])


def stored(workspace: Path) -> list[Candidate]:
    with Workspace.open(workspace, env={}) as opened:
        return opened.storage.list(Candidate, school_code=SCHOOL)


def temporaries(workspace: Path) -> list[str]:
    return sorted(p.name for p in (workspace / "photos").iterdir() if p.name.startswith(TEMPORARY_PREFIX))


def mismatched(workspace: Path) -> list[str]:
    """ID numbers whose stored photo is not the file on disk."""
    wrong = []
    for candidate in stored(workspace):
        assert candidate.photo is not None
        path = workspace / candidate.photo.location
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != candidate.photo.sha256:
            wrong.append(candidate.id_number)
    return wrong


def photos_import(workspace: Path, zip_path: Path, kill: tuple[str, int] | None = None) -> int:
    args = ["--workspace", str(workspace), "photos", "import", str(zip_path)]
    if kill is None:
        result = xcert(*args)
    else:
        result = subprocess.run([sys.executable, "-c", KILLED, kill[0], str(kill[1]), *args], capture_output=True,
                                text=True, timeout=300, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode


def expected_seqs(tmp_path: Path) -> dict[str, int]:
    """Each candidate's record count after an uninterrupted roster, first-photos and retaken-photos import."""
    storage, root = MemoryStorage(), tmp_path / "reference"
    import_candidates(storage, [sample_candidate(SCHOOL, n) for n in NUMBERS], clock=lambda: CLOCK)
    for name, photos in (("a.zip", FIRST), ("b.zip", RETAKEN)):
        import_photos(zipped(tmp_path / name, photos), storage=storage, school_code=SCHOOL, root=root,
                      photos_dir=root / "photos")
    return {c.id_number: c.verification_seq for c in storage.list(Candidate)}


KILLS = {
    "half-written temporary file": [("_write_temporary", 12)],
    "inside the transaction": [("record_edit", 12)],
    "right after the commit": [("_attach", 1)],
    "installing the first file": [("_move_into_place", 1)],
    "installing half the files": [("_move_into_place", COUNT // 2)],
    "after the commit, then again while recovering": [("_attach", 1), ("_move_into_place", 1)],
    "three kills in a row": [("_write_temporary", 3), ("_move_into_place", 7), ("_move_into_place", 1)],
}


@pytest.mark.parametrize("kills", KILLS.values(), ids=KILLS.keys())
def test_a_killed_photo_import_is_repaired_by_running_it_again(tmp_path: Path, kills: list[tuple[str, int]]) -> None:
    workspace = tmp_path / "ws"
    assert xcert("init", str(workspace), "--school-code", SCHOOL, "--school", "示范学校").returncode == 0
    with Workspace.open(workspace, env={}) as opened:
        import_candidates(opened.storage, [sample_candidate(SCHOOL, n) for n in NUMBERS], clock=lambda: CLOCK)
    assert photos_import(workspace, zipped(tmp_path / "first.zip", FIRST)) == 0
    retaken = zipped(tmp_path / "retaken.zip", RETAKEN)

    for kill in kills:
        assert photos_import(workspace, retaken, kill) == -9
        assert temporaries(workspace), "the kill left nothing to clean up: it happened at the wrong place"
    if kills[-1][0] in ("_attach", "_move_into_place"):  # the database names the retaken photos, the files are older
        assert mismatched(workspace)

    assert photos_import(workspace, retaken) == 0
    assert mismatched(workspace) == []
    assert temporaries(workspace) == []
    assert sorted(p.name for p in (workspace / "photos").iterdir()) == sorted(f"{n}.jpg" for n in NUMBERS)
    for candidate in stored(workspace):
        assert candidate.photo is not None
        assert candidate.photo.sha256 == hashlib.sha256(RETAKEN[candidate.id_number]).hexdigest()
    assert {c.id_number: c.verification_seq for c in stored(workspace)} == expected_seqs(tmp_path)


def test_recovery_installs_committed_photos_from_any_later_import_and_removes_the_rest(tmp_path: Path) -> None:
    """Step 1 alone, in-process: a committed-but-not-installed photo is installed by an import of a zip that
    does not even contain it; an uncommitted, a corrupt and an old-style temporary file, and a stale PNG, go."""
    storage, root = MemoryStorage(), tmp_path
    photos_dir = root / "photos"
    photos_dir.mkdir()
    a, b, c = NUMBERS[:3]
    new_a, old_a = RETAKEN[a], FIRST[a]
    digest = hashlib.sha256(new_a).hexdigest()
    (photos_dir / f"{a}.jpg").write_bytes(old_a)
    (photos_dir / f"{a}.png").write_bytes(b"a stale png")
    (photos_dir / temporary_name(a, digest, ".jpg")).write_bytes(new_a)  # committed, not installed
    for number in (b, c):
        (photos_dir / f"{number}.jpg").write_bytes(FIRST[number])
    uncommitted = hashlib.sha256(RETAKEN[b]).hexdigest()
    (photos_dir / temporary_name(b, uncommitted, ".jpg")).write_bytes(RETAKEN[b])
    corrupt = hashlib.sha256(RETAKEN[c]).hexdigest()
    (photos_dir / temporary_name(c, corrupt, ".jpg")).write_bytes(RETAKEN[c][:100])
    (photos_dir / ".xcert-k2j4x9.jpg").write_bytes(b"an older version's mkstemp file")
    people = [sample_candidate(SCHOOL, n) for n in (a, b, c)]
    refs = {a: PhotoRef(f"photos/{a}.jpg", digest, "image/jpeg")}
    refs |= {n: PhotoRef(f"photos/{n}.jpg", hashlib.sha256(FIRST[n]).hexdigest(), "image/jpeg") for n in (b, c)}
    # the corrupt file's candidate "committed" too: a half-written file must still not be installed
    refs[c] = PhotoRef(f"photos/{c}.jpg", corrupt, "image/jpeg")
    import_candidates(storage, [attrs.evolve(p, photo=refs[p.id_number]) for p in people], clock=lambda: CLOCK)

    result = import_photos(zipped(tmp_path / "b.zip", {b: FIRST[b]}), storage=storage, school_code=SCHOOL,
                           root=root, photos_dir=photos_dir)
    assert result.recovered == (a,)
    assert result.unchanged == (b,) and result.attached == ()
    assert (photos_dir / f"{a}.jpg").read_bytes() == new_a
    assert (photos_dir / f"{c}.jpg").read_bytes() == FIRST[c]  # not recoverable here: the zip of c repairs it
    assert sorted(p.name for p in photos_dir.iterdir()) == sorted(f"{n}.jpg" for n in (a, b, c))

    repaired = import_photos(zipped(tmp_path / "c.zip", {c: RETAKEN[c]}), storage=storage, school_code=SCHOOL,
                             root=root, photos_dir=photos_dir)
    assert repaired.attached == (c,)  # the stored SHA-256 matches, the file does not: written again
    assert (photos_dir / f"{c}.jpg").read_bytes() == RETAKEN[c]

