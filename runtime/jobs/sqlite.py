"""The job queue of the embedded store: a SQLite file beside it (one machine, several processes).

SQLite serialises writers, so a claim is one ``BEGIN IMMEDIATE`` transaction;
leases work as in PostgreSQL, so a process killed mid-job loses nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from .base import LEASE_SECONDS, MAX_ATTEMPTS, Job, JobQueue

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, key TEXT UNIQUE, payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8, run_at REAL NOT NULL, locked_by TEXT, locked_until REAL,
    last_error TEXT, created_at REAL NOT NULL, finished_at REAL);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, run_at);
CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created_at);
CREATE TABLE IF NOT EXISTS once_keys (key TEXT PRIMARY KEY, done_at REAL NOT NULL);
"""
_COLUMNS = ("id, kind, key, payload, status, attempts, max_attempts, run_at, last_error, created_at, "
            "finished_at, locked_by")


def _time(value: float | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromtimestamp(value, dt.UTC)


def _job(row: tuple[Any, ...]) -> Job:
    (id_, kind, key, payload, status, attempts, max_attempts, run_at, error, created, finished, worker) = row
    return Job(id_, kind, orjson.loads(payload), key, status, attempts, max_attempts, _time(run_at), error,
               _time(created), _time(finished), worker)


class SqliteJobQueue(JobQueue):
    def __init__(self, path: str | Path, clock=time.time):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.clock = clock
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._conn().executescript(SCHEMA)  # idempotent; executescript commits by itself

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            self._local.conn = conn
            self._opened.append(conn)
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def enqueue(self, kind: str, payload: Mapping[str, Any], *, key: str | None = None,
                delay: float = 0.0, max_attempts: int = MAX_ATTEMPTS, within: Any = None) -> bool:
        now = self.clock()
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO jobs (kind, key, payload, max_attempts, run_at, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING", (kind, key, orjson.dumps(dict(payload)).decode(), max_attempts,
                                                  now + delay, now))
            return cursor.rowcount == 1

    def claim(self, worker: str, kinds: tuple[str, ...] | None = None,
              lease: float = LEASE_SECONDS) -> Job | None:
        now = self.clock()
        kind_filter = f" AND kind IN ({','.join('?' * len(kinds))})" if kinds else ""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT id FROM jobs WHERE ((status = 'queued' AND run_at <= ?) OR"  # noqa: S608 - placeholders only
                f" (status = 'running' AND locked_until < ?)){kind_filter} ORDER BY run_at LIMIT 1",
                (now, now, *(kinds or ()))).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ?,"
                         " locked_until = ? WHERE id = ?", (worker, now + lease, row[0]))
            found = conn.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (row[0],))  # noqa: S608
            return _job(found.fetchone())

    def renew(self, job: Job, lease: float = LEASE_SECONDS) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE jobs SET locked_until = ? WHERE id = ? AND status = 'running' AND locked_by = ?",
                         (self.clock() + lease, job.id, job.locked_by))

    def finish(self, job: Job) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE jobs SET status = 'done', finished_at = ?, locked_until = NULL, last_error = NULL"
                         " WHERE id = ? AND locked_by = ?", (self.clock(), job.id, job.locked_by))

    def fail(self, job: Job, error: str, *, retry_in: float | None) -> None:
        now = self.clock()
        with self._tx() as conn:
            if retry_in is None:
                conn.execute("UPDATE jobs SET status = 'dead', finished_at = ?, locked_until = NULL, last_error = ?"
                             " WHERE id = ? AND locked_by = ?", (now, error[:2000], job.id, job.locked_by))
            else:
                conn.execute("UPDATE jobs SET status = 'queued', locked_until = NULL, last_error = ?, run_at = ?"
                             " WHERE id = ? AND locked_by = ?", (error[:2000], now + retry_in, job.id, job.locked_by))

    def jobs(self, *, status: str | None = None, kind: str | None = None, limit: int = 100) -> list[Job]:
        rows = self._conn().execute(
            f"SELECT {_COLUMNS} FROM jobs WHERE (? IS NULL OR status = ?) AND (? IS NULL OR kind = ?)"  # noqa: S608
            " ORDER BY created_at DESC, id DESC LIMIT ?", (status, status, kind, kind, limit)).fetchall()
        return [_job(r) for r in rows]

    def counts(self) -> dict[str, int]:
        return dict(self._conn().execute("SELECT status, count(*) FROM jobs GROUP BY status").fetchall())

    def requeue(self, job_id: int) -> bool:
        with self._tx() as conn:
            cursor = conn.execute("UPDATE jobs SET status = 'queued', attempts = 0, run_at = ?, finished_at = NULL"
                                  " WHERE id = ? AND status = 'dead'", (self.clock(), job_id))
            return cursor.rowcount == 1

    def prune(self, older_than: float) -> int:
        with self._tx() as conn:
            return conn.execute("DELETE FROM jobs WHERE status = 'done' AND finished_at < ?",
                                (self.clock() - older_than,)).rowcount

    def marked(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            found |= {r[0] for r in self._conn().execute(
                f"SELECT key FROM once_keys WHERE key IN ({','.join('?' * len(part))})", part)}  # noqa: S608 - placeholders and constant names only
        return found

    def mark(self, keys: list[str]) -> None:
        with self._tx() as conn:
            conn.executemany("INSERT INTO once_keys (key, done_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                             [(k, self.clock()) for k in keys])

    def close(self) -> None:
        for conn in self._opened:
            conn.close()
        self._opened.clear()
        self._local = threading.local()
