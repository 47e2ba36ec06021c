"""Error pages: a clear message in the person's language, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..storage.base import StoreBusyError

log = logging.getLogger(__name__)


def _page(code: int, title: str, message: str):
    return render_template("error.html", code=code, title=title, message=message), code


def session_ended():
    """The session ended (the browser lost it, or it expired): log in again and come back here."""
    from .auth import safe_next

    back = safe_next(request.full_path)
    if request.method == "POST":  # back to the page the form was on (the form's own URL may take only POST)
        from urllib.parse import urlsplit

        referrer = urlsplit(request.referrer or "")
        back = safe_next(referrer.path) if referrer.netloc == request.host else safe_next(request.path)
    return render_template("error.html", code=401, title=_("Log in again to continue"),
                           message=_("For your security your session ended after a while without activity. "
                                     "What you saved is kept: log in again to continue where you were."),
                           login_url=url_for("auth.login", next=back)), 401


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        if "session token is missing" in (exc.description or ""):
            return session_ended()
        return _page(400, _("The form has expired"),
                     _("For your security the form expired. Go back, reload the page and send it again."))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        messages = {
            400: (_("The request could not be understood"), _("Please check what you sent and try again.")),
            403: (_("You cannot see this page"), _("Your account does not have access to this page.")),
            404: (_("Page not found"), _("Check the address, or start again from the catalog.")),
            405: (_("The request could not be understood"), _("Please check what you sent and try again.")),
            413: (_("The file is too large"), _("Please send a smaller file.")),
        }
        title, message = messages.get(exc.code or 500, (exc.name, exc.description or ""))
        return _page(exc.code or 500, title, message)

    @app.errorhandler(StoreBusyError)
    def _busy(exc: StoreBusyError):
        log.warning("store busy: %s", exc)
        return _page(503, _("The service is busy"),
                     _("Nothing you sent was lost. Please try again in a few minutes."))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http(exc)
        log.exception("unexpected error", exc_info=exc)
        return _page(InternalServerError.code, _("Something went wrong"),
                     _("Nothing you sent was lost. Please try again in a few minutes."))
