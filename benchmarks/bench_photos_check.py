"""``xcert photos check --json`` on a zip of 10,000 photos of about 30 KB vs. bare Pillow loops over the same zip.

Goal (issue 4): at least 1,000 photos per second on one core, memory flat in the number of photos. The bare
loops read each entry with zipfile and (a) only open it with Pillow (header only: the issue's yardstick), or
(b) open it and decode it in full. The command runs in its own process pinned to one CPU, so interpreter start-up
is in its figure; the library's rate is measured in this process on the same zip. Each figure is the best of
``ROUNDS`` runs, the library and the bare loops taking turns, so that other load on the machine weighs on all of
them alike. Peak memory is the command's on 2,500 and on 10,000 photos. The library is also timed with
``XCERT_WORKERS=2`` (issue 21: photos on all cores), as a ratio to its own one-core rate.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from sample_data import timed
from stdnum.cn import ric

from xcert_adapters.photos import check_photo_zip

PHOTOS = 10_000
SMALL = 2_500
ROUNDS = 3
DISTINCT = 40
OURS = ("import atexit, resource, sys; atexit.register(lambda: sys.stderr.write("
        "f\"MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n\")); "
        "from xcert_adapters.cli import main; main()")


def id_number(n: int) -> str:
    stem = f"140105{2003 + n % 5}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return stem + ric.calc_check_digit(stem + "0")


def photo(seed: int) -> bytes:
    """A 295 x 413 head-and-shoulders JPEG on a red background with a little grain: about 30 KB."""
    rng = random.Random(seed)
    width, height = 295, 413
    image = Image.new("RGB", (width, height), (200 + rng.randint(0, 40), 10 + rng.randint(0, 25), 30))
    draw = ImageDraw.Draw(image)
    draw.ellipse((80, 40, 215, 200), fill=(25 + rng.randint(0, 30), 20, 20))
    draw.ellipse((95, 75, 200, 240), fill=(225, 185 - rng.randint(0, 30), 160))
    draw.ellipse((120, 130, 135, 140), fill=(40, 30, 30))
    draw.ellipse((160, 130, 175, 140), fill=(40, 30, 30))
    draw.rectangle((135, 235, 160, 270), fill=(215, 175, 150))
    draw.pieslice((20, 260, 275, 560), 180, 360, fill=(30, 35, 40 + rng.randint(0, 60)))
    grain = Image.effect_noise((width, height), 25).convert("RGB")
    image = Image.blend(image, grain, 0.06).filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=96)
    return buffer.getvalue()


def make_zip(path: Path, count: int, photos: list[bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"{id_number(n)}.jpg", photos[n % len(photos)])


def bare_open(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            Image.open(io.BytesIO(archive.read(info)))


def bare_decode(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            Image.open(io.BytesIO(archive.read(info))).load()


WORKERS = 2


def _with_workers(path: Path) -> None:
    os.environ["XCERT_WORKERS"] = str(WORKERS)
    try:
        check_photo_zip(path)
    finally:
        del os.environ["XCERT_WORKERS"]


def _one_cpu() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _command(path: Path, workers: int = 1) -> tuple[float, float]:
    """Seconds and peak MB of ``xcert photos check --json`` on ``path``: in a process pinned to one CPU, or with
    ``workers`` > 1, with ``XCERT_WORKERS`` set and every CPU (the peak is then the main process's)."""
    args = [sys.executable, "-c", OURS, "photos", "check", str(path), "--json"]
    env = {**os.environ, "XCERT_WORKERS": str(workers)}
    result: list[subprocess.CompletedProcess[str]] = []
    seconds = timed(lambda: result.append(subprocess.run(args, capture_output=True, text=True, check=False, env=env,
                                                         preexec_fn=_one_cpu if workers == 1 else None)))
    done = result[0]
    if done.returncode != 0:
        raise RuntimeError(done.stderr or done.stdout[:500])
    rss = next(line for line in done.stderr.splitlines() if line.startswith("MAXRSS"))
    return seconds, int(rss.split()[1]) / 1024


def run() -> list[str]:
    photos = [photo(seed) for seed in range(DISTINCT)]
    average_kb = sum(map(len, photos)) / len(photos) / 1000
    with tempfile.TemporaryDirectory() as folder:
        big, small = Path(folder) / "photos.zip", Path(folder) / "small.zip"
        make_zip(big, PHOTOS, photos)
        make_zip(small, SMALL, photos)
        times: dict[str, list[float]] = {"library": [], "opened": [], "decoded": [], "command": [], "workers": [],
                                         "command with workers": []}
        peaks: list[float] = []
        for _ in range(ROUNDS):
            times["library"].append(timed(lambda: check_photo_zip(big)))
            times["opened"].append(timed(lambda: bare_open(big)))
            times["decoded"].append(timed(lambda: bare_decode(big)))
            times["workers"].append(timed(lambda: _with_workers(big)))
            seconds, peak = _command(big)
            times["command"].append(seconds)
            peaks.append(peak)
            times["command with workers"].append(_command(big, WORKERS)[0])
        _, small_peak = _command(small)
        report = check_photo_zip(big)
    assert report.photos == PHOTOS and not len(report), report.findings[:3]
    library, opened, decoded, command, workers, command_workers = (min(times[key]) for key in (
        "library", "opened", "decoded", "command", "workers", "command with workers"))
    return [
        f"photos check --json, {PHOTOS:,} photos of {average_kb:.0f} KB, one CPU: {command:.2f} s, "
        f"{PHOTOS / command:,.0f} photos/s with start-up (goal >= 1,000)",
        f"photos check --json with XCERT_WORKERS={WORKERS} on every CPU ({os.cpu_count()}): {command_workers:.2f} s, "
        f"{PHOTOS / command_workers:,.0f} photos/s with start-up (goal >= 1,800 with 2 cores)",
        f"library check_photo_zip: {library:.2f} s, {PHOTOS / library:,.0f} photos/s",
        f"bare loop opening each entry with Pillow (header only) {opened:.2f} s: ratio {library / opened:.1f}x",
        f"bare loop opening and decoding each entry in full {decoded:.2f} s: ratio {library / decoded:.2f}x",
        f"library with XCERT_WORKERS={WORKERS} (photos measured in {WORKERS} forked processes): {workers:.2f} s, "
        f"{PHOTOS / workers:,.0f} photos/s, {library / workers:.2f}x the one-core rate",
        f"peak memory of the command: {small_peak:.0f} MB for {SMALL:,} photos, {min(peaks):.0f} MB for {PHOTOS:,}",
    ]
