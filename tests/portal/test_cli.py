"""``motcua portal reconcile`` and ``motcua portal status`` against the reference portal served over HTTP."""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from builder.cli import cli
from runtime.agencies import load_directory
from runtime.definitions import Catalog
from runtime.demo import DEMO_DIR
from runtime.services.factory import build_services
from runtime.services.jobs import make_worker
from tests.services.conftest import Clock

from .conftest import KEY, connect
from .lives import live


@pytest.fixture
def served(portal):
    server = make_server("127.0.0.1", 0, portal, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/api"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def test_reconcile_sends_again_what_the_portal_lost_and_says_so(scratch, catalog, portal, served, monkeypatch):
    store = f"tinydb://{scratch / 'store'}"
    config = {"SECRET_KEY": "t", "MOTCUA_STORE": store, "MOTCUA_WORKER": "external"}
    services = build_services(config, scratch, Catalog(list(catalog)), load_directory(DEMO_DIR / "agencies.json"))
    services.clock = Clock()
    connect(services, portal)
    dossiers = [live(services, n, services.now()) for n in (1, 2, 3)]
    make_worker(services, config).run(until_idle=True)
    services.jobs.close()
    services.store.close()
    portal.forget(dossiers[1].reference, keep=1)
    for key, value in {"MOTCUA_INSTANCE": str(scratch), "MOTCUA_STORE": store, "MOTCUA_SECRET_KEY": "t",
                       "MOTCUA_PORTAL_SYNC": "http", "MOTCUA_PORTAL_URL": served, "MOTCUA_PORTAL_KEY": KEY}.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    outcome = runner.invoke(cli, ["portal", "reconcile"])
    assert outcome.exit_code == 0, outcome.output
    assert "3 dossier(s) compared: 2 in step with the portal, 4 update(s) sent again" in outcome.output
    assert [u["sequence"] for u in portal.updates[dossiers[1].reference]] == [1, 2, 3, 4, 5]
    status = runner.invoke(cli, ["portal", "status"])
    assert status.output.strip() == "pending: 0  sent: 0  accepted: 17  refused: 0"
    portal.down = True
    down = runner.invoke(cli, ["portal", "reconcile", dossiers[0].reference, "NO-SUCH-CODE"])
    assert down.exit_code == 1
    assert "NO-SUCH-CODE: no such dossier" in down.output and "503" in down.output


def test_reconcile_needs_a_connector_that_can_be_queried(tmp_path, monkeypatch):
    for key, value in {"MOTCUA_INSTANCE": str(tmp_path), "MOTCUA_SECRET_KEY": "t",
                       "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_PORTAL_SYNC": "demo"}.items():
        monkeypatch.setenv(key, value)
    outcome = CliRunner().invoke(cli, ["portal", "reconcile"])
    assert outcome.exit_code == 1 and "cannot be queried" in outcome.output
