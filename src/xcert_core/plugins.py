"""Building the plugin manager: built-ins first, then third-party entry points, then the registries.

:func:`make_plugin_manager` is the only way in; nothing is loaded at import time. It

1. registers the core's own plug-ins (``xcert-core``; ``xcert-roster-rules``, the roster rule families;
   ``xcert-photo-rules``, the photo issue types; ``xcert-verifiers``, the offline identity verifiers;
   ``xcert-registration``, the registration rules and the sample certificate catalogue),
2. loads the entry points of the group ``xcert`` published by the ``xcert`` distribution (the built-in
   adapters), then those of every other distribution ordered by entry-point name,
3. skips any plug-in named in ``XCERT_DISABLE_PLUGINS`` (comma-separated names; ``*`` disables every
   third-party plug-in but keeps the built-ins),
4. refuses implementations of hooks that do not exist (a misspelt ``xcert_`` hook is an error, not silence),
5. calls every registration hook once per plug-in, in load order, filling the adapter registry and the issue
   catalogue.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import os
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pluggy

from xcert_core import hookspecs
from xcert_core.errors import PluginError
from xcert_core.fees.plugin import FeesPlugin
from xcert_core.issue_types import CorePlugin
from xcert_core.issues import IssueCatalogue, IssueType
from xcert_core.organisation.plugin import OrganisationPlugin
from xcert_core.photos.plugin import PhotoRulesPlugin
from xcert_core.ports.numbering import TicketScheme
from xcert_core.ports.outputs import OutputStore, store_name
from xcert_core.ports.platform import PlatformPackager
from xcert_core.ports.reference import ReferenceProvider
from xcert_core.ports.rendering import Renderer
from xcert_core.ports.rules import RuleFamily
from xcert_core.ports.storage import Storage, url_scheme
from xcert_core.ports.verification import IdentityVerifier
from xcert_core.ports.workbooks import WorkbookWriter
from xcert_core.registration.plugin import RegistrationPlugin
from xcert_core.registry import AdapterKind, AdapterRegistry
from xcert_core.results.plugin import ResultsPlugin
from xcert_core.roster.rules.plugin import RosterRulesPlugin
from xcert_core.scheduling.plugin import SchedulingPlugin
from xcert_core.verification.verifiers import VerifiersPlugin

OPTION_KEYS = {AdapterKind.WORKBOOK_WRITER: "workbook_writer", AdapterKind.RENDERER: "renderer",
               AdapterKind.IDENTITY_VERIFIER: "verifier", AdapterKind.PLATFORM_PACKAGER: "platform_packager",
               AdapterKind.TICKET_SCHEME: "ticket_scheme", AdapterKind.REFERENCE_PROVIDER: "reference"}
"""The name each adapter kind has in :meth:`XcertPlugins.configure` (and ``xcert.toml``'s ``[adapters]``)."""
ENTRY_POINT_GROUP = "xcert"
BUILTIN_DISTRIBUTION = "xcert"
DISABLE_ENV = "XCERT_DISABLE_PLUGINS"
CORE_PLUGIN_NAME = "xcert-core"
ROSTER_RULES_PLUGIN_NAME = "xcert-roster-rules"
VERIFIERS_PLUGIN_NAME = "xcert-verifiers"
REGISTRATION_PLUGIN_NAME = "xcert-registration"


class XcertPlugins:
    """The loaded plug-ins: the pluggy manager, the adapter registry and the issue catalogue."""

    def __init__(self, manager: pluggy.PluginManager, registry: AdapterRegistry, catalogue: IssueCatalogue,
                 disabled: frozenset[str]) -> None:
        self.manager = manager
        self.registry = registry
        self.catalogue = catalogue
        self.disabled = disabled
        self.adapter_options: dict[str, dict[str, dict[str, Any]]] = {}

    def configure(self, adapter_options: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> None:
        """Keyword options for the typed accessors' factories, by option key (:data:`OPTION_KEYS`) and plug-in
        name — a workspace passes its ``xcert.toml`` ``[adapters.<kind>.<name>]`` tables here; options given
        to an accessor call take precedence."""
        self.adapter_options = {kind: {name: dict(options) for name, options in names.items()}
                                for kind, names in adapter_options.items()}

    def create(self, kind: AdapterKind, name: str, *args: Any, **options: Any) -> Any:
        """Call the factory registered for ``kind`` and ``name`` with ``args`` and keyword ``options``
        (untyped: prefer the typed accessors below, which check the result against its port)."""
        return self.registry.factory(kind, name)(*args, **options)

    def _typed(self, kind: AdapterKind, name: str, port: Any, *args: Any, **options: Any) -> Any:
        """The adapter made by ``create``, refused (:class:`PluginError`) unless it is a ``port`` (a
        runtime-checkable protocol: the attributes and methods the port names are there)."""
        configured = self.adapter_options.get(OPTION_KEYS.get(kind, ""), {}).get(name, {})
        made = self.create(kind, name, *args, **{**configured, **options})
        if not isinstance(made, port):
            entry = self.registry.entry(kind, name)
            raise PluginError(f"插件 {entry.plugin} 注册的{kind.label}“{name}”不符合 {port.__name__} 接口 / the "
                              f"{kind.name.lower()} {name!r} of plug-in {entry.plugin} is no {port.__name__}")
        return made

    def workbook_writer(self, suffix: str = ".xlsx", name: str | None = None, **options: Any) -> WorkbookWriter:
        """The writer registered as ``name``, or else the first writer (in name order) that writes ``suffix``:
        no caller names a built-in, and a plug-in that replaces ``openpyxl`` (``replace=True``) is used
        everywhere. :class:`PluginError` when none writes ``suffix``."""
        if name is None:
            for candidate in self.registry.names(AdapterKind.WORKBOOK_WRITER):
                writer: WorkbookWriter = self._typed(AdapterKind.WORKBOOK_WRITER, candidate, WorkbookWriter, **options)
                if suffix.lower() in writer.suffixes:
                    return writer
            raise PluginError(f"没有能写出 {suffix} 文件的表格插件 / no workbook writer for {suffix}")
        named: WorkbookWriter = self._typed(AdapterKind.WORKBOOK_WRITER, name, WorkbookWriter, **options)
        return named

    def renderer(self, name: str = "pdf", **options: Any) -> Renderer:
        """The document renderer ``name`` (the built-in ``pdf`` takes ``font=…``)."""
        renderer: Renderer = self._typed(AdapterKind.RENDERER, name, Renderer, **options)
        return renderer

    def verifier(self, name: str, **options: Any) -> IdentityVerifier:
        """The identity verifier ``name``, its factory called with keyword options (the built-in
        ``platform-results`` takes ``path=`` the platform's exported list)."""
        verifier: IdentityVerifier = self._typed(AdapterKind.IDENTITY_VERIFIER, name, IdentityVerifier, **options)
        return verifier

    def platform_packager(self, name: str = "x-platform", **options: Any) -> PlatformPackager:
        """The platform packager ``name``."""
        packager: PlatformPackager = self._typed(AdapterKind.PLATFORM_PACKAGER, name, PlatformPackager, **options)
        return packager

    def ticket_scheme(self, name: str = "default", **options: Any) -> TicketScheme:
        """The ticket-number scheme (准考证号编排) ``name``: scheduling and late seating number tickets with it."""
        scheme: TicketScheme = self._typed(AdapterKind.TICKET_SCHEME, name, TicketScheme, **options)
        return scheme

    def reference(self, name: str = "sample", **options: Any) -> ReferenceProvider:
        """The reference-data provider ``name``: its certificates are what a new workspace starts with and what
        the workspace-less checks know."""
        provider: ReferenceProvider = self._typed(AdapterKind.REFERENCE_PROVIDER, name, ReferenceProvider, **options)
        return provider

    def rule_families(self, target: str | None = None) -> list[RuleFamily]:
        """Every registered rule family that checks ``target`` (``"roster"``, ``"photo"``; ``None``: every
        family), in name order."""
        families: list[RuleFamily] = [self._typed(AdapterKind.RULE, name, RuleFamily)
                                      for name in self.registry.names(AdapterKind.RULE)]
        return [family for family in families if target is None or family.target == target]

    def output_store(self, target: str) -> OutputStore:
        """The output store a target selects (:func:`~xcert_core.ports.outputs.store_name`: a plain path is the
        ``folder`` store, ``name://…`` the store registered as ``name``), made with the whole target."""
        store: OutputStore = self._typed(AdapterKind.OUTPUT_STORE, store_name(target), OutputStore, target)
        return store

    def open_storage(self, url: str) -> Storage:
        """Open the storage a URL selects by its scheme (``memory://``, ``sqlite:///…``, ``postgresql+…``)."""
        storage: Storage = self.create(AdapterKind.STORAGE, url_scheme(url), url)
        return storage

    def plugin_names(self) -> list[str]:
        """Registered plug-in names in load order."""
        return [name for name, plugin in self.manager.list_name_plugin() if plugin is not None]


def disabled_plugins(env: Mapping[str, str]) -> frozenset[str]:
    """The plug-in names ``XCERT_DISABLE_PLUGINS`` lists (whitespace around names ignored)."""
    return frozenset(name.strip() for name in env.get(DISABLE_ENV, "").split(",") if name.strip())


def _entry_points() -> list[importlib.metadata.EntryPoint]:
    """The group's entry points, the built-in distribution's first, then the rest by name."""
    points = list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))

    def is_builtin(point: importlib.metadata.EntryPoint) -> bool:
        return _distribution(point).lower() == BUILTIN_DISTRIBUTION

    unique: dict[str, importlib.metadata.EntryPoint] = {}
    for point in sorted(points, key=lambda p: (not is_builtin(p), p.name)):
        seen = unique.setdefault(point.name, point)
        if seen is not point and _distribution(seen) != _distribution(point):
            first, second = sorted((_distribution(seen), _distribution(point)))
            raise PluginError(
                f"插件名称重复: entry point {point.name!r} is published by both {first} and {second}; "
                "uninstall one of them"
            )
    return list(unique.values())  # the same distribution seen twice on sys.path counts once


