"""Shared fixtures: an application on a temporary instance, its client and CLI runner; a PostgreSQL schema."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

from runtime import create_app


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance")})


@pytest.fixture
def client(app):
    return app.test_client()


PG_ENV = "MOTCUA_TEST_POSTGRES_URL"


def pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL backend not tested: set {PG_ENV} "
            "(e.g. postgresql://postgres@127.0.0.1:5432/test) to run it"
        )
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A migrated, empty PostgreSQL schema of its own, dropped at the end."""
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
