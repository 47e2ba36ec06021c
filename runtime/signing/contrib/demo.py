"""The demo agency signer and the demo trust roots: certificates from the demo CA.

Anyone running motcua holds the demo CA's keys, so both are refused in production.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...documents.signing import DemoAgencySigner


def _ca_dir(config: Mapping[str, Any]) -> Path:
    return Path(config.get("MOTCUA_DEMO_CA") or Path(config["MOTCUA_INSTANCE_DIR"]) / "demo-ca")


def build_signer(config: Mapping[str, Any]) -> DemoAgencySigner:
    """``MOTCUA_SIGNER = "demo"``."""
    return DemoAgencySigner(_ca_dir(config))


def build_trust(config: Mapping[str, Any]) -> Any:
    """``MOTCUA_TRUST = "demo"``: ``MOTCUA_TRUST_DIR`` when set, plus the demo CA."""
    from .directory import from_directory, with_options

    trust = DemoAgencySigner(_ca_dir(config)).ca.trust_store()
    if config.get("MOTCUA_TRUST_DIR"):
        trust = from_directory(config).merged(trust)
    return with_options(trust, config)
