"""A partner's report on the dossier we handed it: recorded, and when the step says so, acted on."""

from __future__ import annotations

from typing import Any

from ..dossiers.model import Dossier
from ..storage import StaleDossierError
from ..workflow import Actor, exchange_actor
from .config import Partner
from .messages import STATUSES, MessageRefused, act, contents, own, remember, text
from .outbox import find_link


def apply_report(services: Any, partner: Partner, nonce: str, message: dict[str, Any]) -> dict[str, Any]:
    """A status of the partner's dossier: recorded on ours; supplement, result and refusal take our action."""
    status = message.get("status")
    if status not in STATUSES:
        raise MessageRefused(400, "invalid_field", f"'status' must be one of {', '.join(STATUSES)}")
    dossier = own(services, partner, message.get("dossier_id"), "out")
    for_step = message.get("for_step") if isinstance(message.get("for_step"), str) else None
    link = find_link(dossier, partner.id, "out", for_step) or find_link(dossier, partner.id, "out") or {}
    remote_id = text(message, "sender_dossier_id", 64)
    reference = text(message, "reference", 64, required=False)
    comment = message.get("comment") if isinstance(message.get("comment"), str) else None
    comment = comment[:2000] if comment else None
    now = services.now()

    def note(fresh: Dossier) -> None:
        stored = find_link(fresh, partner.id, "out", link.get("step"))
        if stored is not None:
            stored.update(remote_id=remote_id, status=status, status_at=now.isoformat(), comment=comment,
                          remote_reference=reference or stored.get("remote_reference"))
        fresh.append_event(actor=exchange_actor(partner.id), actor_role="partner", action="exchange.status",
                           at=now, comment=comment,
                           data={"partner": partner.id, "status": status, "remote_reference": reference,
                                 "national_code": message.get("national_code")})

    _procedure, case = services.definition_of(dossier)
    step = case.processing.step(link.get("step") or dossier.status.step)
    action_id = step.exchange.on.get(status) if step.exchange is not None else None
    if action_id is None or dossier.status.step != step.id:
        if action_id is not None:
            raise MessageRefused(409, "not_possible_now", f"the dossier is no longer at the step {step.id!r}")
        for _attempt in range(5):
            with services.store.unit_of_work() as uow:
                fresh = uow.dossiers.get(dossier.id)
                remember(uow, partner, nonce)
                note(fresh)
                try:
                    uow.dossiers.update(fresh)
                except StaleDossierError:
                    continue
                uow.commit()
                return {"dossier_id": fresh.id, "reference": fresh.reference}
        raise MessageRefused(409, "busy", "the dossier changed meanwhile: send the message again")
    documents = _partner_documents(services, message, status)
    actor = Actor(exchange_actor(partner.id), "system", name=partner.label())

    def prepare(fresh: Dossier) -> None:
        note(fresh)
        fresh.extra.setdefault("documents", []).extend(
            {**record, "event_seq": len(fresh.events)} for record in documents)

    done = act(services, dossier, action_id, actor, partner, nonce, comment=comment, prepare=prepare,
               attachments=tuple(d["sha256"] for d in documents))
    return {"dossier_id": done.id, "reference": done.reference}


def _partner_documents(services: Any, message: dict[str, Any], status: str) -> list[dict[str, Any]]:
    """The partner's documents, stored; a result must carry a valid organisation signature (else 422)."""
    from ..signatures import SignaturePolicy, verify_pdf

    records = []
    for item, content in contents(message, "documents"):
        kind = "partner-result" if item.get("kind") == "result" else "partner-document"
        verification = None
        if kind == "partner-result":
            report = verify_pdf(content, SignaturePolicy(required=True, signer="organisation"), services.trust)
            if not report.accepted:
                raise MessageRefused(422, "result_not_verified",
                                     f"the result document's signature is not valid: {report.citizen_message('en')}")
            verification = report.to_dict()
        title = item.get("title") if isinstance(item.get("title"), str) else ""
        records.append({"kind": kind, "sha256": services.attachments.put(content), "signed": verification is not None,
                        "created_at": services.now().isoformat(), "title": title[:200],
                        "verification": verification})
    if status == "result" and not any(r["kind"] == "partner-result" for r in records):
        raise MessageRefused(422, "result_missing", "a result report must carry the result document")
    return records
