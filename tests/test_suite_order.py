"""The suite's own order (``tests/conftest.py``): the modules that take longest are handed to the workers first,
so that no worker is left with one of them while the other has nothing to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIRST


def test_every_module_named_first_is_a_module_of_the_suite() -> None:
    modules = [path.name for path in Path(__file__).parent.rglob("test_*.py")]
    assert sorted(set(FIRST) - set(modules)) == []  # a module renamed or removed must leave the list too
    assert len(set(FIRST)) == len(FIRST)


def test_xdist_hands_the_modules_out_in_the_order_given(pytestconfig: pytest.Config) -> None:
    """pytest-xdist 3.8 reorders ``loadscope`` modules by their number of tests unless told not to, which undoes
    the longest-first order (the browser walkthrough, 25 s in two tests, went last)."""
    if not pytestconfig.pluginmanager.hasplugin("xdist"):
        pytest.skip("pytest-xdist is not loaded (-p no:xdist)")
    assert pytestconfig.getoption("loadscopereorder") is False
