"""``xcert documents --plan P`` as a school person runs it: the summary it prints, the ``--json`` object, the
refusals on stderr with personal data masked, and the exit codes (0 printed, 1 not printed for a site without an
address, 2 a plan that cannot be printed). What the pack holds is tested through the application layer in
``tests/app/test_documents_pack.py``, whose scheduled workspace these tests copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import attrs
import pytest

from cli_run import xcert
from test_documents_pack import CERTIFICATE, COUNT, EXPORTS, FILE_B, KINDS, ROOM_A, ident, make_workspace
from xcert_adapters.app.pack_files import MANIFEST
from xcert_adapters.workspace import Workspace
from xcert_core.labels import CertificateLevel
from xcert_core.model import ExamPlan, ExamSite
from xcert_core.privacy import mask_id_number


@pytest.fixture(scope="module")
def workspace_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("template") / "ws")


@pytest.fixture
def ws(workspace_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the scheduled workspace for one test."""
    shutil.copytree(workspace_template, tmp_path / "ws")
    return tmp_path / "ws"


def test_documents_prints_what_it_wrote_and_the_json_lists_every_file(ws: Path, tmp_path: Path) -> None:
    result = xcert("--workspace", str(ws), "documents", "--plan", "P1")
    assert result.returncode == 0, result.stdout + result.stderr
    out = ws / "output" / "P1"
    assert result.stdout.splitlines()[:2] == [
        f"考试计划 P1：准考证 {COUNT} 张、桌贴 {COUNT + 1} 张、门贴 4 张、签到表 4 份，输出到 {out}",  # 5: two rooms
        f"本次写入 {3 * len(KINDS) + len(EXPORTS)} 个文件，0 个未变化保持原样。"]
    again = xcert("--workspace", str(ws), "documents", "--plan", "P1", "--json")
    assert again.returncode == 0, again.stdout + again.stderr
    payload = json.loads(again.stdout)
    assert (payload["plan"], payload["out"], payload["printed"], payload["written"]) == ("P1", str(out), True, [])
    assert len(payload["kept"]) == 15 and payload["removed"] == [] and payload["issues"] == []
    files = {file["file"]: file for file in payload["files"]}
    assert set(files) == {p.name for p in out.iterdir()} - {MANIFEST}
    assert (files[f"准考证-{FILE_B}.pdf"]["kind"], files["准考证-全部.pdf"]["pages"]) == ("准考证", COUNT)
    target = tmp_path / "打印材料"
    forced = xcert("--workspace", str(ws), "documents", "--plan", "P1", "--out", str(target), "--force", "--json")
    assert forced.returncode == 0 and len(json.loads(forced.stdout)["written"]) == 15
    assert {p.name for p in target.iterdir()} == {p.name for p in out.iterdir()}
    assert ident(1) not in again.stdout + forced.stdout  # no ID number in what the command prints


def test_unknown_plan_unscheduled_plan_and_missing_photo_exit_2(ws: Path) -> None:
    result = xcert("--workspace", str(ws), "documents", "--plan", "NOPE")
    assert result.returncode == 2 and "NOPE" in result.stderr and "P1" in result.stderr
    assert "Traceback" not in result.stderr

    (ws / "photos" / f"{ident(3)}.jpg").unlink()
    result = xcert("--workspace", str(ws), "documents", "--plan", "P1")
    assert result.returncode == 2 and f"photos/{mask_id_number(ident(3))}.jpg" in result.stderr
    assert ident(3) not in result.stderr and ident(3)[6:14] not in result.stderr  # no full number, no birth date
    assert not (ws / "output" / "P1").exists()

    with Workspace.open(ws, env={}) as workspace:
        workspace.storage.put(ExamPlan("P2", "第二批", 2026, "ORG", CERTIFICATE.code, CertificateLevel.INTERMEDIATE))
    result = xcert("--workspace", str(ws), "documents", "--plan", "P2")
    assert result.returncode == 2 and "xcert schedule" in result.stderr


def test_a_site_without_an_address_exits_1_saying_nothing_was_printed(ws: Path) -> None:
    with Workspace.open(ws, env={}) as workspace:
        site = workspace.storage.get(ExamSite, ("S18",))
        workspace.storage.put(attrs.evolve(site, address=""))
    text = xcert("--workspace", str(ws), "documents", "--plan", "P1")
    assert text.returncode == 1 and "考试计划 P1：有问题，未生成打印材料：" in text.stdout
    assert "sched-site-address-missing" in text.stdout and "--address" in text.stdout
    assert ROOM_A not in text.stdout and not (ws / "output" / "P1").exists()
