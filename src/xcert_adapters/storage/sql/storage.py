"""``SqlStorage``: the :class:`~xcert_core.ports.storage.Storage` port on SQLAlchemy Core.

Every public call runs in its own transaction, or in the caller's when made on the view that
:meth:`SqlStorage.transaction` yields. Invariants are enforced by the database: the primary key (``add``
never overwrites), UNIQUE constraints (``ConstraintError``), a revision compared in the UPDATE's WHERE clause
(``replace``), and a conditional UPDATE under a CHECK constraint (``adjust_quota``) — never read-then-write.

The reads that lists, look-ups, pages and counts make run fixed statement text on the driver's own connection,
written from :mod:`.layout`. On a SQLite file already at the current schema, reads outside a transaction use a
sqlite3 connection of their own, and SQLAlchemy is imported and the engine made only when something writes, opens
a transaction or reads :meth:`SqlStorage.values`: a command that only reads (``xcert status``, ``xcert documents``)
starts about 0.2 s sooner.

A process forked from one that has read or written (the printed pack's drawing workers, which read each room as
they draw it) gets connections of its own on its first read: the database connections it inherited are left to
the parent, neither used nor closed (SQLite's and SQLAlchemy's advice for a fork).
"""

from __future__ import annotations

import builtins
import functools
import json
import operator
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from xcert_adapters.private_files import ensure_private
from xcert_adapters.storage.sql.engine import READ_ONLY, make_engine, sqlite_file, sqlite_reader
from xcert_adapters.storage.sql.layout import (
    SCHEMA_VERSION,
    extra_column_names,
    is_integer_column,
    leading_columns,
    quote,
    table_name,
)
from xcert_core.errors import (
    ConcurrencyError,
    ConstraintError,
    DuplicateKeyError,
    NotFoundError,
    QuotaExceededError,
)
from xcert_core.model import STORED_ENTITIES, Candidate, Entity, PilotApplication, describe_key
from xcert_core.ports.storage import Storage, check_page, url_scheme
from xcert_core.serialization import plain_field_types, structure, unstructure

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.exc import IntegrityError

E = TypeVar("E", bound=Entity)
BATCH_SIZE = 5_000
IN_BATCH = 500
"""Values per ``IN (…)`` of :meth:`SqlStorage.list_in` on SQLite, well below its limit of bound parameters."""


def _safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


_OPEN: weakref.WeakSet[SqlStorage] = weakref.WeakSet()
"""Every storage of this process, so that a forked child can give each connections of its own."""


def _forked_child() -> None:
    """In a child just forked: each storage leaves the connections it inherited to the parent (never closing them
    here: their sockets and file locks are the parent's) and opens its own on the next read; an engine it owns
    gets a pool of its own (``dispose(close=False)``)."""
    for storage in list(_OPEN):
        storage._readers = threading.local()
        storage._reader_connections = []
        if storage._owns_engine and storage._made_engine is not None:
            storage._made_engine.dispose(close=False)


if hasattr(os, "register_at_fork"):  # POSIX; Windows has no fork
    os.register_at_fork(after_in_child=_forked_child)


