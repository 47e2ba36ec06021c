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


REDIS_ENV = "MOTCUA_TEST_REDIS_URL"


@pytest.fixture
def redis_config() -> Iterator[dict[str, str]]:
    """Settings keeping sessions and rate limits in the test Redis, under a key prefix of their own
    (its keys are deleted at the end)."""
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"Redis backends not tested: set {REDIS_ENV} (e.g. redis://127.0.0.1:6379/0) to run them")
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis backends not tested: {url} does not answer ({exc})")
    prefix = f"motcua-test-{secrets.token_hex(6)}:"
    try:
        yield {"MOTCUA_REDIS_URL": url, "MOTCUA_REDIS_PREFIX": prefix}
    finally:
        keys = list(client.scan_iter(match=prefix + "*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[str]:
    """A local S3-compatible server (moto's, a test dependency) on a free port: its endpoint URL."""
    import socket
    import subprocess
    import sys
    import time

    import requests

    pytest.importorskip("moto.server", reason="moto (a test dependency) is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path_factory.mktemp("moto") / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=log, env={**os.environ, "AWS_ACCESS_KEY_ID": "test",
                                                           "AWS_SECRET_ACCESS_KEY": "test"})
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a loaded CI machine imports moto slowly
        while True:
            try:
                requests.get(endpoint, timeout=5)
                break
            except requests.RequestException:  # not listening yet, or not answering yet
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the local S3 server did not start (see {log.name})")
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def s3_settings(s3_server) -> dict[str, str]:
    """Settings of an S3 attachment store in a fresh versioned bucket of the local S3 server."""
    import boto3

    bucket = f"motcua-{secrets.token_hex(6)}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test")
    client.create_bucket(Bucket=bucket)
    client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    client.close()
    return {"MOTCUA_ATTACHMENT_STORE": "s3", "MOTCUA_S3_BUCKET": bucket, "MOTCUA_S3_PREFIX": "attachments",
            "MOTCUA_S3_ENDPOINT": s3_server, "MOTCUA_S3_ACCESS_KEY": "test", "MOTCUA_S3_SECRET_KEY": "test"}
