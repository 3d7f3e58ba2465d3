"""Shared test settings: hypothesis profiles (``ci`` is the default; ``HYPOTHESIS_PROFILE=dev`` is quicker)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from xcert_adapters.testing.postgres_server import URL_ENV, find_binary, throwaway_server

settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A PostgreSQL URL: ``XCERT_TEST_POSTGRESQL_URL``, or a throwaway server started for this test run."""
    if os.environ.get(URL_ENV):
        yield os.environ[URL_ENV]
        return
    if not (find_binary("initdb") and find_binary("pg_ctl")):
        pytest.skip(f"PostgreSQL tests skipped: no server binaries (initdb, pg_ctl) and {URL_ENV} is not set")
    with throwaway_server() as url:
        yield url
