"""The embedded store's write lock: one writer at a time, across threads and processes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from filelock import FileLock, Timeout

from runtime.storage.base import StoreBusyError, UnsupportedUsageError


class StoreLock:
    """A thread lock in front of an OS file lock (``flock`` via filelock).

    Threads of this process queue on the thread lock (no polling); other
    processes are kept out by the file lock, which the kernel releases if its
    holder dies, so a crashed writer never leaves the store locked.
    """

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        self.path = path
        self.timeout = timeout
        self._thread_lock = threading.Lock()
        self._file_lock = FileLock(str(path), thread_local=False)
        self._owner: int | None = None

    def held_by_current_thread(self) -> bool:
        return self._owner == threading.get_ident()

    def acquire(self) -> None:
        """Take the lock or raise :class:`StoreBusyError` after ``timeout`` seconds."""
        if self.held_by_current_thread():
            raise UnsupportedUsageError(
                "this thread already holds the store's write lock in another unit of work; "
                "nested writing units of work are not supported (they would deadlock)"
            )
        deadline = time.monotonic() + self.timeout
        if not self._thread_lock.acquire(timeout=self.timeout):
            raise StoreBusyError(f"store at {self.path.parent} busy for {self.timeout}s")
        try:
            remaining = max(deadline - time.monotonic(), 0.0)
            self._file_lock.acquire(timeout=remaining, poll_interval=0.002)
        except Timeout as exc:
            self._thread_lock.release()
            raise StoreBusyError(
                f"store at {self.path.parent} locked by another process for {self.timeout}s"
            ) from exc
        except BaseException:
            self._thread_lock.release()
            raise
        self._owner = threading.get_ident()

    def release(self) -> None:
        self._owner = None
        try:
            self._file_lock.release()
        finally:
            self._thread_lock.release()
