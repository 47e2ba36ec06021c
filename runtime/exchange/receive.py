"""Applying a partner's message: file its dossier, take its applicant's answer, or recognise its report.

The message's nonce is recorded in the same unit of work as its effect: a
replay is refused (409 ``replayed``), and a message whose effect failed (4xx
with the reason) leaves nothing behind, so it can be sent again.
"""

from __future__ import annotations

from typing import Any

from ..dossiers.model import Dossier, Person
from ..workflow import Actor, exchange_actor
from .config import Partner
from .messages import (
    MessageRefused,
    act,
    checked_files,
    decoded_files,
    own,
    put_files,
    remember,
    text,
)
from .outbox import queue_message, state
from .reports import apply_report


def receive(services: Any, partner: Partner, nonce: str, message: dict[str, Any]) -> dict[str, Any]:
    """Apply one verified message; the answer for the sender, or :class:`MessageRefused`."""
    kind = message["kind"]
    if kind == "handover":
        return _handover(services, partner, nonce, message)
    if kind == "answer":
        return _answer(services, partner, nonce, message)
    return apply_report(services, partner, nonce, message)

def _handover(services: Any, partner: Partner, nonce: str, message: dict[str, Any]) -> dict[str, Any]:
    from ..services.submission import SubmissionError, file_dossier

    sender_id, code = text(message, "dossier_id", 64), text(message, "procedure", 64)
    procedure = services.catalog.offered(code, services.now().date())
    if procedure is None:
        raise MessageRefused(422, "unknown_procedure", f"the procedure {code!r} is not offered here")
    wanted = message.get("case")
    case = next((c for c in procedure.cases if c.id == wanted), procedure.cases[0])
    applicant = message.get("applicant")
    data = message.get("data")
    if not isinstance(applicant, dict) or not isinstance(data, dict):
        raise MessageRefused(400, "invalid_field", "'applicant' and 'data' must be objects")
    try:
        person = Person.from_dict(applicant)
    except (KeyError, ValueError, TypeError):
        raise MessageRefused(400, "invalid_field", "'applicant' needs at least a full_name") from None
    checked = checked_files(services, case, person.personal_id or "", decoded_files(message))  # before locking
    step = message.get("step")
    remote_step = str(step.get("id"))[:64] if isinstance(step, dict) and step.get("id") else None
    lang = message.get("lang") if message.get("lang") in ("vi", "en") else "vi"
    now = services.now()
    with services.store.unit_of_work() as uow:
        remember(uow, partner, nonce)
        existing = uow.exchange.linked_dossier(partner.id, sender_id)
        if existing is not None:  # the same dossier handed over again: the one filed before answers
            found = uow.dossiers.get(existing)
            uow.commit()
            return {"dossier_id": found.id, "reference": found.reference}
        dossier = Dossier(procedure_code=procedure.code, definition_version=procedure.version, case_id=case.id,
                          account_id=exchange_actor(partner.id), applicant=person, data=data)
        put_files(dossier, case, checked)
        state(dossier)["links"].append({
            "partner": partner.id, "direction": "in", "remote_id": sender_id,
            "remote_reference": text(message, "reference", 64, required=False), "remote_step": remote_step,
            "status": "received", "status_at": now.isoformat(), "step": None, "comment": None})
        try:
            file_dossier(services, uow, dossier, now, actor=exchange_actor(partner.id),
                         lang=lang, fees_paid_elsewhere=True)
        except SubmissionError as refused:
            raise MessageRefused(422, "not_fileable", str(refused)) from None
        queue_message(services, uow, dossier, partner.id, "report", status="received", comment=None,
                      step=dossier.status.step, national_code=dossier.status.national_code, documents=[])
        uow.dossiers.add(dossier)
        uow.exchange.link(partner.id, sender_id, dossier.id)
        uow.commit()
    return {"dossier_id": dossier.id, "reference": dossier.reference}

def _answer(services: Any, partner: Partner, nonce: str, message: dict[str, Any]) -> dict[str, Any]:
    """The sender's applicant answered our supplement request: new data and files, then our answer action."""
    dossier = own(services, partner, message.get("dossier_id"), "in")
    _procedure, case = services.definition_of(dossier)
    step = case.processing.step(dossier.status.step)
    action = next((a for a in step.actions if a.kind == "answer-supplement"), None) \
        if step.waits_for_applicant else None
    if action is None:
        raise MessageRefused(409, "not_waiting", "the dossier is not waiting for additions")
    data = message.get("data")
    if not isinstance(data, dict):
        raise MessageRefused(400, "invalid_field", "'data' must be an object")
    checked = checked_files(services, case, dossier.applicant.personal_id or "", decoded_files(message))

    def prepare(fresh: Dossier) -> None:
        fresh.data = data
        put_files(fresh, case, checked)

    actor = Actor(exchange_actor(partner.id), "applicant", name=partner.label())
    done = act(services, dossier, action.id, actor, partner, nonce, prepare=prepare,
               attachments=tuple(f.sha256 for files in checked.values() for f in files))
    return {"dossier_id": done.id, "reference": done.reference}
