"""Every view states who may see it, and the declaration is enforced."""

from __future__ import annotations

from flask import Flask

from runtime.web.access import Principal, access, policy_of, sign_in


def test_every_endpoint_declares_who_may_see_it(app: Flask):
    with app.test_request_context():
        undeclared = [rule.endpoint for rule in app.url_map.iter_rules() if policy_of(rule.endpoint) is None]
    assert undeclared == []


def _app_with_views(app: Flask) -> Flask:
    @app.route("/_t/open")
    def undeclared():
        return "open"

    @app.route("/_t/citizen")
    @access("citizen")
    def citizen_only():
        return "citizen"

    @app.route("/_t/leader")
    @access("official", role="leader")
    def leader_only():
        return "leader"

    @app.route("/_t/login-as/<kind>")
    @access("public")
    def login_as(kind):
        roles = frozenset({("000.26.740.H79", "leader")}) if kind == "leader" else frozenset(
            {("000.26.740.H79", "receiver")}) if kind == "official" else frozenset()
        sign_in(Principal("citizen" if kind == "citizen" else "official", id=kind, roles=roles))
        return "ok"

    return app


def test_undeclared_view_is_refused(app):
    client = _app_with_views(app).test_client()
    assert client.get("/_t/open").status_code == 403


def test_anonymous_is_sent_to_log_in_or_refused(app):
    client = _app_with_views(app).test_client()
    assert client.get("/_t/citizen").status_code in (302, 401)


def test_citizen_view_refuses_an_official_and_admits_a_citizen(app):
    client = _app_with_views(app).test_client()
    client.get("/_t/login-as/official")
    assert client.get("/_t/citizen").status_code == 403
    client.get("/_t/login-as/citizen")
    assert client.get("/_t/citizen").get_data(as_text=True) == "citizen"


def test_role_bound_view_refuses_an_official_without_the_role(app):
    client = _app_with_views(app).test_client()
    client.get("/_t/login-as/official")
    assert client.get("/_t/leader").status_code == 403
    client.get("/_t/login-as/leader")
    assert client.get("/_t/leader").status_code == 200
