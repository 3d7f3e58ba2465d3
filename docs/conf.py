"""Sphinx configuration for xcert's documentation (Markdown through MyST).

Built warning-free by nox's docs session::

    .venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

``tests/docs/test_docs.py`` runs the same build, and keeps the hook reference and the issue-code page in sync with
the code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
SRC = DOCS.parent / "src"
sys.path.insert(0, str(SRC))  # autodoc imports xcert_core from the checkout, installed or not
sys.path.insert(0, str(DOCS / "_ext"))  # this site's own extensions

from xcert_core.__about__ import __version__  # noqa: E402

# -- Project -----------------------------------------------------------------------------------------------
project = "xcert"
author = "xcert developers"
copyright = "xcert developers"
version = ".".join(__version__.split(".")[:2])
release = __version__
language = "en"

# -- General -----------------------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "xcert_cli_reference",  # reference/cli.md, generated from the click group at build time
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# Unresolvable references to typing constructs and third-party classes are not worth a warning.
nitpicky = False
# xcert_core.model and xcert_core.issues re-export what their submodules define; a short name such as
# ``Candidate`` in a type hint may then match both paths. Either target is right, so do not warn.
suppress_warnings = ["ref.python"]

# -- MyST --------------------------------------------------------------------------------------------------
myst_heading_anchors = 3
myst_enable_extensions = ["deflist"]  # term / ": definition" lists (built into myst-parser)

# -- autodoc / napoleon ------------------------------------------------------------------------------------
autodoc_default_options = {
    "members": True,
    "member-order": "bysource",
    "show-inheritance": True,
    "undoc-members": True,
}
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autoclass_content = "class"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# napoleon reads the first line of an attribute's or property's docstring as "type: description", but xcert's
# docstrings are sentences ("The default class (班级) of a school candidate: program code and …"). Keep those
# docstrings as plain reStructuredText: stash them before napoleon runs and put them back after it.
_PLAIN_DOCSTRING_KINDS = frozenset({"attribute", "data", "property"})
_stashed_docstrings: dict[str, list[str]] = {}


def _stash_plain_docstring(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:  # noqa: PLR0917
    if what in _PLAIN_DOCSTRING_KINDS:
        _stashed_docstrings[name] = list(lines)


def _restore_plain_docstring(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:  # noqa: PLR0917
    if what in _PLAIN_DOCSTRING_KINDS and name in _stashed_docstrings:
        lines[:] = _stashed_docstrings.pop(name)


# -- HTML --------------------------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"xcert {release}"
html_static_path: list[str] = []


def setup(app: Any) -> dict[str, Any]:
    # napoleon handles autodoc-process-docstring at the default priority, 500.
    app.connect("autodoc-process-docstring", _stash_plain_docstring, priority=400)
    app.connect("autodoc-process-docstring", _restore_plain_docstring, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
