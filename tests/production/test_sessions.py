"""Sessions in the store: a login on one node is seen by another, and a logout ends it on both."""

from __future__ import annotations

from runtime import create_app
from tests.identity.helpers import demo_login

SECRET = "s" * 40


def _node(tmp_path, name, store_url, **extra):
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(tmp_path / name),
                       "WTF_CSRF_ENABLED": False, "MOTCUA_STORE": store_url, **extra})


def _cookie(client):
    return client.get_cookie("session").value


def test_login_on_one_node_is_seen_and_ended_on_the_other_when_sessions_are_in_the_store(postgres_url, tmp_path):
    url = postgres_url
    node_a = _node(tmp_path, "a", url, MOTCUA_SESSIONS="store")
    node_b = _node(tmp_path, "b", url, MOTCUA_SESSIONS="store")
    a, b = node_a.test_client(), node_b.test_client()
    demo_login(a)
    assert a.get("/auth/me").status_code == 200
    b.set_cookie("session", _cookie(a))
    assert b.get("/auth/me").status_code == 200  # node B knows the session node A opened
    a.post("/auth/logout")
    assert b.get("/auth/me").status_code != 200  # ended everywhere: a copy of the cookie is worthless


def test_sessions_default_to_the_store_when_the_store_is_postgresql(postgres_url, tmp_path):
    from runtime.identity.store_sessions import StoreSessionStore

    app = _node(tmp_path, "a", postgres_url)
    assert isinstance(app.extensions["motcua.identity.sessions"], StoreSessionStore)


def test_copied_cookie_is_worthless_after_logout_when_sessions_are_in_the_embedded_store(tmp_path):
    app = _node(tmp_path, "a", f"tinydb://{tmp_path / 'store'}", MOTCUA_SESSIONS="store")
    a, copy = app.test_client(), app.test_client()
    demo_login(a)
    copy.set_cookie("session", _cookie(a))
    assert copy.get("/auth/me").status_code == 200
    a.post("/auth/logout")
    assert copy.get("/auth/me").status_code != 200
    assert (tmp_path / "store" / "sessions.sqlite3").exists()
