"""Fixtures for the storage tests: one store per backend, dossier factories, tampering.

PostgreSQL tests need ``MOTCUA_TEST_POSTGRES_URL`` (e.g.
``postgresql://postgres@127.0.0.1:5432/test``); each test gets its own
randomly named schema, dropped afterwards, so runs never collide.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from storage_factories import build_dossier, tamper_postgres, tamper_tinydb

from runtime.dossiers.model import Dossier
from runtime.storage import Store, open_store
from tests.conftest import pg_base_url

BACKENDS = ("tinydb", "postgres")


@pytest.fixture
def bare_postgres_url() -> Iterator[str]:
    """A PostgreSQL schema name of its own, not created nor migrated; dropped at the end."""
    import psycopg
    from psycopg import sql

    from runtime.storage.postgres import split_url, with_schema

    base = pg_base_url()
    schema = f"motcua_test_{secrets.token_hex(6)}"
    try:
        yield with_schema(base, schema)
    finally:
        with psycopg.connect(split_url(base)[0], autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def tinydb_url(tmp_path: Path) -> str:
    return f"tinydb://{tmp_path / 'store'}"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty store, once per backend."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def make_dossier() -> Callable[..., Dossier]:
    return build_dossier


@pytest.fixture
def tamper(store_url: str) -> Callable[[str, str], None]:
    """Alter the first stored event of a dossier behind the store's back."""

    def run(dossier_id: str, comment: str) -> None:
        if store_url.startswith("tinydb://"):
            tamper_tinydb(store_url, dossier_id, comment)
        else:
            tamper_postgres(store_url, dossier_id, comment)

    return run
