"""The ``exchange.deliver`` job: send a dossier's undelivered messages, in order, and record each delivery.

A message is delivered when the partner answers 2xx, or 409 ``replayed`` (an
earlier attempt with the same nonce was committed there but its answer was
lost). Any other answer is kept on the message (officials see it) and the
job fails, so the worker retries it with back-off; later messages wait.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from ..dossiers.model import Dossier
from ..jobs import Job, RetryLater
from ..storage import DossierNotFound, StaleDossierError
from .client import DeliveryError
from .outbox import find_link, pending, state

#: How long a job waits for the unit of work that queued it to commit.
COMMIT_GRACE = dt.timedelta(minutes=2)


class PartnerRefused(Exception):
    """The partner answered with an error; the message stays undelivered and the job is retried."""


def _text(text: Any) -> dict[str, str]:
    return {"vi": text.vi, "en": text.en}


def _files(services: Any, dossier: Dossier) -> list[dict[str, Any]]:
    files = []
    for component in dossier.components:
        for stored in component.files:
            with services.attachments.open(stored.sha256) as fh:
                content = fh.read()
            files.append({"component_id": component.component_id, "name": stored.name,
                          "media_type": stored.media_type, "content": base64.b64encode(content).decode()})
    return files


def _documents(services: Any, dossier: Dossier, hashes: list[str]) -> list[dict[str, Any]]:
    records = {d["sha256"]: d for d in dossier.extra.get("documents", [])}
    found = []
    for sha256 in hashes:
        with services.attachments.open(sha256) as fh:
            content = fh.read()
        record = records.get(sha256, {})
        found.append({"kind": record.get("kind", "document"), "title": record.get("title") or "",
                      "media_type": "application/pdf", "content": base64.b64encode(content).decode()})
    return found


def build_message(services: Any, dossier: Dossier, entry: dict[str, Any]) -> dict[str, Any]:
    """The JSON body of one outbox entry, from the dossier as it is now (see docs/exchange.md)."""
    kind = entry["kind"]
    if kind == "handover":
        link = find_link(dossier, entry["partner"], "out", entry["step"]) or {}
        procedure, case = services.definition_of(dossier)
        step = case.processing.step(entry["step"])
        return {"kind": "handover", "dossier_id": dossier.id, "reference": dossier.reference,
                "procedure": link.get("procedure"), "case": link.get("case") or dossier.case_id,
                "sender_procedure": {"code": procedure.code, "name": _text(procedure.name)},
                "step": {"id": step.id, "name": _text(step.name)},
                "applicant": dossier.applicant.to_dict(), "data": dossier.data, "files": _files(services, dossier),
                "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
                "lang": dossier.extra.get("lang", "vi")}
    if kind == "answer":
        link = find_link(dossier, entry["partner"], "out", entry["step"]) or {}
        if not link.get("remote_id"):
            raise RetryLater("the partner has not told its dossier id yet", delay=30.0)
        return {"kind": "answer", "dossier_id": link["remote_id"], "sender_dossier_id": dossier.id,
                "data": dossier.data, "files": _files(services, dossier)}
    incoming = find_link(dossier, entry["partner"], "in") or {}
    procedure, case = services.definition_of(dossier)
    step = case.processing.step(entry["step"])
    return {"kind": "report", "dossier_id": incoming.get("remote_id"), "for_step": incoming.get("remote_step"),
            "sender_dossier_id": dossier.id,
            "reference": dossier.reference, "status": entry["status"], "comment": entry.get("comment"),
            "national_code": entry.get("national_code"), "step": {"id": step.id, "name": _text(step.name)},
            "at": entry["created_at"], "documents": _documents(services, dossier, entry.get("documents") or [])}


def _read(services: Any, dossier_id: str) -> Dossier:
    with services.store.unit_of_work() as uow:
        return uow.dossiers.get(dossier_id)


def _record(services: Any, dossier_id: str, entry_id: str, change: Any) -> None:
    """Apply ``change(dossier, entry)`` to the stored dossier (read again if someone acted meanwhile)."""
    for _attempt in range(5):
        with services.store.unit_of_work() as uow:
            dossier = uow.dossiers.get(dossier_id)
            entry = next(e for e in state(dossier)["outbox"] if e["id"] == entry_id)
            if change(dossier, entry) is False:
                return
            try:
                uow.dossiers.update(dossier)
            except StaleDossierError:
                continue
            uow.commit()
            return
    raise RetryLater("the dossier keeps changing", delay=5.0)


def _delivered(services: Any, entry: dict[str, Any], answer: dict[str, Any]):
    now = services.now()

    def change(dossier: Dossier, stored: dict[str, Any]) -> bool:
        if stored.get("delivered_at"):
            return False
        stored.update(delivered_at=now.isoformat(), error=None)
        if entry["kind"] == "report":
            link = find_link(dossier, entry["partner"], "in")
            if link is not None:
                link.update(status=entry["status"], status_at=now.isoformat())
            return True
        link = find_link(dossier, entry["partner"], "out", entry["step"])
        if link is None:
            return True
        if answer.get("dossier_id"):
            link["remote_id"] = str(answer["dossier_id"])[:64]
        if answer.get("reference"):
            link["remote_reference"] = str(answer["reference"])[:64]
        link.update(status="sent", status_at=now.isoformat())
        dossier.append_event(actor=f"exchange:{entry['partner']}", actor_role="partner", action="exchange.sent",
                             at=now, data={"partner": entry["partner"], "kind": entry["kind"],
                                           "remote_reference": link.get("remote_reference")})
        return True
    return change


def _failed(error: str):
    def change(dossier: Dossier, stored: dict[str, Any]) -> bool:
        if stored.get("error") == error:
            return False
        stored["error"] = error
        return True
    return change


def deliver(services: Any, job: Job) -> None:
    """Send the dossier's undelivered messages in order; raise (the job is retried) at the first failure."""
    client = services.exchange
    while True:  # read again after each delivery: an answer needs the id the handover brought back
        try:
            dossier = _read(services, job.payload["dossier_id"])
        except DossierNotFound:
            if job.created_at is None or dt.datetime.now(dt.UTC) - job.created_at < COMMIT_GRACE:
                raise RetryLater("the change that queued the message is not committed yet", delay=1.0) from None
            return  # rolled back: nothing to send
        waiting = pending(dossier)
        if not waiting:
            return
        entry = waiting[0]
        partner = client.partners.get(entry["partner"]) if client is not None else None
        if partner is None:
            raise PartnerRefused(f"the partner {entry['partner']!r} is not configured")
        message = build_message(services, dossier, entry)
        try:
            status, answer = client.send(partner, message, entry["id"])
        except DeliveryError as exc:
            _record(services, dossier.id, entry["id"], _failed(str(exc)[:500]))
            raise
        code = (answer.get("error") or {}).get("code") if isinstance(answer.get("error"), dict) else None
        if 200 <= status < 300 or (status == 409 and code == "replayed"):
            _record(services, dossier.id, entry["id"], _delivered(services, entry, answer))
            continue
        text = (answer.get("error") or {}).get("message") if code else None
        error = f"{status} {code or ''}: {text or 'no reason given'}"[:500]
        _record(services, dossier.id, entry["id"], _failed(error))
        raise PartnerRefused(f"{partner.id} refused message {entry['id']}: {error}")
