"""Mutation testing of the core's decision code with Cosmic Ray (#25 item 1): ``nox -s mutants [-- NAME …]``.

For each target of ``mutation/targets.toml`` (a module and the tests that target it): copy the repository's
``src`` and ``tests`` into a temporary folder (Cosmic Ray mutates files in place: never in your tree), check that
the tests pass unmutated (the baseline), run every mutant against them, and print the score — killed of all
mutants that ran — with each surviving mutant's place and change, for a person to kill with a test or list as
equivalent. Keeps each target's last result in ``mutation/results/`` and writes ``mutation/report.md`` from all of
them (the table and the survivors). Slow by nature: minutes per module.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGETS = tomllib.loads((ROOT / "mutation" / "targets.toml").read_text(encoding="utf-8"))


QUIET = ["-p", "no:cacheprovider", "-p", "no:faker", "-p", "no:anyio", "-n0"]
"""Pytest plug-ins the targets never use: Faker's alone costs 0.4 s of start-up, paid once per mutant; xdist's
workers would cost more than the few seconds of tests they share."""


FRESH_BYTECODE = """\
import pathlib, sys
import pytest
for module in map(pathlib.Path, {modules!r}):
    for cached in module.parent.glob(f"__pycache__/{{module.stem}}.*.pyc"):
        cached.unlink(missing_ok=True)
sys.exit(pytest.main(sys.argv[1:]))
"""
"""The test command's script (``fresh_bytecode.py`` in the work folder): it removes the mutated modules' cached
bytecode, then runs pytest. CPython trusts a ``.pyc`` whose source has the same size and the same modification
time in whole seconds; a mutant of the same length (``+`` made ``-``) written within the second of the last
compile of that module (the original's, after a quick run of a mutant of the module beside it; or the previous
mutant's) ran the bytecode compiled before it, not itself. The suite writes bytecode even where
``PYTHONDONTWRITEBYTECODE`` is set (``tests/conftest.py``), and it would read a stale one either way. Found in
December 2026: survivors reported for a run that each failed its tests when applied by hand."""


def _config(modules: list[str], tests: list[str], folder: Path, timeout: float) -> Path:
    (folder / "fresh_bytecode.py").write_text(FRESH_BYTECODE.format(modules=modules), encoding="utf-8")
    command = shlex.join([sys.executable, "fresh_bytecode.py", "-x", "-q", *QUIET, *tests])
    config = folder / "cosmic-ray.toml"
    config.write_text(f'[cosmic-ray]\nmodule-path = {json.dumps(modules)}\ntimeout = {timeout}\nexcluded-modules = []\n'
                      f"test-command = {json.dumps(command)}\n\n[cosmic-ray.distributor]\nname = \"local\"\n",
                      encoding="utf-8")
    return config


def annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The (start, end) positions — line from 1, column from 0, as Cosmic Ray counts them — of every annotation
    in a module: a parameter's, a return's, a variable's. Every core module has ``from __future__ import
    annotations``, so an annotation is never evaluated and a mutant inside one (``int | None`` made
    ``int + None``) changes no code: it is set aside before the run, not run and not counted."""
    spans = []
    for node in ast.walk(ast.parse(source)):
        found = [node.annotation] if isinstance(node, (ast.arg, ast.AnnAssign)) and node.annotation else []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
            found.append(node.returns)
        spans += [((a.lineno, a.col_offset), (a.end_lineno or a.lineno, a.end_col_offset or 0)) for a in found]
    return spans


def _set_aside_annotations(session: Path, work: Path, modules: list[str]) -> None:
    """Mark every pending mutant inside an annotation as skipped (see ``annotation_spans``)."""
    from cosmic_ray.work_db import WorkDB, use_db  # type: ignore[import-untyped]  # noqa: PLC0415 - nox installs it
    from cosmic_ray.work_item import WorkerOutcome, WorkResult  # type: ignore[import-untyped]  # noqa: PLC0415

    spans = {Path(module): annotation_spans((work / module).read_text(encoding="utf-8")) for module in modules}
    with use_db(str(session), WorkDB.Mode.open) as db:
        inside = [item.job_id for item in db.pending_work_items
                  if any(start <= tuple(m.start_pos) and tuple(m.end_pos) <= end
                         for m in item.mutations for start, end in spans.get(Path(m.module_path), []))]
        if inside:
            db.set_multiple_results(inside, WorkResult(worker_outcome=WorkerOutcome.SKIPPED,
                                                       output="inside an annotation: not code"))


def _modules(target: dict[str, Any]) -> list[str]:
    """A target's module, or its list of modules (one score for a family of small modules)."""
    module = target["module"]
    return [module] if isinstance(module, str) else [str(m) for m in module]


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
        modules = _modules(target)
        config = _config(modules, list(target["tests"]), work, float(target.get("timeout", 120)))
        session = work / "session.sqlite"
        baseline = subprocess.run(["cosmic-ray", "baseline", str(config)], cwd=work, env=env, check=False,
                                  capture_output=True, text=True)
        if baseline.returncode != 0:
            raise SystemExit(f"{name}: the tests fail without any mutation:\n{baseline.stdout}{baseline.stderr}")
        subprocess.run(["cosmic-ray", "init", str(config), str(session)], cwd=work, env=env, check=True)
        _set_aside_annotations(session, work, modules)
        subprocess.run(["cosmic-ray", "exec", str(config), str(session)], cwd=work, env=env, check=True)
        dump = subprocess.run(["cosmic-ray", "dump", str(session)], cwd=work, env=env, check=True,
                              capture_output=True, text=True).stdout
    counts = {"killed": 0, "survived": 0, "incompetent": 0, "annotations": 0}
    survivors: list[str] = []
    for line in dump.splitlines():
        job, result = json.loads(line)
        outcome = result["test_outcome"] if result else "pending"
        if result and result["worker_outcome"] == "skipped":
            outcome = "annotations"
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == "survived":
            mutation = job["mutations"][0]
            lines = result.get("diff", "").splitlines()
            added = [line[1:].strip() for line in lines if line.startswith("+") and not line.startswith("+++")]
            removed = [line[1:].strip() for line in lines if line.startswith("-") and not line.startswith("---")]
            shown = added[0] if added else f"removed: {next((r for r in removed if r), '')}" if removed else \
                mutation["operator_name"]
            where = f"{Path(mutation['module_path']).name} " if len(modules) > 1 else ""
            survivors.append(f"{where}line {mutation['start_pos'][0]} ({mutation.get('definition_name', '')}): "
                             f"`{shown}`")
    ran = counts["killed"] + counts["survived"]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=False).stdout.strip()
    return {"name": name, "module": ", ".join(modules), "commit": commit, **counts,
            "score": counts["killed"] / ran if ran else 1.0, "minutes": (time.monotonic() - started) / 60,
            "survivors": survivors}


