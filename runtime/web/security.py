"""CSRF protection and security headers on every response; a session cookie that cannot outgrow browsers."""

from __future__ import annotations

from flask import Flask, Response, session
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


#: Messages kept for the next page ("the file was attached"...). Requests whose redirect is never
#: followed (a script, a tab closed in between) would otherwise add to the cookie until browsers
#: (about 4 KB) drop it, signing the person out; the oldest go first.
MAX_FLASHES = 8


def _bounded_flashes(response: Response) -> Response:
    flashes = session.get("_flashes") if session.modified else None
    if flashes and len(flashes) > MAX_FLASHES:
        session["_flashes"] = flashes[-MAX_FLASHES:]
    return response


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.after_request(_headers)
    app.after_request(_bounded_flashes)