class SqlStorage:
    """Storage in a SQL database; ``url`` is a SQLAlchemy URL (``sqlite:///xcert.db``, ``postgresql+psycopg://…``)."""

    def __init__(self, url: str, *, _engine: Engine | None = None, _connection: Connection | None = None) -> None:
        self.url = url
        self._dialect = url_scheme(url)
        self._owns_engine = _engine is None
        self._made_engine = _engine
        self._connection = _connection
        self._readers = threading.local()
        self._reader_connections: list[Any] = []  # SQLAlchemy's connections and sqlite3's, closed by close()
        self._sqlite_file = sqlite_file(url)
        _OPEN.add(self)
        if _engine is None and not self._at_current_schema():
            self._engine  # noqa: B018 - made now: the schema is created or upgraded (or refused) at opening

    @property
    def _engine(self) -> Engine:
        """SQLAlchemy's engine, made on first use with the schema prepared (created, upgraded or refused)."""
        if self._made_engine is None:
            from xcert_adapters.storage.sql.migrations import prepare  # noqa: PLC0415 - imports SQLAlchemy

            engine = make_engine(self.url)
            with engine.begin() as connection:
                prepare(connection, _safe_url(engine))
            self._made_engine = engine
        return self._made_engine

    def _at_current_schema(self) -> bool:
        """Whether the database is a SQLite file already at :data:`~.layout.SCHEMA_VERSION` (read on this thread's
        sqlite3 reader, kept for its reads); such a database is opened without SQLAlchemy. The file is made private
        (0600) as the engine would make it."""
        if self._sqlite_file is None or not Path(self._sqlite_file).is_file():
            return False
        ensure_private(Path(self._sqlite_file))
        try:
            row = self._driver().execute("SELECT value FROM xcert_meta WHERE name = 'schema_version'").fetchone()
        except sqlite3.Error:  # not an xcert database yet, or not a database: the engine's opening says which
            return False
        return row is not None and row[0] == str(SCHEMA_VERSION)

    # -- plumbing ---------------------------------------------------------------------------------------

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        if self._connection is not None:
            yield self._connection
        else:
            with self._engine.begin() as connection:
                yield connection

    def _read(self) -> Connection:
        """A connection for one read: the caller's transaction, or an autocommit connection (a single statement
        needs no transaction of its own; on SQLite it takes no write lock, on PostgreSQL it saves the BEGIN and
        COMMIT round trips), one kept per thread: a read costs no pool check-out."""
        if self._connection is not None:
            return self._connection
        reader: Connection | None = getattr(self._readers, "connection", None)
        if reader is None or reader.closed:
            reader = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT", **{READ_ONLY: True})
            self._readers.connection = reader
            self._reader_connections.append(reader)
        return reader

    def _driver(self) -> Any:
        """The driver's own connection for one read: the caller's transaction's; on a SQLite file otherwise this
        thread's sqlite3 reader (:func:`~.engine.sqlite_reader`, autocommit, one kept per thread: sqlite3
        connections stay in their thread); else the driver connection of :meth:`_read`'s."""
        if self._connection is not None:
            return self._connection.connection.driver_connection
        if self._sqlite_file is None:
            return self._read().connection.driver_connection
        reader = getattr(self._readers, "sqlite", None)
        if reader is None:
            reader = self._readers.sqlite = sqlite_reader(self._sqlite_file)
            self._reader_connections.append(reader)
        return reader

    @staticmethod
    def _table(entity_type: type[Entity]) -> Any:
        from xcert_adapters.storage.sql.schema import TABLES  # noqa: PLC0415 - imports SQLAlchemy

        return TABLES[_stored(entity_type)]

    def _row_values(self, entity: Entity, revision: int) -> dict[str, Any]:
        data = unstructure(entity)
        values: dict[str, Any] = dict(zip(entity.key_fields, entity.key, strict=True))
        values.update({name: data[name] for name in extra_column_names(type(entity))})
        values.update(revision=revision, data=data)
        return values

    @staticmethod
    def _key_clause(table: Any, entity_type: type[Entity], key: tuple[str, ...]) -> Any:
        from sqlalchemy import and_  # noqa: PLC0415

        return and_(*(table.c[name] == value for name, value in zip(entity_type.key_fields, key, strict=True)))

    @staticmethod
    def _entity(entity_type: type[E], row: Any) -> E:
        data = dict(row.data)
        for name in extra_column_names(entity_type):
            data[name] = row._mapping[name]
        return structure(data, entity_type)

    def _integrity(self, exc: IntegrityError, entity: Entity) -> Exception:
        """Translate a constraint failure: the primary key means a duplicate, anything else a ConstraintError."""
        text = str(exc.orig)
        table = self._table(type(entity))
        primary = f"{table.name}_pkey" in text or (
            "UNIQUE constraint failed" in text
            and {part.split(".")[-1].strip() for part in text.split(":", 1)[1].split(",")}
            == set(type(entity).key_fields)
        )
        where = describe_key(type(entity), entity.key)
        if primary:
            return DuplicateKeyError(f"{where} is already stored")
        return ConstraintError(f"{where} breaks a storage constraint: {text.splitlines()[0]}")

    # -- the port ---------------------------------------------------------------------------------------

    def add(self, entity: Entity) -> int:
        from sqlalchemy.exc import IntegrityError  # noqa: PLC0415

        table = self._table(type(entity))
        try:
            with self._begin() as connection, self._savepoint(connection):
                connection.execute(table.insert().values(self._row_values(entity, 1)))
        except IntegrityError as exc:
            raise self._integrity(exc, entity) from None
        return 1

    @contextmanager
    def _savepoint(self, connection: Connection) -> Iterator[None]:
        """Inside a caller's transaction, isolate one statement so PostgreSQL can go on after its failure."""
        if self._connection is None:
            yield
        else:
            with connection.begin_nested():
                yield

    def put(self, entity: Entity) -> int:
        from sqlalchemy.exc import IntegrityError  # noqa: PLC0415

        table = self._table(type(entity))
        values = self._row_values(entity, 1)
        statement = _dialect_module(self._dialect).insert(table).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=list(type(entity).key_fields),
            set_={**{k: v for k, v in values.items() if k not in type(entity).key_fields},
                  "revision": table.c.revision + 1},
        ).returning(table.c.revision)
        try:
            with self._begin() as connection, self._savepoint(connection):
                return int(connection.execute(statement).scalar_one())
        except IntegrityError as exc:
            raise self._integrity(exc, entity) from None

    def add_all(self, entities: Iterable[Entity]) -> int:
        count = 0
        with self.transaction() as view:
            assert isinstance(view, SqlStorage)
            connection = view._connection
            assert connection is not None
            batches: dict[type[Entity], list[dict[str, Any]]] = {}
            pending: dict[type[Entity], list[Entity]] = {}
            for entity in entities:
                batches.setdefault(type(entity), []).append(self._row_values(entity, 1))
                pending.setdefault(type(entity), []).append(entity)
                count += 1
                if len(batches[type(entity)]) >= BATCH_SIZE:
                    view._insert_batch(type(entity), batches.pop(type(entity)), pending.pop(type(entity)))
            for entity_type, rows in batches.items():
                view._insert_batch(entity_type, rows, pending[entity_type])
        return count

    def _insert_batch(self, entity_type: type[Entity], rows: list[dict[str, Any]], entities: list[Entity]) -> None:
        """One batched ``INSERT``. On SQLite it is fixed statement text run with the driver's own
        ``executemany`` on the same connection (and so in the same transaction), the data column as
        ``json.dumps`` text as SQLAlchemy's JSON type writes it: SQLAlchemy's per-row parameter processing was
        half the time of writing 20,000 seats. On PostgreSQL it is a ``COPY`` (:func:`_copy_rows`)."""
        from sqlalchemy.exc import IntegrityError  # noqa: PLC0415

        table = self._table(entity_type)
        try:
            with self._begin() as connection, self._savepoint(connection):
                if self._dialect == "sqlite":
                    sql, names = _sqlite_insert(entity_type)
                    driver = connection.connection.driver_connection
                    assert driver is not None
                    try:
                        driver.executemany(sql, [(*map(row.__getitem__, names), json.dumps(row["data"]))
                                                 for row in rows])
                    except sqlite3.IntegrityError as exc:
                        raise IntegrityError(sql, None, exc) from None
                else:
                    _copy_rows(connection, table, rows)
        except IntegrityError as exc:
            raise self._batch_error(exc, entity_type, entities) from None

    def _batch_error(self, exc: IntegrityError, entity_type: type[Entity], entities: list[Entity]) -> Exception:
        from sqlalchemy import func, select  # noqa: PLC0415

        keys = [entity.key for entity in entities]
        if len(set(keys)) != len(keys):
            duplicate = next(key for n, key in enumerate(keys) if key in keys[:n])
            return DuplicateKeyError(f"{describe_key(entity_type, duplicate)} appears twice in the batch")
        with self._begin() as connection, self._savepoint(connection):
            table = self._table(entity_type)
            for entity in entities:
                if connection.execute(select(func.count()).select_from(table).where(
                        self._key_clause(table, entity_type, entity.key))).scalar_one():
                    return DuplicateKeyError(f"{describe_key(entity_type, entity.key)} is already stored")
        return ConstraintError(
            f"a {entity_type.__name__} batch breaks a storage constraint: {str(exc.orig).splitlines()[0]}"
        )

    def get(self, entity_type: type[E], key: tuple[str, ...]) -> E:
        return self.get_with_revision(entity_type, key)[0]

    def find(self, entity_type: type[E], key: tuple[str, ...]) -> E | None:
        try:
            return self.get(entity_type, key)
        except NotFoundError:
            return None

    def get_with_revision(self, entity_type: type[E], key: tuple[str, ...]) -> tuple[E, int]:
        if self._dialect == "sqlite":
            return self._sqlite_get(entity_type, tuple(key))
        statement = _select_by_key(entity_type)
        row = self._read().execute(statement, dict(zip(entity_type.key_fields, key, strict=True))).first()
        if row is None:
            raise NotFoundError(f"{describe_key(entity_type, tuple(key))} is not stored")
        return self._entity(entity_type, row), int(row.revision)

    def _sqlite_get(self, entity_type: type[E], key: tuple[str, ...]) -> tuple[E, int]:
        """A look-up by key on SQLite, on the driver's own connection: the statement is a fixed text per type (its
        values bound as parameters), so SQLAlchemy's execute path — about half of a look-up's time — is skipped.
        The same connection as any other read (the caller's transaction, or the thread's reader), so it sees the
        same data; the key columns and extra columns are text and integers, the data column JSON text."""
        sql, extras = _sqlite_select_by_key(entity_type)
        if len(key) != len(entity_type.key_fields):
            raise ValueError(f"{entity_type.__name__} has a key of {len(entity_type.key_fields)} parts, not {len(key)}")
        row = self._driver().execute(sql, key).fetchone()
        if row is None:
            raise NotFoundError(f"{describe_key(entity_type, key)} is not stored")
        data = json.loads(row[1])
        data.update(zip(extras, row[2:], strict=True))
        return structure(data, entity_type), int(row[0])

    def replace(self, entity: Entity, expected_revision: int) -> int:
        from sqlalchemy import update  # noqa: PLC0415
        from sqlalchemy.exc import IntegrityError  # noqa: PLC0415

        entity_type = type(entity)
        table = self._table(entity_type)
        values = self._row_values(entity, expected_revision + 1)
        statement = (
            update(table)
            .where(self._key_clause(table, entity_type, entity.key), table.c.revision == expected_revision)
            .values({k: v for k, v in values.items() if k not in entity_type.key_fields})
        )
        try:
            with self._begin() as connection, self._savepoint(connection):
                if connection.execute(statement).rowcount == 1:
                    return expected_revision + 1
        except IntegrityError as exc:
            raise self._integrity(exc, entity) from None
        _, revision = self.get_with_revision(entity_type, entity.key)  # NotFoundError if it is gone
        raise ConcurrencyError(
            f"{describe_key(entity_type, entity.key)} changed since it was read "
            f"(revision {revision}, expected {expected_revision})"
        )

    def delete(self, entity_type: type[Entity], key: tuple[str, ...]) -> None:
        from sqlalchemy import delete  # noqa: PLC0415

        table = self._table(entity_type)
        with self._begin() as connection:
            deleted = connection.execute(delete(table).where(self._key_clause(table, entity_type, tuple(key))))
        if deleted.rowcount != 1:
            raise NotFoundError(f"{describe_key(entity_type, tuple(key))} is not stored")

    def delete_all(self, entity_type: type[Entity], keys: Iterable[tuple[str, ...]]) -> int:
        """The keys' rows deleted in a transaction; a key that deletes nothing undoes them all. SQLite runs one
        ``DELETE`` for every key (the driver's ``executemany``), PostgreSQL one ``DELETE`` for them all
        (:func:`_delete_listed`)."""
        table = self._table(entity_type)
        rows = [dict(zip(entity_type.key_fields, map(str, key), strict=True)) for key in keys]
        if not rows:
            return 0
        with self.transaction() as view:
            assert isinstance(view, SqlStorage) and view._connection is not None
            if self._dialect == "sqlite":  # the driver's executemany, as in _insert_batch
                driver = view._connection.connection.driver_connection
                assert driver is not None
                deleted = driver.executemany(_sqlite_delete_by_key(entity_type),
                                             [tuple(row.values()) for row in rows]).rowcount
            else:
                statement = _delete_listed(table, entity_type.key_fields, self._engine.dialect.identifier_preparer)
                deleted = view._connection.execute(statement, {name: [row[name] for row in rows]
                                                               for name in entity_type.key_fields}).rowcount
            if deleted != len(rows):  # some key was not stored (or given twice): find which, say so, undo
                for row in rows:
                    key = tuple(row[name] for name in entity_type.key_fields)
                    if view.find(entity_type, key) is not None or rows.count(row) > 1:
                        continue
                    raise NotFoundError(f"{describe_key(entity_type, key)} is not stored")
                raise NotFoundError(f"a {entity_type.__name__} key is given twice")
        return len(rows)

    def values(self, entity_type: type[Entity], fields: Sequence[str],
               **equals: Any) -> builtins.list[tuple[Any, ...]]:
        """The fields straight from the columns, or from the JSON ``data`` by path where they are not columns;
        no entity is built."""
        from sqlalchemy import select  # noqa: PLC0415

        types = plain_field_types(entity_type, tuple(fields))
        filters = plain_field_types(entity_type, tuple(equals))
        table = self._table(entity_type)
        columns = set(entity_type.key_fields) | set(extra_column_names(entity_type))
        plain = unstructure(equals)
        in_sql = [table.c[name] == (str(plain[name]) if name in entity_type.key_fields else plain[name])
                  for name in equals if name in columns]
        in_python = [name for name in equals if name not in columns]
        wanted = [*entity_type.key_fields, *fields, *in_python]
        kinds = {**{name: str for name in entity_type.key_fields}, **filters, **types}

        def column(name: str) -> Any:
            if name in columns:
                return table.c[name]
            path = table.c.data[name]
            kind = kinds[name]
            return path.as_boolean() if kind is bool else path.as_integer() if kind is int else path.as_string()

        rows = self._read().execute(select(*(column(name) for name in wanted)).where(*in_sql)).all()
        keys, width = len(entity_type.key_fields), len(fields)
        casts = [kinds[name] for name in (*fields, *in_python)]
        wanted_in_python = [plain[name] for name in in_python]
        found = []
        for row in rows:  # 20,000 candidates' classes in one scheduling: no dict per row, _as only where needed
            typed = [value if value is None or type(value) is kind else _as(kind, value)
                     for kind, value in zip(casts, row[keys:], strict=True)]
            if typed[width:] == wanted_in_python:
                found.append((tuple(row[:keys]), tuple(typed[:width])))
        found.sort(key=operator.itemgetter(0))
        return [values for _, values in found]

    def list(self, entity_type: type[E], **equals: Any) -> builtins.list[E]:
        in_sql = self._equal_columns(entity_type, equals)
        entities = self._driver_list(entity_type, in_sql)
        return [e for e in entities if all(getattr(e, k) == v for k, v in equals.items())]

    def list_in(self, entity_type: type[E], field: str, values: Iterable[Any], **equals: Any) -> builtins.list[E]:
        """Where ``field`` has a column of its own (a key field, a unique one, or one of
        :data:`~xcert_adapters.storage.sql.schema.FILTER_COLUMNS`), the rows are chosen in SQL: SQLite runs one
        statement per :data:`IN_BATCH` values (``field IN (?, …)``), PostgreSQL one (``field = ANY(%s)``);
        otherwise the entities :meth:`list` gives for ``equals`` are filtered here."""
        in_sql = self._equal_columns(entity_type, equals)
        plain_field_types(entity_type, (field,))  # TypeError for an unknown field or one that is not plain
        wanted = set(values)
        if not wanted:
            return []
        if field not in (*entity_type.key_fields, *extra_column_names(entity_type)):
            entities = self._driver_list(entity_type, in_sql)
        else:
            stored = sorted({str(v) if field in entity_type.key_fields else unstructure(v) for v in wanted})
            entities = self._driver_list(entity_type, in_sql, (field, stored))
        return [e for e in entities
                if getattr(e, field) in wanted and all(getattr(e, k) == v for k, v in equals.items())]

    def _equal_columns(self, entity_type: type[Entity], equals: dict[str, Any]) -> builtins.list[tuple[str, Any]]:
        """``equals`` checked (``TypeError`` for an attribute ``entity_type`` lacks, or a type not stored) and
        narrowed to the filters SQL can apply: the columns, with their stored values."""
        names = set(attrs.fields_dict(entity_type))  # type: ignore[arg-type]
        unknown = set(equals) - names
        if unknown:
            raise TypeError(f"{entity_type.__name__} has no attribute(s) {', '.join(sorted(unknown))}")
        _stored(entity_type)
        columns = set(entity_type.key_fields) | set(extra_column_names(entity_type))
        plain = unstructure(equals)
        return [(name, str(plain[name]) if name in entity_type.key_fields else plain[name])
                for name in equals if name in columns]

    def _driver_list(self, entity_type: type[E], equals: Sequence[tuple[str, Any]],
                     within: tuple[str, Sequence[Any]] | None = None, *,
                     page: tuple[int, int] | None = None) -> builtins.list[E]:
        """The rows whose columns equal ``equals`` (and, with ``within``, whose column is one of the values; with
        ``page``, only the (offset, limit) slice of them) as entities in key order, read with fixed statement text
        on the driver's own connection (SQLite's, or psycopg's for PostgreSQL) and sorted by their key columns
        before any entity is built: the key columns hold exactly the key's text, so their order is the keys'
        order. SQLAlchemy's rows cost about a third of listing 200,000 registrations on PostgreSQL."""
        name = self._dialect
        sql, extras = _select_all_text(entity_type, tuple(column for column, _ in equals), name,
                                       within[0] if within else None, paged=page is not None)
        parameters = [value for _, value in equals]
        if page is not None:
            offset, limit = page
            parameters += [limit, offset]
        if within is None:
            batches = [parameters]
        elif name == "sqlite":  # each batch padded with its first value: one statement text for all
            batches = [[*parameters, *chunk, *[chunk[0]] * (IN_BATCH - len(chunk))]
                       for chunk in (within[1][i:i + IN_BATCH] for i in range(0, len(within[1]), IN_BATCH))]
        else:
            batches = [[*parameters, list(within[1])]]
        driver = self._driver()
        rows = []
        for batch in batches:
            if name == "sqlite":
                rows += driver.execute(sql, batch).fetchall()
            else:
                with driver.cursor() as cursor:
                    rows += cursor.execute(sql, batch).fetchall()
        keys = len(entity_type.key_fields)
        rows.sort(key=operator.itemgetter(*range(keys)) if keys > 1 else operator.itemgetter(0))
        found = []
        for row in rows:
            stored = row[keys]  # SQLite gives the JSON text; psycopg has already parsed it
            data = json.loads(stored) if isinstance(stored, str) else stored
            data.update(zip(extras, row[keys + 1:], strict=True))
            found.append(structure(data, entity_type))
        return found

    def page(self, entity_type: type[E], offset: int, limit: int, **equals: Any) -> builtins.list[E]:
        """In SQL (``ORDER BY`` the key columns, ``LIMIT``, ``OFFSET``) when every filter has a column of its own;
        otherwise a slice of :meth:`list`."""
        check_page(offset, limit)
        in_sql = self._equal_columns(entity_type, equals)
        if len(in_sql) < len(equals):
            return self.list(entity_type, **equals)[offset:offset + limit]
        return self._driver_list(entity_type, in_sql, page=(offset, limit))

    def count(self, entity_type: type[Entity], **equals: Any) -> int:
        """``COUNT(*)`` in SQL (on the driver's connection) when every filter has a column of its own; otherwise
        the length of :meth:`list`."""
        in_sql = self._equal_columns(entity_type, equals)
        if len(in_sql) < len(equals):
            return len(self.list(entity_type, **equals))
        sql = _count_text(entity_type, tuple(name for name, _ in in_sql), self._dialect)
        driver = self._driver()
        if self._dialect == "sqlite":
            return int(driver.execute(sql, [value for _, value in in_sql]).fetchone()[0])
        with driver.cursor() as cursor:
            return int(cursor.execute(sql, [value for _, value in in_sql]).fetchone()[0])

    def candidates_by_id_number(self, id_number: str) -> builtins.list[Candidate]:
        return self.list(Candidate, id_number=id_number)

    def adjust_quota(self, key: tuple[str, ...], delta: int) -> PilotApplication:
        from sqlalchemy import update  # noqa: PLC0415

        table = self._table(PilotApplication)
        where = self._key_clause(table, PilotApplication, tuple(key))
        statement = (
            update(table)
            .where(where, table.c.used_quota + delta >= 0, table.c.used_quota + delta <= table.c.approved_quota)
            .values(used_quota=table.c.used_quota + delta, revision=table.c.revision + 1)
            .returning(*table.c)
        )
        with self._begin() as connection:
            row = connection.execute(statement).first()
        if row is not None:
            return self._entity(PilotApplication, row)
        application = self.get(PilotApplication, key)  # NotFoundError for an unknown application
        raise QuotaExceededError(
            f"{describe_key(PilotApplication, tuple(key))}: 已使用指标数 {application.used_quota} "
            f"{'+' if delta >= 0 else '-'} {abs(delta)} 超出 0..{application.approved_quota}"
        )

    @contextmanager
    def transaction(self) -> Iterator[Storage]:
        if self._connection is not None:  # nested: a SAVEPOINT, undone alone when the block raises
            with self._connection.begin_nested():
                yield self
            return
        with self._engine.begin() as connection:
            yield SqlStorage(self.url, _engine=self._engine, _connection=connection)

    def close(self) -> None:
        for reader in self._reader_connections:
            reader.close()
        self._reader_connections.clear()
        if self._owns_engine and self._made_engine is not None:
            self._made_engine.dispose()


