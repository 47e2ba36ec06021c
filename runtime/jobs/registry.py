"""The queue that goes with a store: the same PostgreSQL database, or a SQLite file beside the embedded store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .base import JobQueue


def open_queue(store: Any) -> JobQueue:
    """The job queue kept with ``store`` (a :class:`~runtime.storage.Store`)."""
    pool = getattr(store, "pool", None)
    if pool is not None:
        from .postgres import PostgresJobQueue

        return PostgresJobQueue(pool)
    root = getattr(store, "root", None)
    if root is None:
        raise TypeError(f"{store!r} keeps no job queue")
    from .sqlite import SqliteJobQueue

    return SqliteJobQueue(Path(root) / "jobs.sqlite3")
