"""Sessions and rate limits in Redis (``MOTCUA_REDIS_URL``): shared by every node, refused cleanly when down."""

from __future__ import annotations

import socket

import pytest

from runtime import create_app
from runtime.limits.base import WindowLimiter
from runtime.storage.base import StoreBusyError
from runtime.storage.contrib.redis import RedisCounter, RedisSessionStore, connect
from tests.identity.helpers import demo_login

SECRET = "s" * 40


def _node(tmp_path, name, **config):
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(tmp_path / name),
                       "WTF_CSRF_ENABLED": False, "MOTCUA_STORE": f"tinydb://{tmp_path / name / 'store'}",
                       **config})


def test_sessions_and_rate_limits_default_to_redis_when_a_redis_url_is_set(tmp_path, redis_config):
    app = _node(tmp_path, "a", **redis_config)
    assert isinstance(app.extensions["motcua.identity.sessions"], RedisSessionStore)
    assert isinstance(app.extensions["motcua.limits"], RedisCounter)


def test_login_on_one_node_is_seen_and_ended_on_the_other_when_sessions_are_in_redis(tmp_path, redis_config):
    a = _node(tmp_path, "a", **redis_config).test_client()
    b = _node(tmp_path, "b", **redis_config).test_client()
    demo_login(a)
    assert a.get("/auth/me").status_code == 200
    b.set_cookie("session", a.get_cookie("session").value)
    assert b.get("/auth/me").status_code == 200  # node B reads the session node A opened
    a.post("/auth/logout")
    assert b.get("/auth/me").status_code != 200  # ended everywhere: a copy of the cookie is worthless


def test_session_record_expires_in_redis_with_the_session(redis_config):
    now = [1_000_000.0]
    store = RedisSessionStore(connect(redis_config), redis_config["MOTCUA_REDIS_PREFIX"], clock=lambda: now[0])
    handle = store.create("vn-001234567890", expires=now[0] + 1800)
    assert store.get(handle)["account"] == "vn-001234567890"
    client = connect(redis_config)()
    (key,) = client.keys(redis_config["MOTCUA_REDIS_PREFIX"] + "session:*")
    assert handle not in key.decode()  # the key is a hash of the cookie's handle, not the handle
    assert client.ttl(key) > 0  # Redis drops it by itself; nothing to purge
    now[0] += 1801
    assert store.get(handle) is None
    assert client.exists(key) == 0


def test_limit_is_reached_across_nodes_and_a_new_window_starts_at_zero_in_redis(redis_config):
    now = [600.0 * 1000]
    counters = [RedisCounter(connect(redis_config), redis_config["MOTCUA_REDIS_PREFIX"], clock=lambda: now[0])
                for _ in range(2)]
    limits = [WindowLimiter(c, "track", 10, 600) for c in counters]
    assert [limits[n % 2].allow("203.0.113.9") for n in range(11)] == [True] * 10 + [False]
    assert limits[1].allow("198.51.100.5")  # another client is not affected
    now[0] += 600
    assert limits[0].allow("203.0.113.9")  # the next window
    assert counters[1].count("track:203.0.113.9", 600) == 1


def test_failed_logins_block_then_a_success_clears_them_in_redis(redis_config):
    first, second = (WindowLimiter(RedisCounter(connect(redis_config), redis_config["MOTCUA_REDIS_PREFIX"]),
                                   "login", 3, 900) for _ in range(2))
    for _ in range(3):
        first.failed("lan")
    assert second.blocked("lan")
    second.succeeded("lan")
    assert not first.blocked("lan")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pages_answer_busy_and_readiness_fails_when_redis_is_down(tmp_path):
    app = _node(tmp_path, "a", MOTCUA_REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0", MOTCUA_REDIS_TIMEOUT=0.5)
    client = app.test_client()
    lookup = client.post("/track/", data={"reference": "X-1", "phone_tail": "0000"})
    assert lookup.status_code == 503  # "busy, try again", not a 500
    assert "Nothing you sent was lost" in lookup.get_data(as_text=True) or "không bị mất" in lookup.get_data(
        as_text=True)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["redis"] == "unavailable"


def test_redis_counter_reports_an_unreachable_redis_as_busy():
    counter = RedisCounter(connect({"MOTCUA_REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0",
                                    "MOTCUA_REDIS_TIMEOUT": 0.5}))
    with pytest.raises(StoreBusyError, match="Redis did not answer"):
        counter.hit("track:x", 600)


def test_redis_sessions_without_a_redis_url_are_refused_at_start(tmp_path):
    with pytest.raises(ValueError, match="MOTCUA_REDIS_URL"):
        _node(tmp_path, "a", MOTCUA_SESSIONS="redis")
