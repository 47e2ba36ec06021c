"""Which identity provider citizens log in with: ``config["MOTCUA_IDENTITY"]``.

``"demo"`` (the default; refused in production): the synthetic population registry;
``"oidc"``: a standard OpenID Connect provider (see :mod:`.contrib.oidc`);
``"package.module:factory"``: a provider of your own, ``factory(config)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

from ..plugins import Registry, is_production
from .base import IdentityProvider

__all__ = ["IDENTITY", "identity_provider", "init_app", "is_production", "make_provider"]

EXTENSION = "motcua.identity"

IDENTITY: Registry[IdentityProvider] = Registry("identity provider", "MOTCUA_IDENTITY", default="demo",
                                                contract=IdentityProvider)
IDENTITY.register("demo", "runtime.identity.contrib.demo:build", demo=True,
                  description="anyone may log in as any synthetic citizen")
IDENTITY.register("oidc", "runtime.identity.contrib.oidc:OidcIdentityProvider.from_config",
                  description="OpenID Connect (VNeID or a provincial identity service)")


def make_provider(config: Mapping[str, Any]) -> IdentityProvider:
    return IDENTITY.build(config)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_provider(app.config)


def identity_provider() -> IdentityProvider:
    return current_app.extensions[EXTENSION]
