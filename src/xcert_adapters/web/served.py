"""The workspace a server serves: opened afresh (and closed) by each request, in the thread that handles it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from pathlib import Path

from attrs import field, frozen

from xcert_adapters.app import accounts
from xcert_adapters.workspace import Workspace
from xcert_core.labels import Role
from xcert_core.model import Candidate
from xcert_core.plugins import XcertPlugins


@frozen
class Served:
    """The workspace folder and the plug-ins loaded once at start."""

    root: Path
    plugins: XcertPlugins
    secret: bytes = field(factory=lambda: secrets.token_bytes(32), repr=False)
    _issued: dict[str, str] = field(factory=dict, repr=False)

    def ref(self, id_number: str) -> str:
        """An opaque reference to a candidate for forms and links (an HMAC of the ID number under this server's
        secret): pages name candidates without putting their ID numbers in the HTML or the URL. The server
        remembers the references it handed out, so a link is answered without scanning every candidate."""
        reference = hmac.new(self.secret, id_number.encode(), hashlib.sha256).hexdigest()[:20]
        self._issued[reference] = id_number
        return reference

    def number_of(self, reference: str) -> str | None:
        """The ID number behind a reference this server handed out, or ``None``."""
        return self._issued.get(reference)

    def resolve(self, refs: Iterable[str], candidates: Iterable[Candidate]) -> list[str]:
        """The ID numbers of ``candidates`` whose :meth:`ref` is among ``refs`` (unknown refs are ignored)."""
        wanted = set(refs)
        return [c.id_number for c in candidates if self.ref(c.id_number) in wanted]

    def workspace(self) -> Workspace:
        """The workspace, opened for one request (use it as a context manager: the storage closes after)."""
        return Workspace.open(self.root, env={}, plugins=self.plugins)

    def account_role(self, name: str) -> Role | None:
        """The role of the enabled account ``name``, or ``None``."""
        with self.workspace() as workspace:
            account = accounts.enabled_account(workspace, name)
        return account.role if account else None

    def token_account(self, token: str) -> tuple[str, Role] | None:
        """The account name and role of a personal API token, or ``None``."""
        with self.workspace() as workspace:
            account = accounts.account_for_token(workspace, token)
        return (account.username, account.role) if account else None
