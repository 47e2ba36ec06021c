"""The job queue contract shared by the PostgreSQL and SQLite queues."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Default attempts before a job becomes a dead letter.
MAX_ATTEMPTS = 8
#: How long a job queued inside a unit of work waits for that unit of work to commit.
COMMIT_GRACE = dt.timedelta(minutes=2)
#: Seconds a claimed job is reserved for its worker; the worker renews it while the job runs.
LEASE_SECONDS = 60.0


def backoff(attempts: int, base: float = 15.0, cap: float = 3600.0) -> float:
    """Seconds before attempt ``attempts + 1``: 15 s, 30 s, 1 min, 2 min... at most an hour."""
    return min(cap, base * 2 ** max(0, attempts - 1))


class RetryLater(Exception):
    """Raised by a handler: the job cannot run yet; try again after ``delay`` seconds (no attempt counted)."""

    def __init__(self, reason: str, delay: float = 5.0):
        super().__init__(reason)
        self.delay = delay


@dataclass
class Job:
    id: int
    kind: str
    payload: dict[str, Any]
    key: str | None = None
    """Idempotency key: a second job with the same key is not queued."""
    status: str = "queued"
    """queued → running → done; or dead after the last attempt."""
    attempts: int = 0
    max_attempts: int = MAX_ATTEMPTS
    run_at: dt.datetime | None = None
    last_error: str | None = None
    created_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    locked_by: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def awaits_commit(self, now: dt.datetime | None = None) -> bool:
        """True while the unit of work that queued this job may still be committing (a job queued
        ``within`` it runs before the data it is about is visible): retry rather than give up."""
        return self.created_at is None or (now or dt.datetime.now(dt.UTC)) - self.created_at < COMMIT_GRACE


Handler = Callable[[Job], None]


class JobQueue(ABC):
    """A durable queue; safe to use from several threads, processes and machines."""

    @abstractmethod
    def enqueue(self, kind: str, payload: Mapping[str, Any], *, key: str | None = None,
                delay: float = 0.0, max_attempts: int = MAX_ATTEMPTS, within: Any = None) -> bool:
        """Queue a job; False when a job with ``key`` already exists (nothing queued).

        ``within``: a unit of work of the same database; the job is then queued
        in its transaction (committed, or rolled back, with the dossier change).
        Queues that cannot share the transaction queue at once.
        """

    def enqueue_many(self, jobs: list[tuple[str, Mapping[str, Any], str | None]], *,
                     max_attempts: int = MAX_ATTEMPTS) -> int:
        """Queue several ``(kind, payload, key)`` jobs; return how many were new."""
        return sum(self.enqueue(kind, payload, key=key, max_attempts=max_attempts) for kind, payload, key in jobs)

    @abstractmethod
    def claim(self, worker: str, kinds: tuple[str, ...] | None = None,
              lease: float = LEASE_SECONDS) -> Job | None:
        """Reserve the next due job for ``worker`` (or one whose lease expired), counting an attempt."""

    @abstractmethod
    def renew(self, job: Job, lease: float = LEASE_SECONDS) -> None:
        """Extend the lease of a running job."""

    @abstractmethod
    def finish(self, job: Job) -> None:
        """Mark a claimed job done."""

    @abstractmethod
    def fail(self, job: Job, error: str, *, retry_in: float | None) -> None:
        """Record a failure: run again in ``retry_in`` seconds, or dead letter when None."""

    @abstractmethod
    def jobs(self, *, status: str | None = None, kind: str | None = None, limit: int = 100) -> list[Job]:
        """Most recent first."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Number of jobs per status."""

    @abstractmethod
    def requeue(self, job_id: int) -> bool:
        """Put a dead letter back in the queue (attempts reset); False if it is not dead."""

    @abstractmethod
    def prune(self, older_than: float) -> int:
        """Delete done jobs finished more than ``older_than`` seconds ago; return how many."""

    @abstractmethod
    def marked(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` were marked by :meth:`mark` (once-only work already done, kept forever)."""

    @abstractmethod
    def mark(self, keys: list[str]) -> None:
        """Remember ``keys`` as done (marking a key twice is harmless)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""
