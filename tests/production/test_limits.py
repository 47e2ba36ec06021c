"""Behind a proxy: the real client address, and limits shared by every worker and node."""

from __future__ import annotations

import pytest
from flask import Flask, request

from runtime import create_app
from runtime.limits.base import MemoryCounter, WindowLimiter
from runtime.limits.sql import PostgresCounter, SqliteCounter
from runtime.web.proxy import TrustedProxies, parse_networks


def _echo(proxies):
    app = Flask(__name__)
    app.route("/")(lambda: f"{request.remote_addr} {request.scheme} {request.host}")
    app.wsgi_app = TrustedProxies(app.wsgi_app, parse_networks(proxies))
    return app.test_client()


def test_client_address_comes_from_the_proxy_header_when_the_proxy_is_trusted():
    client = _echo("10.0.0.0/8")
    body = client.get("/", headers={"X-Forwarded-For": "203.0.113.9, 10.0.0.7", "X-Forwarded-Proto": "https",
                                    "X-Forwarded-Host": "dichvucong.example.vn"},
                      environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_data(as_text=True)
    assert body == "203.0.113.9 https dichvucong.example.vn"


def test_forwarded_header_is_ignored_when_the_request_does_not_come_from_a_trusted_proxy():
    body = _echo("10.0.0.0/8").get("/", headers={"X-Forwarded-For": "1.2.3.4"},
                                   environ_base={"REMOTE_ADDR": "198.51.100.5"}).get_data(as_text=True)
    assert body.startswith("198.51.100.5 http ")


def test_client_cannot_choose_its_address_when_it_prepends_a_forged_one():
    body = _echo("10.0.0.1").get("/", headers={"X-Forwarded-For": "1.2.3.4, 198.51.100.5"},
                                 environ_base={"REMOTE_ADDR": "10.0.0.1"}).get_data(as_text=True)
    assert body.startswith("198.51.100.5 ")


def test_trusted_proxies_setting_is_refused_when_it_is_not_an_address():
    with pytest.raises(ValueError, match="MOTCUA_TRUSTED_PROXIES"):
        parse_networks("proxy.example.vn")


@pytest.fixture(params=("memory", "sqlite", "postgres"))
def counters(request, tmp_path):
    """Two counters as two workers (or nodes) would have them."""
    if request.param == "memory":
        shared = MemoryCounter()
        yield shared, shared
    elif request.param == "sqlite":
        yield SqliteCounter(tmp_path / "limits.sqlite3"), SqliteCounter(tmp_path / "limits.sqlite3")
    else:
        from runtime.storage import open_store

        url = request.getfixturevalue("postgres_url")
        a, b = open_store(url), open_store(url)
        yield PostgresCounter(a.pool), PostgresCounter(b.pool)
        a.close()
        b.close()


def test_limit_is_reached_across_workers_when_they_share_the_store(counters):
    a, b = counters
    limits = [WindowLimiter(c, "track", 10, 600) for c in (a, b)]
    answers = [limits[n % 2].allow("203.0.113.9") for n in range(11)]
    assert answers == [True] * 10 + [False]
    assert limits[0].allow("198.51.100.5")  # another client is not affected


def test_failed_logins_block_then_a_success_clears_them_when_counted_in_the_store(counters):
    a, b = counters
    first, second = WindowLimiter(a, "login", 3, 900), WindowLimiter(b, "login", 3, 900)
    for _ in range(3):
        first.failed("lan")
    assert second.blocked("lan")
    second.succeeded("lan")
    assert not first.blocked("lan")


def test_lookup_limit_keys_on_the_forwarded_client_when_behind_a_trusted_proxy(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path), "WTF_CSRF_ENABLED": False,
                      "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}", "MOTCUA_TRUSTED_PROXIES": "127.0.0.1"})
    client = app.test_client()

    def lookup(address):
        return client.post("/track/", data={"reference": "X-1", "phone_tail": "0000"},
                           headers={"X-Forwarded-For": address}).status_code

    assert [lookup("203.0.113.9") for _ in range(11)][-1] == 429
    assert lookup("198.51.100.5") == 200  # a second citizen behind the same proxy still gets an answer
