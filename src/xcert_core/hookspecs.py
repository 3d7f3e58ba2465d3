"""Every hook xcert calls, with its contract. Plug-ins implement them with :data:`hookimpl`.

All hooks are *registration hooks*: xcert calls each plug-in's implementation once, while building the
plugin manager, with a ``register`` callable bound to one kind of adapter. The plug-in calls
``register(name, factory)`` for each adapter it contributes; the core owns the registry, so two plug-ins
registering the same name is an error unless the later one passes ``replace=True``. Built-ins are loaded
first, then third-party plug-ins in the order of their entry-point names, so a third party can replace a
built-in but not the other way round.

A factory is called when the adapter is needed, never while registering: registering must be cheap and must
not import heavy libraries.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

import pluggy

from xcert_core.issues import IssueType
from xcert_core.ports.numbering import TicketSchemeFactory
from xcert_core.ports.outputs import OutputStoreFactory
from xcert_core.ports.platform import PlatformPackagerFactory
from xcert_core.ports.reference import ReferenceProviderFactory
from xcert_core.ports.rendering import RendererFactory
from xcert_core.ports.rules import RuleFamilyFactory
from xcert_core.ports.storage import StorageFactory
from xcert_core.ports.verification import IdentityVerifierFactory
from xcert_core.ports.workbooks import WorkbookReaderFactory, WorkbookWriterFactory

PROJECT = "xcert"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

F_contra = TypeVar("F_contra", contravariant=True)


class Register(Protocol[F_contra]):
    """The ``register`` callable a registration hook receives."""

    def __call__(self, name: str, factory: F_contra, *, replace: bool = False) -> None: ...


class RegisterIssueType(Protocol):
    """The ``register`` callable of :func:`xcert_register_issue_types`."""

    def __call__(self, issue_type: IssueType) -> None: ...


@hookspec
def xcert_register_storage(register: Register[StorageFactory]) -> None:
    """Contribute storage adapters. ``name`` is the URL scheme the adapter serves (``memory``, ``sqlite``,
    ``postgresql``); the factory is called with the full URL and returns a
    :class:`~xcert_core.ports.storage.Storage` that passes :mod:`xcert_core.testing.storage_contract`."""


@hookspec
def xcert_register_workbook_readers(register: Register[WorkbookReaderFactory]) -> None:
    """Contribute spreadsheet readers (e.g. ``calamine``, ``openpyxl``, ``csv``). The factory takes no
    arguments and returns a :class:`~xcert_core.ports.workbooks.WorkbookReader`."""


@hookspec
def xcert_register_workbook_writers(register: Register[WorkbookWriterFactory]) -> None:
    """Contribute spreadsheet writers for templates and error reports. The factory is called with keyword options
    only (``xcert.toml``'s ``[adapters.<kind>.<name>]``, none by default) and returns a
    :class:`~xcert_core.ports.workbooks.WorkbookWriter`."""


@hookspec
def xcert_register_identity_verifiers(register: Register[IdentityVerifierFactory]) -> None:
    """Contribute identity verifiers (认证). The factory is called with keyword options only (``xcert.toml``'s
    ``[adapters.<kind>.<name>]``, none by default) and returns an
    :class:`~xcert_core.ports.verification.IdentityVerifier`."""


@hookspec
def xcert_register_platform_packagers(register: Register[PlatformPackagerFactory]) -> None:
    """Contribute platform packagers (export to the X platform's templates, sync its exports). The factory
    is called with keyword options only (``xcert.toml``'s ``[adapters.<kind>.<name>]``, none by default) and returns
    a :class:`~xcert_core.ports.platform.PlatformPackager`."""


@hookspec
def xcert_register_renderers(register: Register[RendererFactory]) -> None:
    """Contribute document renderers (``pdf``, ``html`` …). The factory is called with keyword options only
    (``xcert.toml``'s ``[adapters.<kind>.<name>]``, none by default) and returns a
    :class:`~xcert_core.ports.rendering.Renderer`."""


@hookspec
def xcert_register_reference_providers(register: Register[ReferenceProviderFactory]) -> None:
    """Contribute reference data: certificate and program catalogues. The factory is called with keyword options
    only (``xcert.toml``'s ``[adapters.<kind>.<name>]``, none by default) and returns a
    :class:`~xcert_core.ports.reference.ReferenceProvider`."""


@hookspec
def xcert_register_rules(register: Register[RuleFamilyFactory]) -> None:
    """Contribute rule families. The factory takes no arguments and returns a
    :class:`~xcert_core.ports.rules.RuleFamily`; its issue types must also be registered through
    :func:`xcert_register_issue_types`."""


@hookspec
def xcert_register_ticket_schemes(register: Register[TicketSchemeFactory]) -> None:
    """Contribute ticket-number schemes (准考证号). The factory is called with keyword options only (``xcert.toml``'s
    ``[adapters.<kind>.<name>]``, none by default) and returns a
    :class:`~xcert_core.ports.numbering.TicketScheme`."""


@hookspec
def xcert_register_output_stores(register: Register[OutputStoreFactory]) -> None:
    """Contribute output stores (where published files go: ``folder`` built in, an object store by a plug-in).
    The factory is called with the store's target and returns a :class:`~xcert_core.ports.outputs.OutputStore`;
    a target ``name://…`` selects the store registered as ``name``."""


@hookspec
def xcert_register_issue_types(register: RegisterIssueType) -> None:
    """Catalogue the issue types this plug-in may report. Registering the same definition twice is
    harmless; a different definition under an existing code is an error."""


def hook_names() -> list[str]:
    """The names of every hook declared here, in declaration order."""
    return [name for name, value in globals().items() if name.startswith("xcert_") and callable(value)]
