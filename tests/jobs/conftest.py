"""A job queue per backend: SQLite (embedded store) and PostgreSQL (own schema per test)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

PG_ENV = "MOTCUA_TEST_POSTGRES_URL"


def pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL job queue not tested: set {PG_ENV}")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    import psycopg
    from psycopg import sql

    from runtime.storage.postgres import split_url, upgrade, with_schema

    base = pg_base_url()
    schema = f"motcua_test_{secrets.token_hex(6)}"
    url = with_schema(base, schema)
    upgrade(url)
    try:
        yield url
    finally:
        with psycopg.connect(split_url(base)[0], autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


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
