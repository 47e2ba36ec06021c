"""Logging in and out: citizens through the identity provider, officials with a password.

``auth.login`` is the choice page the access rules send anonymous visitors to.
Citizens go through the configured :class:`~runtime.identity.base.IdentityProvider`
(``/auth/citizen`` → the provider → ``/auth/callback``, or the demo page
``/auth/demo``); officials use ``/auth/official``. After login the browser goes
to ``next`` when it is a path on this site, else home.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from ..identity import registry
from ..identity import session as identity_session
from ..identity.base import LoginRefused
from ..identity.contrib.demo import DemoIdentityProvider
from ..identity.officials import normalise_username
from .access import access, current_principal

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__, url_prefix="/auth")

PENDING_KEY = "auth.pending"
MAX_PENDING = 3
PENDING_SECONDS = 10 * 60
_MAX_NEXT = 2000
#: The login and logout steps themselves: never a place to go back to.
_NOT_NEXT = frozenset(f"/auth/{p}" for p in ("login", "citizen", "callback", "demo", "official", "logout"))


def safe_next(value: str | None) -> str | None:
    """``value`` if it is a path on this site (no scheme, no host, no tricks), else None."""
    if not value or len(value) > _MAX_NEXT or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.rstrip("/") in _NOT_NEXT:
        return None
    return value.removesuffix("?")


def _next_arg() -> str | None:
    return safe_next(request.values.get("next"))


def _after_login(next_url: str | None):
    return redirect(safe_next(next_url) or url_for("catalog.index"))


def _refused(reason: str, status: int = 400):
    titles = {
        "state": (_("This sign-in link is not valid"),
                  _("The sign-in did not start here, was already used, or took too long. "
                    "Nobody was signed in. Please start again.")),
        "cancelled": (_("The sign-in was cancelled"),
                      _("Nobody was signed in. You can start again whenever you like.")),
        "token": (_("The sign-in could not be confirmed"),
                  _("The identity service's answer failed our security checks, so nobody was signed in. "
                    "Please start again.")),
        "attributes": (_("Your identity could not be confirmed"),
                       _("The identity service did not give us your personal identification number, "
                         "which public services need. Nobody was signed in.")),
        "unavailable": (_("The identity service is not answering"),
                        _("Please try again in a few minutes.")),
    }
    title, message = titles.get(reason, titles["token"])
    return render_template("auth/refused.html", title=title, message=message), status


# -- the pending logins (state, nonce, PKCE verifier...) kept between the two legs -----------

def _remember(kept: dict[str, Any], next_url: str | None) -> None:
    pending = dict(session.get(PENDING_KEY) or {})
    now = identity_session.clock()
    pending[kept["state"]] = {"kept": kept, "next": next_url, "t": now}
    newest = sorted(pending.items(), key=lambda item: item[1].get("t", 0), reverse=True)[:MAX_PENDING]
    session[PENDING_KEY] = dict(newest)


def _take(state: str | None) -> dict[str, Any] | None:
    """The pending login of ``state``, removed: each state serves once."""
    pending = dict(session.get(PENDING_KEY) or {})
    entry = pending.pop(state, None) if state else None
    session[PENDING_KEY] = pending
    if not entry or identity_session.clock() - entry.get("t", 0) > PENDING_SECONDS:
        return None
    return entry


def _peek(state: str | None) -> dict[str, Any] | None:
    entry = (session.get(PENDING_KEY) or {}).get(state) if state else None
    if not entry or identity_session.clock() - entry.get("t", 0) > PENDING_SECONDS:
        return None
    return entry


def _is_demo() -> bool:
    return isinstance(registry.identity_provider(), DemoIdentityProvider)


def _redirect_uri() -> str:
    if _is_demo():
        return url_for("auth.demo")
    return current_app.config.get("MOTCUA_OIDC_REDIRECT_URI") or url_for("auth.callback", _external=True)


def _finish_citizen(entry: dict[str, Any], args: Any):
    provider = registry.identity_provider()
    try:
        identity = provider.complete(args, entry["kept"])
    except LoginRefused as refused:
        log.warning("citizen login refused (%s): %s", refused.reason, refused.detail)
        return _refused(refused.reason, 503 if refused.reason == "unavailable" else 400)
    except Exception:  # a login response we did not foresee: refuse it, never sign in
        log.exception("citizen login refused: unexpected error while checking the response")
        return _refused("token")
    identity_session.sign_in_citizen(identity)
    return _after_login(entry.get("next"))


# -- views -------------------------------------------------------------------------------------

@bp.route("/login")
@access("public")
def login():
    """The choice: citizen (through the identity provider) or official."""
    provider = registry.identity_provider()
    return render_template("auth/login.html", next=_next_arg(), provider=provider, is_demo=_is_demo(),
                           notice=identity_session.pop_notice())


@bp.route("/citizen")
@access("public")
def citizen():
    """Start a citizen's login at the identity provider."""
    try:
        url, kept = registry.identity_provider().begin(_redirect_uri())
    except LoginRefused as refused:
        log.warning("citizen login could not start (%s): %s", refused.reason, refused.detail)
        return _refused(refused.reason, 503)
    _remember(kept, _next_arg())
    return redirect(url)


