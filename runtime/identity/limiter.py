"""A small in-memory limiter of failed login attempts (per user name and per client address).

In memory, per process: enough to slow down password guessing against one
worker; a deployment with many workers puts a shared limiter (or the reverse
proxy's) in front as well.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable


class AttemptLimiter:
    """Blocks a key after ``max_failures`` failures within ``window`` seconds."""

    def __init__(self, max_failures: int, window: float, *, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._failures: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: Hashable, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def blocked(self, key: Hashable) -> bool:
        with self._lock:
            times = self._recent(key, self.clock())
            return times is not None and len(times) >= self.max_failures

    def failed(self, key: Hashable) -> None:
        with self._lock:
            now = self.clock()
            times = self._recent(key, now) or deque(maxlen=self.max_failures)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, key: Hashable) -> None:
        with self._lock:
            self._failures.pop(key, None)
