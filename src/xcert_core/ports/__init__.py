"""Ports: the protocols that adapters registered through the hooks must satisfy.

Each module states one seam's contract. The core programs against these protocols only; concrete adapters
live in :mod:`xcert_adapters` or in third-party plug-ins. ``xcert_core.testing`` holds the contract suites
that check an adapter against its port.
"""
