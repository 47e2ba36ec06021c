"""The national portal over HTTPS (docs/portal.md): signed JSON status updates, and the portal's record queried.

Configuration::

    MOTCUA_PORTAL_SYNC = "http"
    MOTCUA_PORTAL_URL = "https://dichvucong.example.gov.vn/motcua"   # the portal's base URL
    MOTCUA_PORTAL_KEY = "..."            # the shared HMAC key (also checks the portal's hand-overs)
    MOTCUA_PORTAL_TIMEOUT = 10           # seconds per request
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import orjson
import requests

from ...plugins import PluginError, is_production
from ..base import ACCEPTED, PortalAnswer, PortalSyncError
from ..message import check_key, sign

UPDATES = "/updates"


def _reason(response: requests.Response) -> str:
    try:
        answer = response.json()
    except ValueError:
        return response.text[:300] or f"HTTP {response.status_code}"
    if isinstance(answer, dict):
        return str(answer.get("reason") or answer.get("error") or answer)[:500]
    return str(answer)[:500]


class HttpPortalSync:
    name = "http"

    def __init__(self, url: str, key: str, *, timeout: float = 10.0, session: requests.Session | None = None):
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise PluginError(f"MOTCUA_PORTAL_URL {url!r} is not an http(s) URL")
        self.base, self.path = url.rstrip("/"), parts.path.rstrip("/")
        self.key, self.timeout = key, timeout
        self.http = session or requests.Session()

    def _request(self, method: str, path: str, body: bytes = b"") -> requests.Response:
        headers = {"Content-Type": "application/json", **sign(self.key, method, self.path + path, body)}
        try:
            return self.http.request(method, self.base + path, data=body, headers=headers, timeout=self.timeout)
        except requests.Timeout as exc:
            raise PortalSyncError(f"the portal did not answer in {self.timeout:g} s", sent=True) from exc
        except requests.RequestException as exc:
            raise PortalSyncError(f"the portal cannot be reached: {exc}") from exc

    def push(self, update: Mapping[str, Any]) -> PortalAnswer:
        response = self._request("POST", UPDATES, orjson.dumps(dict(update)))
        if 200 <= response.status_code < 300:
            return PortalAnswer(True, "duplicate") if _reason(response) == "duplicate" else ACCEPTED
        if response.status_code in (400, 409, 422):
            return PortalAnswer(False, _reason(response))
        # 401/403: our key or clock is wrong; 5xx: the portal's trouble. Both are retried (and shown).
        # A 503 (down) never took it; after another 5xx it may hold the update.
        raise PortalSyncError(f"the portal answered {response.status_code}: {_reason(response)}",
                              sent=response.status_code >= 500 and response.status_code != 503)

    def sequences(self, dossier_code: str) -> list[int]:
        response = self._request("GET", f"/dossiers/{quote(dossier_code, safe='')}/updates")
        if response.status_code == 404:
            return []
        if response.status_code != 200:
            raise PortalSyncError(f"the portal answered {response.status_code}: {_reason(response)}")
        try:
            return sorted(int(u["sequence"]) for u in response.json()["updates"])
        except (ValueError, KeyError, TypeError) as exc:
            raise PortalSyncError(f"the portal's record of {dossier_code} is not readable: {exc}") from exc


def build(config: Mapping[str, Any]) -> HttpPortalSync:
    url = config.get("MOTCUA_PORTAL_URL")
    if not url:
        raise PluginError("MOTCUA_PORTAL_SYNC is 'http' but MOTCUA_PORTAL_URL is not set")
    if is_production(config) and not str(url).startswith("https://"):
        raise PluginError("MOTCUA_PORTAL_URL must be an https:// URL in production")
    try:
        key = check_key(config.get("MOTCUA_PORTAL_KEY"))
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    return HttpPortalSync(str(url), key, timeout=float(config.get("MOTCUA_PORTAL_TIMEOUT", 10)))
