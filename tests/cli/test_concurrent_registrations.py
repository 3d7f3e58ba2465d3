"""Issue 23: two identical registration imports at once. The rows already registered are decided inside the
import's own transaction, so on SQLite (writers queue for the lock) the second is a clean no-op — not one
``reg-duplicate`` error per row — and the quota is taken once."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from cli_run import XCERT
from test_workspace_steps import CERT, candidate, registrations_file, run
from test_workspace_steps import workspace as workspace  # noqa: PLC0414 - the fixture
from xcert_adapters.workspace import Workspace
from xcert_core.model import PilotApplication


def test_two_identical_imports_at_once_register_once(workspace: Path, tmp_path: Path) -> None:
    with Workspace.open(workspace, env={}) as ws:
        ws.storage.add_all([candidate(n) for n in range(1, 21)])
    assert run(workspace, "quota", "set", CERT, "--approved", "40")[0] == 0
    assert run(workspace, "sites", "add", "S001", "--name", "信息楼考点", "--certificate", CERT, "--approved")[0] == 0
    file = registrations_file(tmp_path / "报考.xlsx", list(range(1, 21)))
    command = [*XCERT, "--workspace", str(workspace), "registrations", "import", str(file), "--json"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ}) for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    outs = [json.loads(out) for _, out, _ in results]
    assert sorted((o["registered"], o["unchanged"]) for o in outs) == [(0, 20), (20, 0)]
    assert all(o["issues"] == [] for o in outs)
    with Workspace.open(workspace, env={}) as ws:
        assert ws.storage.get(PilotApplication, ("4133010001", CERT, "2026", "1")).used_quota == 20
