"""A real browser for the workbench's end-to-end tests: ``xcert serve`` on a workspace, headless Chromium driving
it through Selenium (Debian's ``chromium`` and ``chromium-driver``).

:func:`served_browser` starts both and yields a :class:`Browser`; a test without Chromium is skipped with the
reason shown. Screenshots go to ``XCERT_SCREENSHOTS`` when set (for a person to look at), else to a temporary
folder; downloads go to ``downloads`` beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from attrs import frozen

from cli_run import XCERT


def chromium() -> tuple[str, str] | None:
    """Paths of Chromium and ChromeDriver, or ``None``."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@frozen
class Browser:
    """The driver, the token URL the server printed, and where screenshots and downloads go."""

    driver: Any
    url: str
    shots: Path
    downloads: Path

    def after(self, action: Callable[[], object]) -> None:
        """Run ``action`` (a click that loads a page) and wait for the new page.

        A mark on the old page's window object tells them apart: a new document has none. (Selenium's
        ``staleness_of`` asks Chrome about the old node, which mid-navigation may answer "Node … does not belong
        to the document" instead of "stale": a flaky test, not a broken page.)"""
        from selenium.common.exceptions import WebDriverException  # noqa: PLC0415
        from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

        self.driver.execute_script("window.__xcertOldPage = true;")
        action()
        WebDriverWait(self.driver, 30, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script("return !window.__xcertOldPage && document.readyState === 'complete';"))

    def shot(self, name: str) -> None:
        self.driver.save_screenshot(str(self.shots / f"{name}.png"))

    def downloaded(self, name: str, timeout: float = 30) -> Path:
        """The file ``name`` once Chromium has finished downloading it."""
        path = self.downloads / name
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if path.is_file() and not (self.downloads / f"{name}.crdownload").exists():
                return path
            time.sleep(0.1)
        raise AssertionError(f"{name} was not downloaded: {sorted(p.name for p in self.downloads.iterdir())}")


@contextmanager
def served_browser(workspace: Path, tmp_path: Path) -> Iterator[Browser]:
    """``xcert serve --port 0`` on ``workspace`` and headless Chromium; both stopped afterwards."""
    found = chromium()
    if found is None:
        pytest.skip("no Chromium and ChromeDriver (Debian: chromium, chromium-driver)")
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    process = subprocess.Popen([*XCERT,
                                "--workspace", str(workspace), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    shots = Path(os.environ.get("XCERT_SCREENSHOTS", tmp_path / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1400", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(found[1]))
    driver.implicitly_wait(10)
    try:
        assert process.stdout is not None
        yield Browser(driver, process.stdout.readline().strip(), shots, downloads)
    finally:
        driver.quit()
        process.terminate()
        process.communicate(timeout=20)
