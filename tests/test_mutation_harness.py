"""The mutation harness (``mutation/run.py``, ``nox -s mutants``) runs each mutant's own code, not bytecode cached
from the code before it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parents[1] / "mutation" / "run.py"


def _harness_script() -> str:
    spec = importlib.util.spec_from_file_location("mutation_run", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.FRESH_BYTECODE)


def test_a_same_size_mutant_written_within_the_second_runs_its_own_code(tmp_path: Path) -> None:
    """CPython trusts a cached ``.pyc`` whose source has the same size and modification second: a plain pytest
    run then tests the code before the mutant (the mutant "survives"); the harness's test command fails it."""
    module = tmp_path / "src" / "decision.py"
    module.parent.mkdir()
    module.write_text("LIMIT = 1\n", encoding="utf-8")
    test = "import decision\n\n\ndef test_limit():\n    assert decision.LIMIT == 1\n"
    (tmp_path / "test_decision.py").write_text(test, encoding="utf-8")
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}  # the cache beside the source
    env["PYTHONPATH"] = str(module.parent)
    pytest_args = ["-q", "-p", "no:cacheprovider", "test_decision.py"]

    def run(*command: str) -> int:
        return subprocess.run([sys.executable, *command, *pytest_args], cwd=tmp_path, env=env, capture_output=True,
                              check=False).returncode

    assert run("-m", "pytest") == 0  # compiles and caches the original
    assert list(module.parent.glob("__pycache__/decision.*.pyc"))
    seen = module.stat()
    module.write_text("LIMIT = 2\n", encoding="utf-8")  # the mutant: same size, and (pinned) the same second
    os.utime(module, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    assert run("-m", "pytest") == 0, "the trap this harness avoids is no longer there: the stale .pyc was not used"
    script = tmp_path / "fresh_bytecode.py"
    script.write_text(_harness_script().format(modules=[str(module)]), encoding="utf-8")
    assert run(str(script)) == 1
