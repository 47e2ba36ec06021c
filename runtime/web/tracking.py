"""Public lookup of a dossier's status by its code plus a second factor (no login)."""

from __future__ import annotations

import hmac

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

from ..limits import limiter
from ..storage import DossierNotFound
from .access import access

bp = Blueprint("tracking", __name__, url_prefix="/track")

_WINDOW, _MAX_TRIES = 600.0, 10


def _limited(key: str) -> bool:
    """At most ten lookups per ten minutes per client address (shared by every worker and node)."""
    return not limiter("track", _MAX_TRIES, _WINDOW).allow(key)


def lookup(reference: str, phone_tail: str):
    """The dossier if ``phone_tail`` is the last four digits of the applicant's phone, else None."""
    services = current_app.extensions["motcua.services"]
    try:
        with services.store.unit_of_work() as uow:
            dossier = uow.dossiers.get_by_reference(reference)
    except DossierNotFound:
        return None
    phone = "".join(ch for ch in (dossier.applicant.phone or "") if ch.isdigit())
    if len(phone_tail) != 4 or not phone or not hmac.compare_digest(phone[-4:], phone_tail):
        return None
    return dossier


@bp.route("/", methods=["GET", "POST"])
@bp.route("/<reference>", methods=["GET", "POST"])
@access("public")
def track(reference: str = ""):
    """Anyone with the dossier code and the last four digits of the applicant's phone sees its status."""
    reference = (request.form.get("reference") or reference or "").strip()[:40]
    found, error, status = None, None, 200
    if request.method == "POST":
        phone_tail = (request.form.get("phone_tail") or "").strip()
        if _limited(request.remote_addr or "?"):
            error, status = _("Too many lookups. Please wait a few minutes and try again."), 429
        else:
            found = lookup(reference, phone_tail)
            if found is None:
                error = _("No dossier matches this code and these digits. Check both and try again.")
    services = current_app.extensions["motcua.services"]
    procedure = services.definition_of(found)[0] if found else None
    step = services.definition_of(found)[1].processing.step(found.status.step) if found else None
    return render_template("tracking/track.html", reference=reference, found=found, error=error,
                           procedure=procedure, step=step), status
