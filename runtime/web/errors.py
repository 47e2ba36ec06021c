"""Error pages: a clear message in the person's language, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def _page(code: int, title: str, message: str):
    return render_template("error.html", code=code, title=title, message=message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError):
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

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http(exc)
        log.exception("unexpected error", exc_info=exc)
        return _page(InternalServerError.code, _("Something went wrong"),
                     _("Nothing you sent was lost. Please try again in a few minutes."))
