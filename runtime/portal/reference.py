"""A local reference portal that follows docs/portal.md: the other side of the ``http`` connector.

The real national portal cannot be reached from a test machine, so the
connector is tested (and demonstrated, ``motcua portal reference``) against
this WSGI app written from the documented shape. It

- verifies every request's signature (401 with the reason otherwise);
- stores each status update once per ``idempotency_key`` (a repeat answers
  ``{"status": "accepted", "reason": "duplicate"}`` and changes nothing);
- refuses an update whose ``sequence`` is not the next for its dossier (409
  with the reason), so a later change can never overtake an earlier one;
- answers ``GET /dossiers/<code>/updates`` with what it holds;
- can be told to be down (503 to everything) with :attr:`ReferencePortal.down`;
- hands a dossier filed on the portal to motcua (:meth:`ReferencePortal.hand_over`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote

import orjson
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from .message import MAX_BODY, SignatureError, sign, verify

REQUIRED = ("idempotency_key", "sequence", "dossier_code", "procedure_code", "status_code", "changed_at")


def _json(status: int, body: Mapping[str, Any]) -> Response:
    return Response(orjson.dumps(dict(body)), status=status, mimetype="application/json")


class ReferencePortal:
    """The reference portal (a WSGI application); thread-safe."""

    def __init__(self, key: str, *, prefix: str = "", clock: Callable[[], float] = time.time):
        self.key, self.prefix, self.clock = key, prefix.rstrip("/"), clock
        self.down = False
        self.updates: dict[str, list[dict[str, Any]]] = {}
        """Accepted updates per dossier code, in the order accepted."""
        self.keys: set[str] = set()
        self.duplicates = 0
        """Updates received again (same key) and not stored twice."""
        self.refusals: list[tuple[str, str]] = []
        """(idempotency key, reason) of every refused update."""
        self._lock = threading.Lock()

    # -- the WSGI side ---------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        return self.handle(request)(environ, start_response)

    def handle(self, request: Request) -> Response:
        if self.down:
            return _json(503, {"error": "unavailable", "reason": "the portal is down for maintenance"})
        if (request.content_length or 0) > MAX_BODY:
            return _json(413, {"error": "too_large", "reason": f"a request carries at most {MAX_BODY} bytes"})
        body = request.get_data(cache=False)
        try:
            verify(self.key, request.method, request.path, body, request.headers, now=self.clock())
        except SignatureError as exc:
            return _json(401, {"error": "bad_signature", "reason": str(exc)})
        path = request.path[len(self.prefix):] if request.path.startswith(self.prefix) else request.path
        if request.method == "POST" and path == "/updates":
            return self._update(body)
        if request.method == "GET" and path.startswith("/dossiers/") and path.endswith("/updates"):
            return self._record(unquote(path[len("/dossiers/"):-len("/updates")]))
        return _json(404, {"error": "not_found", "reason": f"no {request.method} {path} here"})

    def _update(self, body: bytes) -> Response:
        try:
            update = orjson.loads(body)
        except orjson.JSONDecodeError:
            return _json(400, {"status": "refused", "reason": "the body is not JSON"})
        if not isinstance(update, dict):
            return _json(400, {"status": "refused", "reason": "the body must be a JSON object"})
        missing = [name for name in REQUIRED if update.get(name) in (None, "")]
        if missing:
            return self._refuse(update, 422, f"missing field(s): {', '.join(missing)}")
        code, sequence, key = update["status_code"], update["sequence"], str(update["idempotency_key"])
        if not isinstance(code, int) or not 1 <= code <= 10:
            return self._refuse(update, 422, f"status_code {code!r} is not a national status code (1-10)")
        if not isinstance(sequence, int) or sequence < 1:
            return self._refuse(update, 422, f"sequence {sequence!r} must be a positive integer")
        with self._lock:
            if key in self.keys:
                self.duplicates += 1
                return _json(200, {"status": "accepted", "reason": "duplicate"})
            held = self.updates.setdefault(str(update["dossier_code"]), [])
            expected = len(held) + 1
            if sequence != expected:
                return self._refuse(update, 409, f"out of order: the portal holds {expected - 1} update(s) of "
                                                 f"{update['dossier_code']}, expected sequence {expected}, "
                                                 f"got {sequence}")
            held.append(update)
            self.keys.add(key)
        return _json(200, {"status": "accepted"})

    def _refuse(self, update: Mapping[str, Any], status: int, reason: str) -> Response:
        self.refusals.append((str(update.get("idempotency_key")), reason))
        return _json(status, {"status": "refused", "reason": reason})

    def _record(self, dossier_code: str) -> Response:
        with self._lock:
            held = list(self.updates.get(dossier_code, ()))
        if not held:
            return _json(404, {"error": "not_found", "reason": f"the portal holds nothing of {dossier_code}"})
        return _json(200, {"dossier_code": dossier_code, "updates": held})

    # -- helpers for tests and the demo ----------------------------------------------------------

    def forget(self, dossier_code: str, keep: int) -> None:
        """Lose every update of a dossier after the first ``keep`` (to exercise reconciliation)."""
        with self._lock:
            held = self.updates.get(dossier_code, [])
            for lost in held[keep:]:
                self.keys.discard(str(lost["idempotency_key"]))
            self.updates[dossier_code] = held[:keep]

    def signed(self, method: str, path: str, body: bytes) -> dict[str, str]:
        """Headers signing a request the portal sends (a hand-over)."""
        return {"Content-Type": "application/json", **sign(self.key, method, path, body, now=self.clock())}

    def hand_over(self, session: requests.Session, motcua_url: str, dossier: Mapping[str, Any],
                  path: str = "/portal/v1/dossiers") -> requests.Response:
        """Send a dossier filed on the portal to motcua's hand-over endpoint, signed."""
        body = orjson.dumps(dict(dossier))
        return session.post(motcua_url.rstrip("/") + path, data=body, headers=self.signed("POST", path, body),
                            timeout=30)


class WSGIAdapter(BaseAdapter):
    """A ``requests`` transport that calls a WSGI app in-process (no socket): fast tests and benches."""

    def __init__(self, app: Callable[..., Any]):
        super().__init__()
        self.client = Client(app)

    def send(self, request: requests.PreparedRequest, **_kwargs: Any) -> requests.Response:
        from urllib.parse import urlsplit

        parts = urlsplit(request.url or "")
        body = request.body.encode() if isinstance(request.body, str) else (request.body or b"")
        answer = self.client.open(parts.path, method=request.method or "GET", query_string=parts.query,
                                  headers=dict(request.headers), data=body)
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(answer.headers)
        response._content = answer.get_data()
        response.url, response.request, response.encoding = request.url or "", request, "utf-8"
        return response

    def close(self) -> None:
        return None


def wsgi_session(app: Callable[..., Any], base: str = "http://portal.test") -> requests.Session:
    """A ``requests`` session whose requests to ``base`` go straight to ``app``."""
    session = requests.Session()
    session.mount(base, WSGIAdapter(app))
    return session
