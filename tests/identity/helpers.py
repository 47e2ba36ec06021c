"""Helpers of the identity tests: log in through each door, play the person at the OIDC provider."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

HERE = Path(__file__).resolve().parent
PROVIDER_DIR = HERE / "oidc_provider"
REDIRECT_URI = "http://localhost/auth/callback"  # the Flask test client's host
CLIENT_ID, CLIENT_SECRET = "motcua-test", "motcua-test-secret"
PERSONAL_ID = "079203001234"  # the account's claim in server.mjs
DEMO_PASSWORD = "motcua-demo-2025"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalProvider:
    issuer: str
    key: RSAKey
    """The provider's signing key (private): the tests mint tokens "it would sign" with it."""

    def sign(self, claims: dict[str, Any], key: RSAKey | None = None) -> str:
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, key or self.key)


# -- helpers -----------------------------------------------------------------------------------

def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def demo_login(client, personal_id: str | None = None, next_url: str | None = None):
    """Log in through the demo page as ``personal_id`` (default: the first demo citizen listed)."""
    start = client.get("/auth/citizen", query_string={"next": next_url} if next_url else None)
    assert start.status_code == 302
    page = client.get(start.location)
    html = page.get_data(as_text=True)
    state = re.search(r'name="state" value="([^"]+)"', html).group(1)
    if personal_id is None:
        personal_id = re.search(r'name="personal_id" value="([^"]+)"', html).group(1)
    return client.post("/auth/demo", data={"csrf_token": csrf_token(html), "state": state,
                                           "personal_id": personal_id})


def official_login(client, username: str, password: str = DEMO_PASSWORD, next_url: str | None = None):
    page = client.get("/auth/official", query_string={"next": next_url} if next_url else None)
    return client.post(page.request.full_path, data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                      "username": username, "password": password})


def logged_in(client) -> dict[str, Any] | None:
    with client.session_transaction() as sess:
        return sess.get("principal")


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value") or ""


def drive_provider(start_url: str, login: str = "citizen-1") -> str:
    """Play the person at the provider: log in and consent; return where it sends the browser back."""
    browser = requests.Session()
    url, response = start_url, browser.get(start_url, allow_redirects=False, timeout=10)
    for _ in range(20):
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(REDIRECT_URI):
                return url
            response = browser.get(url, allow_redirects=False, timeout=10)
            continue
        assert response.status_code == 200, response.text
        parser = _Forms()
        parser.feed(response.text)
        form = parser.forms[0]
        fields = form["fields"]
        if fields.get("prompt") == "login":
            fields.update(login=login, password="any")
        url = urljoin(url, form["action"])
        response = browser.post(url, data=fields, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")


def oidc_callback_url(client, next_url: str | None = None) -> str:
    """Start a login in ``client`` and play it through at the provider: the callback URL with code and state."""
    start = client.get("/auth/citizen", query_string={"next": next_url} if next_url else None)
    assert start.status_code == 302, start.get_data(as_text=True)
    return drive_provider(start.location)


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
