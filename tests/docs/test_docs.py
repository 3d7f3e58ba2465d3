"""The documentation stays true to the code: every hook documented with its exact signature, the issue-code
page regenerated, every stored entity described, and the Sphinx build free of warnings."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from xcert_core import hookspecs
from xcert_core.model import STORED_ENTITIES
from xcert_core.plugins import DISABLE_ENV, make_plugin_manager

DOCS = Path(__file__).resolve().parents[2] / "docs"
HOOKS_PAGE = DOCS / "reference" / "hooks.md"
ISSUE_CODES_PAGE = DOCS / "reference" / "issue-codes.md"
ARCHITECTURE_PAGE = DOCS / "explanation" / "architecture.md"

HOOK_HEADING = re.compile(r"^## (xcert_\w+)\s*$", re.MULTILINE)
SIGNATURE_BLOCK = re.compile(r"^```python\n(def [^\n]*)\n```$", re.MULTILINE)


class _Source:
    """An annotation shown as its source text: what a string annotation looks like in the code."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _unquoted(annotation: Any) -> Any:
    return _Source(annotation) if isinstance(annotation, str) else annotation


def rendered_signature(name: str, func: Callable[..., Any]) -> str:
    """``f"def {name}{inspect.signature(func)}"`` with string annotations (``from __future__ import
    annotations``) shown as written in the source rather than quoted: ``register: Register[StorageFactory]``."""
    signature = inspect.signature(func)
    signature = signature.replace(
        parameters=[p.replace(annotation=_unquoted(p.annotation)) for p in signature.parameters.values()],
        return_annotation=_unquoted(signature.return_annotation),
    )
    return f"def {name}{signature}"


def documented_hooks() -> dict[str, str | None]:
    """Hook name -> the signature line of the first ``python`` code block in its section (None if absent)."""
    text = HOOKS_PAGE.read_text("utf-8")
    headings = list(HOOK_HEADING.finditer(text))
    sections: dict[str, str | None] = {}
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end() : following.start() if following else len(text)]
        block = SIGNATURE_BLOCK.search(body)
        sections[heading.group(1)] = block.group(1) if block else None
    return sections


def test_rendered_signature_drops_the_quotes_of_string_annotations() -> None:
    assert rendered_signature("xcert_register_storage", hookspecs.xcert_register_storage) == (
        "def xcert_register_storage(register: Register[StorageFactory]) -> None"
    )


def test_every_hook_has_a_section_in_the_hook_reference() -> None:
    missing = [name for name in hookspecs.hook_names() if name not in documented_hooks()]
    assert not missing, f"docs/reference/hooks.md has no '## <hook>' section for: {', '.join(missing)}"


def test_the_hook_reference_documents_no_hook_that_does_not_exist() -> None:
    stale = sorted(set(documented_hooks()) - set(hookspecs.hook_names()))
    assert not stale, f"docs/reference/hooks.md documents hooks that hookspecs.py no longer declares: {stale}"


@pytest.mark.parametrize("name", hookspecs.hook_names())
def test_documented_hook_signature_matches_the_hookspec(name: str) -> None:
    documented = documented_hooks().get(name, "(no section)")
    expected = rendered_signature(name, getattr(hookspecs, name))
    assert documented == expected, (
        f"docs/reference/hooks.md, section {name}: the first ```python block must be exactly\n"
        f"    {expected}\nbut it is\n    {documented}"
    )


def test_issue_code_page_is_generated_from_the_catalogue() -> None:
    # Built-ins only, so a third-party plug-in installed in the developer's environment changes nothing.
    expected = make_plugin_manager(env={DISABLE_ENV: "*"}).catalogue.to_markdown()
    actual = ISSUE_CODES_PAGE.read_text("utf-8") if ISSUE_CODES_PAGE.exists() else ""
    assert actual == expected, (
        "docs/reference/issue-codes.md is out of date with the issue catalogue; regenerate it with "
        "`xcert codes --markdown > docs/reference/issue-codes.md` (with no third-party plug-ins, or "
        f"{DISABLE_ENV}='*')"
    )


@pytest.mark.parametrize("entity", STORED_ENTITIES, ids=lambda entity: entity.__name__)
def test_every_stored_entity_is_described_with_its_key(entity: type[Any]) -> None:
    rows = [
        line
        for line in ARCHITECTURE_PAGE.read_text("utf-8").splitlines()
        if line.startswith(f"| `{entity.__name__}` |")
    ]
    assert rows, f"docs/explanation/architecture.md: the stored-entities table has no row for {entity.__name__}"
    key = ", ".join(f"`{name}`" for name in entity.key_fields)
    assert f"| {key} |" in rows[0], (
        f"docs/explanation/architecture.md: the row of {entity.__name__} must give its key_fields as | {key} |"
    )
    for fields in getattr(entity, "unique_fields", ()):
        unique = "(" + ", ".join(f"`{name}`" for name in fields) + ")"
        assert unique in rows[0], (
            f"docs/explanation/architecture.md: the row of {entity.__name__} must name its unique fields {unique}"
        )


def test_architecture_lists_every_hook() -> None:
    text = ARCHITECTURE_PAGE.read_text("utf-8")
    missing = [name for name in hookspecs.hook_names() if f"| `{name}` |" not in text]
    assert not missing, f"docs/explanation/architecture.md: the hook table has no row for {', '.join(missing)}"


# Sphinx 9's own napoleon still uses the autodoc options mapping it deprecates; that is not ours to fix.
@pytest.mark.filterwarnings("ignore:The mapping interface for autodoc options objects is deprecated")
def test_docs_build_without_warnings(tmp_path: Path) -> None:
    sphinx_build = pytest.importorskip("sphinx.cmd.build")
    pytest.importorskip("myst_parser")

    status = sphinx_build.build_main(["-W", "--keep-going", "-b", "html", "-q", str(DOCS), str(tmp_path / "html")])
    assert status == 0, "the Sphinx build reported warnings (shown above); see docs/conf.py"


def test_the_rule_targets_the_docs_name_are_the_ones_xcert_runs() -> None:
    """A plug-in written to the docs must run: the write-a-rule guide and the rule port name exactly the targets
    xcert runs families for (the port once said ``"photos"`` where the code filtered on ``"photo"``)."""
    import re  # noqa: PLC0415

    from xcert_core.ports import rules  # noqa: PLC0415

    guide = (DOCS / "how-to" / "write-a-rule.md").read_text("utf-8")
    port = rules.RuleFamily.__doc__ or ""
    for text in (guide, port):
        named = set(re.findall(r'`{1,2}"([a-z-]+)"`{1,2}', text))
        assert named >= set(rules.TARGETS), named
        assert not named & {"photos", "registrations", "rosters"}, named
    from xcert_core.plugins import make_plugin_manager  # noqa: PLC0415

    assert {family.target for family in make_plugin_manager(env={DISABLE_ENV: "*"}).rule_families()} <= set(
        rules.TARGETS)
