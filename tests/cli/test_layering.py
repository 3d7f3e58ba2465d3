"""The faces stay thin (issue 15): no module of the command line opens a transaction, builds an issue report,
imports the storage port or reaches into a workspace's storage — the application layer
(:mod:`xcert_adapters.app`) does, and every face calls it."""

from __future__ import annotations

import ast
from pathlib import Path

import xcert_adapters.app
import xcert_adapters.cli
import xcert_adapters.web

CLI = Path(xcert_adapters.cli.__file__).parent
APP = Path(xcert_adapters.app.__file__).parent
WEB = Path(xcert_adapters.web.__file__).parent


def offences(path: Path) -> list[str]:
    """What a face must not do, as ``line: what``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        where = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute) and node.attr in ("transaction", "storage"):
            found.append(f"{where}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "IssueCollector":
            found.append(f"{where}: IssueCollector")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("xcert_core.ports.storage"):
            found.append(f"{where}: imports {node.module}")
        elif isinstance(node, ast.Import) and any(a.name.startswith("xcert_core.ports.storage") for a in node.names):
            found.append(f"{where}: imports the storage port")
    return found


def test_no_cli_module_opens_transactions_builds_reports_or_touches_storage() -> None:
    assert {p.name: offences(p) for p in sorted(CLI.glob("*.py")) if offences(p)} == {}


def test_no_web_module_opens_transactions_builds_reports_or_touches_storage() -> None:
    """The web workbench and the API are a face like the command line (issue 18)."""
    assert sorted(WEB.glob("*.py")) and {p.name: offences(p) for p in sorted(WEB.glob("*.py")) if offences(p)} == {}


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "face.py"
    sample.write_text("from xcert_core.ports.storage import Storage\nfrom xcert_core.issues import IssueCollector\n"
                      "def f(ws):\n    with ws.storage.transaction() as tx:\n        IssueCollector(None)\n", "utf-8")
    assert sorted(offences(sample)) == ["1: imports xcert_core.ports.storage", "4: .storage", "4: .transaction",
                                        "5: IssueCollector"]


def test_the_application_layer_imports_no_face() -> None:
    """The layer below the faces knows none of them: no click, no rich, nothing from the command line."""
    for path in APP.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {name for name in imported if name.split(".")[0] in ("click", "rich")
                    or name.startswith(("xcert_adapters.cli", "xcert_adapters.web", "litestar"))}, path.name