def _distribution(point: importlib.metadata.EntryPoint) -> str:
    """The name of the distribution publishing ``point`` ("?" when unknown). ``Distribution.name`` parses the
    distribution's METADATA file every time it is read (an e-mail parser, ~1.5 ms); the names are kept per
    distribution object, so a command start parses each distribution once, not once per entry point."""
    dist = point.dist
    if dist is None:
        return "?"
    name = _DISTRIBUTION_NAMES.get(dist)
    if name is None:
        name = _DISTRIBUTION_NAMES[dist] = dist.name
    return name


_DISTRIBUTION_NAMES: weakref.WeakKeyDictionary[importlib.metadata.Distribution, str] = weakref.WeakKeyDictionary()


def _load_entry_points(manager: pluggy.PluginManager, disabled: frozenset[str]) -> None:
    for point in _entry_points():
        builtin = _distribution(point).lower() == BUILTIN_DISTRIBUTION
        if point.name in disabled or ("*" in disabled and not builtin):
            manager.set_blocked(point.name)
            continue
        if manager.has_plugin(point.name):
            continue
        distribution = _distribution(point)
        try:
            plugin = point.load()
        except Exception as exc:
            raise PluginError(
                f"插件加载失败: plug-in {point.name!r} (distribution {distribution}, {point.value}) could not "
                f"be loaded: {type(exc).__name__}: {exc}. Disable it with {DISABLE_ENV}={point.name}"
            ) from exc
        _register(manager, plugin, point.name)


