"""``motcua serve --production``: gunicorn workers, health and readiness, graceful shutdown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float):
    while time.monotonic() < deadline:
        try:
            return requests.get(url, timeout=5)
        except requests.ConnectionError:
            time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


def test_production_server_answers_health_and_readiness_then_stops_cleanly_when_terminated(tmp_path):
    port = _free_port()
    env = {**os.environ, "MOTCUA_INSTANCE": str(tmp_path / "instance")}
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen([str(Path(sys.executable).parent / "motcua"), "serve", "--production", "--port",
                                   str(port), "--workers", "2", "--access-log", str(tmp_path / "access.log")],
                                  cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        health = _get(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 90)
        ready = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=30)
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=60)
    assert health.status_code == 200, log.read_text()
    assert ready.status_code == 200 and ready.json()["checks"] == {"store": "ok"}, ready.text
    assert code == 0, log.read_text()
    assert "GET /healthz" in (tmp_path / "access.log").read_text()
    assert "Booting worker" in log.read_text() and "Shutting down" in log.read_text()


def test_readiness_is_503_naming_the_store_when_the_store_is_unreachable(tmp_path):
    from runtime import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path),
                      "MOTCUA_STORE": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "not ready", "checks": {"store": "unavailable"}}
    assert app.test_client().get("/healthz").status_code == 200


def test_production_workers_are_never_recycled_so_no_keep_alive_request_is_dropped():
    """A gthread worker recycled after max_requests closes its idle keep-alive connections: a request sent
    on one at that moment gets a connection reset (seen under load in bench/design_day.py)."""
    from builder.server import gunicorn_options

    options = gunicorn_options("127.0.0.1", 8000, 2, 4, 60, None, 30)
    assert options["max_requests"] == 0 and options["keepalive"] > 0
