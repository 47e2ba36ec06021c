"""Counters in the store: PostgreSQL (``rate_counters``) or a SQLite file beside the embedded store."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..storage.sidecar import PostgresRunner, SqliteRunner, SqlRunner
from .base import Counter, slot

SQLITE_SCHEMA = ("CREATE TABLE IF NOT EXISTS rate_counters (key TEXT NOT NULL, slot INTEGER NOT NULL,"
                 " hits INTEGER NOT NULL, expires_at REAL NOT NULL, PRIMARY KEY (key, slot));")
_UPSERT = ("INSERT INTO rate_counters (key, slot, hits, expires_at) VALUES ({p}, {p}, 1, {p})"
           " ON CONFLICT (key, slot) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING hits")
_COUNT = "SELECT hits FROM rate_counters WHERE key = {p} AND slot = {p}"
_RESET = "DELETE FROM rate_counters WHERE key = {p}"
_PRUNE = "DELETE FROM rate_counters WHERE expires_at < {p}"
#: One hit in this many also deletes expired windows.
PRUNE_EVERY = 500


class SqlCounter(Counter):
    def __init__(self, runner: SqlRunner, clock: Callable[[], float] = time.time):
        self.runner, self.clock = runner, clock
        self._hits = 0

    def hit(self, key: str, window: float) -> int:
        now = self.clock()
        self._hits += 1
        if self._hits % PRUNE_EVERY == 0:
            self.runner.run(_PRUNE, (now,))
        at = slot(now, window)
        return int(self.runner.run(_UPSERT, (key, at, (at + 2) * window))[0][0])

    def count(self, key: str, window: float) -> int:
        rows = self.runner.run(_COUNT, (key, slot(self.clock(), window)))
        return int(rows[0][0]) if rows else 0

    def reset(self, key: str) -> None:
        self.runner.run(_RESET, (key,))


def PostgresCounter(pool: Any, clock: Callable[[], float] = time.time) -> SqlCounter:
    return SqlCounter(PostgresRunner(pool), clock)


def SqliteCounter(path: str | Path, clock: Callable[[], float] = time.time) -> SqlCounter:
    return SqlCounter(SqliteRunner(path, SQLITE_SCHEMA), clock)
