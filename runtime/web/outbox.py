"""The development outbox: the e-mails and SMS queued about the official's own agency's dossiers."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from ..storage import DossierNotFound
from .access import access, can_see_dossier, current_principal

bp = Blueprint("outbox", __name__, url_prefix="/dev")


def visible_messages(services, who, limit: int = 200) -> list:
    """The newest messages about dossiers ``who`` may see (others' hold other agencies' personal data)."""
    allowed: dict[str, bool] = {}
    shown = []
    with services.store.unit_of_work() as uow:
        for message in services.outbox.recent(10 * limit):
            if not message.dossier_id:
                continue
            if message.dossier_id not in allowed:
                try:
                    allowed[message.dossier_id] = can_see_dossier(who, uow.dossiers.get(message.dossier_id))
                except DossierNotFound:
                    allowed[message.dossier_id] = False
            if allowed[message.dossier_id]:
                shown.append(message)
                if len(shown) >= limit:
                    break
    return shown


@bp.route("/outbox")
@access("official")
def messages():
    """Officials see their agency's messages, only on a demonstration or development instance."""
    if current_app.config.get("MOTCUA_IDENTITY", "demo") != "demo" and not current_app.config.get("MOTCUA_DEV_OUTBOX"):
        abort(404)
    services = current_app.extensions["motcua.services"]
    return render_template("outbox.html", messages=visible_messages(services, current_principal()))
