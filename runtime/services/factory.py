"""Build the services bundle from configuration (the app and the tests use the same path)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..agencies import AgencyDirectory
from ..calendar import default_calendar
from ..definitions import Catalog
from ..documents import DemoAgencySigner
from ..notifications import LogSender, Outbox, SMTPSender
from ..payments import DemoGateway
from ..signatures import TrustStore
from ..signatures.anchors import check_production_roots
from ..storage import Store, open_store
from ..storage.attachments import FileSystemAttachmentStore
from .context import Services


def _trust(config: Mapping[str, Any], signer: DemoAgencySigner | None) -> TrustStore:
    trust_dir = config.get("MOTCUA_TRUST_DIR")
    stores = []
    if trust_dir:
        configured = TrustStore.from_directory(trust_dir)
        if (config.get("MOTCUA_ENV") or os.environ.get("MOTCUA_ENV")) == "production":
            problems = check_production_roots(configured.roots + configured.tsa_roots, datetime.now(UTC))
            if problems:  # demo/test or expired anchors never validate citizens' files in production
                raise RuntimeError("MOTCUA_TRUST_DIR is not fit for production: " + "; ".join(problems))
        stores.append(configured)
    if signer is not None:
        stores.append(signer.ca.trust_store())  # demo deployments trust the demo CA, nothing else implicit
    if not stores:
        raise RuntimeError("no trust roots: set MOTCUA_TRUST_DIR (a directory of CA certificates)")
    trust = stores[0]
    for other in stores[1:]:
        trust = trust.merged(other)
    if config.get("MOTCUA_SELF_SIGNED_SIGNERS"):  # e.g. a registry that enrols citizens' own keys
        trust = replace(trust, self_signed_signers=True)
    return trust


def _senders(config: Mapping[str, Any]) -> dict[str, Any]:
    senders: dict[str, Any] = {"email": LogSender("email"), "sms": LogSender("sms")}
    host = config.get("MOTCUA_SMTP_HOST")
    if host:
        senders["email"] = SMTPSender(
            host, int(config.get("MOTCUA_SMTP_PORT", 25)), sender=config.get("MOTCUA_SMTP_FROM", "motcua@localhost"),
            username=config.get("MOTCUA_SMTP_USER"), password=config.get("MOTCUA_SMTP_PASSWORD"),
            starttls=bool(config.get("MOTCUA_SMTP_STARTTLS")))
    return senders


def build_services(config: Mapping[str, Any], instance: Path, catalog: Catalog,
                   agencies: AgencyDirectory, store: Store | None = None) -> Services:
    """Everything the services need, from ``config`` (Flask config or a plain dict).

    Pass ``store`` to share an already open store: one process must never open
    the same embedded store twice.
    """
    store = store or open_store(config.get("MOTCUA_STORE") or f"tinydb://{instance / 'store'}")
    signer = DemoAgencySigner(config.get("MOTCUA_DEMO_CA") or instance / "demo-ca") \
        if config.get("MOTCUA_SIGNER", "demo") == "demo" else None
    if signer is None:
        raise RuntimeError("only the demo agency signer is available; configure MOTCUA_SIGNER=demo")
    secret = config.get("MOTCUA_PAYMENT_SECRET") or hashlib.sha256(
        f"payment:{config['SECRET_KEY']}".encode()).hexdigest()
    return Services(
        store=store, catalog=catalog, agencies=agencies, calendar=default_calendar(),
        attachments=FileSystemAttachmentStore(config.get("MOTCUA_ATTACHMENTS") or instance / "attachments"),
        signer=signer, outbox=Outbox(config.get("MOTCUA_OUTBOX") or instance / "outbox", _senders(config)),
        gateway=DemoGateway(secret), trust=_trust(config, signer),
        base_url=config.get("MOTCUA_BASE_URL", "http://127.0.0.1:5000"))
