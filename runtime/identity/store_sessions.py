"""Session records in the store, so every node sees a login and a logout (``MOTCUA_SESSIONS = "store"``).

The same interface as :class:`~.session.SessionStore` (files on one machine):
PostgreSQL table ``identity_sessions``, or a SQLite file beside the embedded
store. Records are keyed by a hash of the handle the cookie carries.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from ..storage.sidecar import SqlRunner
from .base import Identity

SQLITE_SCHEMA = ("CREATE TABLE IF NOT EXISTS identity_sessions (id TEXT PRIMARY KEY, account TEXT NOT NULL,"
                 " expires REAL NOT NULL, identity TEXT);"
                 "CREATE INDEX IF NOT EXISTS identity_sessions_expires ON identity_sessions (expires);")


def new_handle() -> str:
    """What the session cookie carries: a random handle (the records are keyed by its hash)."""
    return secrets.token_urlsafe(32)


def record_id(handle: str) -> str:
    """The key of a session's record: a hash, so a leaked store holds no usable cookie."""
    return hashlib.sha256(handle.encode()).hexdigest()


def live_record(raw: str | bytes, now: float) -> dict[str, Any] | None:
    """A stored JSON session record, or None when it is unreadable or has expired."""
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("expires", 0) < now:
        return None
    return record


class SessionIdentities:
    """What every session store answers from ``get``: the identity a citizen signed in with."""

    def get(self, handle: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def identity(self, handle: str) -> Identity | None:
        record = self.get(handle)
        return Identity.from_dict(record["identity"]) if record and record.get("identity") else None


class StoreSessionStore(SessionIdentities):
    def __init__(self, runner: Callable[[], SqlRunner], clock: Callable[[], float] = time.time):
        self._runner, self.clock = runner, clock
        self._last_purge = 0.0
        self._lock = threading.Lock()

    def create(self, account: str, expires: float, identity: Identity | None = None) -> str:
        handle = new_handle()
        payload = json.dumps(identity.to_dict(), ensure_ascii=False) if identity else None
        self._runner().run("INSERT INTO identity_sessions (id, account, expires, identity) VALUES ({p}, {p}, {p}, {p})",
                           (record_id(handle), account, expires, payload))
        self.purge()
        return handle

    def get(self, handle: str) -> dict[str, Any] | None:
        rows = self._runner().run("SELECT account, expires, identity FROM identity_sessions WHERE id = {p}",
                                  (record_id(handle),))
        if not rows:
            return None
        account, expires, identity = rows[0]
        if expires < self.clock():
            self.drop(handle)
            return None
        return {"account": account, "expires": expires, "identity": json.loads(identity) if identity else None}

    def drop(self, handle: str) -> None:
        self._runner().run("DELETE FROM identity_sessions WHERE id = {p}", (record_id(handle),))

    def purge(self, every: float = 600) -> None:
        now = self.clock()
        with self._lock:
            if now - self._last_purge < every:
                return
            self._last_purge = now
        self._runner().run("DELETE FROM identity_sessions WHERE expires < {p}", (now,))
