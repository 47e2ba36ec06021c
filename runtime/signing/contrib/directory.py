"""Trust roots from a directory of CA certificates (and CRLs): ``MOTCUA_TRUST_DIR``.

Put the roots of the licensed Vietnamese CAs (Root CA of the national
certification authority, the government's specialised CA) there; nothing from
the operating system's store is trusted implicitly. In production, demo, test
or expired anchors in the directory are refused. ``MOTCUA_SELF_SIGNED_SIGNERS``
accepts self-signed signer certificates (a registry that enrols citizens' own keys).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from ...plugins import PluginError, is_production


def from_directory(config: Mapping[str, Any]) -> Any:
    """The trust store of ``MOTCUA_TRUST_DIR``, checked for production."""
    from ...signatures import TrustStore
    from ...signatures.anchors import check_production_roots

    configured = TrustStore.from_directory(config["MOTCUA_TRUST_DIR"])
    if is_production(config):
        problems = check_production_roots(configured.roots + configured.tsa_roots, datetime.now(UTC))
        if problems:  # demo/test or expired anchors never validate citizens' files in production
            raise PluginError("MOTCUA_TRUST_DIR is not fit for production: " + "; ".join(problems))
    return configured


def with_options(trust: Any, config: Mapping[str, Any]) -> Any:
    if config.get("MOTCUA_SELF_SIGNED_SIGNERS"):
        trust = replace(trust, self_signed_signers=True)
    return trust


def build(config: Mapping[str, Any]) -> Any:
    if not config.get("MOTCUA_TRUST_DIR"):
        raise PluginError("MOTCUA_TRUST is 'directory' but MOTCUA_TRUST_DIR (a directory of CA certificates) "
                          "is not set")
    return with_options(from_directory(config), config)
