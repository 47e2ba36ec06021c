"""Applying a partner's message: file its dossier, take its applicant's answer, or recognise its report.

The message's nonce is recorded in the same unit of work as its effect: a
replay is refused (409 ``replayed``), and a message whose effect failed (4xx
with the reason) leaves nothing behind, so it can be sent again.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Callable
from typing import Any

import orjson

from ..dossiers.model import Dossier, Person
from ..storage import DossierNotFound, StaleDossierError
from ..storage.exchange import NONCE_DAYS
from ..workflow import Actor, WorkflowError, exchange_actor
from .config import Partner
from .outbox import find_link, queue_message, state

KINDS = ("handover", "answer", "report")
STATUSES = ("received", "supplement", "result", "refused", "processing")
MAX_FILES = 50


class MessageRefused(Exception):
    """The message is not applied; ``status`` (4xx) and ``code`` tell the sender why."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def parse(body: bytes) -> dict[str, Any]:
    try:
        message = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise MessageRefused(400, "not_json", "the body is not JSON") from None
    if not isinstance(message, dict) or message.get("kind") not in KINDS:
        raise MessageRefused(400, "unknown_kind", f"'kind' must be one of {', '.join(KINDS)}")
    return message


def _text(message: dict[str, Any], key: str, limit: int = 200, *, required: bool = True) -> str | None:
    value = message.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value or len(value) > limit:
        raise MessageRefused(400, "invalid_field", f"'{key}' must be a text of at most {limit} characters")
    return value


def _contents(message: dict[str, Any], key: str) -> list[tuple[dict[str, Any], bytes]]:
    """The objects listed under ``key``, each with its base64 ``content`` decoded; 400 when malformed."""
    items = message.get(key) or []
    if not isinstance(items, list) or len(items) > MAX_FILES:
        raise MessageRefused(400, "invalid_field", f"'{key}' must be a list of at most {MAX_FILES} items")
    decoded = []
    for item in items:
        if not isinstance(item, dict):
            raise MessageRefused(400, "invalid_field", f"each of '{key}' is an object with a base64 'content'")
        try:
            decoded.append((item, base64.b64decode(item.get("content") or "", validate=True)))
        except (binascii.Error, ValueError, TypeError):
            raise MessageRefused(400, "invalid_field", f"a 'content' of '{key}' is not base64") from None
    return decoded


def _decoded_files(message: dict[str, Any]) -> list[tuple[str, str, bytes]]:
    return [(_text(item, "component_id", 64) or "", _text(item, "name", 255) or "", content)
            for item, content in _contents(message, "files")]


def _checked_files(services: Any, case: Any, applicant_id: str, files: list[tuple[str, str, bytes]]) -> dict:
    """Each file checked against our component as a citizen's upload would be; 422 when one is refused."""
    from ..services.uploads import UploadRefused, check_upload

    checked: dict[str, list] = {}
    components = {c.id: c for c in case.components}
    for component_id, name, content in files:
        component = components.get(component_id)
        if component is None:
            continue  # a document our procedure does not ask for
        try:
            checked.setdefault(component_id, []).append(
                check_upload(services, component, name, content, {applicant_id}))
        except UploadRefused as refused:
            raise MessageRefused(422, "file_refused", f"{name}: {refused.message_en}") from None
    return checked


def _put_files(dossier: Dossier, case: Any, checked: dict) -> None:
    from ..services.uploads import UploadRefused, attach

    for component_id, stored_files in checked.items():
        dossier.components = [c for c in dossier.components if c.component_id != component_id]
        for stored in stored_files:
            try:
                attach(dossier, case.component(component_id), stored)
            except UploadRefused as refused:
                raise MessageRefused(422, "file_refused", refused.message_en) from None


def _remember(uow: Any, partner: Partner, nonce: str) -> None:
    if not uow.exchange.remember_nonce(partner.id, nonce, time.time() + NONCE_DAYS * 86400):
        raise MessageRefused(409, "replayed", "this message was already received (its nonce was used before)")


def receive(services: Any, partner: Partner, nonce: str, message: dict[str, Any]) -> dict[str, Any]:
    """Apply one verified message; the answer for the sender, or :class:`MessageRefused`."""
    kind = message["kind"]
    if kind == "handover":
        return _handover(services, partner, nonce, message)
    if kind == "answer":
        return _answer(services, partner, nonce, message)
    return _report(services, partner, nonce, message)


