"""Redis for the state every node shares that is hot and short-lived: sessions and rate counters.

Selected with ``MOTCUA_REDIS_URL`` (``redis://host:6379/0``; ``rediss://`` for
TLS): then ``MOTCUA_SESSIONS`` and ``MOTCUA_RATE_LIMITS`` default to ``"redis"``.
Dossiers, the audit log, the job queue and the outbox stay in the store: a job
is queued in the same transaction that files a dossier, which Redis cannot join,
so a crash never leaves a dossier without its receipt job or a job without its
dossier.

Every key is under ``MOTCUA_REDIS_PREFIX`` (default ``motcua:``), so one Redis
can serve several deployments. A Redis that does not answer raises
:class:`~runtime.storage.base.StoreBusyError` (the pages say "busy, try again",
503), never a 500.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ...identity.base import Identity
from ...identity.store_sessions import SessionIdentities, live_record, new_handle, record_id
from ...limits.base import Counter, slot
from ..base import StoreBusyError
from ..sidecar import opened_on_first_use

#: Seconds to wait for Redis before a request is answered "busy, try again".
DEFAULT_TIMEOUT = 2.0


def connect(config: Mapping[str, Any]) -> Callable[[], Any]:
    """A function returning the deployment's Redis client, made on first use (after a gunicorn fork)."""
    url = config.get("MOTCUA_REDIS_URL")
    if not url:
        raise ValueError("set MOTCUA_REDIS_URL (redis://host:6379/0) to keep sessions or rate limits in Redis")
    timeout = float(config.get("MOTCUA_REDIS_TIMEOUT", DEFAULT_TIMEOUT))

    def make() -> Any:
        import redis

        return redis.Redis.from_url(str(url), socket_timeout=timeout, socket_connect_timeout=timeout,
                                    health_check_interval=30)

    return opened_on_first_use(make)


def prefix(config: Mapping[str, Any]) -> str:
    return str(config.get("MOTCUA_REDIS_PREFIX") or "motcua:")


#: Where an app keeps its one Redis client (sessions and rate limits share it; /readyz pings it).
EXTENSION = "motcua.redis"


def app_client(app: Any) -> Callable[[], Any]:
    """The app's Redis client (one per app, made on first use)."""
    return app.extensions.setdefault(EXTENSION, connect(app.config))


@contextmanager
def _answering() -> Iterator[None]:
    """Redis errors as the store's "busy" error (the request is refused with 503, nothing is half-done)."""
    import redis

    try:
        yield
    except redis.RedisError as exc:
        raise StoreBusyError(f"Redis did not answer: {exc}") from exc


#: One hash per key: the window it counts and the hits in it; a new window starts at 0 (atomic).
_HIT = """
if redis.call('HGET', KEYS[1], 'slot') ~= ARGV[1] then
  redis.call('HSET', KEYS[1], 'slot', ARGV[1], 'hits', 0)
end
local hits = redis.call('HINCRBY', KEYS[1], 'hits', 1)
redis.call('EXPIRE', KEYS[1], ARGV[2])
return hits
"""


class RedisCounter(Counter):
    """Fixed-window counters: one small hash per key (its current window and hits), expiring after it."""

    def __init__(self, client: Callable[[], Any], key_prefix: str = "motcua:",
                 clock: Callable[[], float] = time.time):
        self._client, self._prefix, self.clock = client, key_prefix + "rate:", clock
        self._script: Any = None

    def hit(self, key: str, window: float) -> int:
        with _answering():
            if self._script is None:
                self._script = self._client().register_script(_HIT)
            return int(self._script(keys=[self._prefix + key],
                                    args=[slot(self.clock(), window), max(1, int(2 * window))]))

    def count(self, key: str, window: float) -> int:
        with _answering():
            at, hits = self._client().hmget(self._prefix + key, "slot", "hits")
        return int(hits) if at is not None and int(at) == slot(self.clock(), window) else 0

    def reset(self, key: str) -> None:
        with _answering():
            self._client().delete(self._prefix + key)


class RedisSessionStore(SessionIdentities):
    """Signed-in sessions as Redis keys that expire with the session (the interface of
    :class:`runtime.identity.session.SessionStore`; records keyed by a hash of the cookie's handle)."""

    def __init__(self, client: Callable[[], Any], key_prefix: str = "motcua:",
                 clock: Callable[[], float] = time.time):
        self._client, self._prefix, self.clock = client, key_prefix + "session:", clock

    def _key(self, handle: str) -> str:
        return self._prefix + record_id(handle)

    def create(self, account: str, expires: float, identity: Identity | None = None) -> str:
        handle = new_handle()
        record = {"account": account, "expires": expires, "identity": identity.to_dict() if identity else None}
        with _answering():
            self._client().set(self._key(handle), json.dumps(record, ensure_ascii=False),
                               ex=max(1, int(expires - self.clock()) + 1))
        return handle

    def get(self, handle: str) -> dict[str, Any] | None:
        with _answering():
            raw = self._client().get(self._key(handle))
        if raw is None:
            return None
        record = live_record(raw, self.clock())
        if record is None:
            self.drop(handle)
        return record

    def drop(self, handle: str) -> None:
        with _answering():
            self._client().delete(self._key(handle))

    def purge(self, every: float = 600) -> None:
        """Nothing to do: Redis drops each record when its session expires."""