def _register(manager: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Register one plug-in, refusing ``xcert_*`` functions that are not hooks (a misspelt hook name).

    Only functions and methods count: a plug-in module that imports ``xcert_core`` is fine.
    """
    known = set(hookspecs.hook_names())
    unknown = sorted(
        attr for attr in dir(plugin)
        if attr.startswith("xcert_") and attr not in known and inspect.isroutine(getattr(plugin, attr, None))
    )
    if unknown:
        raise PluginError(
            f"插件 {name!r} 实现了不存在的钩子: plug-in {name!r} defines {', '.join(unknown)}, which "
            f"{'is not a hook' if len(unknown) == 1 else 'are not hooks'} (known: {', '.join(sorted(known))})"
        )
    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"插件 {name!r} 的钩子签名错误: {exc}") from exc


def _fill_registries(manager: pluggy.PluginManager) -> tuple[AdapterRegistry, IssueCatalogue]:
    """Call every registration hook once per plug-in, in load order, through pluggy (so argument handling,
    hook wrappers and validation are pluggy's), telling each ``register`` which plug-in is calling."""
    registry = AdapterRegistry()
    catalogue = IssueCatalogue()
    plugins = [(name, plugin) for name, plugin in manager.list_name_plugin() if plugin is not None]
    for name, plugin in plugins:
        others = [other for _, other in plugins if other is not plugin]
        for kind in AdapterKind:
            caller = manager.subset_hook_caller(kind.hook_name, remove_plugins=others)
            caller(register=_adapter_register(registry, kind, name))
        caller = manager.subset_hook_caller("xcert_register_issue_types", remove_plugins=others)
        caller(register=_issue_type_register(catalogue, name))
    return registry, catalogue


def _adapter_register(registry: AdapterRegistry, kind: AdapterKind, plugin: str) -> Callable[..., None]:
    def register(name: str, factory: Callable[..., Any], *, replace: bool = False) -> None:
        registry.register(kind, name, factory, plugin=plugin, replace=replace)

    return register


def _issue_type_register(catalogue: IssueCatalogue, plugin: str) -> Callable[[IssueType], None]:
    def register(issue_type: IssueType) -> None:
        if not isinstance(issue_type, IssueType):
            raise PluginError(f"plug-in {plugin!r} registered {issue_type!r}, which is not an IssueType")
        catalogue.add(issue_type, plugin=plugin)

    return register


def make_plugin_manager(
    plugins: Iterable[object] = (),
    *,
    load_entrypoints: bool = True,
    env: Mapping[str, str] | None = None,
) -> XcertPlugins:
    """Build the plugin manager (see the module docstring for the order).

    ``plugins`` are extra plug-in objects (modules or instances with ``@hookimpl`` methods) registered after
    the entry points, for embedding systems and tests. ``env`` defaults to ``os.environ``.
    Raises :class:`~xcert_core.errors.PluginError` (or a subclass) when a plug-in cannot be loaded, implements
    an unknown hook, or registers a duplicate name.
    """
    disabled = disabled_plugins(os.environ if env is None else env)
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    manager.register(CorePlugin(), name=CORE_PLUGIN_NAME)
    manager.register(RosterRulesPlugin(), name=ROSTER_RULES_PLUGIN_NAME)
    manager.register(PhotoRulesPlugin(), name="xcert-photo-rules")
    manager.register(VerifiersPlugin(), name=VERIFIERS_PLUGIN_NAME)
    manager.register(RegistrationPlugin(), name=REGISTRATION_PLUGIN_NAME)
    manager.register(SchedulingPlugin(), name="xcert-scheduling")
    manager.register(ResultsPlugin(), name="xcert-results")
    manager.register(FeesPlugin(), name="xcert-fees")
    manager.register(OrganisationPlugin(), name="xcert-organisation")
    if load_entrypoints:
        _load_entry_points(manager, disabled)
    for plugin in plugins:
        name = manager.get_canonical_name(plugin)
        if name in disabled:
            continue
        _register(manager, plugin, name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"插件实现了不存在的钩子: {exc}") from exc
    registry, catalogue = _fill_registries(manager)
    return XcertPlugins(manager, registry, catalogue, disabled)
