"""The identity-provider contract: how a citizen proves who they are.

A provider runs a two-leg login::

    url, kept = provider.begin(redirect_uri)      # send the browser to ``url``, keep ``kept`` server-side
    identity = provider.complete(args, kept)      # the browser came back with ``args``

``kept`` is a small JSON-safe dict the web layer keeps in the session until the
browser returns (state, nonce, PKCE verifier...). ``complete`` either returns an
:class:`Identity` or raises a :class:`LoginRefused` (with a ``reason`` the web
layer turns into a clear page); it never trusts ``args`` beyond what it checks.

An :class:`Identity` carries the citizen's attributes as a nested dict named
like the autofill sources (``citizen.current_address.commune_code`` is
``attributes["current_address"]["commune_code"]``).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

PERSONAL_ID = re.compile(r"^[0-9]{12}$")

Reason = Literal[
    "state",        # the response does not belong to a login started here (forged, replayed, other tab)
    "cancelled",    # the citizen (or the provider) stopped the login
    "token",        # the ID token failed a check (signature, issuer, audience, expiry, nonce)
    "attributes",   # the provider did not give what we need (a personal ID number)
    "unavailable",  # the provider could not be reached or answered badly
]


class LoginRefused(Exception):
    """A login response that must not sign anyone in."""

    def __init__(self, reason: Reason, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: Reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Identity:
    """A citizen as an identity provider vouched for them."""

    provider: str
    subject: str
    """The provider's identifier of the person (OIDC ``sub``)."""
    personal_id: str
    """The 12-digit personal identification number (số định danh cá nhân)."""
    full_name: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    assurance: str | None = None
    """The provider's level of assurance (OIDC ``acr``), when it says."""

    def __post_init__(self) -> None:
        if not PERSONAL_ID.match(self.personal_id or ""):
            raise ValueError("an identity needs a 12-digit personal ID number")

    @property
    def account_id(self) -> str:
        """The citizen's account: the person, whichever provider they logged in with."""
        return account_id_for(self.personal_id)

    def get(self, source: str) -> Any:
        """The value of an autofill source (``citizen.x.y``), or None."""
        return lookup(self.attributes, source)

    def to_dict(self) -> dict[str, Any]:
        return {"provider": self.provider, "subject": self.subject, "personal_id": self.personal_id,
                "full_name": self.full_name, "attributes": dict(self.attributes), "assurance": self.assurance}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Identity:
        return cls(raw["provider"], raw["subject"], raw["personal_id"], raw["full_name"],
                   dict(raw.get("attributes") or {}), raw.get("assurance"))


def account_id_for(personal_id: str) -> str:
    return f"vn-{personal_id}"


def lookup(attributes: Mapping[str, Any], source: str) -> Any:
    """Walk ``citizen.a.b`` through nested ``attributes``; None when any part is missing."""
    parts = source.split(".")
    if parts and parts[0] == "citizen":
        parts = parts[1:]
    value: Any = attributes
    for part in parts:
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


class IdentityProvider(ABC):
    """Where citizens log in."""

    #: Short machine name, e.g. ``"demo"`` or ``"oidc"``.
    name: str = ""
    #: What the login page calls it (per language).
    label: ClassVar[Mapping[str, str]] = {}

    @abstractmethod
    def begin(self, redirect_uri: str) -> tuple[str, dict[str, Any]]:
        """Start a login: the URL to send the browser to, and what to keep until it returns."""

    @abstractmethod
    def complete(self, args: Mapping[str, str], kept: Mapping[str, Any]) -> Identity:
        """Finish a login from the browser's returning parameters and the kept state."""
