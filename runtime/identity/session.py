"""Signed-in sessions: signing in and out, lifetimes, the citizen's identity, sign-in hooks.

* **Lifetimes.** A session ends after ``PERMANENT_SESSION_LIFETIME`` without a
  request (idle) and, whatever the activity, ``MOTCUA_SESSION_ABSOLUTE_LIFETIME``
  seconds after sign-in (default 8 hours). Both are checked on the server
  before any access rule runs.
* **Server-side records.** Each signed-in session has a record in
  ``instance/identity/sessions/`` (the cookie holds a random handle): logging
  out deletes it, so a copied cookie stops working, and the identity a citizen
  logged in with (their attributes, for autofill) stays there, not in the cookie.
* **Sign-in hooks.** ``on_sign_in.connect(fn)``: ``fn(previous_owner_id,
  principal)`` runs when a citizen signs in, with the anonymous owner id the
  session held under ``config["MOTCUA_DRAFT_OWNER_KEY"]`` (default
  ``"draft_owner"``) before sign-in, so drafts started anonymously become the
  account's. A failing hook is logged and does not stop the sign-in.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, session

from ..limits import WindowLimiter, limiter
from ..web.access import SESSION_KEY, Principal, current_principal, sign_in, sign_out
from .base import Identity
from .lookups import IdentityLookupLog, JsonLinesLookupLog
from .officials import DEMO_OFFICIALS, JsonOfficialDirectory, Official, OfficialDirectory
from .registry import is_production
from .store_sessions import SessionIdentities, live_record, new_handle, record_id

log = logging.getLogger(__name__)

DEFAULT_DRAFT_OWNER_KEY = "draft_owner"
STAMPS_KEY = "auth.t"
HANDLE_KEY = "auth.sid"
NOTICE_KEY = "auth.notice"
DEFAULT_ABSOLUTE_LIFETIME = 8 * 3600

#: The clock sessions are timed with (tests replace it).
clock: Callable[[], float] = time.time

SignInHook = Callable[[str | None, Principal], None]


class SignInHooks:
    """A small signal: callables run, in order, when a citizen signs in."""

    def __init__(self) -> None:
        self._hooks: list[SignInHook] = []

    def connect(self, hook: SignInHook) -> SignInHook:
        """Subscribe (once; usable as a decorator)."""
        if hook not in self._hooks:
            self._hooks.append(hook)
        return hook

    def disconnect(self, hook: SignInHook) -> None:
        if hook in self._hooks:
            self._hooks.remove(hook)

    def send(self, previous_owner: str | None, principal: Principal) -> None:
        for hook in list(self._hooks):
            try:
                hook(previous_owner, principal)
            except Exception:  # a hook must not lock a citizen out
                log.exception("sign-in hook %r failed", hook)


on_sign_in = SignInHooks()


# -- server-side session records: revocable sessions, and the citizen's identity --------------

class SessionStore(SessionIdentities):
    """One small JSON file per signed-in session, named by a hash of a random handle.

    The cookie only holds the handle: logging out deletes the record, so a copy of
    the cookie is worthless afterwards, and a citizen's identity attributes never
    travel in the cookie.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._last_purge = 0.0

    def _path(self, handle: str) -> Path:
        return self.folder / (record_id(handle) + ".json")

    def create(self, account: str, expires: float, identity: Identity | None = None) -> str:
        handle = new_handle()
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        record = {"account": account, "expires": expires, "identity": identity.to_dict() if identity else None}
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False))
            os.replace(tmp, self._path(handle))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.purge()
        return handle

    def get(self, handle: str) -> dict[str, Any] | None:
        """The live record of ``handle``, or None (unknown, ended or expired)."""
        try:
            raw = self._path(handle).read_text(encoding="utf-8")
        except OSError:
            return None
        record = live_record(raw, clock())
        if record is None:
            self.drop(handle)
        return record

    def drop(self, handle: str) -> None:
        self._path(handle).unlink(missing_ok=True)

    def purge(self, every: float = 600) -> None:
        """Delete expired records (at most every ``every`` seconds)."""
        now = clock()
        if now - self._last_purge < every:
            return
        self._last_purge = now
        for path in self.folder.glob("*.json"):
            try:
                if json.loads(path.read_text(encoding="utf-8")).get("expires", 0) < now:
                    path.unlink(missing_ok=True)
            except (OSError, ValueError):
                continue


# -- services ------------------------------------------------------------------------------------

def _ext(name: str) -> Any:
    return current_app.extensions[f"motcua.identity.{name}"]


def store() -> SessionStore:
    return _ext("sessions")


def lookup_log() -> IdentityLookupLog:
    """Where reads of identity data are logged."""
    return _ext("lookups")


def officials() -> OfficialDirectory:
    return _ext("officials")


def limiters() -> tuple[WindowLimiter, WindowLimiter]:
    """The failed-login limiters: per user name, per client address."""
    return _ext("limit_user"), _ext("limit_ip")


def idle_lifetime() -> float:
    value = current_app.permanent_session_lifetime
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def absolute_lifetime() -> float:
    return float(current_app.config.get("MOTCUA_SESSION_ABSOLUTE_LIFETIME", DEFAULT_ABSOLUTE_LIFETIME))


# -- signing in and out ------------------------------------------------------------------------

def _start(principal: Principal, identity: Identity | None = None) -> None:
    _drop_record()
    sign_in(principal)
    now = clock()
    session[STAMPS_KEY] = {"in": now, "seen": now}
    session[HANDLE_KEY] = store().create(principal.id, now + absolute_lifetime(), identity)


