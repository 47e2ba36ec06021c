"""The development outbox: every e-mail and SMS the system queued, and whether it went out."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from .access import access

bp = Blueprint("outbox", __name__, url_prefix="/dev")


@bp.route("/outbox")
@access("official")
def messages():
    """Officials see the outbox, only on a demonstration or development instance (it holds personal data)."""
    if current_app.config.get("MOTCUA_IDENTITY", "demo") != "demo" and not current_app.config.get("MOTCUA_DEV_OUTBOX"):
        abort(404)
    outbox = current_app.extensions["motcua.services"].outbox
    return render_template("outbox.html", messages=outbox.recent(200))
