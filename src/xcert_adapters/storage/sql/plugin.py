"""Registers the SQL storage for the ``sqlite`` and ``postgresql`` URL schemes (SQLAlchemy imported lazily)."""

from __future__ import annotations

from collections.abc import Callable

from xcert_core.hookspecs import Register, hookimpl
from xcert_core.ports.storage import Storage


def open_sql_storage(url: str) -> Storage:
    """Open (creating or upgrading the schema as needed) the SQL database at ``url``."""
    from xcert_adapters.storage.sql.storage import SqlStorage  # noqa: PLC0415 - keep registration cheap

    return SqlStorage(url)


@hookimpl
def xcert_register_storage(register: Register[Callable[[str], Storage]]) -> None:
    register("sqlite", open_sql_storage)
    register("postgresql", open_sql_storage)
