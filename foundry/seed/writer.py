"""Bulk loading: explicit ids, batched Core inserts in foreign-key order, timings per table."""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter

from flask import current_app
from sqlalchemy import Table, func, insert, select, text

from foundry.extensions import db


class SeedRefused(Exception):
    """Seeding is not allowed here (production configuration)."""


def refuse_production() -> None:
    """Raise SeedRefused under the production configuration or a production environment name."""
    config = current_app.config
    names = {str(config.get("ENV_NAME", "")).lower(), os.environ.get("FLASK_CONFIG", "").lower(),
             os.environ.get("FOUNDRY_CONFIG", "").lower(), os.environ.get("FLASK_ENV", "").lower()}
    is_production = (config.get("SESSION_COOKIE_SECURE") and not config.get("DEBUG")
                     and not config.get("TESTING")) or "production" in names
    if is_production:
        raise SeedRefused("Refusing to load generated data under the production configuration.")


# SQLAlchemy's SQLite storage formats (sqlalchemy.dialects.sqlite DATETIME / DATE).
_SQLITE_CONVERT = {
    "DateTime": lambda v: v.isoformat(" ", "microseconds"),  # 2025-02-21 02:00:00.000000
    "Date": lambda v: v.isoformat(),
    "Boolean": int,
    "JSON": json.dumps,
}


class BulkWriter:
    """Collects rows per table and inserts them in batches, parents before children.

    Ids are allocated here (max(id) + 1 onwards), so children can point at parents before they
    are written; PostgreSQL sequences are moved past them at the end.
    """

    def __init__(self, batch_size: int = 5000) -> None:
        self.batch_size = batch_size
        self.order = {t.name: i for i, t in enumerate(db.metadata.sorted_tables)}
        self.tables: dict[str, Table] = {t.name: t for t in db.metadata.sorted_tables}
        self.pending: dict[str, list[dict]] = defaultdict(list)
        self.keys: dict[str, tuple[str, ...]] = {}
        self.next_ids: dict[str, int] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        self.dialect = db.engine.dialect.name

    def new_id(self, table: str) -> int:
        """The next free id of a table."""
        if table not in self.next_ids:
            current = db.session.scalar(select(func.max(self.tables[table].c.id)))
            self.next_ids[table] = (current or 0) + 1
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def add(self, table: str, row: dict) -> dict:
        """Queue one row (every row of a table has the same keys); returns it."""
        keys = self.keys.get(table)
        if keys is None:
            keys = self.keys[table] = tuple(row)
        if len(row) != len(keys):
            raise ValueError(f"{table}: row keys {sorted(row)} differ from {sorted(keys)}")
        self.pending[table].append(row)
        if len(self.pending[table]) >= self.batch_size:
            self.flush(upto=table)
        return row

    def add_all(self, table: str, rows: Iterable[dict]) -> None:
        """Queue many rows."""
        for row in rows:
            self.add(table, row)

    def flush(self, upto: str | None = None) -> None:
        """Insert queued rows of every table up to `upto` in dependency order (all by default)."""
        limit = self.order[upto] if upto else len(self.order)
        for name in sorted(self.pending, key=self.order.__getitem__):
            if self.order[name] > limit or not self.pending[name]:
                continue
            rows, self.pending[name] = self.pending[name], []
            started = time.perf_counter()
            if self.dialect == "sqlite":
                self._sqlite_insert(name, rows)
            elif self.dialect == "postgresql":
                self._postgres_copy(name, rows)
            else:
                db.session.execute(insert(self.tables[name]), rows)
            self.seconds[name] += time.perf_counter() - started
            self.counts[name] += len(rows)

    def _sqlite_insert(self, name: str, rows: list[dict]) -> None:
        """executemany on the DB-API cursor, with values stored exactly as SQLAlchemy stores them.

        SQLAlchemy's per-row bind processing costs more than the insert itself at this volume.
        """
        keys = self.keys[name]
        table = self.tables[name]
        convert = [(i, conv) for i, k in enumerate(keys)
                   if (conv := _SQLITE_CONVERT.get(type(table.c[k].type).__name__))]
        getter = itemgetter(*keys)
        params = []
        for row in rows:
            values = list(getter(row)) if len(keys) > 1 else [row[keys[0]]]
            for i, conv in convert:
                if values[i] is not None:
                    values[i] = conv(values[i])
            params.append(values)
        # Table and column names come from our own metadata, never from input.
        sql = (f"INSERT INTO {name} ({', '.join(keys)}) "  # noqa: S608
               f"VALUES ({', '.join('?' for _ in keys)})")
        db.session.connection().connection.dbapi_connection.cursor().executemany(sql, params)

    def _postgres_copy(self, name: str, rows: list[dict]) -> None:
        """COPY … FROM STDIN through psycopg (it adapts dates, booleans and NULLs itself)."""
        keys = self.keys[name]
        getter = itemgetter(*keys)
        table = self.tables[name]
        json_at = [i for i, k in enumerate(keys) if type(table.c[k].type).__name__ == "JSON"]
        cursor = db.session.connection().connection.dbapi_connection.cursor()
        with cursor.copy(f"COPY {name} ({', '.join(keys)}) FROM STDIN") as copy:
            for row in rows:
                values = getter(row) if len(keys) > 1 else (row[keys[0]],)
                if json_at:  # JSON columns travel as their text
                    values = list(values)
                    for i in json_at:
                        if values[i] is not None:
                            values[i] = json.dumps(values[i])
                copy.write_row(values)

    def finish(self) -> None:
        """Write what is left and move PostgreSQL id sequences past the explicit ids."""
        self.flush()
        if self.dialect == "postgresql":
            for name in self.counts:
                db.session.execute(text(  # table names from our own metadata
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {name}))"))


def sqlite_fast_load() -> None:
    """Loosen SQLite durability for this connection during a bulk load (the data is generated)."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA synchronous = OFF"))
        db.session.execute(text("PRAGMA cache_size = -200000"))
        db.session.execute(text("PRAGMA temp_store = MEMORY"))


def table_counts() -> dict[str, int]:
    """Rows per table (for reports and tests)."""
    return {t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in db.metadata.sorted_tables}


def delete_everything() -> None:
    """Empty every table, children first (scale --reset)."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
