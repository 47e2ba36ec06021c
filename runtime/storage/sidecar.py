"""Small tables kept with the store for state every worker and node shares (counters, sessions).

PostgreSQL: tables of the same database (created by the migrations), through the
store's connection pool. Embedded store: a SQLite file beside the store's files
(one machine, several processes). ``run(sql, params)`` takes SQL written with
``{p}`` for each placeholder.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any


class SqlRunner:
    placeholder = "%s"

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError


class PostgresRunner(SqlRunner):
    def __init__(self, pool: Any):
        self.pool = pool

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """One statement, committed on its own (autocommit: one round trip, not BEGIN, it and COMMIT)."""
        with self.pool.connection() as conn:
            conn.autocommit = True
            try:
                with conn.cursor() as cur:
                    cur.execute(sql.format(p=self.placeholder), params)  # type: ignore[arg-type]  # our constant SQL
                    return cur.fetchall() if cur.description else []
            finally:
                if not conn.closed:
                    conn.autocommit = False  # back to the pool as the units of work expect it


class SqliteRunner(SqlRunner):
    placeholder = "?"

    def __init__(self, path: str | Path, schema: str):
        self.path = Path(path)
        self._local = threading.local()
        self._conn().executescript(schema)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                                      check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
        return conn

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._conn().execute(sql.format(p=self.placeholder), params).fetchall()


def runner_for(store: Any, file_name: str, sqlite_schema: str) -> SqlRunner:
    """The runner beside ``store``: its PostgreSQL pool, or a SQLite file in its directory."""
    pool = getattr(store, "pool", None)
    if pool is not None:
        return PostgresRunner(pool)
    root = getattr(store, "root", None)
    if root is None:
        raise TypeError(f"{store!r} keeps no shared tables")
    return SqliteRunner(Path(root) / file_name, sqlite_schema)
