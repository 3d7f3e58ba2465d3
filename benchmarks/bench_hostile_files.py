"""How fast a hostile workbook is refused: the timing the test suite no longer asserts (#25).

Each hostile file — a zip bomb by ratio (50 MB of zeros in a 50 kB file), a billion-laughs DOCTYPE in the sheet,
far-apart cells (A1 and XFD1048576, a grid of 17 billion cells), 100,000 empty entries — is read with xcert's
calamine reader (``CalamineReader().read_sheet``, which must refuse it) and, as the bare baseline, listed with
:mod:`zipfile` (``ZipFile(path).infolist()``: the least any reader must do to look inside). Goal: every refusal
within 20x that listing, and within a second: the guard decides from the container, it never inflates the bomb.
Best of ``ROUNDS``; a few seconds in all.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from xcert_adapters.workbooks.calamine import CalamineReader
from xcert_core.errors import UnreadableFileError

ROUNDS = 5
MiB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>\n")


def _copy(valid: Path, out: Path, *, replace: dict[str, bytes] | None = None,
          add: dict[str, bytes] | None = None, empty_entries: int = 0) -> Path:
    with zipfile.ZipFile(valid) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, (replace or {}).get(info.filename, zin.read(info.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
        for n in range(empty_entries):
            zout.writestr(f"xl/pad/{n}.bin", b"")
    return out


def _hostile_files(folder: Path) -> dict[str, Path]:
    valid = folder / "valid.xlsx"
    book = Workbook()
    book.active.append(["x"])
    book.save(valid)
    with zipfile.ZipFile(valid) as archive:
        sheet = archive.read(SHEET).decode()
    far = sheet.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c>'
                                         "</row></sheetData>")
    return {
        "zip bomb (ratio)": _copy(valid, folder / "bomb.xlsx", add={"xl/media/zeros.bin": bytes(50 * MiB)}),
        "billion laughs": _copy(valid, folder / "laughs.xlsx",
                                replace={SHEET: (LAUGHS + sheet.split("?>", 1)[-1].lstrip()).encode()}),
        "far-apart cells": _copy(valid, folder / "far.xlsx", replace={SHEET: far.encode()}),
        "100,000 entries": _copy(valid, folder / "entries.xlsx", empty_entries=100_000),
    }


def _best(action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        with contextlib.suppress(UnreadableFileError):
            action()
        best = min(best, time.perf_counter() - started)
    return best


def _refuse(path: Path) -> None:
    CalamineReader().read_sheet(path)
    raise AssertionError(f"{path.name} was read, not refused")


def run() -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        for name, path in _hostile_files(Path(folder)).items():
            def listing(path: Path = path) -> object:
                with zipfile.ZipFile(path) as archive:
                    return archive.infolist()

            bare, ours = _best(listing), _best(lambda path=path: _refuse(path))  # type: ignore[misc]
            lines.append(f"{name} ({path.stat().st_size / 1024:,.0f} kB): refused in {ours * 1000:.1f} ms, "
                         f"bare zipfile listing {bare * 1000:.1f} ms: ratio {ours / bare:.1f}x (goal <= 20x, < 1 s)")
    return lines
