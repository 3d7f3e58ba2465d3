"""Mutation testing of the core's decision code with Cosmic Ray (#25 item 1): ``nox -s mutants [-- NAME …]``.

For each target of ``mutation/targets.toml`` (a module and the tests that target it): copy the repository's
``src`` and ``tests`` into a temporary folder (Cosmic Ray mutates files in place: never in your tree), check that
the tests pass unmutated (the baseline), run every mutant against them, and print the score — killed of all
mutants that ran — with each surviving mutant's place and change, for a person to kill with a test or list as
equivalent. Writes ``mutation/report.md`` (the table and the survivors). Slow by nature: minutes per module.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = tomllib.loads((ROOT / "mutation" / "targets.toml").read_text(encoding="utf-8"))


def _config(module: str, tests: list[str], folder: Path) -> Path:
    command = shlex.join([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests])
    config = folder / "cosmic-ray.toml"
    config.write_text(f'[cosmic-ray]\nmodule-path = "{module}"\ntimeout = 300.0\nexcluded-modules = []\n'
                      f"test-command = {json.dumps(command)}\n\n[cosmic-ray.distributor]\nname = \"local\"\n",
                      encoding="utf-8")
    return config


def run_target(name: str) -> dict[str, object]:
    """Run one target; returns its counts and survivors."""
    target = TARGETS[name]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"xcert-mutants-{name}-") as folder:
        work = Path(folder)
        for part in ("src", "tests", "docs", "pyproject.toml"):
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, work / part, ignore=shutil.ignore_patterns("_build", ".hypothesis"))
            else:
                shutil.copy2(source, work / part)
        env = {**os.environ, "PYTHONPATH": str(work / "src"), "HYPOTHESIS_PROFILE": "dev"}
        config = _config(target["module"], list(target["tests"]), work)
        session = work / "session.sqlite"
        baseline = subprocess.run(["cosmic-ray", "baseline", str(config)], cwd=work, env=env, check=False,
                                  capture_output=True, text=True)
        if baseline.returncode != 0:
            raise SystemExit(f"{name}: the tests fail without any mutation:\n{baseline.stdout}{baseline.stderr}")
        subprocess.run(["cosmic-ray", "init", str(config), str(session)], cwd=work, env=env, check=True)
        subprocess.run(["cosmic-ray", "exec", str(config), str(session)], cwd=work, env=env, check=True)
        dump = subprocess.run(["cosmic-ray", "dump", str(session)], cwd=work, env=env, check=True,
                              capture_output=True, text=True).stdout
    counts = {"killed": 0, "survived": 0, "incompetent": 0}
    survivors: list[str] = []
    for line in dump.splitlines():
        job, result = json.loads(line)
        outcome = result["test_outcome"] if result else "pending"
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == "survived":
            mutation = job["mutations"][0]
            changed = [line[1:].strip() for line in result.get("diff", "").splitlines()
                       if line.startswith("+") and not line.startswith("+++")]
            survivors.append(f"line {mutation['start_pos'][0]} ({mutation.get('definition_name', '')}): "
                             f"`{changed[0] if changed else mutation['operator_name']}`")
    ran = counts["killed"] + counts["survived"]
    return {"name": name, "module": target["module"], **counts, "score": counts["killed"] / ran if ran else 1.0,
            "minutes": (time.monotonic() - started) / 60, "survivors": survivors}


def main(names: list[str]) -> None:
    results = [run_target(name) for name in (names or list(TARGETS))]
    lines = ["| module | mutants | killed | survived | score | minutes |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| `{r['module']}` | {int(r['killed']) + int(r['survived'])} | {r['killed']} | {r['survived']} | "
              f"{float(r['score']):.1%} | {float(r['minutes']):.1f} |" for r in results]
    for r in results:
        if r["survivors"]:
            lines += ["", f"Survivors in `{r['module']}`:", *(f"- {s}" for s in r["survivors"])]  # type: ignore[union-attr]
    text = "\n".join(lines) + "\n"
    (ROOT / "mutation" / "report.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
