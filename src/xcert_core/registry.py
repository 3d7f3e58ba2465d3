"""The adapter registry the core owns: kind -> name -> factory, filled through the registration hooks."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from typing import Any

from attrs import frozen

from xcert_core.errors import DuplicateAdapterError, UnknownAdapterError


class AdapterKind(enum.Enum):
    """One kind of swappable seam; ``value`` is the hook that registers it, ``label`` the Chinese name."""

    STORAGE = ("xcert_register_storage", "存储")
    WORKBOOK_READER = ("xcert_register_workbook_readers", "表格读取")
    WORKBOOK_WRITER = ("xcert_register_workbook_writers", "表格写出")
    IDENTITY_VERIFIER = ("xcert_register_identity_verifiers", "身份认证")
    PLATFORM_PACKAGER = ("xcert_register_platform_packagers", "平台数据包")
    RENDERER = ("xcert_register_renderers", "文档渲染")
    REFERENCE_PROVIDER = ("xcert_register_reference_providers", "参考数据")
    RULE = ("xcert_register_rules", "校验规则")
    TICKET_SCHEME = ("xcert_register_ticket_schemes", "准考证号编排")
    OUTPUT_STORE = ("xcert_register_output_stores", "输出存储")

    @property
    def hook_name(self) -> str:
        return str(self.value[0])

    @property
    def label(self) -> str:
        return str(self.value[1])


@frozen
class AdapterEntry:
    """One registered adapter: who registered it, and whose registration it replaced, if any."""

    kind: AdapterKind
    name: str
    factory: Callable[..., Any]
    plugin: str
    replaced: tuple[str, ...] = ()


class AdapterRegistry:
    """Factories by kind and name. Duplicate names are refused unless the newcomer says ``replace=True``."""

    def __init__(self) -> None:
        self._entries: dict[AdapterKind, dict[str, AdapterEntry]] = {kind: {} for kind in AdapterKind}

    def register(
        self, kind: AdapterKind, name: str, factory: Callable[..., Any], *, plugin: str, replace: bool = False
    ) -> None:
        if not name or not isinstance(name, str):
            raise ValueError(f"plug-in {plugin!r} registered a {kind.name.lower()} adapter without a name")
        if not callable(factory):
            raise TypeError(f"plug-in {plugin!r} registered {kind.name.lower()} {name!r} with a non-callable")
        existing = self._entries[kind].get(name)
        replaced: tuple[str, ...] = ()
        if existing is not None:
            if not replace:
                raise DuplicateAdapterError(
                    f"{kind.label}适配器名称重复: {kind.name.lower()} adapter {name!r} is registered by plug-in "
                    f"{existing.plugin!r} and again by {plugin!r}. Pass replace=True to replace it on purpose, "
                    f"or disable one plug-in with XCERT_DISABLE_PLUGINS={plugin}"
                )
            replaced = (*existing.replaced, existing.plugin)
        self._entries[kind][name] = AdapterEntry(kind, name, factory, plugin, replaced)

    def entry(self, kind: AdapterKind, name: str) -> AdapterEntry:
        """The registration of ``name``; ``UnknownAdapterError`` listing the registered names otherwise."""
        try:
            return self._entries[kind][name]
        except KeyError:
            known = ", ".join(sorted(self._entries[kind])) or "(none)"
            raise UnknownAdapterError(
                f"没有名为 {name!r} 的{kind.label}适配器: no {kind.name.lower()} adapter named {name!r}; "
                f"registered: {known}"
            ) from None

    def factory(self, kind: AdapterKind, name: str) -> Callable[..., Any]:
        return self.entry(kind, name).factory

    def names(self, kind: AdapterKind) -> list[str]:
        """Registered names of one kind, sorted."""
        return sorted(self._entries[kind])

    def __iter__(self) -> Iterator[AdapterEntry]:
        for kind in AdapterKind:
            yield from (self._entries[kind][name] for name in sorted(self._entries[kind]))