def sign_in_citizen(identity: Identity) -> Principal:
    """Start a citizen's session, keep their identity server-side, and run the sign-in hooks."""
    previous_owner = session.get(current_app.config.get("MOTCUA_DRAFT_OWNER_KEY", DEFAULT_DRAFT_OWNER_KEY))
    principal = Principal("citizen", identity.account_id, identity.full_name, identity.personal_id)
    _start(principal, identity)
    on_sign_in.send(previous_owner if isinstance(previous_owner, str) else None, principal)
    return principal


def sign_in_official(official: Official) -> Principal:
    principal = Principal("official", official.username, official.name, None, official.roles)
    _start(principal)
    return principal


def _record(handle: str) -> dict[str, Any] | None:
    """The live session record of ``handle``, read from the session store once per request
    (the lifetime check and the identity of the same request see the same record)."""
    cache = g.setdefault("motcua_session_records", {})
    if handle not in cache:
        cache[handle] = store().get(handle)
    return cache[handle]


def _drop_record() -> None:
    handle = session.get(HANDLE_KEY)
    if isinstance(handle, str):
        g.setdefault("motcua_session_records", {})[handle] = None
        store().drop(handle)


def end_session(notice: str | None = None) -> None:
    """Sign out: end the server-side record and clear everything in the session but the language."""
    _drop_record()
    sign_out()
    if notice:
        session[NOTICE_KEY] = notice


def current_identity() -> Identity | None:
    """The identity the signed-in citizen logged in with, or None."""
    who = current_principal()
    handle = session.get(HANDLE_KEY)
    if not who.is_citizen or not isinstance(handle, str):
        return None
    record = _record(handle)
    identity = Identity.from_dict(record["identity"]) if record and record.get("identity") else None
    return identity if identity is not None and identity.account_id == who.id else None


def pop_notice() -> str | None:
    return session.pop(NOTICE_KEY, None)


def _enforce_lifetimes() -> None:
    if not session.get(SESSION_KEY):
        return
    now = clock()
    stamps, handle = session.get(STAMPS_KEY), session.get(HANDLE_KEY)
    if not isinstance(stamps, dict) or not isinstance(stamps.get("in"), int | float):
        if handle is not None:  # a login of ours always stamps the session
            end_session("expired")
            return
        # signed in by code that bypassed this module (tools, tests): time it from now, no record to revoke
        stamps = {"in": now, "seen": now}
    if handle is not None:
        record = _record(handle) if isinstance(handle, str) else None
        if record is None or record.get("account") != current_principal().id:  # logged out, or expired
            end_session("expired")
            return
    if now - stamps["in"] > absolute_lifetime() or now - stamps.get("seen", now) > idle_lifetime():
        end_session("expired")
        return
    session[STAMPS_KEY] = {"in": stamps["in"], "seen": now}


def _session_store(app: Flask, instance: Path) -> Any:
    """``MOTCUA_SESSIONS``: ``"store"`` (shared by every node; the default with PostgreSQL), ``"redis"``
    (the default when ``MOTCUA_REDIS_URL`` is set) or ``"files"``."""
    kind = app.config.get("MOTCUA_SESSIONS") or (
        "redis" if app.config.get("MOTCUA_REDIS_URL") else
        "store" if str(app.config.get("MOTCUA_STORE", "")).startswith(("postgresql://", "postgres://")) else "files")
    if kind == "files":
        return SessionStore(instance / "identity" / "sessions")
    if kind == "redis":
        from ..storage.contrib.redis import RedisSessionStore, app_client, prefix

        return RedisSessionStore(app_client(app), prefix(app.config), clock=lambda: clock())
    if kind != "store":
        raise ValueError(f"MOTCUA_SESSIONS {kind!r}: use 'store', 'redis' or 'files'")
    from ..web.services import sidecar
    from .store_sessions import SQLITE_SCHEMA, StoreSessionStore

    return StoreSessionStore(sidecar(app, "sessions.sqlite3", SQLITE_SCHEMA), clock=lambda: clock())


def init_app(app: Flask) -> None:
    instance = Path(app.instance_path)
    app.extensions["motcua.identity.sessions"] = _session_store(app, instance)
    app.extensions["motcua.identity.lookups"] = app.config.get("MOTCUA_IDENTITY_LOOKUP_LOG") or JsonLinesLookupLog(
        instance / "logs" / "identity-lookups.jsonl")
    path = app.config.get("MOTCUA_OFFICIALS")
    if not path and is_production(app.config):
        raise RuntimeError("set MOTCUA_OFFICIALS: the demo officials' password is public")
    agencies = app.extensions.get("motcua.agencies")
    app.extensions["motcua.identity.officials"] = JsonOfficialDirectory(
        path or DEMO_OFFICIALS, [a.code for a in agencies] if agencies is not None else None)
    window = float(app.config.get("MOTCUA_LOGIN_LOCKOUT_WINDOW", 15 * 60))
    # shared by every worker and node (runtime.limits), keyed on the real client address
    app.extensions["motcua.identity.limit_user"] = limiter(
        "login-user", int(app.config.get("MOTCUA_LOGIN_MAX_FAILURES", 5)), window, app)
    app.extensions["motcua.identity.limit_ip"] = limiter(
        "login-address", int(app.config.get("MOTCUA_LOGIN_MAX_FAILURES_PER_ADDRESS", 30)), window, app)
    # before every access rule: an expired session is ended first
    app.before_request_funcs.setdefault(None, []).insert(0, _enforce_lifetimes)
