"""The plug-in system: entry points, built-ins first, replacement, disabling, and plug-in mistakes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from xcert_adapters.storage.memory import MemoryStorage
from xcert_core.errors import DuplicateAdapterError, DuplicateIssueCodeError, PluginError, UnknownAdapterError
from xcert_core.hookspecs import hook_names, hookimpl
from xcert_core.issues import IssueType
from xcert_core.plugins import DISABLE_ENV, make_plugin_manager
from xcert_core.registry import AdapterKind


def install_distribution(root: Path, monkeypatch: pytest.MonkeyPatch, *, name: str, entry_points: dict[str, str],
                         modules: dict[str, str]) -> None:
    """Put a real distribution (dist-info with entry_points.txt, plus its modules) on sys.path."""
    dist_info = root / f"{name}-0.1.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", "utf-8")
    lines = "\n".join(f"{key} = {value}" for key, value in entry_points.items())
    (dist_info / "entry_points.txt").write_text(f"[xcert]\n{lines}\n", "utf-8")
    for module, source in modules.items():
        (root / f"{module}.py").write_text(textwrap.dedent(source), "utf-8")
    monkeypatch.syspath_prepend(str(root))


REPLACING_STORAGE = """
    from xcert_adapters.storage.memory import MemoryStorage
    from xcert_core.hookspecs import hookimpl

    class LoudStorage(MemoryStorage):
        pass

    @hookimpl
    def xcert_register_storage(register):
        register("memory", LoudStorage, replace=True)
        register("loud", LoudStorage)
