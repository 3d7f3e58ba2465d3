"""SQL storage on SQLAlchemy Core: SQLite (the embedded default) and PostgreSQL, selected by URL.

One table per stored entity. The key fields are the primary key; the whole entity is kept as JSON in ``data``;
fields that an invariant depends on are real columns as well, so the database itself protects them:
unique ID number per school (the candidate key), unique seat per room and session, unique ticket number per
session, and ``0 <= used_quota <= approved_quota`` (a CHECK constraint, changed only by a conditional UPDATE).
"""
