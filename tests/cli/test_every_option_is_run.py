"""Every ``xcert`` command and option is run by at least one test (#25 item 5).

The session sets ``XCERT_CLI_TRACE`` (``conftest.py``): each ``xcert`` the tests start records the command it ran
and the options given on its command line (:mod:`xcert_adapters.cli.trace`). ``conftest.py`` puts this module's
test after every other test of the session: it lists the click commands and options and fails naming each one
no test ran. In a parallel run (pytest-xdist) no test comes after all the others: the workers skip it and
``conftest.py`` makes the same check when the last worker has finished, failing the run the same way. It is
skipped when the session runs only part of the suite (a file, ``-k``, ``--lf``): then most commands are simply
not run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from option_coverage import not_run

TESTS = Path(__file__).parents[1]


def whole_suite(session: pytest.Session) -> bool:
    """Whether this session runs every test module of the suite (each module defining a test), unfiltered by
    ``-k``, ``-m``, ``--deselect`` or ``--lf``."""
    modules = {path.name for path in TESTS.rglob("test_*.py") if "\ndef test_" in path.read_text(encoding="utf-8")}
    collected = {Path(str(item.fspath)).name for item in session.items}
    config = session.config
    filtered = any(config.getoption(name, default=None) for name in ("keyword", "markexpr", "deselect", "lf"))
    return modules <= collected and not filtered


def test_every_command_and_option_is_run_by_a_test(request: pytest.FixtureRequest) -> None:
    if not whole_suite(request.session):
        pytest.skip("only part of the suite ran: run the whole suite to check which commands and options it runs")
    missing_commands, missing_options = not_run()
    assert not missing_commands, f"commands no test runs: {missing_commands}"
    assert not missing_options, f"options no test gives: {missing_options}"
