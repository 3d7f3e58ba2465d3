"""The xcert workspace: ``xcert.toml``, its storage and folders (see :mod:`.workspace`)."""

from xcert_adapters.workspace.config import CONFIG_NAME, WorkspaceConfig, parse_config, read_config
from xcert_adapters.workspace.workspace import (
    Workspace,
    WorkspaceExistsError,
    WorkspaceNotFoundError,
    create_workspace,
    find_workspace,
)

__all__ = [
    "CONFIG_NAME",
    "Workspace",
    "WorkspaceConfig",
    "WorkspaceExistsError",
    "WorkspaceNotFoundError",
    "create_workspace",
    "find_workspace",
    "parse_config",
    "read_config",
]
