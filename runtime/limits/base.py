"""Counters per key and time window, and the limiter built on them."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable


class Counter(ABC):
    """Counts events per key in fixed windows of ``window`` seconds."""

    @abstractmethod
    def hit(self, key: str, window: float) -> int:
        """Count one event now; return the count in the current window (this one included)."""

    @abstractmethod
    def count(self, key: str, window: float) -> int:
        """Events counted for ``key`` in the current window."""

    @abstractmethod
    def reset(self, key: str) -> None:
        """Forget ``key``'s counts."""


def slot(now: float, window: float) -> int:
    return int(now // window)


class MemoryCounter(Counter):
    """Per process (a test, a preview, one worker)."""

    def __init__(self, clock: Callable[[], float] = time.time, max_keys: int = 100_000):
        self.clock, self.max_keys = clock, max_keys
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, window: float) -> int:
        with self._lock:
            at = (key, slot(self.clock(), window))
            if len(self._counts) >= self.max_keys:
                self._counts.clear()  # bounded memory: forgetting is safer than growing without end
            self._counts[at] = self._counts.get(at, 0) + 1
            return self._counts[at]

    def count(self, key: str, window: float) -> int:
        with self._lock:
            return self._counts.get((key, slot(self.clock(), window)), 0)

    def reset(self, key: str) -> None:
        with self._lock:
            for at in [at for at in self._counts if at[0] == key]:
                del self._counts[at]


class WindowLimiter:
    """At most ``limit`` events per key per ``window`` seconds (one name space per ``scope``).

    ``allow`` for request rates; ``blocked``/``failed``/``succeeded`` for failed
    logins.
    """

    def __init__(self, counter: Counter, scope: str, limit: int, window: float):
        self.counter, self.scope, self.limit, self.window = counter, scope, limit, window

    def _key(self, key: object) -> str:
        return f"{self.scope}:{key}"

    def allow(self, key: object) -> bool:
        return self.counter.hit(self._key(key), self.window) <= self.limit

    def blocked(self, key: object) -> bool:
        return self.counter.count(self._key(key), self.window) >= self.limit

    def failed(self, key: object) -> None:
        self.counter.hit(self._key(key), self.window)

    def succeeded(self, key: object) -> None:
        self.counter.reset(self._key(key))
