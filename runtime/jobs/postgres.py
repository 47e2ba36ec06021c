"""The job queue in PostgreSQL: claims with ``FOR UPDATE SKIP LOCKED`` and a lease per job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from .base import LEASE_SECONDS, MAX_ATTEMPTS, Job, JobQueue

_COLUMNS = ("id, kind, key, payload, status, attempts, max_attempts, run_at, last_error, created_at, "
            "finished_at, locked_by")

# A job whose lease expired first (its worker died), else the first due job: each an ordered walk of
# its partial index (jobs_leased, jobs_due) that stops at the first row it can lock. One query with
# both conditions OR-ed sorted every waiting job to find one: 230-290 ms per claim with 170,000 queued
# (the design day at full scale), against under a millisecond this way.
_CLAIM = """
UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = %(worker)s,
       locked_until = now() + make_interval(secs => %(lease)s)
WHERE id = COALESCE(
    (SELECT id FROM jobs
     WHERE status = 'running' AND locked_until < now()
       AND (%(kinds)s::text[] IS NULL OR kind = ANY(%(kinds)s::text[]))
     ORDER BY locked_until
     FOR UPDATE SKIP LOCKED
     LIMIT 1),
    (SELECT id FROM jobs
     WHERE status = 'queued' AND run_at <= now()
       AND (%(kinds)s::text[] IS NULL OR kind = ANY(%(kinds)s::text[]))
     ORDER BY run_at
     FOR UPDATE SKIP LOCKED
     LIMIT 1))
RETURNING """ + _COLUMNS  # noqa: S608 - a constant column list


_INSERT = ("INSERT INTO jobs (kind, key, payload, max_attempts, run_at)"
           " VALUES (%(kind)s, %(key)s, %(payload)s, %(max)s, now() + make_interval(secs => %(delay)s))"
           " ON CONFLICT (key) DO NOTHING RETURNING id")


def _job(row: Mapping[str, Any]) -> Job:
    return Job(**row)


class PostgresJobQueue(JobQueue):
    def __init__(self, pool: Any):
        self.pool = pool

    def _execute(self, sql: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            cur.execute(sql, params)  # type: ignore[arg-type]  # our own constant SQL
            return cur.fetchall() if cur.description else []

    def enqueue(self, kind: str, payload: Mapping[str, Any], *, key: str | None = None,
                delay: float = 0.0, max_attempts: int = MAX_ATTEMPTS, within: Any = None) -> bool:
        params = {"kind": kind, "key": key, "payload": Jsonb(dict(payload)), "max": max_attempts, "delay": delay}
        conn = within.conn() if within is not None and getattr(getattr(within, "store", None), "pool", None) \
            is self.pool else None
        if conn is not None:  # in the caller's transaction: the job exists if and only if its change commits
            with conn.cursor() as cur:
                cur.execute(_INSERT, params)
                return cur.fetchone() is not None
        return bool(self._execute(_INSERT, params))

    def enqueue_many(self, jobs: list[tuple[str, Mapping[str, Any], str | None]], *,
                     max_attempts: int = MAX_ATTEMPTS) -> int:
        """One transaction for all (one commit to wait for, not one per job), sent as one pipeline
        (BEGIN, the inserts and COMMIT in one round trip to the database)."""
        if not jobs:
            return 0
        with self.pool.connection() as conn, conn.pipeline(), conn.cursor() as cur:
            cur.executemany(_INSERT, [{"kind": kind, "key": key, "payload": Jsonb(dict(payload)),
                                       "max": max_attempts, "delay": 0.0} for kind, payload, key in jobs],
                            returning=True)
            conn.commit()
            new = 0
            while True:
                new += cur.fetchone() is not None
                if not cur.nextset():
                    break
        return new

    def claim(self, worker: str, kinds: tuple[str, ...] | None = None,
              lease: float = LEASE_SECONDS) -> Job | None:
        rows = self._execute(_CLAIM, {"worker": worker, "lease": lease, "kinds": list(kinds) if kinds else None})
        return _job(rows[0]) if rows else None

    def renew(self, job: Job, lease: float = LEASE_SECONDS) -> None:
        self._execute("UPDATE jobs SET locked_until = now() + make_interval(secs => %(lease)s)"
                      " WHERE id = %(id)s AND status = 'running' AND locked_by = %(worker)s",
                      {"lease": lease, "id": job.id, "worker": job.locked_by})

    def finish(self, job: Job) -> None:
        self._execute("UPDATE jobs SET status = 'done', finished_at = now(), locked_until = NULL, last_error = NULL"
                      " WHERE id = %(id)s AND locked_by = %(worker)s",
                      {"id": job.id, "worker": job.locked_by})

    def fail(self, job: Job, error: str, *, retry_in: float | None) -> None:
        if retry_in is None:
            sql = ("UPDATE jobs SET status = 'dead', finished_at = now(), locked_until = NULL, last_error = %(error)s"
                   " WHERE id = %(id)s AND locked_by = %(worker)s")
        else:
            sql = ("UPDATE jobs SET status = 'queued', locked_until = NULL, last_error = %(error)s,"
                   " run_at = now() + make_interval(secs => %(delay)s) WHERE id = %(id)s AND locked_by = %(worker)s")
        self._execute(sql, {"id": job.id, "worker": job.locked_by, "error": error[:2000], "delay": retry_in or 0})

    def jobs(self, *, status: str | None = None, kind: str | None = None, limit: int = 100) -> list[Job]:
        rows = self._execute(
            f"SELECT {_COLUMNS} FROM jobs WHERE (%(status)s::text IS NULL OR status = %(status)s)"  # noqa: S608
            " AND (%(kind)s::text IS NULL OR kind = %(kind)s) ORDER BY created_at DESC, id DESC LIMIT %(limit)s",
            {"status": status, "kind": kind, "limit": limit})
        return [_job(r) for r in rows]

    def counts(self) -> dict[str, int]:
        rows = self._execute("SELECT status, count(*) AS n FROM jobs GROUP BY status", {})
        return {r["status"]: r["n"] for r in rows}

    def requeue(self, job_id: int) -> bool:
        rows = self._execute("UPDATE jobs SET status = 'queued', attempts = 0, run_at = now(), finished_at = NULL"
                             " WHERE id = %(id)s AND status = 'dead' RETURNING id", {"id": job_id})
        return bool(rows)

    def prune(self, older_than: float) -> int:
        rows = self._execute("DELETE FROM jobs WHERE status = 'done'"
                             " AND finished_at < now() - make_interval(secs => %(age)s) RETURNING id",
                             {"age": older_than})
        return len(rows)

    def marked(self, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        rows = self._execute("SELECT key FROM once_keys WHERE key = ANY(%(keys)s)", {"keys": list(keys)})
        return {r["key"] for r in rows}

    def mark(self, keys: list[str]) -> None:
        if keys:
            self._execute("INSERT INTO once_keys (key) SELECT unnest(%(keys)s::text[]) ON CONFLICT DO NOTHING",
                          {"keys": list(keys)})