def _copy_rows(connection: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """``rows`` written into ``table`` by PostgreSQL's ``COPY … FROM STDIN`` on the connection's psycopg
    connection (so in its transaction), the data column as ``json.dumps`` text as SQLAlchemy's JSON type writes
    it. A key or constraint the rows break fails the whole ``COPY`` as an ``INSERT`` would, raised as
    SQLAlchemy's :class:`~sqlalchemy.exc.IntegrityError`. Writing 200,000 seats row by row (psycopg's pipelined
    ``executemany``) was most of what PostgreSQL added to a schedule over SQLite."""
    import psycopg  # noqa: PLC0415 - the driver of this connection, so already imported
    from sqlalchemy.exc import IntegrityError  # noqa: PLC0415

    driver = connection.connection.driver_connection
    assert driver is not None
    names = [column.name for column in table.columns]
    quote = connection.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(name) for name in names)}) FROM STDIN"
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([json.dumps(row[name]) if name == "data" else row[name] for name in names])
    except psycopg.errors.IntegrityError as exc:
        raise IntegrityError(sql, None, exc) from None


def _delete_listed(table: Any, key_fields: Sequence[str], preparer: Any) -> Any:
    """``DELETE FROM table USING unnest(:key1, :key2, …) AS listed WHERE`` each key column equals the listed
    one, for PostgreSQL: one array parameter per key column, whatever the number of keys; the planner knows the
    arrays' length and joins them to the table by hashing, with or without statistics. A ``DELETE`` run per key
    went wrong on a table just filled (20,000 seats by ``xcert schedule``, not yet analysed): without statistics
    the planner looked each key up in the seats' (plan, session, ticket number) unique index by its first two
    columns, which every seat of the session shares, so each key read the whole session: 48 s to rewrite 20,000
    seats. A ``VALUES`` list or ``(key) IN (…)`` of bound parameters instead cost about a second per 5,000 keys to
    compile and compare."""
    from sqlalchemy import text  # noqa: PLC0415

    quote = preparer.quote
    arrays = ", ".join(f"CAST(:{name} AS text[])" for name in key_fields)
    listed = ", ".join(quote(name) for name in key_fields)
    where = " AND ".join(f"{quote(table.name)}.{quote(name)} = listed.{quote(name)}" for name in key_fields)
    return text(f"DELETE FROM {quote(table.name)} USING unnest({arrays}) AS listed({listed}) WHERE {where}")


