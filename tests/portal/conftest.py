"""Services wired to the reference portal through the ``http`` connector, on a fast scratch directory."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from runtime.agencies import load_directory
from runtime.definitions import Catalog
from runtime.demo import DEMO_DIR
from runtime.portal.contrib.http import HttpPortalSync
from runtime.portal.reference import ReferencePortal, wsgi_session
from runtime.services.factory import build_services
from tests.services.conftest import Clock, catalog  # noqa: F401 - the session-wide catalog fixture

KEY = "reference-portal-shared-key-2026"
PORTAL_URL = "http://portal.test/api"


class Tick:
    """The job queue's clock (epoch seconds), moved by the tests to make retries due."""

    def __init__(self) -> None:
        self.now = 1_780_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def scratch(tmp_path):
    """A directory in memory when the machine has one (thousands of small commits), else tmp_path."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    found = Path(tempfile.mkdtemp(prefix="motcua-portal-", dir=shm))
    try:
        yield found
    finally:
        shutil.rmtree(found, ignore_errors=True)


@pytest.fixture
def portal():
    return ReferencePortal(KEY, prefix="/api")


@pytest.fixture
def tick():
    return Tick()


def connect(built, portal: ReferencePortal, key: str = KEY) -> HttpPortalSync:
    built.portal = HttpPortalSync(PORTAL_URL, key, session=wsgi_session(portal))
    return built.portal


@pytest.fixture
def synced(scratch, catalog, portal, tick):  # noqa: F811 - the fixture imported above
    """Services with a job queue on ``tick`` and the http connector to the reference portal."""
    config = {"SECRET_KEY": "test", "MOTCUA_STORE": f"tinydb://{scratch / 'store'}", "MOTCUA_WORKER": "external"}
    built = build_services(config, scratch, Catalog(list(catalog)), load_directory(DEMO_DIR / "agencies.json"))
    built.clock = Clock()
    built.jobs.clock = tick
    connect(built, portal)
    yield built
    built.jobs.close()
    built.store.close()
