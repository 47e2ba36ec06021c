"""Background jobs: a durable queue kept in the store, run by ``motcua worker`` (or a thread).

Jobs are rows (PostgreSQL table ``jobs``; for the embedded store a SQLite file
beside it). A worker claims a due job with a lease, runs it and marks it done;
a failure is retried with exponential backoff and, after the last attempt,
kept as a dead letter. A worker killed mid-job loses nothing: its lease
expires and another worker runs the job again, so every job is idempotent.
"""

from .base import Job, JobQueue, RetryLater, backoff
from .registry import open_queue

__all__ = ["Job", "JobQueue", "RetryLater", "backoff", "open_queue"]
