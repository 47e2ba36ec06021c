"""A logged-in citizen chooses how they hear about their dossiers' progress: e-mail and SMS, each on or off."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..notifications.preferences import Preferences
from .access import access, current_principal
from .citizen import bp, services


@bp.route("/notifications", methods=["GET", "POST"])
@access("citizen")
def notifications():
    """The citizen's own progress-message channels (both on until they choose)."""
    store = services().preferences
    who = current_principal()
    if request.method == "POST":
        chosen = set(request.form.getlist("channels"))
        store.set(who.id, Preferences(email="email" in chosen, sms="sms" in chosen))
        flash(_("Your choice is saved."), "success")
        return redirect(url_for("citizen.notifications"))
    return render_template("citizen/notifications.html", chosen=store.get(who.id))
