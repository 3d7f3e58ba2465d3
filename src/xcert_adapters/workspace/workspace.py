"""A workspace: one folder holding ``xcert.toml``, the database (SQLite by default), stored photos and output.

Every workspace command finds its workspace from ``--workspace`` (or ``XCERT_WORKSPACE``), else from the
current folder upwards, as git finds its repository. :func:`create_workspace` is ``xcert init``.

Contract: a :class:`Workspace` opens its storage on first use and :meth:`Workspace.close` releases it; the
school and organisation of ``xcert.toml`` are always stored (written by :func:`create_workspace` and brought
up to date whenever the workspace is opened), so every entity can refer to them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from xcert_adapters.private_files import private_dir, write_private_text
from xcert_adapters.workspace.config import CONFIG_NAME, WorkspaceConfig, read_config
from xcert_core.errors import UnreadableFileError, XcertError
from xcert_core.model import Certificate, EvaluationOrganization, School
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.ports.storage import Storage
from xcert_core.privacy import mask_secrets

WORKSPACE_ENV = "XCERT_WORKSPACE"
PASSWORD_ENV = "XCERT_DB_PASSWORD"
"""The database password, when it is not in the workspace's credentials file (it is never in ``xcert.toml``)."""
CREDENTIALS_NAME = "xcert.credentials"
"""The workspace's 0600 file holding the database password ``xcert init --db`` was given (TOML:
``password = "…"``); ``xcert.toml`` names the storage without it."""
SQLITE_HEADER = b"SQLite format 3\x00"
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
        """The plug-ins, configured with ``xcert.toml``'s ``[adapters.<kind>.<name>]`` options."""
        if self._plugins is None:
            self._plugins = make_plugin_manager()
        if self.config.adapters and not self._plugins.adapter_options:
            self._plugins.configure(self.config.adapters)
        return self._plugins

    @property
    def storage_url(self) -> str:
        """The storage URL to connect with: ``xcert.toml``'s, a relative SQLite path made absolute, and the
        password from ``$XCERT_DB_PASSWORD`` or the credentials file (neither: the driver's own, e.g. ``~/.pgpass``).
        Never show it: :func:`display_url` first."""
        url = self.config.resolved_storage_url(self.root)
        password = os.environ.get(PASSWORD_ENV) or read_password(self.root / CREDENTIALS_NAME)
        return with_password(url, password) if password else url

    @property
    def storage(self) -> Storage:
        """The workspace's storage, opened on first use with the school and organisation stored.

        A workspace whose SQLite file has gone is refused (:class:`XcertError`) rather than silently given a new,
        empty database; only :func:`create_workspace` creates it."""
        if self._storage is None:
            database = self.sqlite_path
            if database is not None and not self._creating:
                refuse_unusable_database(database)
            try:
                storage = self.plugins.open_storage(self.storage_url)
            except XcertError:
                raise
            except Exception as exc:  # a driver's connection error: say where, not a traceback
                raise XcertError(f"无法打开工作区数据库 {display_url(self.config.storage_url)}："
                                 f"{type(exc).__name__}: {display_url(driver_message(exc))} / cannot open the "
                                 "workspace storage") from None
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
                     certificates: tuple[Certificate, ...] | None = None) -> Workspace:
    """``xcert init``: write ``root/xcert.toml``, create the storage with the school, the organisation and
    ``certificates`` (default: the reference provider's, ``sample`` — the six of the platform's guide — unless a
    plug-in replaces it), and return the opened workspace.
    :class:`WorkspaceExistsError` when ``root`` already holds a workspace (nothing is changed then)."""
    path = root / CONFIG_NAME
    if path.exists():
        raise WorkspaceExistsError(f"{root} 已经是 xcert 工作区（{CONFIG_NAME} 已存在）/ {root} is already a workspace")
    try:
        identity_entities(config)  # refuse an empty school code before any file is written
    except ValueError as exc:
        raise XcertError(f"学校或培训评价组织的代码、名称不能为空 / {exc}") from None
    private_dir(root)
    password = storage_password(config.storage_url)
    if password:
        config = attrs.evolve(config, storage_url=with_password(config.storage_url, None))
    write_private_text(path, config.to_toml())
    if password:
        write_private_text(root / CREDENTIALS_NAME, credentials_text(password))
    workspace = Workspace(root.resolve(), config, plugins)
    workspace._creating = True
    try:
        storage = workspace.storage
        if certificates is None:
            certificates = tuple(workspace.plugins.reference().certificates())
        with storage.transaction() as tx:
            for certificate in certificates:
                if tx.find(Certificate, certificate.key) is None:
                    tx.add(certificate)
    except BaseException:
        workspace.close()
        path.unlink()  # a workspace whose storage cannot be opened is no workspace: let the user retry
        (root / CREDENTIALS_NAME).unlink(missing_ok=True)
        raise
    workspace._creating = False
    private_dir(workspace.photos_dir)
    return workspace


