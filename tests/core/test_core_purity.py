"""xcert_core stays pure: it imports no I/O library and no adapter, statically or at run time."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import xcert_core

FORBIDDEN = ("openpyxl", "reportlab", "PIL", "sqlalchemy", "python_calamine", "psycopg", "xcert_adapters")
CORE = Path(xcert_core.__file__).parent


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_core_module_imports_an_io_library_or_adapter() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(imported_roots(path) & set(FORBIDDEN))
        for path in CORE.rglob("*.py")
    }
    assert {name: roots for name, roots in offenders.items() if roots} == {}


def test_importing_every_core_module_loads_no_io_library() -> None:
    modules = [info.name for info in pkgutil.walk_packages(xcert_core.__path__, "xcert_core.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert "xcert_core.model" in modules and "xcert_core.plugins" in modules
