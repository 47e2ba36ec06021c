"""Wire the services bundle and the citizen, officials, filing, tracking and API blueprints into the app."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class LazyServices:
    """The services bundle, built on first use with the application's one store.

    Building it opens the store and the demo CA, which a catalog-only or
    preview app never needs.
    """

    def __init__(self, app: Flask):
        self._app = app
        self._built: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._built is None:
            with self._lock:
                if self._built is None:
                    from ..services.factory import build_services
                    from .services import store

                    app = self._app
                    with app.app_context():
                        self._built = build_services(app.config, Path(app.instance_path),
                                                     app.extensions["motcua.catalog"],
                                                     app.extensions["motcua.agencies"], store=store())
                    if worker_mode(app.config) == "thread":
                        start_worker_thread(app, self._built)
        return self._built

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._get(), name, value)


def worker_mode(config: Any) -> str:
    from ..services.factory import worker_mode as mode

    return mode(config)


def start_worker_thread(app: Flask, services: Any) -> None:
    """The embedded deployment's worker: a thread of this process, stopped at exit."""
    import atexit

    from ..services.jobs import make_worker

    worker = make_worker(services, app.config)
    thread = threading.Thread(target=worker.run, name="motcua-worker", daemon=True)
    thread.start()
    app.extensions["motcua.worker"] = worker
    atexit.register(worker.stop)


def localtime(value: dt.datetime | str | None, fmt: str = "%H:%M %d/%m/%Y") -> str:
    """A datetime (or an ISO 8601 string as the store keeps them; UTC when it names no zone) as people
    in Vietnam read it."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
    if isinstance(value, int | float):  # seconds since the epoch (the outbox's clock)
        value = dt.datetime.fromtimestamp(value, dt.UTC)
    return value.astimezone(VN).strftime(fmt)


def init_app(app: Flask) -> None:
    from . import (
        api,
        citizen,
        exchange,
        feedback,
        filing,
        health,
        officials,
        outbox,
        payments,
        portal,
        proxy,
        scorecard,
        tracking,
    )

    app.extensions.setdefault("motcua.services", LazyServices(app))
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    proxy.init_app(app)  # the real client address, before any limit keys on it
    app.register_blueprint(health.bp)
    from . import citizen_preferences  # noqa: F401 - its view joins the citizen blueprint

    app.register_blueprint(citizen.bp)
    app.register_blueprint(tracking.bp)
    app.register_blueprint(api.bp)
    exchange.init_app(app)
    app.register_blueprint(filing.bp)
    app.register_blueprint(payments.bp)
    app.register_blueprint(outbox.bp)
    app.register_blueprint(portal.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(scorecard.bp)
    officials.init_app(app)