def _dialect_module(name: str) -> Any:
    """SQLAlchemy's dialect module for the database ``name`` (its ``insert`` has ``on_conflict_do_update``, its
    ``dialect()`` quotes identifiers): PostgreSQL's is imported only for a PostgreSQL database (its import costs
    a SQLite workspace's every command about 20 ms)."""
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql  # noqa: PLC0415

        return postgresql
    from sqlalchemy.dialects import sqlite  # noqa: PLC0415

    return sqlite


@functools.cache
def _sqlite_select_by_key(entity_type: type[Entity]) -> tuple[str, tuple[str, ...]]:
    """``SELECT revision, data, extra columns … WHERE key = ?`` as SQLite text, built once per type, with the extra
    columns' names in their order."""
    extras = extra_column_names(_stored(entity_type))
    columns = ", ".join(quote(name) for name in ("revision", "data", *extras))
    where = " AND ".join(f"{quote(name)} = ?" for name in entity_type.key_fields)
    return f"SELECT {columns} FROM {quote(table_name(entity_type))} WHERE {where}", extras


@functools.cache
def _select_all_text(entity_type: type[Entity], equal: tuple[str, ...], dialect: str,
                     within: str | None = None, *, paged: bool = False) -> tuple[str, tuple[str, ...]]:
    """``SELECT key columns, data, extra columns … WHERE column = ? …`` as the text of ``dialect``'s driver
    (``sqlite``: ``?`` placeholders; ``postgresql``, psycopg: ``%s``), built once per type and filtered columns,
    with the extra columns' names in their order. ``paged``: ``ORDER BY`` the key columns (on PostgreSQL in the
    "C" collation: code point order, as Python sorts the keys) ``LIMIT ? OFFSET ?``, the two parameters last.
    With ``within``, also ``AND within IN (?, …)`` with
    :data:`IN_BATCH` placeholders on SQLite, ``AND within = ANY(%s)`` (one array) on PostgreSQL; when an index
    starts with ``within``, the equalities are written so that no index serves them, and the planner looks the
    values up. Without statistics (a table just filled, or SQLite, which keeps none unless asked) both planners
    preferred the primary key's prefix: every seat of the plan, to find a school's 200."""
    placeholder = "?" if dialect == "sqlite" else "%s"
    extras = extra_column_names(_stored(entity_type))
    columns = ", ".join(quote(name) for name in (*entity_type.key_fields, "data", *extras))
    conditions = [f"{quote(name)} = {placeholder}" for name in equal]
    if within is not None and within in leading_columns(entity_type):  # look the values up; equalities filter
        conditions = [f"{_not_indexed(entity_type, name, dialect)} = {placeholder}" for name in equal]
    if within is not None:
        conditions.append(f"{quote(within)} IN ({', '.join('?' * IN_BATCH)})" if dialect == "sqlite"
                          else f"{quote(within)} = ANY(%s)")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    order = ""
    if paged:
        collate = "" if dialect == "sqlite" else ' COLLATE "C"'
        keys = ", ".join(f"{quote(name)}{collate}" for name in entity_type.key_fields)
        order = f" ORDER BY {keys} LIMIT {placeholder} OFFSET {placeholder}"
    return f"SELECT {columns} FROM {quote(table_name(entity_type))}{where}{order}", extras