"""


def test_builtins_arrive_through_the_entry_point_group() -> None:
    plugins = make_plugin_manager(env={})
    names = plugins.plugin_names()
    core = [name for name in names if name.startswith("xcert-")]  # the core's own plug-ins come first
    assert names[: len(core)] == core and core[0] == "xcert-core" and "xcert-roster-rules" in core
    assert "xcert-photo-rules" in core
    assert names[len(core)] == "memory-storage"  # then the built-in entry points, by name
    entry = plugins.registry.entry(AdapterKind.STORAGE, "memory")
    assert entry.plugin == "memory-storage"
    assert entry.factory is MemoryStorage


def test_third_party_entry_point_replaces_a_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_distribution(tmp_path, monkeypatch, name="xcert_loud", entry_points={"loud": "loud_plugin"},
                         modules={"loud_plugin": REPLACING_STORAGE})
    plugins = make_plugin_manager(env={})
    assert "loud" in plugins.plugin_names()
    storage = plugins.open_storage("memory://")
    assert type(storage).__name__ == "LoudStorage"
    entry = plugins.registry.entry(AdapterKind.STORAGE, "memory")
    assert (entry.plugin, entry.replaced) == ("loud", ("memory-storage",))
    assert {"loud", "memory"} <= set(plugins.registry.names(AdapterKind.STORAGE))


@pytest.mark.parametrize("disable", ["loud", "*", " loud , other "])
def test_disabled_plugins_are_not_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disable: str) -> None:
    install_distribution(tmp_path, monkeypatch, name="xcert_loud", entry_points={"loud": "loud_plugin"},
                         modules={"loud_plugin": REPLACING_STORAGE})
    plugins = make_plugin_manager(env={"XCERT_DISABLE_PLUGINS": disable})
    assert "loud" not in plugins.plugin_names()
    assert type(plugins.open_storage("memory://")) is MemoryStorage


def test_builtins_can_be_disabled_by_name() -> None:
    plugins = make_plugin_manager(env={"XCERT_DISABLE_PLUGINS": "memory-storage"})
    with pytest.raises(UnknownAdapterError, match="memory"):
        plugins.open_storage("memory://")


def test_duplicate_name_without_replace_is_an_error() -> None:
    class Clash:
        @hookimpl
        def xcert_register_storage(self, register):  # type: ignore[no-untyped-def]
            register("memory", MemoryStorage)

    with pytest.raises(DuplicateAdapterError, match=r"'memory'.*memory-storage.*XCERT_DISABLE_PLUGINS"):
        make_plugin_manager([Clash()], env={})


def test_misspelt_hook_is_an_error() -> None:
    class Typo:
        @hookimpl
        def xcert_register_storages(self, register):  # type: ignore[no-untyped-def]
            register("x", MemoryStorage)

    with pytest.raises(PluginError, match="xcert_register_storages"):
        make_plugin_manager([Typo()], env={})


def test_unmarked_misspelt_hook_is_an_error_too() -> None:
    class Unmarked:
        def xcert_register_renderer(self, register):  # type: ignore[no-untyped-def]
            pass

    with pytest.raises(PluginError, match="xcert_register_renderer"):
        make_plugin_manager([Unmarked()], env={})


def test_broken_entry_point_names_the_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_distribution(tmp_path, monkeypatch, name="xcert_broken", entry_points={"broken": "broken_plugin"},
                         modules={"broken_plugin": "raise ImportError('needs a library that is missing')\n"})
    with pytest.raises(PluginError, match=r"'broken'.*xcert_broken.*XCERT_DISABLE_PLUGINS=broken"):
        make_plugin_manager(env={})
    assert "broken" not in make_plugin_manager(env={"XCERT_DISABLE_PLUGINS": "broken"}).plugin_names()


def test_every_adapter_kind_has_a_hook() -> None:
    assert {kind.hook_name for kind in AdapterKind} | {"xcert_register_issue_types"} == set(hook_names())


def test_each_kind_is_registered_through_its_own_hook() -> None:
    def factory() -> object:
        return object()

    class Everything:
        pass

    for kind in AdapterKind:
        def impl(self, register, _kind=kind):  # type: ignore[no-untyped-def]
            register(f"fake-{_kind.name.lower()}", factory)

        setattr(Everything, kind.hook_name, hookimpl(impl))
    plugins = make_plugin_manager([Everything()], env={})
    for kind in AdapterKind:
        assert f"fake-{kind.name.lower()}" in plugins.registry.names(kind)
        assert plugins.registry.entry(kind, f"fake-{kind.name.lower()}").plugin != "memory-storage"


def test_issue_types_are_catalogued_and_conflicts_refused() -> None:
    own = IssueType(code="school-number-format", title="学号格式错误", title_en="Bad student number",
                    message="学号{value}格式错误", message_en="bad student number {value}", family="example")

    class Adds:
        @hookimpl
        def xcert_register_issue_types(self, register):  # type: ignore[no-untyped-def]
            register(own)
            register(own)  # the same definition twice is harmless

    plugins = make_plugin_manager([Adds()], env={})
    assert plugins.catalogue.get("school-number-format") is own

    class Conflicts:
        @hookimpl
        def xcert_register_issue_types(self, register):  # type: ignore[no-untyped-def]
            register(IssueType(code="settings-unknown-code", title="x", title_en="x", message="x", message_en="x"))

    with pytest.raises(DuplicateIssueCodeError, match="settings-unknown-code"):
        make_plugin_manager([Conflicts()], env={})


def test_nothing_is_loaded_at_import_time() -> None:
    code = ("import sys, xcert_core, xcert_core.plugins, xcert_core.hookspecs;"
            "print(any(m.startswith('xcert_adapters') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_making_the_plugin_manager_loads_none_of_what_the_adapters_and_rules_use() -> None:
    """Every command makes the plugin manager at start-up: registering the built-in plug-ins (their names, factories
    and issue types) imports none of the libraries or rule modules that only running one needs."""
    heavy = ("PIL", "openpyxl", "reportlab", "sqlalchemy", "stdnum", "pycountry", "pypinyin", "python_calamine",
             "pikepdf", "xcert_core.roster.rules.names", "xcert_core.roster.rules.identity",
             "xcert_core.photos.checking", "xcert_core.registration.sheet", "xcert_core.exchange.package")
    code = ("import sys\nfrom xcert_core.plugins import make_plugin_manager\nplugins = make_plugin_manager()\n"
            f"print(sorted(name for name in {heavy!r} if name in sys.modules), len(list(plugins.catalogue)) > 200)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[] True"


def test_the_lazily_registered_families_and_issue_types_are_the_reporting_modules_own() -> None:
    """The roster families are registered by name and made on demand, and the roster's and the registration's issue
    types are registered from their issue-type modules: exactly the types the modules that report them list, and
    each family made under its name is the family of that name."""
    from xcert_core.issues.catalogue import defined_in  # noqa: PLC0415
    from xcert_core.registration import importing, issue_types, rules, sheet  # noqa: PLC0415
    from xcert_core.roster import issue_types as roster_types  # noqa: PLC0415
    from xcert_core.roster import reading  # noqa: PLC0415

    plugins = make_plugin_manager(env={})
    families = plugins.rule_families("roster")
    assert [family.name for family in families] == sorted(plugins.registry.names(AdapterKind.RULE))
    reported = {*reading.ISSUE_TYPES, roster_types.TYPE_CONFLICT, *(t for f in families for t in f.issue_types)}
    assert set(defined_in(roster_types)) == reported
    assert set(defined_in(issue_types)) == {*rules.ISSUE_TYPES, *sheet.ISSUE_TYPES, *importing.ISSUE_TYPES}
    assert reported <= set(plugins.catalogue)


def test_plugin_module_may_import_the_core_and_omit_hook_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_distribution(tmp_path, monkeypatch, name="xcert_polite", entry_points={"polite": "polite_plugin"},
                         modules={"polite_plugin": """
                             import xcert_core.model
                             from xcert_core.hookspecs import hookimpl

                             CALLED = []

                             @hookimpl
                             def xcert_register_rules():
                                 CALLED.append("rules")
                         """})
    plugins = make_plugin_manager(env={})
    assert "polite" in plugins.plugin_names()
    assert sys.modules["polite_plugin"].CALLED == ["rules"]


def test_two_distributions_with_one_entry_point_name_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_distribution(tmp_path / "a", monkeypatch, name="xcert_a", entry_points={"same": "mod_a"},
                         modules={"mod_a": ""})
    install_distribution(tmp_path / "b", monkeypatch, name="xcert_b", entry_points={"same": "mod_b"},
                         modules={"mod_b": ""})
    with pytest.raises(PluginError, match=r"'same'.*xcert_a.*xcert_b"):
        make_plugin_manager(env={})


# --- typed access (issue 15): the accessors check what a factory made against its port -------------------------


class _NotAWriter:
    """Registered as a workbook writer but has neither ``suffixes`` nor ``write``."""


class _CsvOnlyWriter:
    suffixes = (".csv",)

    def write(self, sheets: object, path: object) -> None:
        raise AssertionError("never called here")


def test_typed_accessors_refuse_an_adapter_that_is_not_its_port() -> None:
    class Bad:
        @hookimpl
        def xcert_register_workbook_writers(self, register: Any) -> None:
            register("broken", _NotAWriter)
            register("csv-writer", _CsvOnlyWriter)

    plugins = make_plugin_manager([Bad()], env={DISABLE_ENV: "*"})
    with pytest.raises(PluginError, match="WorkbookWriter"):
        plugins.workbook_writer(name="broken")
    assert type(plugins.workbook_writer(".csv", name="csv-writer")) is _CsvOnlyWriter
    with pytest.raises(PluginError, match="WorkbookWriter"):  # looking for any .xlsx writer meets the broken one
        plugins.workbook_writer()


def test_a_replaced_writer_is_used_by_every_caller() -> None:
    class Mine:
        suffixes = (".xlsx",)

        def write(self, sheets: object, path: object) -> None:
            pass

    class Replacing:
        @hookimpl
        def xcert_register_workbook_writers(self, register: Any) -> None:
            register("openpyxl", Mine, replace=True)

    plugins = make_plugin_manager([Replacing()], env={DISABLE_ENV: "*"})
    assert type(plugins.workbook_writer()) is Mine
    assert {"whitespace", "cell-text"} <= {f.name for f in plugins.rule_families("roster")}
    assert {f.target for f in plugins.rule_families()} >= {"roster"}
