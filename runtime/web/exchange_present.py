"""What officials and citizens read about a dossier's exchange with partner systems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from ..dossiers.model import Dossier, Event
from ..exchange.outbox import links, pending

PREFIX = "exchange:"


def status_name(status: str | None) -> str:
    return {"queued": _("Waiting to be sent"), "sent": _("Sent, not yet acknowledged"),
            "received": _("Received by the partner"), "supplement": _("The partner asks for more documents"),
            "result": _("Result sent by the partner"), "refused": _("Refused by the partner"),
            "processing": _("Being processed by the partner")}.get(status or "", status or "")


def partner_name(partner_id: str) -> str:
    """The partner's configured name (its id when it has none)."""
    services = current_app.extensions.get("motcua.services")
    client = getattr(services, "exchange", None) if services is not None else None
    partner = client.partners.get(partner_id) if client is not None else None
    return partner.label() if partner is not None else partner_id


def actor_name(actor_id: str) -> str | None:
    """A partner system acting on a dossier, in words; None for any other actor."""
    if not actor_id.startswith(PREFIX):
        return None
    return _("Partner system: %(name)s", name=partner_name(actor_id.removeprefix(PREFIX)))


def event_name(event: Event) -> str | None:
    """The timeline's words for an exchange event; None for other events."""
    if event.action == "exchange.sent":
        if event.data.get("kind") == "answer":
            return _("The additions were sent to the partner system")
        return _("Dossier handed to the partner system")
    if event.action == "exchange.status":
        return status_name(event.data.get("status"))
    return None


@dataclass(frozen=True)
class ExchangeView:
    """One link of the dossier with a partner, for the officials' dossier page."""

    partner: str
    outgoing: bool
    remote_reference: str | None
    status: str
    status_at: dt.datetime | None
    comment: str | None
    waiting: int
    """Messages to this partner not delivered yet."""
    error: str | None
    """Why the last delivery failed (the partner's reason), if it did."""


def exchange_views(dossier: Dossier) -> list[ExchangeView]:
    views = []
    undelivered = pending(dossier)
    for link in links(dossier):
        mine = [e for e in undelivered if e["partner"] == link["partner"]]
        at = link.get("status_at")
        views.append(ExchangeView(
            partner_name(link["partner"]), link["direction"] == "out", link.get("remote_reference"),
            status_name(link.get("status")), dt.datetime.fromisoformat(at) if at else None, link.get("comment"),
            len(mine), next((e["error"] for e in mine if e.get("error")), None)))
    return views


def documents_names() -> dict[str, Any]:
    return {"partner-result": _("Result from the partner system"),
            "partner-document": _("Document from the partner system")}