def _not_indexed(entity_type: type[Entity], name: str, dialect: str) -> str:
    """The column ``name`` as an expression no index serves: SQLite's unary ``+``; on PostgreSQL a no-op on the
    value."""
    if dialect == "sqlite":
        return f"+{quote(name)}"
    return f"({quote(name)} + 0)" if is_integer_column(entity_type, name) else f"({quote(name)} || '')"


@functools.cache
def _count_text(entity_type: type[Entity], equal: tuple[str, ...], dialect: str) -> str:
    """``SELECT COUNT(*) FROM … WHERE column = ? …`` as the text of ``dialect``'s driver, built once per type and
    filtered columns."""
    placeholder = "?" if dialect == "sqlite" else "%s"
    where = " AND ".join(f"{quote(name)} = {placeholder}" for name in equal)
    return f"SELECT COUNT(*) FROM {quote(table_name(_stored(entity_type)))}" + (f" WHERE {where}" if where else "")


def _stored(entity_type: type[E]) -> type[E]:
    """``entity_type``, or ``TypeError`` when it is not a stored entity type."""
    if entity_type not in STORED_ENTITIES:
        raise TypeError(f"{entity_type.__name__} is not a stored entity type")
    return entity_type


@functools.cache
def _sqlite_delete_by_key(entity_type: type[Entity]) -> str:
    """``DELETE FROM … WHERE key = ?`` as SQLite text, built once per type."""
    where = " AND ".join(f"{quote(name)} = ?" for name in entity_type.key_fields)
    return f"DELETE FROM {quote(table_name(_stored(entity_type)))} WHERE {where}"


