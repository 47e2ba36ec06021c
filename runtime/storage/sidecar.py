"""Small tables kept with the store for state every worker and node shares (counters, sessions).

PostgreSQL: tables of the same database (created by the migrations), through the
store's connection pool. Embedded store: a SQLite file beside the store's files
(one machine, several processes). ``run(sql, params)`` takes SQL written with
``{p}`` for each placeholder; ``transaction()`` runs several statements as one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Transaction:
    """Statements of one transaction: ``run`` one, ``run_many`` one statement over many rows."""

    def __init__(self, conn: Any, placeholder: str):
        self.conn, self.placeholder = conn, placeholder

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self.conn.execute(sql.format(p=self.placeholder), params)
        return cur.fetchall() if cur.description else []

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            self.conn.cursor().executemany(sql.format(p=self.placeholder), rows)


class SqlRunner:
    placeholder = "%s"
    dialect = "postgresql"

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Committed when the block ends, rolled back if it raises."""
        raise NotImplementedError
        yield  # pragma: no cover


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

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.pool.connection() as conn, conn.transaction():
            yield Transaction(conn, self.placeholder)


class SqliteRunner(SqlRunner):
    placeholder = "?"
    dialect = "sqlite"

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

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """``BEGIN IMMEDIATE``: one writer at a time across processes."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield Transaction(conn, self.placeholder)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def runner_for(store: Any, file_name: str, sqlite_schema: str) -> SqlRunner:
    """The runner beside ``store``: its PostgreSQL pool, or a SQLite file in its directory."""
    pool = getattr(store, "pool", None)
    if pool is not None:
        return PostgresRunner(pool)
    root = getattr(store, "root", None)
    if root is None:
        raise TypeError(f"{store!r} keeps no shared tables")
    return SqliteRunner(Path(root) / file_name, sqlite_schema)


def opened_on_first_use(open_runner: Callable[[], T]) -> Callable[[], T]:
    """A function returning ``open_runner()``, called once on first use (after a gunicorn fork,
    never before), however many threads ask at once (a runner, a client)."""
    made: list[T] = []
    lock = threading.Lock()

    def runner() -> T:
        if not made:
            with lock:
                if not made:
                    made.append(open_runner())
        return made[0]

    return runner


def keeps_shared_tables(store: Any) -> bool:
    """True when ``store`` has a place for shared tables (PostgreSQL, or the embedded store's folder)."""
    return getattr(store, "pool", None) is not None or getattr(store, "root", None) is not None
