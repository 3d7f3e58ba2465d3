"""A workspace: one folder holding ``xcert.toml``, the database (SQLite by default), stored photos and output.

Every workspace command finds its workspace from ``--workspace`` (or ``XCERT_WORKSPACE``), else from the
current folder upwards, as git finds its repository. :func:`create_workspace` is ``xcert init``.

Contract: a :class:`Workspace` opens its storage on first use and :meth:`Workspace.close` releases it; the
school and organisation of ``xcert.toml`` are always stored (written by :func:`create_workspace` and brought
up to date whenever the workspace is opened), so every entity can refer to them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from xcert_adapters.workspace.config import CONFIG_NAME, WorkspaceConfig, read_config
from xcert_core.errors import XcertError
from xcert_core.model import Certificate, EvaluationOrganization, School
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.ports.storage import Storage
from xcert_core.reference_data import SAMPLE_CERTIFICATES

WORKSPACE_ENV = "XCERT_WORKSPACE"
_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]*@")
PHOTOS_DIR = "photos"
OUTPUT_DIR = "output"


class WorkspaceNotFoundError(XcertError):
    """No ``xcert.toml`` where the command looked (exit 2, telling the user to run ``xcert init``)."""


class WorkspaceExistsError(XcertError):
    """``xcert init`` in a folder that already is a workspace."""


def find_workspace(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``xcert.toml``, or ``None``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


class Workspace:
    """An opened workspace: its folder, config, plug-ins and (lazily) storage."""

    def __init__(self, root: Path, config: WorkspaceConfig, plugins: XcertPlugins | None = None) -> None:
        self.root = root
        self.config = config
        self._plugins = plugins
        self._storage: Storage | None = None
        self._creating = False

    @classmethod
    def open(cls, explicit: Path | None = None, *, start: Path | None = None,
             env: Mapping[str, str] | None = None, plugins: XcertPlugins | None = None) -> Workspace:
        """The workspace at ``explicit`` (a folder or its ``xcert.toml``), ``$XCERT_WORKSPACE``, or the nearest
        one at or above ``start`` (default: the current folder); :class:`WorkspaceNotFoundError` otherwise."""
        environment = os.environ if env is None else env
        if explicit is None and environment.get(WORKSPACE_ENV):
            explicit = Path(environment[WORKSPACE_ENV])
        if explicit is not None:
            root = explicit.parent if explicit.name == CONFIG_NAME else explicit
            if not (root / CONFIG_NAME).is_file():
                raise WorkspaceNotFoundError(f"{root} 不是 xcert 工作区（没有 {CONFIG_NAME}）：请先运行 "
                                             f"xcert init {root} / {root} is not an xcert workspace")
        else:
            found = find_workspace(start or Path.cwd())
            if found is None:
                raise WorkspaceNotFoundError(
                    f"当前文件夹及其上级文件夹中都没有 {CONFIG_NAME}：请先运行 xcert init，或用 --workspace 指定"
                    f"工作区 / no xcert workspace here or above; run 'xcert init' or pass --workspace")
            root = found
        root = root.resolve()
        return cls(root, read_config(root / CONFIG_NAME), plugins)

    @property
    def plugins(self) -> XcertPlugins:
        if self._plugins is None:
            self._plugins = make_plugin_manager()
        return self._plugins

    @property
    def storage_url(self) -> str:
        return self.config.resolved_storage_url(self.root)

    @property
    def storage(self) -> Storage:
        """The workspace's storage, opened on first use with the school and organisation stored.

        A workspace whose SQLite file has gone is refused (:class:`XcertError`) rather than silently given a new,
        empty database; only :func:`create_workspace` creates it."""
        if self._storage is None:
            database = self.sqlite_path
            if database is not None and not self._creating and not database.exists():
                raise XcertError(f"工作区数据库 {database} 不存在（被删除或移动了？）：请从备份恢复，"
                                 "或修改 xcert.toml 的 [workspace] storage / the workspace database is missing")
            try:
                storage = self.plugins.open_storage(self.storage_url)
            except XcertError:
                raise
            except Exception as exc:  # a driver's connection error: say where, not a traceback
                raise XcertError(f"无法打开工作区数据库 {display_url(self.config.storage_url)}："
                                 f"{type(exc).__name__}: {display_url(str(exc))} / cannot open the workspace "
                                 "storage") from None
            self._storage = storage
            self._store_identity(storage)
        return self._storage

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, or ``None`` for another kind of storage."""
        prefix = "sqlite:///"
        url = self.storage_url
        if url.startswith(prefix) and url[len(prefix):] not in ("", ":memory:"):
            return Path(url[len(prefix):])
        return None

    @property
    def school_code(self) -> str:
        return self.config.school_code

    @property
    def photos_dir(self) -> Path:
        """Where imported ID photos are kept (one file per candidate, named by its ID number)."""
        return self.root / PHOTOS_DIR

    @property
    def output_dir(self) -> Path:
        """The default folder for reports, exports and the printed pack."""
        return self.root / OUTPUT_DIR

    def _store_identity(self, storage: Storage) -> None:
        entities = identity_entities(self.config)
        if all(storage.find(type(e), e.key) == e for e in entities):
            return  # nothing to write: a read-only command takes no write lock
        with storage.transaction() as tx:
            for entity in entities:
                if tx.find(type(entity), entity.key) != entity:
                    tx.put(entity)

    def close(self) -> None:
        if self._storage is not None:
            self._storage.close()
            self._storage = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def create_workspace(root: Path, config: WorkspaceConfig, *, plugins: XcertPlugins | None = None,
                     certificates: tuple[Certificate, ...] = SAMPLE_CERTIFICATES) -> Workspace:
    """``xcert init``: write ``root/xcert.toml``, create the storage with the school, the organisation and
    ``certificates`` (default: the six of the platform's guide), and return the opened workspace.
    :class:`WorkspaceExistsError` when ``root`` already holds a workspace (nothing is changed then)."""
    path = root / CONFIG_NAME
    if path.exists():
        raise WorkspaceExistsError(f"{root} 已经是 xcert 工作区（{CONFIG_NAME} 已存在）/ {root} is already a workspace")
    try:
        identity_entities(config)  # refuse an empty school code before any file is written
    except ValueError as exc:
        raise XcertError(f"学校或培训评价组织的代码、名称不能为空 / {exc}") from None
    root.mkdir(parents=True, exist_ok=True)
    path.write_text(config.to_toml(), "utf-8")
    workspace = Workspace(root.resolve(), config, plugins)
    workspace._creating = True
    try:
        storage = workspace.storage
        with storage.transaction() as tx:
            for certificate in certificates:
                if tx.find(Certificate, certificate.key) is None:
                    tx.add(certificate)
    except BaseException:
        workspace.close()
        path.unlink()  # a workspace whose storage cannot be opened is no workspace: let the user retry
        raise
    workspace._creating = False
    workspace.photos_dir.mkdir(exist_ok=True)
    return workspace


def identity_entities(config: WorkspaceConfig) -> tuple[School, EvaluationOrganization]:
    """The school and organisation ``xcert.toml`` names (``ValueError`` when a code or name is empty)."""
    return (School(config.school_code, config.school_name, config.school_address),
            EvaluationOrganization(config.organization_code, config.organization_name))


def display_url(text: str) -> str:
    """``text`` with the password of any ``scheme://user:password@host`` URL in it replaced by ``***``."""
    return _PASSWORD.sub(r"\1***@", text)
