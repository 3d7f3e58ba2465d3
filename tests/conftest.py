"""Shared test settings: hypothesis profiles (``ci`` is the default; ``HYPOTHESIS_PROFILE=dev`` is quicker)."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
