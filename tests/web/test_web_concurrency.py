"""Two people working in one workspace at once through the workbench (issue 18): one wins, the other is told
so in Chinese, and nothing is lost or counted twice."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy.exc import OperationalError

from cli_run import xcert
from demo_folders import copy_demo
from xcert_adapters.web.app import create_app
from xcert_adapters.web.results import StepResult, perform
from xcert_adapters.web.security import Gate
from xcert_adapters.web.served import Served
from xcert_adapters.workspace import Workspace
from xcert_core.errors import ConcurrencyError, DuplicateKeyError
from xcert_core.labels import RegistrationStatus
from xcert_core.model import PilotApplication, Registration
from xcert_core.plugins import make_plugin_manager

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="module")
def before_registration(tmp_path_factory: pytest.TempPathFactory, demo_master: Path) -> Path:
    """A fresh workspace of the demo's school taken by the command line to just before step 6 (quota, site,
    plan, students, photos, the platform's verification), with the demo's registration file at hand."""
    folder = copy_demo(demo_master, tmp_path_factory.mktemp("concurrent") / "demo")
    fresh = tmp_path_factory.mktemp("concurrent") / "ws"
    made = xcert("init", str(fresh), "--school-code", "4133010001", "--school", "示范职业技术学院", "--year", "2026",
                 "--address", "示范路 1 号")
    assert made.returncode == 0
    files = folder / "资料"
    for args in (("quota", "set", "1550001066010252", "--approved", "360"),
                 ("sites", "add", "S001", "--name", "示范职业技术学院信息楼考点", "--certificate", "1550001066010252",
                  "--address", "信息楼", "--approved"),
                 ("plans", "import", str(files / "考试计划.toml")),
                 ("students", "import", str(files / "学生名单.xlsx")),
                 ("photos", "import", str(files / "学生照片.zip")),
                 ("sync", "platform", str(files / "平台导出-考生名单.xlsx"))):
        done = xcert("--workspace", str(fresh), *args)
        assert done.returncode == 0, (args, done.stdout[-800:], done.stderr)
    shutil.copy(files / "报考.xlsx", fresh / "报考.xlsx")
    return fresh


def _csrf(page: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found[1]


def test_two_teachers_registering_the_same_file_at_once_lose_nothing(before_registration: Path,
                                                                    tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(before_registration, root)
    answers: list[Any] = []
    start = threading.Barrier(2)

    def register() -> None:
        with TestClient(create_app(root, Gate(TOKEN))) as browser:
            browser.get(f"/?token={TOKEN}")
            page = browser.get("/registrations")
            start.wait()
            answers.append(browser.post("/registrations", data={"_csrf_token": _csrf(page.text)},
                                        files={"file": ("报考.xlsx", (root / "报考.xlsx").read_bytes())}))

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(answers) == 2 and all(answer.status_code == 200 for answer in answers)
    banners = [re.search(r'<p class="banner (ok|todo) result">([^<]+)</p>', a.text) for a in answers]
    assert all(banners), [a.text[-2000:] for a in answers]
    won, other = sorted((b[2] for b in banners if b), key=lambda text: "已报考 40 条" not in text)
    assert "已报考 40 条" in won  # one wins; the other finds them registered, or is told someone else wrote first
    assert "40 条原已报考" in other or "刚刚修改了同样的数据" in other, other
    assert "Traceback" not in "".join(a.text for a in answers)
    with Workspace.open(root, env={}) as workspace:
        active = [r for r in workspace.storage.list(Registration) if r.status is RegistrationStatus.ACTIVE]
        quota = workspace.storage.list(PilotApplication)
    assert len(active) == 40 and [q.used_quota for q in quota] == [40]  # nothing lost, nothing counted twice


@pytest.mark.parametrize(("raised", "said"), [
    (DuplicateKeyError("Registration(DMI-1, 110***1234)"), "刚刚修改了同样的数据，本次没有保存任何内容"),
    (ConcurrencyError("stale revision"), "刚刚修改了同样的数据"),
    (OperationalError("INSERT …", {"id_number": "110101200001011234"}, Exception("database is locked")),
     "数据库正被另一个操作使用"),
    (OperationalError("INSERT …", None, Exception("database or disk is full")), "磁盘已满"),
])
def test_a_storage_failure_in_a_page_action_is_said_in_chinese_without_sql(before_registration: Path,
                                                                          raised: Exception, said: str) -> None:
    def action(workspace: Workspace) -> StepResult:
        raise raised

    result = perform(Served(before_registration, make_plugin_manager()), action)
    assert not result.ok and said in result.message
    assert "INSERT" not in result.message and "110101200001011234" not in result.message


def test_a_bug_in_a_page_action_is_not_hidden(before_registration: Path) -> None:
    def action(workspace: Workspace) -> StepResult:
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        perform(Served(before_registration, make_plugin_manager()), action)
