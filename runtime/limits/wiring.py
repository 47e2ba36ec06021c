"""The application's shared counter (``MOTCUA_RATE_LIMITS``: ``"store"``, the default; ``"redis"``, the default
when ``MOTCUA_REDIS_URL`` is set; or ``"memory"``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from .base import Counter, MemoryCounter, WindowLimiter

EXTENSION = "motcua.limits"


class StoreCounter(Counter):
    """Counts in the application's store, opened on first use (after a gunicorn fork)."""

    def __init__(self, app: Flask):
        from ..web.services import sidecar
        from .sql import SQLITE_SCHEMA

        self._runner = sidecar(app, "limits.sqlite3", SQLITE_SCHEMA)
        self._made: Counter | None = None

    def _counter(self) -> Counter:
        if self._made is None:
            from .sql import SqlCounter

            try:
                self._made = SqlCounter(self._runner())
            except TypeError:  # a store without shared tables (memory): per process
                self._made = MemoryCounter()
        return self._made

    def hit(self, key: str, window: float) -> int:
        return self._counter().hit(key, window)

    def count(self, key: str, window: float) -> int:
        return self._counter().count(key, window)

    def reset(self, key: str) -> None:
        self._counter().reset(key)


def init_app(app: Flask) -> None:
    kind = app.config.get("MOTCUA_RATE_LIMITS") or (
        "redis" if app.config.get("MOTCUA_REDIS_URL") else
        "memory" if str(app.config.get("MOTCUA_STORE", "")).startswith("memory:") else "store")
    if kind == "redis":
        from ..storage.contrib.redis import RedisCounter, app_client, prefix

        app.extensions[EXTENSION] = RedisCounter(app_client(app), prefix(app.config))
        return
    if kind not in ("store", "memory"):
        raise ValueError(f"MOTCUA_RATE_LIMITS {kind!r}: use 'store', 'redis' or 'memory'")
    app.extensions[EXTENSION] = StoreCounter(app) if kind == "store" else MemoryCounter()


def counter(app: Any = None) -> Counter:
    return (app or current_app).extensions[EXTENSION]


def limiter(scope: str, limit: int, window: float, app: Any = None) -> WindowLimiter:
    return WindowLimiter(counter(app), scope, limit, window)
