"""Which identity provider citizens log in with: ``config["MOTCUA_IDENTITY"]``.

``"demo"`` (the default outside production): the synthetic population registry;
``"oidc"``: a standard OpenID Connect provider (see :mod:`.contrib.oidc`);
``"package.module:factory"``: a provider of your own, ``factory(config)``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

from .base import IdentityProvider

EXTENSION = "motcua.identity"


def is_production(config: Mapping[str, Any]) -> bool:
    return (config.get("MOTCUA_ENV") or os.environ.get("MOTCUA_ENV")) == "production"


def make_provider(config: Mapping[str, Any]) -> IdentityProvider:
    kind = config.get("MOTCUA_IDENTITY") or "demo"
    if kind == "demo":
        if is_production(config):
            raise RuntimeError("the demo identity provider lets anyone log in as anyone: "
                               "set MOTCUA_IDENTITY (e.g. 'oidc') in production")
        from .contrib.demo import POPULATION, DemoIdentityProvider, PopulationRegistry

        return DemoIdentityProvider(PopulationRegistry.load(config.get("MOTCUA_DEMO_POPULATION") or POPULATION))
    if kind == "oidc":
        from .contrib.oidc import OidcIdentityProvider

        return OidcIdentityProvider.from_config(config)
    if ":" in kind:
        module, _, factory = kind.partition(":")
        provider = getattr(importlib.import_module(module), factory)(config)
        if not isinstance(provider, IdentityProvider):
            raise RuntimeError(f"{kind} did not make an IdentityProvider")
        return provider
    raise RuntimeError(f"unknown MOTCUA_IDENTITY {kind!r}: use 'demo', 'oidc' or 'module:factory'")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_provider(app.config)


def identity_provider() -> IdentityProvider:
    return current_app.extensions[EXTENSION]
