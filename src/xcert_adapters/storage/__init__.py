"""Storage adapters: in-memory now; SQL (SQLite, PostgreSQL) through SQLAlchemy Core."""
