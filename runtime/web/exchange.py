"""The exchange API: partner systems post signed messages here (docs/exchange.md).

Machine-to-machine, so no session and no CSRF token: the signature is the
authorisation. Every refusal is a 4xx with ``{"error": {"code", "message"}}``;
an address whose messages fail the envelope or signature checks
``MOTCUA_EXCHANGE_MAX_REFUSALS`` times (30) in 10 minutes is refused (429) for a while.
"""

from __future__ import annotations

import logging
import time

from flask import Blueprint, Flask, current_app, jsonify, request

from ..exchange.config import load_partners
from ..exchange.messages import MessageRefused, parse
from ..exchange.receive import receive
from ..exchange.signing import SignatureRefused, read_envelope, verify_message
from ..limits import limiter
from ..storage import StorageError
from .access import access
from .security import csrf

log = logging.getLogger(__name__)
bp = Blueprint("exchange", __name__, url_prefix="/exchange")
csrf.exempt(bp)


def _error(status: int, code: str, message: str):
    return jsonify({"error": {"code": code, "message": message}}), status


@bp.route("/v1/messages", methods=["POST"])
@access("public")
def messages():
    """A partner's handover, applicant's answer or status report: verified, then applied once."""
    services = current_app.extensions["motcua.services"]
    client = services.exchange
    if client is None:
        return _error(404, "exchange_disabled", "this system exchanges dossiers with no partner")
    partners = client.partners
    length = request.content_length
    if length is None:
        return _error(411, "length_required", "send the body with a Content-Length")
    if length > partners.max_bytes:
        return _error(413, "too_large", f"messages are limited to {partners.max_bytes} bytes")
    body = request.get_data(cache=False)
    if len(body) > partners.max_bytes:
        return _error(413, "too_large", f"messages are limited to {partners.max_bytes} bytes")
    refusals = limiter("exchange-refused", int(current_app.config.get("MOTCUA_EXCHANGE_MAX_REFUSALS") or 30), 600)
    client_address = request.remote_addr or "-"
    if refusals.blocked(client_address):
        return _error(429, "too_many_refusals", "too many refused messages from this address: try again later")
    try:
        envelope = read_envelope(request.headers)
        partner = verify_message(partners, envelope, request.path, body, time.time())
    except SignatureRefused as refused:
        refusals.failed(client_address)
        log.warning("exchange message refused from %s: %s %s", client_address, refused.code, refused.message)
        return _error(refused.status, refused.code, refused.message)
    try:
        answer = receive(services, partner, envelope.nonce, parse(body))
    except MessageRefused as refused:
        log.info("exchange message refused: %s %s", refused.code, refused.message)
        return _error(refused.status, refused.code, refused.message)
    except StorageError:
        log.exception("store unavailable for an exchange message")
        return _error(503, "busy", "the store is busy: send the message again later")
    return jsonify({"ok": True, **answer})


def init_app(app: Flask) -> None:
    """Check the exchange settings now (a wrong one stops the application, named), and serve the API."""
    load_partners(app.config)
    app.register_blueprint(bp)
