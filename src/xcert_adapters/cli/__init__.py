"""The ``xcert`` command line. Help texts are Chinese first, English alongside; exit codes:

* 0 — done, no errors (warnings allowed)
* 1 — problems found in the data (see the report)
* 2 — unusable input or wrong usage (a one-line reason on stderr)
* 3 — an internal error in xcert or a plug-in (set ``XCERT_DEBUG=1`` for the traceback)
* 130 — interrupted (Ctrl-C); whatever was committed stays, the rest is rolled back: run the command again
"""

from xcert_adapters.cli.app import main

__all__ = ["main"]