def identity_entities(config: WorkspaceConfig) -> tuple[School, EvaluationOrganization]:
    """The school and organisation ``xcert.toml`` names (``ValueError`` when a code or name is empty)."""
    return (School(config.school_code, config.school_name, config.school_address),
            EvaluationOrganization(config.organization_code, config.organization_name))


def display_url(text: str) -> str:
    """``text`` with every password in it replaced by ``***`` (:func:`xcert_core.privacy.mask_secrets`)."""
    return mask_secrets(text)


def driver_message(exc: BaseException) -> str:
    """A database driver's own first line of ``exc`` (SQLAlchemy wraps it with the statement, its parameters and an
    English "Background on this error at: https://sqlalche.me/…" line, none of which is for a school)."""
    original = getattr(exc, "orig", None)
    lines = str(original if original is not None else exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def refuse_unusable_database(database: Path) -> None:
    """Refuse (:class:`XcertError`) a workspace's SQLite file that is missing, empty or not SQLite: opening it
    would silently make an empty workspace (a missing or 0-byte file) or fail deep in the driver."""
    if not database.exists():
        raise XcertError(f"工作区数据库 {database} 不存在（被删除或移动了？）：请从备份恢复，"
                         "或修改 xcert.toml 的 [workspace] storage / the workspace database is missing")
    try:
        with database.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise XcertError(f"无法读取工作区数据库 {database}（{exc.strerror or exc}）：请检查文件权限 / the workspace "
                         "database cannot be read") from None
    if not header:
        raise XcertError(f"工作区数据库 {database} 是空文件（0 字节，可能在复制或磁盘写满时损坏）：请从备份恢复；"
                         "xcert 不会把它当作新的空工作区 / the workspace database is empty")
    if header != SQLITE_HEADER:
        raise XcertError(f"工作区数据库 {database} 不是 SQLite 数据库文件（可能被其他文件覆盖或已损坏）：请从备份"
                         "恢复 / the workspace database is not an SQLite file")


def storage_password(url: str) -> str | None:
    """The password a storage URL holds (``None``: none, or not a URL SQLAlchemy understands)."""
    if "@" not in url and "password" not in url.lower():
        return None
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - only for server URLs
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    query_password = parsed.query.get("password")
    if isinstance(query_password, tuple):
        query_password = query_password[0] if query_password else None
    return parsed.password or query_password


def with_password(url: str, password: str | None) -> str:
    """``url`` with its password set to ``password`` (``None``: removed, from the query too)."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    parsed = make_url(url).difference_update_query(["password"])
    parsed = parsed.set(password=password) if password else parsed._replace(password=None)  # set() keeps on None
    return parsed.render_as_string(hide_password=False)


def credentials_text(password: str) -> str:
    """The credentials file's text for ``password``."""
    import tomli_w  # noqa: PLC0415

    return ("# xcert 数据库密码（仅本用户可读）/ the database password, readable by this user only.\n"
            + tomli_w.dumps({"password": password}))


def read_password(path: Path) -> str | None:
    """The password of a credentials file, ``None`` when there is no file; a malformed one is refused."""
    import tomllib  # noqa: PLC0415

    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnreadableFileError(str(path), f"无法读取数据库密码文件（{exc.strerror or exc}）") from None
    try:
        password = tomllib.loads(text).get("password")
    except tomllib.TOMLDecodeError:
        password = None
    if not isinstance(password, str) or not password:
        raise UnreadableFileError(str(path), '数据库密码文件应只有一行：password = "密码"')
    return password