@bp.route("/callback")
@access("public")
def callback():
    """Where the identity provider sends the browser back."""
    if _is_demo():
        abort(404)
    entry = _take(request.args.get("state"))
    if entry is None:
        log.warning("citizen login refused (state): unknown, used or expired state")
        return _refused("state")
    return _finish_citizen(entry, request.args)


@bp.route("/demo", methods=["GET", "POST"])
@access("public")
def demo():
    """The demonstration provider's page: pick a demo citizen (only with MOTCUA_IDENTITY = "demo")."""
    if not _is_demo():
        abort(404)
    if request.method == "POST":
        entry = _take(request.form.get("state"))
        if entry is None:
            return _refused("state")
        return _finish_citizen(entry, request.form)
    state = request.args.get("state")
    if _peek(state) is None:
        return redirect(url_for("auth.citizen", next=_next_arg()))
    provider = registry.identity_provider()
    assert isinstance(provider, DemoIdentityProvider)
    query = request.args.get("q", "")[:100]
    people = provider.registry.search(query) if query.strip() else provider.registry.featured()
    return render_template("auth/demo.html", state=state, query=query, people=people,
                           total=len(provider.registry))


class OfficialLoginForm(FlaskForm):
    username = StringField(lazy_gettext("User name"), validators=[InputRequired(), Length(max=100)])
    password = PasswordField(lazy_gettext("Password"), validators=[InputRequired(), Length(max=256)])


@bp.route("/official", methods=["GET", "POST"])
@access("public")
def official():
    """Officials log in with their user name and password."""
    form = OfficialLoginForm()
    next_url = _next_arg()
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/official.html", form=form, next=next_url, error=None), status
    by_user, by_address = identity_session.limiters()
    user_key, address_key = normalise_username(form.username.data or ""), request.remote_addr or "?"
    if by_user.blocked(user_key) or by_address.blocked(address_key):
        log.warning("official login blocked after repeated failures: user %r from %s", user_key, address_key)
        error = _("Too many failed attempts. Please wait 15 minutes and try again.")
        return render_template("auth/official.html", form=form, next=next_url, error=error), 429
    found = identity_session.officials().authenticate(form.username.data or "", form.password.data or "")
    if found is None:
        by_user.failed(user_key)
        by_address.failed(address_key)
        log.info("official login failed: user %r from %s", user_key, address_key)
        error = _("The user name or password is not right.")
        return render_template("auth/official.html", form=form, next=next_url, error=error), 200
    by_user.succeeded(user_key)
    identity_session.sign_in_official(found)
    return _after_login(next_url)


@bp.route("/logout", methods=["POST"])
@access("public")
def logout():
    """Sign out (a POST with the form's CSRF token)."""
    identity_session.end_session("signed-out")
    return redirect(url_for("auth.login"))


@bp.route("/me")
@access("citizen")
def me():
    """A citizen sees the identity data the services hold on them, and who read it."""
    who = current_principal()
    identity = identity_session.current_identity()
    lookups = identity_session.lookup_log().for_subject(who.personal_id or "")[-50:]
    return render_template("auth/me.html", identity=identity, lookups=list(reversed(lookups)))


@bp.route("/official/me")
@access("official")
def official_me():
    """An official sees their roles in each agency."""
    from .services import agencies

    directory = agencies()
    roles = [(directory.get(a), a, r) for a, r in sorted(current_principal().roles)]
    return render_template("auth/official_me.html", roles=roles)


def init_app(app: Flask) -> None:
    """The identity provider, sessions and officials, and these views."""
    registry.init_app(app)
    identity_session.init_app(app)
    app.register_blueprint(bp)