def _handover(services: Any, partner: Partner, nonce: str, message: dict[str, Any]) -> dict[str, Any]:
    from ..services.submission import SubmissionError, file_dossier

    sender_id, code = _text(message, "dossier_id", 64), _text(message, "procedure", 64)
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
    files = _decoded_files(message)
    step = message.get("step")
    remote_step = str(step.get("id"))[:64] if isinstance(step, dict) and step.get("id") else None
    lang = message.get("lang") if message.get("lang") in ("vi", "en") else "vi"
    now = services.now()
    with services.store.unit_of_work() as uow:
        _remember(uow, partner, nonce)
        existing = uow.exchange.linked_dossier(partner.id, sender_id)
        if existing is not None:  # the same dossier handed over again: the one filed before answers
            found = uow.dossiers.get(existing)
            uow.commit()
            return {"dossier_id": found.id, "reference": found.reference}
        dossier = Dossier(procedure_code=procedure.code, definition_version=procedure.version, case_id=case.id,
                          account_id=exchange_actor(partner.id), applicant=person, data=data)
        _put_files(dossier, case, _checked_files(services, case, person.personal_id or "", files))
        state(dossier)["links"].append({
            "partner": partner.id, "direction": "in", "remote_id": sender_id,
            "remote_reference": _text(message, "reference", 64, required=False), "remote_step": remote_step,
            "status": "received",
            "status_at": now.isoformat(), "step": None, "comment": None})
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


def _own(services: Any, partner: Partner, dossier_id: Any, direction: str) -> Dossier:
    """Our dossier the message is about; 404 unless it is linked with this partner."""
    if not isinstance(dossier_id, str) or not dossier_id or len(dossier_id) > 64:
        raise MessageRefused(400, "invalid_field", "'dossier_id' must name a dossier")
    try:
        with services.store.unit_of_work() as uow:
            dossier = uow.dossiers.get(dossier_id)
    except DossierNotFound:
        dossier = None
    if dossier is None or find_link(dossier, partner.id, direction) is None:
        raise MessageRefused(404, "unknown_dossier", "no dossier here is exchanged with you under this id")
    return dossier


def _act(services: Any, dossier: Dossier, action_id: str, actor: Actor, partner: Partner, nonce: str, *,
         comment: str | None = None, attachments: tuple[str, ...] = (),
         prepare: Callable[[Dossier], None] | None = None) -> Dossier:
    from ..services import act_on_dossier

    try:
        outcome = act_on_dossier(services, dossier.id, action_id, actor, comment=comment, attachments=attachments,
                                 prepare=prepare, record=lambda uow: _remember(uow, partner, nonce))
    except WorkflowError as refused:
        raise MessageRefused(409, "not_possible_now", f"the dossier cannot take this now: {refused}") from None
    except StaleDossierError:
        raise MessageRefused(409, "busy", "the dossier changed meanwhile: send the message again") from None
    return outcome.dossier


def _answer(services: Any, partner: Partner, nonce: str, message: dict[str, Any]) -> dict[str, Any]:
    """The sender's applicant answered our supplement request: new data and files, then our answer action."""
    dossier = _own(services, partner, message.get("dossier_id"), "in")
    _procedure, case = services.definition_of(dossier)
    step = case.processing.step(dossier.status.step)
    action = next((a for a in step.actions if a.kind == "answer-supplement"), None) \
        if step.waits_for_applicant else None
    if action is None:
        raise MessageRefused(409, "not_waiting", "the dossier is not waiting for additions")
    data = message.get("data")
    if not isinstance(data, dict):
        raise MessageRefused(400, "invalid_field", "'data' must be an object")
    checked = _checked_files(services, case, dossier.applicant.personal_id or "", _decoded_files(message))

    def prepare(fresh: Dossier) -> None:
        fresh.data = data
        _put_files(fresh, case, checked)

    actor = Actor(exchange_actor(partner.id), "applicant", name=partner.label())
    done = _act(services, dossier, action.id, actor, partner, nonce, prepare=prepare,
                attachments=tuple(f.sha256 for files in checked.values() for f in files))
    return {"dossier_id": done.id, "reference": done.reference}


def _report(services: Any, partner: Partner, nonce: str, message: dict[str, Any]) -> dict[str, Any]:
    """A status of the partner's dossier: recorded on ours; supplement, result and refusal take our action."""
    status = message.get("status")
    if status not in STATUSES:
        raise MessageRefused(400, "invalid_field", f"'status' must be one of {', '.join(STATUSES)}")
    dossier = _own(services, partner, message.get("dossier_id"), "out")
    for_step = message.get("for_step") if isinstance(message.get("for_step"), str) else None
    link = find_link(dossier, partner.id, "out", for_step) or find_link(dossier, partner.id, "out") or {}
    remote_id = _text(message, "sender_dossier_id", 64)
    reference = _text(message, "reference", 64, required=False)
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
                _remember(uow, partner, nonce)
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

    done = _act(services, dossier, action_id, actor, partner, nonce, comment=comment, prepare=prepare,
                attachments=tuple(d["sha256"] for d in documents))
    return {"dossier_id": done.id, "reference": done.reference}


def _partner_documents(services: Any, message: dict[str, Any], status: str) -> list[dict[str, Any]]:
    """The partner's documents, stored; a result must carry a valid organisation signature (else 422)."""
    from ..signatures import SignaturePolicy, verify_pdf

    records = []
    for item, content in _contents(message, "documents"):
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
