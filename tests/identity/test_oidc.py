"""OpenID Connect login against a real provider (oidc-provider) run locally, and tampered responses."""

from __future__ import annotations

import time

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from runtime import create_app
from runtime.identity.base import LoginRefused
from runtime.identity.contrib.oidc import OidcIdentityProvider

from .helpers import CLIENT_ID, PERSONAL_ID, free_port, local_path, logged_in, oidc_callback_url, query


def _provider(app) -> OidcIdentityProvider:
    return app.extensions["motcua.identity"]


def _refused(response, words: str, caplog=None, because: str | None = None) -> None:
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    if because is not None:
        assert because in caplog.text, caplog.text


def test_citizen_is_logged_in_with_their_personal_id_when_the_oidc_login_completes(oidc_app):
    client = oidc_app.test_client()
    callback = oidc_callback_url(client, next_url="/procedures/1.001193")
    params = query(callback)
    assert params["iss"] == _provider(oidc_app).issuer and "code" in params

    response = client.get(local_path(callback))

    assert response.status_code == 302
    assert response.location == "/procedures/1.001193"
    who = logged_in(client)
    assert who["kind"] == "citizen"
    assert who["personal_id"] == PERSONAL_ID
    assert who["id"] == f"vn-{PERSONAL_ID}"
    assert who["name"] == "Nguyễn Thị Minh Anh"
    me = client.get("/auth/me").get_data(as_text=True)
    assert PERSONAL_ID in me and "0912345678" in me  # userinfo's phone_number became citizen.phone


def test_authorization_request_uses_pkce_state_and_nonce_when_a_login_starts(oidc_app):
    start = oidc_app.test_client().get("/auth/citizen")
    params = query(start.location)
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert params["client_id"] == CLIENT_ID and params["response_type"] == "code"
    assert "citizen" in params["scope"].split()


def test_login_is_refused_when_the_state_is_wrong(caplog, oidc_app):
    client = oidc_app.test_client()
    callback = oidc_callback_url(client)
    forged = local_path(callback).replace(f"state={query(callback)['state']}", "state=forged-state")

    _refused(client.get(forged), "Liên kết đăng nhập này không hợp lệ", caplog, "unknown, used or expired state")
    assert logged_in(client) is None


def test_login_is_refused_when_the_callback_is_replayed(caplog, oidc_app):
    client = oidc_app.test_client()
    callback = local_path(oidc_callback_url(client))
    assert client.get(callback).status_code == 302
    client.post("/auth/logout", data={"csrf_token": _csrf(client)})

    _refused(client.get(callback), "Liên kết đăng nhập này không hợp lệ", caplog, "unknown, used or expired state")
    assert logged_in(client) is None


def test_login_is_refused_when_the_callback_comes_to_another_browser(oidc_app):
    callback = local_path(oidc_callback_url(oidc_app.test_client()))
    other = oidc_app.test_client()

    _refused(other.get(callback), "Liên kết đăng nhập này không hợp lệ")
    assert logged_in(other) is None


def test_login_is_refused_when_the_response_names_another_issuer(caplog, oidc_app):
    client = oidc_app.test_client()
    callback = oidc_callback_url(client)
    forged = local_path(callback).replace("iss=", "iss=https%3A%2F%2Fevil.example&was=")

    _refused(client.get(forged), "Liên kết đăng nhập này không hợp lệ", caplog, "from issuer 'https://evil.example'")
    assert logged_in(client) is None


def test_login_is_refused_when_the_pkce_verifier_does_not_match_the_challenge(caplog, oidc_app):
    client = oidc_app.test_client()
    callback = oidc_callback_url(client)
    with client.session_transaction() as sess:  # as if the code had been stolen into another login
        pending = sess["auth.pending"]
        pending[query(callback)["state"]]["kept"]["code_verifier"] = "x" * 64
        sess["auth.pending"] = pending

    _refused(client.get(local_path(callback)), "Không xác nhận được lần đăng nhập", caplog,
             "citizen login refused (token): token endpoint: invalid_grant")
    assert logged_in(client) is None


def test_login_is_refused_when_the_code_is_used_twice_at_the_provider(oidc_app):
    client = oidc_app.test_client()
    callback = oidc_callback_url(client)
    with client.session_transaction() as sess:
        kept = sess["auth.pending"][query(callback)["state"]]["kept"]
    provider = _provider(oidc_app)
    assert provider.complete(query(callback), kept).personal_id == PERSONAL_ID
    with pytest.raises(LoginRefused) as refused:
        provider.complete(query(callback), kept)
    assert refused.value.reason == "token"


def test_login_is_cancelled_when_the_provider_answers_access_denied(oidc_app):
    client = oidc_app.test_client()
    start = client.get("/auth/citizen")
    state = query(start.location)["state"]

    response = client.get("/auth/callback", query_string={
        "error": "access_denied", "state": state, "iss": _provider(oidc_app).issuer})

    _refused(response, "Đăng nhập đã bị hủy")
    assert logged_in(client) is None