RESULTS = ROOT / "mutation" / "results"
"""One JSON file per target's last run; ``report.md`` is made from all of them."""

KILLED_AFTER = ROOT / "mutation" / "killed-after.toml"
"""Survivors of a target's last run that a test written after it kills (checked by hand: the mutant applied to a
copy of the source, the test run against it), until the next run counts them."""

EQUIVALENT = ROOT / "mutation" / "equivalent.toml"
"""Survivors a person judged equivalent (no behaviour can tell them from the original), each with why: matched
by target and a piece of the mutated line, so that they stay matched when the lines move."""


def why_equivalent(target: str, survivor: str, known: list[dict[str, str]], key: str = "why") -> str | None:
    """The reason a survivor is equivalent (or, with ``key="test"``, the test written after the run that kills
    it), when the list has an entry for it. An entry's ``match`` is looked for in the survivor without its line
    number: ``[module.py ](function): `mutated line```, so it may name the module and function to be precise."""
    text = re.sub(r"\bline \d+ ", "", survivor, count=1)
    return next((entry[key] for entry in known if entry["target"] == target and entry["match"] in text), None)


def report(results: list[dict[str, object]], known: list[dict[str, str]],
           after: Sequence[dict[str, str]] = ()) -> str:
    """``report.md``: the table (score: killed of the mutants that changed code; then killed by the run, by a test
    written after it, or judged equivalent), then per module the survivors killed since, the equivalent ones with
    why, and those nobody has explained yet."""
    lines = ["| module | commit | mutants | killed | killed after | equivalent | unexplained | in annotations | "
             "score | score of the non-equivalent | killed, after or equivalent | minutes |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    sections: list[str] = []
    for r in results:
        survivors = [str(s) for s in r["survivors"]]  # type: ignore[attr-defined]
        tests = {s: why_equivalent(str(r["name"]), s, list(after), "test") for s in survivors}
        reasons = {s: why_equivalent(str(r["name"]), s, known) for s in survivors if not tests[s]}
        since = [s for s in survivors if tests[s]]
        explained = [s for s in survivors if reasons.get(s)]
        unexplained = [s for s in survivors if not tests[s] and not reasons.get(s)]
        ran = int(r["killed"]) + len(survivors)  # type: ignore[call-overload]
        good = int(r["killed"]) + len(since) + len(explained)  # type: ignore[call-overload]
        killable = ran - len(explained)
        proper = (int(r["killed"]) + len(since)) / killable if killable else 1.0  # type: ignore[call-overload]
        lines.append(f"| `{r['module']}` | {r.get('commit', '')} | {ran + int(r.get('annotations', 0))} | "  # type: ignore[call-overload]
                     f"{r['killed']} | {len(since)} | {len(explained)} | {len(unexplained)} | "
                     f"{r.get('annotations', 0)} | {float(r['score']):.1%} | {proper:.1%} | "  # type: ignore[arg-type]
                     f"{good / ran if ran else 1:.1%} | "
                     f"{float(r['minutes']):.1f} |")  # type: ignore[arg-type]
        if since:
            sections += ["", f"Survivors in `{r['module']}` killed by a test written after the run (checked by hand):",
                         *(f"- {s} — `{tests[s]}`" for s in since)]
        if explained:
            sections += ["", f"Equivalent survivors in `{r['module']}`:",
                         *(f"- {s} — {reasons[s]}" for s in explained)]
        if unexplained:
            sections += ["", f"Survivors in `{r['module']}` not yet killed or explained:",
                         *(f"- {s}" for s in unexplained)]
    lines += ["", "Score: killed of the mutants that changed code (those inside an annotation are not code: every "
                  "core module has `from __future__ import annotations`). Equivalent: judged by a person, with the "
                  "reason, in `mutation/equivalent.toml`. Score of the non-equivalent: killed by the run "
                  "or by a test written after it, of the mutants that changed code and are not equivalent (the "
                  "mutation score in its usual sense: an equivalent mutant cannot be killed).", *sections]
    return "\n".join(lines) + "\n"


def main(names: list[str]) -> None:
    RESULTS.mkdir(exist_ok=True)
    for name in names or list(TARGETS):
        result = run_target(name)
        (RESULTS / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    results = [json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8")) for name in TARGETS
               if (RESULTS / f"{name}.json").is_file()]
    known = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8")).get("equivalent", []) if EQUIVALENT.is_file() \
        else []
    after = tomllib.loads(KILLED_AFTER.read_text(encoding="utf-8")).get("killed", []) if KILLED_AFTER.is_file() \
        else []
    text = report(results, known, after)
    (ROOT / "mutation" / "report.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
