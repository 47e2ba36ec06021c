"""Build the services bundle from configuration (the app and the tests use the same path).

Every pluggable service comes from its area's registry (:mod:`runtime.plugins`),
selected by one configuration key each; demo backends are refused in production.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..agencies import AgencyDirectory
from ..calendar import default_calendar
from ..definitions import Catalog
from ..notifications import Outbox
from ..notifications.registry import build_senders
from ..payments.registry import PAYMENTS
from ..portal.registry import PORTAL
from ..signing.registry import SIGNERS, TRUST
from ..storage import Store, open_store
from ..storage.plugins import ATTACHMENTS
from .context import Services


def plugin_config(config: Mapping[str, Any], instance: Path) -> Mapping[str, Any]:
    """``config`` with ``MOTCUA_INSTANCE_DIR`` (where backends keep their default files)."""
    return ChainMap({"MOTCUA_INSTANCE_DIR": str(instance)}, dict(config))


def build_services(config: Mapping[str, Any], instance: Path, catalog: Catalog,
                   agencies: AgencyDirectory, store: Store | None = None) -> Services:
    """Everything the services need, from ``config`` (Flask config or a plain dict).

    Pass ``store`` to share an already open store: one process must never open
    the same embedded store twice.
    """
    settings = plugin_config(config, instance)
    store = store or open_store(config.get("MOTCUA_STORE") or f"tinydb://{instance / 'store'}")
    return Services(
        store=store, catalog=catalog, agencies=agencies, calendar=default_calendar(),
        attachments=ATTACHMENTS.build(settings), signer=SIGNERS.build(settings),
        outbox=Outbox(config.get("MOTCUA_OUTBOX") or instance / "outbox", build_senders(settings)),
        gateway=PAYMENTS.build(settings), trust=TRUST.build(settings), portal=PORTAL.build(settings),
        base_url=config.get("MOTCUA_BASE_URL", "http://127.0.0.1:5000"))
