"""Every Python example in the documentation runs.

Each page's ```python blocks (and ```pycon blocks) run in order in one namespace, in a fresh temporary
directory, the way a reader would paste them into one session: a block with ``>>>`` prompts is a doctest (its
shown output is compared), any other block is executed. A page whose examples refer to files or data a reader
already has (a photo zip, rendered tickets) gets them from :data:`PAGE_SETUP` — built here with the same helpers
the other tests use, never by editing what the page shows. A block that is a single signature line (the hook
reference is made of them) is compiled with an empty body instead of run.

Shell (```sh) blocks are not run.
"""

from __future__ import annotations

import doctest
import os
import re
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXAMPLES = DOCS / "examples"
EXAMPLE_PLUGIN = EXAMPLES / "xcert-example-plugin" / "src"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n"
                   r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
PYTHON = {"python", "py", "python3", "pycon", "{code-block} python", "{code-block} pycon"}
SIGNATURE = re.compile(r"(?:def )?\w+\(.*\)(?: -> [^:#]+?)?\s*(?:#.*)?\n?")
"""A block that is one signature line (``def hook(register: …) -> None``): compiled with a ``...`` body, not
run. The hook reference is made of these, and ``tests/test_docs.py`` compares them with the hookspecs."""


def pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)


def python_blocks(path: Path) -> list[tuple[int, str]]:
    """``(line, source)`` of each Python block of a Markdown page, in order."""
    text = path.read_text("utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        if match.group("info").strip() in PYTHON:
            body = textwrap.dedent(match.group("body"))
            body = "\n".join(line for line in body.splitlines() if not line.startswith(":"))  # directive options
            blocks.append((text.count("\n", 0, match.start("body")) + 1, body + "\n"))
    return blocks


def _name(path: Path) -> str:
    return path.relative_to(DOCS).as_posix() if path.is_relative_to(DOCS) else path.name


# -- what a page's reader is assumed to have --------------------------------------------------------------


def _photos(tmp_path: Path) -> dict[str, Any]:
    """check-photos: a store with one candidate, and 照片.zip with that candidate's photo."""
    from photo_files import id_number, photo_bytes, write_zip  # noqa: PLC0415
    from xcert_adapters.storage.memory import MemoryStorage  # noqa: PLC0415
    from xcert_core.testing.storage_contract import sample_candidate  # noqa: PLC0415

    storage = MemoryStorage()
    storage.add(sample_candidate("S001", id_number(1)))
    write_zip(tmp_path / "照片.zip", [(f"{id_number(1)}.jpg", photo_bytes())])
    return {"storage": storage}


def _tickets(tmp_path: Path) -> dict[str, Any]:
    """configure-fonts: admission tickets to render."""
    from xcert_core.model import AdmissionTicket  # noqa: PLC0415
    from xcert_core.testing.renderer_contract import sample_documents  # noqa: PLC0415

    return {"tickets": sample_documents(AdmissionTicket)}


def _remote_service(tmp_path: Path) -> dict[str, Any]:
    """write-an-identity-verifier: docs/examples importable, and a comparison service that says "match"."""
    def my_http_send(payload: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**entry, "result": "match"} for entry in payload]

    return {"my_http_send": my_http_send}


def _my_store(tmp_path: Path) -> dict[str, Any]:
    """hooks: the storage adapter the registration example registers."""
    from xcert_adapters.storage.memory import MemoryStorage  # noqa: PLC0415

    return {"MyStore": MemoryStorage}


PAGE_SETUP: dict[str, Callable[[Path], dict[str, Any]]] = {
    "reference/hooks.md": _my_store,
    "how-to/check-photos.md": _photos,
    "how-to/configure-fonts.md": _tickets,
    "how-to/write-an-identity-verifier.md": _remote_service,
}


@pytest.fixture
def in_tmp_path(tmp_path: Path) -> Iterator[Path]:
    """Run in an empty directory with docs/examples and the example plug-in importable, as for a reader who
    follows the guides (they install the plug-in with ``pip install -e``)."""
    cwd = Path.cwd()
    os.chdir(tmp_path)
    sys.path[:0] = [str(EXAMPLES), str(EXAMPLE_PLUGIN)]
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(EXAMPLES))
        sys.path.remove(str(EXAMPLE_PLUGIN))
        os.chdir(cwd)


EXAMPLE_PAGES = [p for p in pages() if python_blocks(p)]


def run_page(path: Path, names: dict[str, Any]) -> None:
    """Run the page's blocks in order in one module's namespace (registered in ``sys.modules`` meanwhile, so
    an example may pass its own module as a plug-in), with ``names`` defined."""
    module = types.ModuleType("docs_example_" + re.sub(r"\W", "_", path.stem))
    namespace = module.__dict__
    namespace.update(names)
    sys.modules[module.__name__] = module
    try:
        _run_blocks(path, namespace)
    finally:
        del sys.modules[module.__name__]


def _run_blocks(path: Path, namespace: dict[str, Any]) -> None:
    for line, source in python_blocks(path):
        where = f"{_name(path)}, line {line}"
        if SIGNATURE.fullmatch(source):
            signature = source.split("#")[0].strip()
            compile(("" if signature.startswith("def ") else "def ") + signature + ": ...\n", where, "exec")
        elif re.search(r"^\s*>>> ", source, re.MULTILINE):
            test = doctest.DocTestParser().get_doctest(source, namespace, where, str(path), line)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
            output: list[str] = []
            runner.run(test, out=output.append, clear_globs=False)
            assert runner.failures == 0, f"{where}: the doctest failed\n" + "".join(output)
            namespace.update(test.globs)  # DocTest works on a copy; later blocks see what this one defined
        else:
            try:
                exec(compile(source, where, "exec"), namespace)  # the documentation's own examples
            except Exception as exc:
                raise AssertionError(f"{where}: the example raised {type(exc).__name__}: {exc}\n{source}") from exc


@pytest.mark.parametrize("path", EXAMPLE_PAGES, ids=_name)
def test_the_pages_python_examples_run(path: Path, in_tmp_path: Path) -> None:
    setup = PAGE_SETUP.get(_name(path))
    run_page(path, setup(in_tmp_path) if setup else {})


def test_every_page_setup_belongs_to_a_page_with_examples() -> None:
    assert set(PAGE_SETUP) <= {_name(p) for p in EXAMPLE_PAGES}


def test_the_collector_finds_blocks_and_the_runner_fails_on_a_broken_example(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# t\n\n```python\nx = 1\n```\n\n```sh\nexit 1\n```\n\n```pycon\n>>> x + 1\n3\n```\n", "utf-8")
    assert [line for line, _ in python_blocks(page)] == [4, 12]
    with pytest.raises(AssertionError, match="doctest failed"):
        run_page(page, {})
    page.write_text("```python\nraise ValueError('boom')\n```\n", "utf-8")
    with pytest.raises(AssertionError, match="boom"):
        run_page(page, {})
    page.write_text("```python\ndef hook(register: Register[F]) -> None\n```\n", "utf-8")
    run_page(page, {})  # a signature: compiled, not run (Register is undefined)
    page.write_text("```python\ndef hook(register: Register[F] -> None\n```\n", "utf-8")
    with pytest.raises(AssertionError, match="SyntaxError"):
        run_page(page, {})
