"""The ports' option names in the docs are the factories' (#15 item 7): every ``[adapters.<kind>.<name>]`` table a
page shows names a registered adapter whose factory takes each key shown, and every keyword option of a built-in
factory is named on some page — so a documented option always works, and no option exists only in the code."""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path

import pytest

from xcert_core.plugins import OPTION_KEYS, make_plugin_manager

ROOT = Path(__file__).resolve().parents[2]
PAGES = [*ROOT.joinpath("docs").rglob("*.md"), *ROOT.joinpath("src/xcert_adapters/guide").glob("*.md")]
PAGES = [page for page in PAGES if "_build" not in page.parts]
KINDS = {value: kind for kind, value in OPTION_KEYS.items()}
TOML_BLOCK = re.compile(r"```toml\n(.*?)```", re.DOTALL)


def documented_tables() -> list[tuple[str, str, str, set[str]]]:
    """(page, kind, name, keys) of every ``[adapters.<kind>.<name>]`` table in a TOML block of the docs."""
    found = []
    for page in PAGES:
        for block in TOML_BLOCK.findall(page.read_text(encoding="utf-8")):
            adapters = tomllib.loads(block).get("adapters", {})
            found += [(page.name, kind, name, set(options)) for kind, named in adapters.items()
                      for name, options in named.items()]
    return found


def keyword_options(factory: object) -> set[str] | None:
    """The keyword options a factory takes; ``None`` when it takes any (``**options``)."""
    parameters = inspect.signature(factory).parameters.values()  # type: ignore[arg-type]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return {p.name for p in parameters if p.kind in (inspect.Parameter.KEYWORD_ONLY,
                                                     inspect.Parameter.POSITIONAL_OR_KEYWORD) and
            p.default is not inspect.Parameter.empty}


def test_the_docs_show_adapter_options() -> None:
    assert documented_tables(), "no page shows an [adapters.<kind>.<name>] table any more"


@pytest.mark.parametrize(("page", "kind", "name", "keys"), documented_tables())
def test_every_documented_option_is_the_factorys(page: str, kind: str, name: str, keys: set[str]) -> None:
    plugins = make_plugin_manager()
    assert kind in KINDS, f"{page}: [adapters.{kind}] is no adapter kind ({', '.join(KINDS)})"
    factory = plugins.registry.factory(KINDS[kind], name)
    accepted = keyword_options(factory)
    assert accepted is None or keys <= accepted, f"{page}: {sorted(keys - accepted)} are not options of {name}"


def test_every_builtin_option_is_documented() -> None:
    plugins = make_plugin_manager()
    text = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    undocumented = []
    for kind in KINDS.values():
        for entry in (e for e in plugins.registry if e.kind is kind and e.plugin.startswith("xcert")):
            for option in keyword_options(entry.factory) or ():
                if not re.search(rf"\b{re.escape(option)}\b", text):
                    undocumented.append(f"{kind.name.lower()} {entry.name}: {option}")
    assert not undocumented, undocumented
