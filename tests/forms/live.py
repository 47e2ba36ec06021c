"""A real server for the browser tests: the app on 127.0.0.1 and a free port, in a thread."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from runtime import create_app
from runtime.paths import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
AXE = PROJECT_ROOT / "themes" / "default" / "node_modules" / "axe-core" / "axe.min.js"
GOVUK = PROJECT_ROOT / "themes" / "default" / "node_modules" / "govuk-frontend" / "dist"


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        return "Debian's chromium is not installed (apt-get install chromium; ./dev test does it)"
    return None


def chromium_path() -> str:
    return str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))


def closing_responses(app: Any) -> Any:
    """``app`` with every response closed however its sending ends.

    werkzeug's development server does not close a response when the browser drops the connection
    while it is being sent (a browser leaving a page mid-way): a static file's handle was then left to
    the garbage collector, a ResourceWarning the tests treat as a leak. Served by gunicorn, responses
    are always closed.
    """

    def wsgi(environ: dict, start_response: Any) -> Iterator[bytes]:
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@contextmanager
def serving(config: dict, factory=create_app) -> Iterator[tuple[Flask, str]]:
    """Run the app (made by ``factory``) until the block ends; yields (app, base URL)."""
    app = factory(config)
    server = make_server("127.0.0.1", 0, closing_responses(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
