"""Fixtures for the studio: an app with the studio over a fresh embedded store, signed-in administrators."""

from __future__ import annotations

import re

import pytest

from builder.studio import create_app
from runtime.web.access import Principal, sign_in

PASSWORD = "motcua-demo-2025"


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance"),
                       "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_CATALOG_REFRESH_SECONDS": 0})


def client_as(app, username: str | None):
    """A test client signed in as the demo official ``username`` (None: anonymous)."""
    client = app.test_client()
    if username is not None:
        official = app.extensions["motcua.identity.officials"].get(username)
        with app.test_request_context(), client.session_transaction() as session:
            sign_in(Principal("official", official.username, official.name, None, official.roles))
            from flask import session as current

            session.update(current)
    return client


def csrf(client, url: str = "/studio/") -> str:
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, f"no CSRF token on {url}"
    return found[1]


@pytest.fixture
def author(app):
    return client_as(app, "admin.hcm")


@pytest.fixture
def publisher(app):
    return client_as(app, "duyet.hcm")


@pytest.fixture
def other_province(app):
    return client_as(app, "admin.hanoi")
