"""The real client behind reverse proxies: ``MOTCUA_TRUSTED_PROXIES`` (addresses or networks).

``X-Forwarded-For``, ``-Proto`` and ``-Host`` are read only when the request
comes from a trusted proxy; the client is the right-most address of
``X-Forwarded-For`` that is not itself a trusted proxy, so a client cannot
choose its own address by sending the header. Rate limits, the login limiter
and logs then key on that address. Without the setting nothing is read.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str | Iterable[str] | None) -> list[Network]:
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    try:
        return [ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip()]
    except ValueError as exc:
        raise ValueError(f"MOTCUA_TRUSTED_PROXIES: {exc}") from exc


class TrustedProxies:
    """WSGI middleware setting ``REMOTE_ADDR``, the scheme and the host from a trusted proxy's headers."""

    def __init__(self, app: Callable[..., Any], networks: list[Network]):
        self.app, self.networks = app, networks

    def trusted(self, address: str | None) -> bool:
        try:
            ip = ipaddress.ip_address((address or "").strip())
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    @staticmethod
    def _last(environ: dict[str, Any], header: str) -> str:
        values = [v.strip() for v in environ.get(header, "").split(",") if v.strip()]
        return values[-1] if values else ""

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        peer = environ.get("REMOTE_ADDR")
        if self.trusted(peer):
            client = peer
            for hop in reversed([a.strip() for a in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]):
                client = hop
                if not self.trusted(hop):
                    break
            with contextlib.suppress(ValueError):  # a malformed header keeps the proxy's own address
                environ["REMOTE_ADDR"] = str(ipaddress.ip_address(client))
            environ["motcua.proxy"] = peer
            proto = self._last(environ, "HTTP_X_FORWARDED_PROTO").lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
            host = self._last(environ, "HTTP_X_FORWARDED_HOST")
            if host:
                environ["HTTP_HOST"] = host
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    networks = parse_networks(app.config.get("MOTCUA_TRUSTED_PROXIES"))
    if networks:
        app.wsgi_app = TrustedProxies(app.wsgi_app, networks)  # type: ignore[method-assign]