@functools.cache
def _sqlite_insert(entity_type: type[Entity]) -> tuple[str, tuple[str, ...]]:
    """``INSERT INTO … (key columns, extra columns, revision, data) VALUES (?, …)`` as SQLite text, built once per
    type, with the names of the row values bound before ``data``."""
    names = (*entity_type.key_fields, *extra_column_names(_stored(entity_type)), "revision")
    columns = ", ".join(quote(name) for name in (*names, "data"))
    return (f"INSERT INTO {quote(table_name(entity_type))} ({columns}) VALUES ({', '.join('?' * (len(names) + 1))})",
            names)


@functools.cache
def _select_by_key(entity_type: type[Entity]) -> Any:
    """``SELECT … WHERE key = :key`` built once per type (bound parameters named after the key fields)."""
    from sqlalchemy import bindparam, select  # noqa: PLC0415

    from xcert_adapters.storage.sql.schema import TABLES  # noqa: PLC0415

    table = TABLES[_stored(entity_type)]
    return select(table).where(*(table.c[name] == bindparam(name) for name in entity_type.key_fields))


def _as(kind: type, value: Any) -> Any:
    """A plain value read from SQL as the field's type: key columns are text, JSON booleans come back as 0/1."""
    if value is None or isinstance(value, kind):
        return value
    return kind(value)
