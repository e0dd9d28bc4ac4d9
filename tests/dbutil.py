"""Test databases: SQLite in memory by default, TEST_DATABASE_URL (PostgreSQL) when set.

Under pytest-xdist each worker gets its own PostgreSQL database, created on first use.
"""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def database_url(suffix: str = "") -> str:
    """The URL for this worker's test database (an in-memory SQLite one by default)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return "sqlite://"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = make_url(base)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = "_".join(part for part in (url.database, worker, suffix) if part)
    url = url.set(database=name)
    ensure_postgres_database(url)
    return url.render_as_string(hide_password=False)


def ensure_postgres_database(url) -> None:
    """Create the database on its server if it does not exist yet."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                             {"n": url.database})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def drop_postgres_database(url_string: str) -> None:
    """Drop a PostgreSQL test database (used for migration tests that need an empty one)."""
    url = make_url(url_string)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def empty_all_tables(db) -> None:
    """Delete every row of every table (children first), in the current app context, and drop
    the session's identity map: each test starts from empty tables."""
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
