"""SMS through a provider's HTTP API (brandname SMS gateways all take "phone + text" over HTTP).

Configuration::

    MOTCUA_SMS_SENDER = "http"
    MOTCUA_SMS_URL = "https://sms.example.vn/api/send"
    MOTCUA_SMS_TEMPLATE = {"Phone": "$to", "Content": "$text", "Brandname": "UBND-TPHCM", "RequestId": "$id"}
    MOTCUA_SMS_FORMAT = "json"                 # or "form"
    MOTCUA_SMS_TOKEN = "..."                   # sent as "Authorization: Bearer ..." (or MOTCUA_SMS_USER/_PASSWORD)
    MOTCUA_SMS_SUCCESS = {"field": "CodeResult", "value": "100"}   # optional: a 2xx answer must also say so

Template values are :class:`string.Template` strings with ``$to``, ``$text`` and
``$id`` (the message id, which providers use to drop duplicates).
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Template
from typing import Any

import requests

from ...plugins import PluginError
from ..base import Channel, Message, SendError

DEFAULT_TEMPLATE = {"to": "$to", "text": "$text", "id": "$id"}


class HttpSmsSender:
    channel: Channel = "sms"

    def __init__(self, url: str, *, template: Mapping[str, str] | None = None, body_format: str = "json",
                 token: str | None = None, username: str | None = None, password: str | None = None,
                 success: Mapping[str, str] | None = None, timeout: float = 10.0,
                 session: requests.Session | None = None):
        if not url.startswith(("https://", "http://")):
            raise PluginError(f"MOTCUA_SMS_URL {url!r} is not an http(s) URL")
        if body_format not in ("json", "form"):
            raise PluginError(f"MOTCUA_SMS_FORMAT {body_format!r}: use 'json' or 'form'")
        self.url, self.body_format, self.timeout = url, body_format, timeout
        self.template = {k: Template(str(v)) for k, v in (template or DEFAULT_TEMPLATE).items()}
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.auth = (username, password or "") if username else None
        self.success = dict(success) if success else None
        self.http = session or requests.Session()

    def body(self, message: Message) -> dict[str, str]:
        values = {"to": message.to, "text": message.body, "id": message.id}
        return {key: template.safe_substitute(values) for key, template in self.template.items()}

    def send(self, message: Message) -> None:
        body = self.body(message)
        payload = {"json": body} if self.body_format == "json" else {"data": body}
        try:
            response = self.http.post(self.url, headers=self.headers, auth=self.auth, timeout=self.timeout,
                                      **payload)
        except requests.RequestException as exc:
            raise SendError(f"SMS gateway {self.url}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise SendError(f"SMS gateway answered {response.status_code}: {response.text[:200]}")
        if self.success:
            try:
                answer = response.json()
            except ValueError as exc:
                raise SendError("SMS gateway answer is not JSON") from exc
            got = answer.get(self.success["field"]) if isinstance(answer, dict) else None
            if str(got) != str(self.success["value"]):
                raise SendError(f"SMS gateway refused the message: {self.success['field']}={got!r}")


def build(config: Mapping[str, Any]) -> HttpSmsSender:
    url = config.get("MOTCUA_SMS_URL")
    if not url:
        raise PluginError("MOTCUA_SMS_SENDER is 'http' but MOTCUA_SMS_URL is not set")
    return HttpSmsSender(str(url), template=config.get("MOTCUA_SMS_TEMPLATE"),
                         body_format=config.get("MOTCUA_SMS_FORMAT", "json"), token=config.get("MOTCUA_SMS_TOKEN"),
                         username=config.get("MOTCUA_SMS_USER"), password=config.get("MOTCUA_SMS_PASSWORD"),
                         success=config.get("MOTCUA_SMS_SUCCESS"),
                         timeout=float(config.get("MOTCUA_SMS_TIMEOUT", 10)))
