"""Photos measured on more than one core (``XCERT_WORKERS=2``, :mod:`xcert_adapters.concurrency.photo_workers`) give
the report the serial check gives: the same findings in the same order, the same photos handed to the store in the
same order — whatever the mix of photos, refused entries, duplicates and files that are not photos."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from photo_files import BLUE, id_number, photo_bytes, write_zip
from xcert_adapters.concurrency import photo_workers
from xcert_adapters.photos import check_photo_zip, service
from xcert_adapters.photos.imaging import measure
from xcert_adapters.photos.service import read_checked_photo_zip
from xcert_core.photos.checking import CandidateNumbers

pytestmark = [pytest.mark.skipif((os.cpu_count() or 1) < 2 or not hasattr(os, "fork"),
                                 reason="the workers need fork and a second core"),
              pytest.mark.usefixtures("forks_beside_threads")]

GOOD, BLUE_PHOTO, SMALL = photo_bytes(), photo_bytes(background=BLUE), photo_bytes(size=(100, 140))
PNG = photo_bytes(fmt="PNG")


def nested_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as inner:
        inner.writestr("a.jpg", GOOD)
    return buffer.getvalue()


KINDS = {
    "good": lambda n: (f"{id_number(n)}.jpg", GOOD),
    "png": lambda n: (f"{id_number(n)}.png", PNG),
    "blue": lambda n: (f"{id_number(n)}.jpg", BLUE_PHOTO),
    "small": lambda n: (f"{id_number(n)}.jpg", SMALL),
    "broken": lambda n: (f"{id_number(n)}.jpg", GOOD[: len(GOOD) // 3]),
    "text": lambda n: (f"{id_number(n)}.jpg", "不是照片".encode()),
    "nested": lambda n: (f"照片{n}.zip", nested_zip()),
    "mac": lambda n: (f"__MACOSX/._{id_number(n)}.jpg", b"\x00\x05\x16\x07"),
    "unsafe": lambda n: (f"../{id_number(n)}.jpg", GOOD),
    "badname": lambda n: (f"张三{n}.jpg", GOOD),
    "readme": lambda n: (f"说明{n}.txt", b"read me"),
}


def entries_of(kinds: list[str]) -> list[tuple[str, bytes]]:
    return [KINDS[kind](n) for n, kind in enumerate(kinds, start=1)]


def checked(path: Path, monkeypatch: pytest.MonkeyPatch, workers: str) -> object:
    monkeypatch.setenv("XCERT_WORKERS", workers)
    monkeypatch.setattr(photo_workers, "PARALLEL_PHOTOS", 1)  # any zip is large enough here
    return check_photo_zip(path)


def test_the_workers_are_used_only_when_asked_on_a_large_zip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XCERT_WORKERS", raising=False)
    assert photo_workers.photo_workers(10_000) == 1  # opt-in
    monkeypatch.setenv("XCERT_WORKERS", "2")
    assert photo_workers.photo_workers(10_000) == 2
    assert photo_workers.photo_workers(photo_workers.PARALLEL_PHOTOS - 1) == 1
    monkeypatch.setenv("XCERT_WORKERS", "两个")
    assert photo_workers.photo_workers(10_000) == 1


def test_a_mixed_zip_gives_the_serial_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kinds = [*KINDS] * 5
    path = write_zip(tmp_path / "照片.zip", [*entries_of(kinds), KINDS["good"](1), (f"{id_number(2)}.jpg", SMALL)])
    measured_by = tmp_path / "pids.txt"

    def recording(data: bytes, fmt: str | None, max_pixels: int) -> object:
        with measured_by.open("a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\n")
        return measure(data, fmt, max_pixels)

    monkeypatch.setattr(service, "measure", recording)  # the forked workers inherit it
    serial = checked(path, monkeypatch, "1")
    assert set(measured_by.read_text("utf-8").split()) == {str(os.getpid())}
    measured_by.unlink()
    parallel = checked(path, monkeypatch, "2")
    assert str(os.getpid()) not in measured_by.read_text("utf-8").split()  # every photo measured by a worker
    assert parallel == serial
    assert len(serial.findings) > 40 and serial.photos > 30  # type: ignore[attr-defined]


def test_the_store_is_given_the_same_photos_in_the_same_order(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    kinds = ["good", "png", "blue", "good", "broken", "good"] * 4
    entries = entries_of(kinds)
    path = write_zip(tmp_path / "照片.zip", entries)
    candidates = CandidateNumbers.from_numbers(id_number(n) for n in range(1, len(kinds) + 1))
    monkeypatch.setattr(photo_workers, "PARALLEL_PHOTOS", 1)
    given_to_store: dict[str, list[tuple[str, str, int]]] = {}
    reports = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("XCERT_WORKERS", workers)
        stored: list[tuple[str, str, int]] = given_to_store.setdefault(workers, [])
        reports[workers] = read_checked_photo_zip(path, lambda number, fmt, data, into=stored: into.append(
            (number, fmt, len(data))), candidates=candidates, partial=True)
    assert reports["2"] == reports["1"]
    assert given_to_store["2"] == given_to_store["1"] and len(given_to_store["1"]) == 16  # the good and the PNGs


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=40))
def test_whatever_the_zip_holds_the_order_is_the_serial_one(tmp_path_factory: pytest.TempPathFactory,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            kinds: list[str]) -> None:
    path = write_zip(tmp_path_factory.mktemp("zip") / "照片.zip", entries_of(kinds))
    assert checked(path, monkeypatch, "2") == checked(path, monkeypatch, "1")


def test_a_worker_that_dies_leaves_the_report_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-check (out of memory, say): what it had and everything after is measured here, and the
    report is the serial one."""
    path = write_zip(tmp_path / "照片.zip", entries_of(["good", "blue", "png", "small"] * 10))
    parent = os.getpid()
    deaths = tmp_path / "died"

    def dying(data: bytes, fmt: str | None, max_pixels: int) -> object:
        if os.getpid() != parent and not deaths.exists():
            deaths.write_text("once", "utf-8")
            os._exit(9)
        return measure(data, fmt, max_pixels)

    serial = checked(path, monkeypatch, "1")
    monkeypatch.setattr(service, "measure", dying)
    assert checked(path, monkeypatch, "2") == serial and deaths.exists()
