"""The national portal's door into motcua: dossiers filed on the portal are handed over here (docs/portal.md).

``POST /portal/v1/dossiers`` takes a hand-over signed with ``MOTCUA_PORTAL_KEY``.
A missing, stale or wrong signature is refused with 401 and the reason; a
dossier that cannot be filed with 422 and every problem; a malformed one with
400. Never a 500 for what the portal sends.
"""

from __future__ import annotations

import logging

import orjson
from flask import Blueprint, Response, current_app, request

from ..portal.message import MAX_BODY, SignatureError, verify
from ..services.portal_incoming import HandOverRefused, receive_dossier
from .access import access
from .security import csrf

log = logging.getLogger(__name__)

bp = Blueprint("portal", __name__, url_prefix="/portal")
csrf.exempt(bp)


def _json(status: int, body: dict) -> Response:
    return Response(orjson.dumps(body), status=status, mimetype="application/json")


def _error(status: int, code: str, message: str, problems: list | None = None) -> Response:
    error = {"code": code, "message": message, **({"problems": problems} if problems else {})}
    return _json(status, {"status": "refused", "error": error})


@bp.route("/v1/dossiers", methods=["POST"])
@access("public")
def hand_over():
    """The portal hands over a dossier filed there (the signature is the authorisation, checked here)."""
    key = current_app.config.get("MOTCUA_PORTAL_KEY")
    if not key:
        return _error(404, "not_configured", "this motcua takes no hand-overs (MOTCUA_PORTAL_KEY is not set)")
    if request.content_length is None or request.content_length > MAX_BODY:
        return _error(413, "too_large", f"send the dossier with a Content-Length of at most {MAX_BODY} bytes")
    body = request.get_data(cache=False)
    try:
        verify(str(key), request.method, request.script_root + request.path, body, request.headers)
    except SignatureError as exc:
        log.warning("portal hand-over refused from %s: %s", request.remote_addr, exc)
        return _error(401, "bad_signature", str(exc))
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return _error(400, "not_json", "the body is not JSON")
    services = current_app.extensions["motcua.services"]
    try:
        dossier, made = receive_dossier(services, payload)
    except HandOverRefused as refused:
        code = {409: "busy", 422: "invalid"}.get(refused.status, "malformed")
        return _error(refused.status, code, refused.message, refused.problems)
    return _json(201 if made else 200, {
        "status": "accepted", "dossier_code": dossier.reference, "status_code": dossier.status.national_code,
        "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
        "tracking_url": services.tracking_url(dossier.reference or ""), "duplicate": not made})
