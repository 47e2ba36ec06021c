"""Serving motcua with gunicorn (``motcua serve --production``)."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class MotcuaServer(BaseApplication):
    """gunicorn running ``create_app()``, configured from the command line (no gunicorn config file)."""

    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if value is not None and key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from .studio import create_app

        return create_app()


def gunicorn_options(host: str, port: int, workers: int, threads: int, timeout: int, access_log: str | None,
                     graceful_timeout: int) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
        "timeout": timeout, "graceful_timeout": graceful_timeout, "keepalive": 5,
        "accesslog": access_log, "errorlog": "-",
        # Workers are not recycled: a recycled gthread worker closes its idle keep-alive connections,
        # and a request a client (or a proxy, which does not resend a POST) sent on one at that moment
        # is lost -- bench/design_day.py saw connection resets at every 10,000th request of a worker.
        "max_requests": 0,
        # create_app() runs once in the master (catalog compiled once, shared by the forks);
        # the store and the job queue open lazily, in each worker after the fork.
        "preload_app": True, "proc_name": "motcua",
    }


def serve_production(options: dict[str, Any]) -> None:
    MotcuaServer(options).run()
