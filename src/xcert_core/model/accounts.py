"""Who may use the web workbench and what they did: accounts (账户), personal API tokens and the audit log
(操作记录).

Secrets are never stored: an account keeps an argon2 hash of its password, an API token only the SHA-256 of its
secret part (the token is random and long, so a slow hash adds nothing). The audit log is append-only; its
entries are keyed by time and a random id, so two servers writing at once never collide.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from xcert_core.labels import Role
from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty


@frozen
class Account(Keyed):
    """A named workbench user with a role. ``password_hash`` is the argon2 encoded hash (never the password)."""

    username: str = field(validator=non_empty)
    role: Role
    password_hash: str = field(repr=False)
    created_at: dt.datetime
    disabled: bool = False

    key_fields: ClassVar[tuple[str, ...]] = ("username",)


@frozen
class ApiToken(Keyed):
    """A personal API token (``xcert users token NAME``): ``token_id`` is its public part, printed in lists;
    ``secret_hash`` the SHA-256 (hex) of its secret part. It acts with its account's role."""

    token_id: str = field(validator=non_empty)
    username: str = field(validator=non_empty)
    secret_hash: str = field(repr=False)
    label: str
    created_at: dt.datetime

    key_fields: ClassVar[tuple[str, ...]] = ("token_id",)


@frozen
class AuditEntry(Keyed):
    """操作记录: who (``actor``: an account name, or how the change came in) did what (``action``, e.g.
    ``students.import``) to what (``target``), when, through which face (``channel``: 工作台, API or 命令行),
    with a short human-readable ``detail``, and for an edit of a record the ``changes``: each changed field and
    its new value as a list shows it (so the log replays to the records as they are shown). Never holds a full ID
    or phone number: personal values are masked in ``changes`` too."""

    at: dt.datetime
    entry_id: str = field(validator=non_empty)
    actor: str
    channel: str
    action: str = field(validator=non_empty)
    target: str = ""
    detail: str = ""
    changes: tuple[tuple[str, str], ...] = ()
    """``(field, new value as shown)`` per changed field of the record named by ``target``."""

    key_fields: ClassVar[tuple[str, ...]] = ("at", "entry_id")