def _csrf(client) -> str:
    from .helpers import csrf_token

    return csrf_token(client.get("/auth/login").get_data(as_text=True))


def _tamper(monkeypatch, app, change):
    """Let the real code exchange happen, then swap the ID token for ``change(claims)``'s."""
    provider = _provider(app)
    real = provider._exchange

    def exchange(code, kept):
        token = real(code, kept)
        claims = jwt.decode(token["id_token"], provider._key_set()).claims
        token["id_token"] = change(dict(claims))
        return token

    monkeypatch.setattr(provider, "_exchange", exchange)


def _login_with_tampered_token(monkeypatch, oidc_app, change):
    _tamper(monkeypatch, oidc_app, change)
    client = oidc_app.test_client()
    response = client.get(local_path(oidc_callback_url(client)))
    return client, response


def test_login_succeeds_when_the_token_is_re_signed_unchanged_by_the_provider_key(monkeypatch, oidc_app,
                                                                                 oidc_provider):
    client, response = _login_with_tampered_token(monkeypatch, oidc_app, oidc_provider.sign)
    assert response.status_code == 302
    assert logged_in(client)["personal_id"] == PERSONAL_ID


def test_login_is_refused_when_the_nonce_does_not_match(caplog, monkeypatch, oidc_app, oidc_provider):
    client, response = _login_with_tampered_token(
        monkeypatch, oidc_app, lambda c: oidc_provider.sign({**c, "nonce": "another-login's-nonce"}))
    _refused(response, "Không xác nhận được lần đăng nhập", caplog, "Invalid claim: 'nonce'")
    assert logged_in(client) is None


def test_login_is_refused_when_the_nonce_is_missing(caplog, monkeypatch, oidc_app, oidc_provider):
    def drop_nonce(claims):
        claims.pop("nonce")
        return oidc_provider.sign(claims)

    client, response = _login_with_tampered_token(monkeypatch, oidc_app, drop_nonce)
    _refused(response, "Không xác nhận được lần đăng nhập", caplog, "Missing claim: 'nonce'")
    assert logged_in(client) is None


def test_login_is_refused_when_the_audience_is_another_client(caplog, monkeypatch, oidc_app, oidc_provider):
    client, response = _login_with_tampered_token(
        monkeypatch, oidc_app, lambda c: oidc_provider.sign({**c, "aud": "another-client"}))
    _refused(response, "Không xác nhận được lần đăng nhập", caplog, "Invalid claim: 'aud'")
    assert logged_in(client) is None


def test_login_is_refused_when_the_token_is_signed_with_another_key(caplog, monkeypatch, oidc_app, oidc_provider):
    forger = RSAKey.generate_key(2048, private=True)
    client, response = _login_with_tampered_token(
        monkeypatch, oidc_app, lambda c: oidc_provider.sign({**c, "sub": "someone-else"}, key=forger))
    _refused(response, "Không xác nhận được lần đăng nhập", caplog, "bad_signature")
    assert logged_in(client) is None


def test_login_is_refused_when_the_token_is_unsigned(caplog, monkeypatch, oidc_app):
    def unsigned(claims):
        import base64
        import json

        def b64(data: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

        return f"{b64({'alg': 'none'})}.{b64(claims)}."

    client, response = _login_with_tampered_token(monkeypatch, oidc_app, unsigned)
    _refused(response, "Không xác nhận được lần đăng nhập", caplog, "Algorithm of 'none' is not allowed")
    assert logged_in(client) is None


def test_login_is_refused_when_the_token_has_expired(caplog, monkeypatch, oidc_app, oidc_provider):
    hour_ago = int(time.time()) - 3600
    client, response = _login_with_tampered_token(
        monkeypatch, oidc_app, lambda c: oidc_provider.sign({**c, "iat": hour_ago - 600, "exp": hour_ago}))
    _refused(response, "Không xác nhận được lần đăng nhập", caplog, "expired_token")
    assert logged_in(client) is None


def test_login_is_refused_when_the_token_comes_from_another_issuer(caplog, monkeypatch, oidc_app, oidc_provider):
    client, response = _login_with_tampered_token(
        monkeypatch, oidc_app, lambda c: oidc_provider.sign({**c, "iss": "https://evil.example"}))
    _refused(response, "Không xác nhận được lần đăng nhập", caplog, "Invalid claim: 'iss'")
    assert logged_in(client) is None


def test_clear_page_is_shown_when_the_provider_is_unreachable(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                      "MOTCUA_IDENTITY": "oidc", "MOTCUA_OIDC_ISSUER": f"http://127.0.0.1:{free_port()}",
                      "MOTCUA_OIDC_CLIENT_ID": "c", "MOTCUA_OIDC_TIMEOUT": 2})
    response = app.test_client().get("/auth/citizen", query_string={"lang": "vi"})
    assert response.status_code == 503
    assert "Dịch vụ định danh không phản hồi" in response.get_data(as_text=True)


def test_issuer_must_use_https_when_it_is_not_on_this_machine():
    with pytest.raises(ValueError, match="https"):
        OidcIdentityProvider("http://id.example.gov.vn", "client")
