"""Developer sessions: ``nox -s tests lint typecheck docs bench mutants`` (``pip install nox`` first)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"

SOURCES = ["src", "tests", "benchmarks", "mutation", "noxfile.py", "docs/examples", "docs/_ext"]


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, as the README's test line runs it."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over sources, tests and benchmarks."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", *SOURCES)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy: strict on xcert_core, checked on xcert_adapters (see pyproject.toml)."""
    session.install("-e", ".[test]", "mypy>=1.11")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """The Sphinx site, warnings are errors."""
    session.install("-e", ".[docs]")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: each prints its ratio against the bare library doing the same work in the same run."""
    session.install("-e", ".", "segno>=1.6")  # segno: the QR encoder of the printed pack's bare script (issue 21)
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def mutants(session: nox.Session) -> None:
    """Mutation testing of the core's decision code (Cosmic Ray; slow, not in CI): the score per module and each
    surviving mutant, in mutation/report.md. ``nox -s mutants -- privacy`` runs one target of
    mutation/targets.toml."""
    session.install("-e", ".[test]", "cosmic-ray>=8.4")
    session.run("python", "mutation/run.py", *session.posargs)
