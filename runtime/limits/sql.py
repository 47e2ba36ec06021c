"""Counters in the store: PostgreSQL (``rate_counters``) or a SQLite file beside the embedded store."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .base import Counter, slot

_UPSERT = ("INSERT INTO rate_counters (key, slot, hits, expires_at) VALUES ({p}, {p}, 1, {p})"
           " ON CONFLICT (key, slot) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING hits")
_COUNT = "SELECT hits FROM rate_counters WHERE key = {p} AND slot = {p}"
_RESET = "DELETE FROM rate_counters WHERE key = {p}"
_PRUNE = "DELETE FROM rate_counters WHERE expires_at < {p}"
#: One hit in this many also deletes expired windows.
PRUNE_EVERY = 500


class _SqlCounter(Counter):
    placeholder = "%s"

    def __init__(self, clock: Callable[[], float] = time.time):
        self.clock = clock
        self._hits = 0

    def _run(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _sql(self, template: str) -> str:
        return template.format(p=self.placeholder)

    def hit(self, key: str, window: float) -> int:
        now = self.clock()
        self._hits += 1
        if self._hits % PRUNE_EVERY == 0:
            self._run(self._sql(_PRUNE), (now,))
        at = slot(now, window)
        return int(self._run(self._sql(_UPSERT), (key, at, (at + 2) * window))[0][0])

    def count(self, key: str, window: float) -> int:
        rows = self._run(self._sql(_COUNT), (key, slot(self.clock(), window)))
        return int(rows[0][0]) if rows else 0

    def reset(self, key: str) -> None:
        self._run(self._sql(_RESET), (key,))


class PostgresCounter(_SqlCounter):
    def __init__(self, pool: Any, clock: Callable[[], float] = time.time):
        super().__init__(clock)
        self.pool = pool

    def _run(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self.pool.connection() as conn, conn.cursor() as cur:
            cur.execute(sql, params)  # type: ignore[arg-type]  # constant SQL
            return cur.fetchall() if cur.description else []


class SqliteCounter(_SqlCounter):
    placeholder = "?"

    def __init__(self, path: str | Path, clock: Callable[[], float] = time.time):
        super().__init__(clock)
        self.path = Path(path)
        self._local = threading.local()
        self._conn().executescript(
            "CREATE TABLE IF NOT EXISTS rate_counters (key TEXT NOT NULL, slot INTEGER NOT NULL,"
            " hits INTEGER NOT NULL, expires_at REAL NOT NULL, PRIMARY KEY (key, slot));")

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                                      check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
        return conn

    def _run(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return self._conn().execute(sql, params).fetchall()
