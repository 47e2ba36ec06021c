"""Shared fixtures: an application on a temporary instance, its client and CLI runner."""

from __future__ import annotations

import pytest

from runtime import create_app


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance")})


@pytest.fixture
def client(app):
    return app.test_client()
