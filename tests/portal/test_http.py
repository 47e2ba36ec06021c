"""The ``http`` connector's settings and how it reads the portal's answers and failures."""

from __future__ import annotations

import pytest
import requests
from requests.adapters import BaseAdapter

from runtime.plugins import PluginError
from runtime.portal.base import PortalSyncError
from runtime.portal.contrib.http import HttpPortalSync, build
from runtime.portal.message import SignatureError, sign, verify
from runtime.portal.registry import PORTAL

from .conftest import KEY, PORTAL_URL

UPDATE = {"idempotency_key": "A-1:1", "sequence": 1, "dossier_code": "A-1", "procedure_code": "1.001193",
          "status_code": 1, "changed_at": "2026-03-02T08:30:00+07:00"}


class Failing(BaseAdapter):
    def __init__(self, error: Exception):
        super().__init__()
        self.error = error

    def send(self, request, **kwargs):
        raise self.error

    def close(self):
        return None


def _failing(error: Exception) -> HttpPortalSync:
    session = requests.Session()
    session.mount("http://", Failing(error))
    return HttpPortalSync(PORTAL_URL, KEY, session=session)


@pytest.mark.parametrize(("config", "message"), [
    ({}, "MOTCUA_PORTAL_URL is not set"),
    ({"MOTCUA_PORTAL_URL": "https://portal.example.vn", "MOTCUA_PORTAL_KEY": "short"}, "at least 16 characters"),
    ({"MOTCUA_PORTAL_URL": "http://portal.example.vn", "MOTCUA_PORTAL_KEY": KEY, "MOTCUA_ENV": "production"},
     "https:// URL in production"),
    ({"MOTCUA_PORTAL_URL": "ftp://portal.example.vn", "MOTCUA_PORTAL_KEY": KEY}, "not an http(s) URL"),
])
def test_the_connector_refuses_settings_it_cannot_work_with(config, message):
    with pytest.raises(PluginError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build(config)


def test_the_connector_is_chosen_by_name_and_the_demo_stays_refused_in_production():
    built = PORTAL.build({"MOTCUA_PORTAL_SYNC": "http", "MOTCUA_PORTAL_URL": "https://portal.example.vn/api",
                          "MOTCUA_PORTAL_KEY": KEY, "MOTCUA_ENV": "production", "MOTCUA_PORTAL_TIMEOUT": 3})
    assert (built.name, built.timeout, built.path) == ("http", 3.0, "/api")
    with pytest.raises(PluginError, match="demo portal sync"):
        PORTAL.build({"MOTCUA_PORTAL_SYNC": "demo", "MOTCUA_ENV": "production", "MOTCUA_INSTANCE_DIR": "/tmp"})


def test_a_timeout_may_have_reached_the_portal_a_refused_connection_did_not():
    with pytest.raises(PortalSyncError, match="did not answer") as timed_out:
        _failing(requests.Timeout("read timed out")).push(UPDATE)
    assert timed_out.value.sent is True
    with pytest.raises(PortalSyncError, match="cannot be reached") as refused:
        _failing(requests.ConnectionError("connection refused")).push(UPDATE)
    assert refused.value.sent is False


def test_the_portal_refuses_a_malformed_update_with_its_reason(synced, portal):
    answer = synced.portal.push({**UPDATE, "status_code": 11})
    assert not answer.accepted and answer.reason == "status_code 11 is not a national status code (1-10)"
    answer = synced.portal.push({k: v for k, v in UPDATE.items() if k != "procedure_code"})
    assert not answer.accepted and answer.reason == "missing field(s): procedure_code"
    assert synced.portal.sequences("A-1") == []
    assert synced.portal.push(UPDATE).accepted and synced.portal.sequences("A-1") == [1]


def test_a_signature_covers_the_method_the_path_the_body_and_the_time():
    headers = sign(KEY, "POST", "/api/updates", b"{}", now=1_000_000)
    verify(KEY, "POST", "/api/updates", b"{}", headers, now=1_000_100)
    for method, path, body, now in [("GET", "/api/updates", b"{}", 1_000_100), ("POST", "/updates", b"{}", 1_000_100),
                                    ("POST", "/api/updates", b"{ }", 1_000_100),
                                    ("POST", "/api/updates", b"{}", 1_000_301)]:
        with pytest.raises(SignatureError):
            verify(KEY, method, path, body, headers, now=now)
