"""The workspace's photo store (:mod:`xcert_adapters.photos.store`) in-process: a failing transaction leaves the
files and the candidates as they were, and a second import into one workspace is refused rather than let the two
remove each other's temporary files."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import attrs
import pytest

from photo_files import photo_bytes, write_zip
from roster_files import GOOD_ROWS
from xcert_adapters.photos.store import import_photos
from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.labels import VerificationState as St
from xcert_core.model import Candidate, PhotoRef
from xcert_core.roster.importing import import_candidates
from xcert_core.testing.failing_storage import FailingStorage
from xcert_core.testing.storage_contract import sample_candidate

SCHOOL = "4133010001"
FIRST, SECOND = (str(row[4]) for row in GOOD_ROWS)


@pytest.mark.parametrize("fail_at", [0, 1])
def test_a_failed_photo_transaction_removes_the_new_files_and_keeps_the_old(tmp_path: Path, fail_at: int) -> None:
    storage = MemoryStorage()
    photos_dir = tmp_path / "photos"
    photos_dir.mkdir()
    old_bytes = photo_bytes(quality=60)
    (photos_dir / f"{FIRST}.jpg").write_bytes(old_bytes)
    old = PhotoRef(f"photos/{FIRST}.jpg", hashlib.sha256(old_bytes).hexdigest())
    import_candidates(storage, [attrs.evolve(sample_candidate(SCHOOL, FIRST), photo=old),
                                sample_candidate(SCHOOL, SECOND)],
                      clock=lambda: dt.datetime(2026, 11, 29, tzinfo=dt.UTC))
    before = storage.list(Candidate)
    zipped = write_zip(tmp_path / "p.zip", [(f"{n}.jpg", photo_bytes()) for n in (FIRST, SECOND)])
    with pytest.raises(OSError, match="simulated"):
        import_photos(zipped, storage=FailingStorage(storage, fail_at), school_code=SCHOOL,  # type: ignore[arg-type]
                      root=tmp_path, photos_dir=photos_dir)
    assert storage.list(Candidate) == before
    assert sorted(p.name for p in photos_dir.iterdir()) == [f"{FIRST}.jpg"]
    assert (photos_dir / f"{FIRST}.jpg").read_bytes() == old_bytes
    result = import_photos(zipped, storage=storage, school_code=SCHOOL, root=tmp_path, photos_dir=photos_dir)
    assert result.attached == (FIRST, SECOND)
    assert {c.id_number: c.state for c in storage.list(Candidate)} == {FIRST: St.PENDING, SECOND: St.PENDING}
    with zipfile.ZipFile(zipped) as archive:
        assert (photos_dir / f"{SECOND}.jpg").read_bytes() == archive.read(f"{SECOND}.jpg")


def test_a_second_photo_import_waits_for_nobody_it_is_refused(tmp_path: Path) -> None:
    """Two imports into one workspace would remove each other's temporary files: the second is refused."""
    import fcntl  # noqa: PLC0415

    from xcert_adapters.photos.store import LOCK_NAME, PhotoImportBusyError  # noqa: PLC0415

    storage = MemoryStorage()
    photos = tmp_path / "photos"
    photos.mkdir()
    with (tmp_path / LOCK_NAME).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another import is running
        with pytest.raises(PhotoImportBusyError, match="另一个照片导入正在进行"):
            import_photos(tmp_path / "any.zip", storage=storage, school_code=SCHOOL, root=tmp_path, photos_dir=photos)
