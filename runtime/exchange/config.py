"""The partners this instance exchanges dossiers with, from configuration.

``MOTCUA_EXCHANGE_ID``        this instance's id as its partners know it (e.g. ``"ubnd-benthanh"``)
``MOTCUA_EXCHANGE_PARTNERS``  ``{"<partner id>": {"url": "https://...", "key": "<shared HMAC secret>"}}``;
                              instead of ``key``, ``public_key`` (the partner's Ed25519 key, base64 of
                              the 32 raw bytes) when the partner signs with Ed25519
``MOTCUA_EXCHANGE_SIGNING_KEY``  this instance's Ed25519 private key (base64 of the 32-byte seed),
                              used towards partners configured with ``"sign": "ed25519"``
``MOTCUA_EXCHANGE_MAX_BYTES`` largest message accepted or sent (default 20 MB)
``MOTCUA_EXCHANGE_SKEW``      seconds a message's timestamp may differ from our clock (default 300)
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_SKEW = 300
_ID = re.compile(r"^[a-z0-9][a-z0-9.-]{0,62}$")
MIN_HMAC_KEY = 32


class ExchangeConfigError(ValueError):
    """The exchange settings are wrong; the message names the setting."""


@dataclass(frozen=True)
class Partner:
    id: str
    url: str
    """The partner's base URL; messages go to ``<url>/exchange/v1/messages``."""
    name: str = ""
    hmac_key: bytes | None = None
    public_key: bytes | None = None
    """The partner's Ed25519 public key (32 raw bytes): its messages must be signed with it."""
    sign: str = "hmac"
    """How this instance signs towards the partner: ``hmac`` (shared key) or ``ed25519`` (our private key)."""

    @property
    def messages_url(self) -> str:
        return self.url.rstrip("/") + "/exchange/v1/messages"

    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Partners:
    own_id: str
    by_id: Mapping[str, Partner]
    signing_key: bytes | None = None
    """This instance's Ed25519 private key seed (32 bytes), when configured."""
    max_bytes: int = DEFAULT_MAX_BYTES
    skew: int = DEFAULT_SKEW

    def get(self, partner_id: str) -> Partner | None:
        return self.by_id.get(partner_id)

    def __contains__(self, partner_id: object) -> bool:
        return partner_id in self.by_id


def _b64(value: str, setting: str, size: int | None = None) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ExchangeConfigError(f"{setting}: not base64") from None
    if size is not None and len(raw) != size:
        raise ExchangeConfigError(f"{setting}: must be {size} bytes (base64), not {len(raw)}")
    return raw


def _partner(partner_id: str, raw: Any) -> Partner:
    where = f"MOTCUA_EXCHANGE_PARTNERS[{partner_id!r}]"
    if not _ID.match(partner_id):
        raise ExchangeConfigError(f"{where}: a partner id is lower-case letters, digits, '.' and '-'")
    if not isinstance(raw, Mapping) or not isinstance(raw.get("url"), str):
        raise ExchangeConfigError(f"{where}: give at least the partner's 'url'")
    url = raw["url"]
    if not url.startswith(("https://", "http://")):
        raise ExchangeConfigError(f"{where}.url: must be an http(s) URL")
    key = raw.get("key")
    hmac_key = key.encode() if isinstance(key, str) else None
    if hmac_key is not None and len(hmac_key) < MIN_HMAC_KEY:
        raise ExchangeConfigError(f"{where}.key: use a random secret of at least {MIN_HMAC_KEY} characters")
    public = raw.get("public_key")
    public_key = _b64(public, f"{where}.public_key", 32) if isinstance(public, str) else None
    if hmac_key is None and public_key is None:
        raise ExchangeConfigError(f"{where}: give a shared 'key' (HMAC) or the partner's 'public_key' (Ed25519)")
    sign = raw.get("sign") or ("hmac" if hmac_key is not None else "ed25519")
    if sign not in ("hmac", "ed25519") or (sign == "hmac" and hmac_key is None):
        raise ExchangeConfigError(f"{where}.sign: 'hmac' (needs 'key') or 'ed25519'")
    return Partner(partner_id, url, str(raw.get("name") or ""), hmac_key, public_key, sign)


def load_partners(config: Mapping[str, Any]) -> Partners:
    """The exchange settings of ``config``; :class:`ExchangeConfigError` names what is wrong."""
    raw = config.get("MOTCUA_EXCHANGE_PARTNERS") or {}
    if not isinstance(raw, Mapping):
        raise ExchangeConfigError("MOTCUA_EXCHANGE_PARTNERS: a JSON object {partner id: {url, key}}")
    own = str(config.get("MOTCUA_EXCHANGE_ID") or "")
    if raw and not _ID.match(own):
        raise ExchangeConfigError("MOTCUA_EXCHANGE_ID: set this instance's id (lower-case letters, digits, '.', '-')")
    seed = config.get("MOTCUA_EXCHANGE_SIGNING_KEY")
    signing_key = _b64(seed, "MOTCUA_EXCHANGE_SIGNING_KEY", 32) if seed else None
    partners = {pid: _partner(pid, value) for pid, value in raw.items()}
    if signing_key is None and any(p.sign == "ed25519" for p in partners.values()):
        raise ExchangeConfigError("MOTCUA_EXCHANGE_SIGNING_KEY: needed to sign with Ed25519")
    return Partners(own, partners, signing_key, int(config.get("MOTCUA_EXCHANGE_MAX_BYTES") or DEFAULT_MAX_BYTES),
                    int(config.get("MOTCUA_EXCHANGE_SKEW") or DEFAULT_SKEW))
