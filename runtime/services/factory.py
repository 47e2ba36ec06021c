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
from ..exchange.client import build_client
from ..jobs import open_queue
from ..notifications import Outbox
from ..notifications.preferences import open_preferences
from ..notifications.queued import QueuedOutbox
from ..notifications.registry import build_senders
from ..payments.registry import PAYMENTS
from ..portal.registry import PORTAL
from ..portal.synclog import open_sync_log
from ..signing.registry import SIGNERS, TRUST
from ..storage import Store, open_store
from ..storage.plugins import ATTACHMENTS
from ..wallet import open_wallet
from .context import Services

WORKER_MODES = ("inline", "thread", "external")


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
    senders = build_senders(settings)
    jobs = None if worker_mode(config) == "inline" else open_queue(store)
    outbox = QueuedOutbox(jobs, senders) if jobs is not None else Outbox(
        config.get("MOTCUA_OUTBOX") or instance / "outbox", senders)
    return Services(
        store=store, catalog=catalog, agencies=agencies, calendar=default_calendar(),
        attachments=ATTACHMENTS.build(settings), signer=SIGNERS.build(settings), outbox=outbox,
        gateway=PAYMENTS.build(settings), trust=TRUST.build(settings), portal=PORTAL.build(settings), jobs=jobs,
        wallet=open_wallet(store),
        exchange=build_client(config),
        sync_log=open_sync_log(store), preferences=open_preferences(store),
        base_url=config.get("MOTCUA_BASE_URL", "http://127.0.0.1:5000"))


def worker_mode(config: Mapping[str, Any]) -> str:
    """``MOTCUA_WORKER``: where background work runs.

    ``"inline"`` (the default): receipts are issued in the filing request and
    messages sent by a thread after the commit (no queue); ``"thread"``: a
    durable queue in the store and a worker thread in this process (one node,
    embedded store); ``"external"``: the queue, run by ``motcua worker`` processes.
    """
    mode = str(config.get("MOTCUA_WORKER") or "inline")
    if mode not in WORKER_MODES:
        raise ValueError(f"MOTCUA_WORKER {mode!r}: use one of {', '.join(WORKER_MODES)}")
    return mode
