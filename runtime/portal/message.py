"""The portal message shape (docs/portal.md): status updates, their signature, and the incoming hand-over.

Every request either way is JSON over HTTPS signed with HMAC-SHA256 under a key
both sides share (``MOTCUA_PORTAL_KEY``). The signature covers the time, the
method, the path and the exact body bytes::

    X-Portal-Timestamp: 1767225600
    X-Portal-Signature: v1=<hex HMAC-SHA256(key, "<timestamp>\\n<METHOD>\\n<path>\\n" + body)>

A request older (or newer) than :data:`TOLERANCE` seconds is refused, so a
captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import Any

from ..dossiers.model import Dossier, Event
from ..workflow.national import NATIONAL_LABEL_VI, NATIONAL_STATUS

VERSION = 1
TIMESTAMP = "X-Portal-Timestamp"
SIGNATURE = "X-Portal-Signature"
#: Seconds a signed request stays valid.
TOLERANCE = 300
#: Largest body either side accepts (a hand-over carries its files).
MAX_BODY = 25 * 1024 * 1024
MIN_KEY_LENGTH = 16


class SignatureError(ValueError):
    """A request's signature is missing, stale or wrong; the message says which, for the sender."""


def _mac(key: str, timestamp: str, method: str, path: str, body: bytes) -> str:
    signed = f"{timestamp}\n{method.upper()}\n{path}\n".encode() + body
    return hmac.new(key.encode(), signed, hashlib.sha256).hexdigest()


def sign(key: str, method: str, path: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """The two headers that sign a request."""
    timestamp = str(int(time.time() if now is None else now))
    return {TIMESTAMP: timestamp, SIGNATURE: f"v1={_mac(key, timestamp, method, path, body)}"}


def verify(key: str, method: str, path: str, body: bytes, headers: Mapping[str, str],
           now: float | None = None) -> None:
    """Raise :class:`SignatureError` unless ``headers`` sign this request with ``key``, recently."""
    timestamp, signature = headers.get(TIMESTAMP), headers.get(SIGNATURE)
    if not timestamp or not signature:
        raise SignatureError(f"the request is not signed: send {TIMESTAMP} and {SIGNATURE} headers")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise SignatureError(f"{TIMESTAMP} must be the Unix time in seconds")
    if abs((time.time() if now is None else now) - int(timestamp)) > TOLERANCE:
        raise SignatureError(f"{TIMESTAMP} is more than {TOLERANCE} seconds away from our clock: "
                             "check the sender's clock (replayed requests are refused)")
    if not signature.startswith("v1="):
        raise SignatureError(f"{SIGNATURE} must be 'v1=<hex HMAC-SHA256>'")
    if not hmac.compare_digest(signature[3:], _mac(key, timestamp, method, path, body)):
        raise SignatureError("the signature does not match the request: wrong key, or the body or path was altered")


def check_key(key: Any, setting: str = "MOTCUA_PORTAL_KEY") -> str:
    if not isinstance(key, str) or len(key) < MIN_KEY_LENGTH:
        raise ValueError(f"{setting} must be a shared secret of at least {MIN_KEY_LENGTH} characters")
    return key


def is_status_change(event: Event) -> bool:
    """Events that change the national status: the filing and every workflow action."""
    return "national_code" in event.data


def status_changes(dossier: Dossier) -> list[Event]:
    """The dossier's status changes, oldest first: change ``n`` is sent with sequence ``n``."""
    return [e for e in dossier.events if is_status_change(e)]


def idempotency_key(dossier_code: str, sequence: int) -> str:
    return f"{dossier_code}:{sequence}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _result(dossier: Dossier) -> dict[str, Any] | None:
    results = [d for d in dossier.extra.get("documents", []) if d.get("kind") == "result"]
    if not results:
        return None
    last = results[-1]
    return {"title": last.get("title"), "sha256": last.get("sha256"), "issued_at": last.get("created_at"),
            "signed": bool(last.get("signed"))}


def status_update(dossier: Dossier, sequence: int, agency_name: str = "") -> dict[str, Any]:
    """The update reporting the dossier's ``sequence``-th status change (1-based), as it stands now.

    Dates are the dossier's at the time of the call: build the update right
    after the change is committed (the sync log keeps it as sent).
    """
    changes = status_changes(dossier)
    if not 1 <= sequence <= len(changes):
        raise ValueError(f"dossier {dossier.reference} has {len(changes)} status change(s), not {sequence}")
    event = changes[sequence - 1]
    code = int(event.data["national_code"])
    return {
        "version": VERSION,
        "type": "status",
        "idempotency_key": idempotency_key(dossier.reference or dossier.id, sequence),
        "sequence": sequence,
        "dossier_code": dossier.reference,
        "procedure_code": dossier.procedure_code,
        "status_code": code,
        "status": NATIONAL_STATUS.get(code),
        "status_label": NATIONAL_LABEL_VI.get(code),
        "changed_at": event.at.isoformat(),
        "received_at": _iso(dossier.received_at),
        "due_at": _iso(dossier.due_at),
        "finished_at": _iso(dossier.returned_at) if code == 10 else None,
        "agency": {"code": event.data.get("agency") or dossier.agency_code, "name": agency_name},
        "channel": dossier.channel,
        "portal_id": (dossier.extra.get("portal") or {}).get("id"),
        "result": _result(dossier) if code in (9, 10) else None,
    }
