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


def _every_protected_route(app: Flask):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            policy = policy_of(rule.endpoint)
            if policy is None or policy.audience == "public":
                continue
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<{argument}>", "x").replace(f"<path:{argument}>", "x")
            url = url.replace("<string:", "<").replace("<int:", "<")
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            yield rule.endpoint, policy, url, method


def test_every_protected_view_sends_anonymous_visitors_to_log_in(app):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    routes = list(_every_protected_route(app))
    assert len(routes) >= 20
    for endpoint, _policy, url, method in routes:
        response = client.open(url, method=method)
        assert response.status_code in (302, 401), f"{endpoint} {method} {url}: {response.status_code}"
        assert "/auth/login" in response.headers.get("Location", "/auth/login"), endpoint


def test_every_view_refuses_the_wrong_kind_of_user(app):
    app.config["WTF_CSRF_ENABLED"] = False
    for kind in ("citizen", "official"):
        client = app.test_client()
        with client.session_transaction() as session:
            roles = frozenset({("000.26.740.H79", "receiver")}) if kind == "official" else frozenset()
            session["principal"] = Principal(kind, id=f"test-{kind}", roles=roles).to_session()
        for endpoint, policy, url, method in _every_protected_route(app):
            if policy.audience == kind or policy.audience == "any-user":
                continue
            response = client.open(url, method=method)
            assert response.status_code == 403, f"{kind} on {endpoint} {method} {url}: {response.status_code}"
