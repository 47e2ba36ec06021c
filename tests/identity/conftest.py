"""Fixtures for the identity tests: apps with each provider, a local OpenID Connect provider, logins.

The OpenID Connect provider is panva's certified ``oidc-provider`` (npm), run by
``oidc_provider/server.mjs`` on a free loopback port for the whole session.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from joserfc.jwk import RSAKey

from runtime import create_app
from runtime.identity import session as identity_session

from .helpers import CLIENT_ID, CLIENT_SECRET, PROVIDER_DIR, REDIRECT_URI, LocalProvider, free_port


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Iterator[LocalProvider]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to run the local OpenID Connect provider (oidc-provider)")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PROVIDER_DIR, check=True,
                       timeout=600, stdout=subprocess.DEVNULL)
    key = RSAKey.generate_key(2048, parameters={"kid": "test-signing-key", "use": "sig", "alg": "RS256"},
                              private=True)
    jwks = tmp_path_factory.mktemp("oidc") / "jwks.json"
    jwks.write_text(json.dumps({"keys": [key.as_dict(private=True)]}))
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    log = (jwks.parent / "provider.log").open("w")
    process = subprocess.Popen([node, "server.mjs", str(port), REDIRECT_URI, str(jwks)], cwd=PROVIDER_DIR,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("the local OpenID Connect provider did not start: "
                                   + (jwks.parent / "provider.log").read_text())
            time.sleep(0.1)
        yield LocalProvider(issuer, key)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _config(tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance"), **extra}


@pytest.fixture
def oidc_app(tmp_path, oidc_provider):
    return create_app(_config(
        tmp_path, MOTCUA_IDENTITY="oidc", MOTCUA_OIDC_ISSUER=oidc_provider.issuer, MOTCUA_OIDC_CLIENT_ID=CLIENT_ID,
        MOTCUA_OIDC_CLIENT_SECRET=CLIENT_SECRET, MOTCUA_OIDC_SCOPES="openid profile email phone citizen"))


@pytest.fixture
def demo_app(tmp_path):
    return create_app(_config(tmp_path, PERMANENT_SESSION_LIFETIME=60, MOTCUA_SESSION_ABSOLUTE_LIFETIME=300))


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved by hand: ``clock.now += 61``."""

    class Clock:
        now = 1_800_000_000.0

        def __call__(self) -> float:
            return self.now

    fake = Clock()
    monkeypatch.setattr(identity_session, "clock", fake)
    return fake


