"""Sending signed messages to partners: the transport seam and the client the services hold."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import orjson

from .config import Partner, Partners, load_partners
from .signing import sign_message

TIMEOUT = 30.0


class DeliveryError(Exception):
    """The message did not reach the partner (network, timeout, or too large to send)."""


class Transport(Protocol):
    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> tuple[int, dict[str, Any]]:
        """POST ``body``; the HTTP status and the JSON answer (``{}`` when not JSON). DeliveryError if unreachable."""


class HttpTransport:
    """Plain HTTPS with ``requests`` (certificates verified)."""

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> tuple[int, dict[str, Any]]:
        import requests

        try:
            response = requests.post(url, data=body, headers=dict(headers), timeout=timeout, allow_redirects=False)
        except requests.RequestException as exc:
            raise DeliveryError(f"{url}: {exc.__class__.__name__}") from exc
        try:
            answer = orjson.loads(response.content[:1_000_000]) if response.content else {}
        except orjson.JSONDecodeError:
            answer = {}
        return response.status_code, answer if isinstance(answer, dict) else {}


@dataclass
class ExchangeClient:
    partners: Partners
    transport: Transport = field(default_factory=HttpTransport)
    clock: Callable[[], float] = time.time

    def send(self, partner: Partner, message: Mapping[str, Any], nonce: str) -> tuple[int, dict[str, Any]]:
        """Sign and post ``message``; the partner's status and answer."""
        body = orjson.dumps(dict(message))
        if len(body) > self.partners.max_bytes:
            raise DeliveryError(f"the message is {len(body)} bytes, more than MOTCUA_EXCHANGE_MAX_BYTES")
        url = partner.messages_url
        envelope = sign_message(self.partners, partner, urlsplit(url).path, body, int(self.clock()), nonce)
        return self.transport.post(url, body, {"Content-Type": "application/json", **envelope.headers()}, TIMEOUT)


def build_client(config: Mapping[str, Any]) -> ExchangeClient | None:
    """The exchange client of ``config``, or None when no partner is configured."""
    partners = load_partners(config)
    return ExchangeClient(partners) if partners.by_id else None
