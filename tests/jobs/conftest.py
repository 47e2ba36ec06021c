"""A job queue per backend: SQLite (embedded store) and PostgreSQL (own schema per test)."""

from __future__ import annotations

import pytest


@pytest.fixture(params=("sqlite", "postgres"))
def queue(request, tmp_path):
    if request.param == "sqlite":
        from runtime.jobs.sqlite import SqliteJobQueue

        made = SqliteJobQueue(tmp_path / "jobs.sqlite3")
        yield made
        made.close()
        return
    from runtime.jobs.postgres import PostgresJobQueue
    from runtime.storage import open_store

    store = open_store(request.getfixturevalue("postgres_url"))
    yield PostgresJobQueue(store.pool)
    store.close()


from tests.services.conftest import catalog, clock  # noqa: E402,F401 - shared fixtures


def queued_config(tmp_path, store_url: str, **extra):
    return {"SECRET_KEY": "test", "MOTCUA_STORE": store_url, "MOTCUA_WORKER": "external", **extra}


@pytest.fixture
def build(tmp_path, catalog, clock):  # noqa: F811 - the shared fixture, used here
    """Build a services bundle with the job queue (``build(store_url, **config)``); closed at the end."""
    from runtime.agencies import load_directory
    from runtime.definitions import Catalog, DefinitionArchive
    from runtime.demo import DEMO_DIR
    from runtime.services.factory import build_services

    made = []

    def make(store_url: str, **extra):
        config = queued_config(tmp_path, store_url, **extra)
        services = build_services(config, tmp_path, Catalog(list(catalog), DefinitionArchive(tmp_path / "defs")),
                                  load_directory(DEMO_DIR / "agencies.json"))
        services.clock = clock
        made.append(services)
        return services, config

    yield make
    for services in made:
        services.jobs.close()
        services.store.close()
