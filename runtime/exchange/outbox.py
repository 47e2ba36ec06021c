"""What a dossier owes its partners: links to partners' dossiers and the messages still to deliver.

Kept in the dossier (``extra["exchange"]``), so both stores hold it and it
changes in the same unit of work as the action that caused it::

    {"links": [{"partner", "direction": "out" | "in", "step", "procedure", "remote_id",
                "remote_reference", "status", "status_at", "comment"}],
     "outbox": [{"id" (the message's nonce), "partner", "kind", "step", "status", "comment",
                 "documents", "created_at", "delivered_at", "error"}]}

A ``exchange.deliver`` job queued with each message sends the dossier's
undelivered messages in order (:mod:`.delivery`).
"""

from __future__ import annotations

import uuid
from typing import Any

from ..definitions.model import Step
from ..dossiers.model import Dossier
from ..workflow import WorkflowError, exchange_actor

KEY = "exchange"
#: What a receiving side reports for the kind of action its official took.
REPORTS = {"request-supplement": "supplement", "issue-result": "result", "refuse": "refused"}
#: Documents that travel with a report.
REPORTED_DOCUMENTS = ("result", "02", "03")


class ExchangeUnavailable(WorkflowError):
    """The dossier cannot be handed over: no job queue, or the partner is not configured."""


def state(dossier: Dossier) -> dict[str, Any]:
    found = dossier.extra.setdefault(KEY, {})
    found.setdefault("links", [])
    found.setdefault("outbox", [])
    return found


def links(dossier: Dossier) -> list[dict[str, Any]]:
    return list((dossier.extra.get(KEY) or {}).get("links", []))


def find_link(dossier: Dossier, partner: str | None, direction: str, step: str | None = None) -> dict[str, Any] | None:
    return next((link for link in state(dossier)["links"] if link["direction"] == direction
                 and (partner is None or link["partner"] == partner) and (step is None or link.get("step") == step)),
                None)


def incoming_link(dossier: Dossier) -> dict[str, Any] | None:
    """The link of a dossier filed for a partner (it reports its status back), if any."""
    return next((link for link in links(dossier) if link["direction"] == "in"), None)


def pending(dossier: Dossier) -> list[dict[str, Any]]:
    return [entry for entry in (dossier.extra.get(KEY) or {}).get("outbox", []) if entry.get("delivered_at") is None]


def queue_message(services: Any, uow: Any, dossier: Dossier, partner: str, kind: str, **fields: Any) -> dict[str, Any]:
    """Add a message to the dossier's outbox and queue its delivery in ``uow``."""
    if services.jobs is None:
        raise ExchangeUnavailable("inter-system exchange needs the job queue: set MOTCUA_WORKER to "
                                  "'thread' or 'external'")
    entry = {"id": uuid.uuid4().hex, "partner": partner, "kind": kind, "created_at": services.now().isoformat(),
             "delivered_at": None, "error": None, **fields}
    state(dossier)["outbox"].append(entry)
    services.jobs.enqueue("exchange.deliver", {"dossier_id": dossier.id}, key=f"exchange:{entry['id']}", within=uow)
    return entry


def hand_over(services: Any, uow: Any, dossier: Dossier, step: Step) -> None:
    """The dossier reached ``step``, handled by a partner: hand it over (or send the applicant's answer)."""
    exchange = step.exchange
    assert exchange is not None
    client = services.exchange
    if client is None or exchange.to not in client.partners:
        raise ExchangeUnavailable(f"the partner {exchange.to!r} of step {step.id!r} is not configured "
                                  "(MOTCUA_EXCHANGE_PARTNERS)")
    now = services.now().isoformat()
    link = find_link(dossier, exchange.to, "out", step.id)
    if link is None:
        state(dossier)["links"].append({
            "partner": exchange.to, "direction": "out", "step": step.id, "procedure": exchange.procedure,
            "case": exchange.case, "remote_id": None, "remote_reference": None, "status": "queued",
            "status_at": now, "comment": None})
        queue_message(services, uow, dossier, exchange.to, "handover", step=step.id)
    else:  # back from the applicant (or completed by us): the partner's dossier takes the new answers
        link.update(status="queued", status_at=now)
        queue_message(services, uow, dossier, exchange.to, "answer", step=step.id)


def after_transition(services: Any, uow: Any, dossier: Dossier, transition: Any, documents: list[dict[str, Any]],
                     actor: Any) -> None:
    """Called in the unit of work of every action: hand over at a partner's step, report to the sender."""
    target = transition.to_step
    if target.exchange is not None and not target.end:
        hand_over(services, uow, dossier, target)
    incoming = incoming_link(dossier)
    if incoming is None or actor.id == exchange_actor(incoming["partner"]):
        return  # not filed for a partner, or the partner's own message (nothing to tell it)
    status = REPORTS.get(transition.action.kind, "processing")
    queue_message(services, uow, dossier, incoming["partner"], "report", status=status,
                  comment=transition.comment, step=target.id, national_code=target.status,
                  documents=[d["sha256"] for d in documents if d["kind"] in REPORTED_DOCUMENTS])
