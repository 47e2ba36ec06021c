"""Dossiers filed on the national portal and handed to motcua (docs/portal.md, "Hand-over").

The hand-over is checked like any filing (the procedure's eForm, its
components and their signatures, fees due at filing) and then filed with
:func:`~.submission.submit_draft`: routed to its agency, given a dossier code
and a receipt, put in the inbox, and reported back to the portal (status 1)
through the same sync. The portal's id makes it idempotent: a hand-over sent
again gets the dossier made the first time.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from ..dossiers.model import Dossier, Person, new_id
from ..identity.base import PERSONAL_ID, account_id_for
from ..payments import paid_total
from .context import Services
from .submission import SubmissionError, check_dossier, dossier_fees, submit_draft
from .uploads import UploadRefused, attach, check_upload

MAX_FILES = 50
BUSY = "this hand-over is being filed by another request: send it again in a minute"
MAX_ID = 100


@dataclass
class HandOverRefused(Exception):
    """The hand-over cannot be filed; ``problems`` say why (HTTP 422, or 400 for a malformed message)."""

    message: str
    problems: list[dict[str, str]] = field(default_factory=list)
    status: int = 422

    def __str__(self) -> str:
        return self.message


def _problem(key: str, where: str, message: str) -> dict[str, str]:
    return {"key": key, "where": where, "message": message}


def _text(payload: dict[str, Any], name: str, limit: int = 200) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise HandOverRefused(f"'{name}' must be a non-empty string of at most {limit} characters", status=400)
    return value.strip()


def _applicant(raw: Any) -> Person:
    if not isinstance(raw, dict):
        raise HandOverRefused("'applicant' must be an object (full_name, personal_id, phone, email, address)",
                              status=400)
    if not PERSONAL_ID.match(str(raw.get("personal_id") or "")):
        raise HandOverRefused("'applicant.personal_id' must be the 12-digit personal ID number", status=400)
    try:
        return Person.from_dict({**raw, "full_name": _text(raw, "full_name")})
    except (ValueError, TypeError, KeyError) as exc:
        raise HandOverRefused(f"'applicant' is not readable: {exc}", status=400) from None


def _files(services: Services, case: Any, dossier: Dossier, raw: Any) -> list[dict[str, str]]:
    """Check and attach the files; return the problems (empty when all were taken)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or sum(len(c.get("files") or []) for c in raw if isinstance(c, dict)) > MAX_FILES:
        raise HandOverRefused(f"'components' must be a list of at most {MAX_FILES} files in all", status=400)
    problems = []
    components = {c.id: c for c in case.components}
    for entry in raw:
        component = components.get(entry.get("component_id")) if isinstance(entry, dict) else None
        if component is None:
            problems.append(_problem("component.unknown", str(entry.get("component_id") if isinstance(entry, dict)
                                                              else entry)[:80],
                                     "this procedure has no such component"))
            continue
        for item in entry.get("files") or []:
            try:
                data = base64.b64decode(str(item.get("content_base64") or ""), validate=True)
                stored = check_upload(services, component, str(item.get("name") or "tep"), data,
                                      {dossier.applicant.personal_id or ""})
                attach(dossier, component, stored)
            except (binascii.Error, AttributeError):
                problems.append(_problem("file.encoding", component.id, "content_base64 is not base64"))
            except UploadRefused as refused:
                problems.append(_problem(refused.key, component.id, refused.message("en")))
    return problems


def receive_dossier(services: Services, payload: Any) -> tuple[Dossier, bool]:
    """File a hand-over; return the dossier and whether it was made now (False: handed over before)."""
    if not isinstance(payload, dict) or payload.get("type") != "dossier":
        raise HandOverRefused("the body must be a JSON object with \"type\": \"dossier\" (docs/portal.md)",
                              status=400)
    portal_id = _text(payload, "portal_id", MAX_ID)
    seen = _seen(services, portal_id)
    if seen is not None:
        return seen, False
    code = _text(payload, "procedure_code", 40)
    procedure = services.catalog.get(code)
    if procedure is None:
        raise HandOverRefused(f"procedure {code} is not offered here",
                              [_problem("procedure.unknown", "procedure_code", "not in this catalogue")])
    case_id = payload.get("case_id") or (procedure.cases[0].id if len(procedure.cases) == 1 else None)
    case = procedure.case(str(case_id)) if case_id else None
    if case is None:
        raise HandOverRefused("'case_id' must name one of the procedure's cases: "
                              + ", ".join(c.id for c in procedure.cases),
                              [_problem("case.unknown", "case_id", "no such case")])
    applicant = _applicant(payload.get("applicant"))
    data = payload.get("data")
    if not isinstance(data, dict):
        raise HandOverRefused("'data' must be an object: the eForm's answers by field name", status=400)
    owner = account_id_for(applicant.personal_id or "")
    dossier = Dossier(id=new_id(), procedure_code=procedure.code, definition_version=procedure.version,
                      case_id=case.id, account_id=owner, applicant=applicant, data=data, channel="online",
                      created_at=services.now(), updated_at=services.now(),
                      extra={"portal": {"id": portal_id, "received_at": services.now().isoformat()}})
    problems = _files(services, case, dossier, payload.get("components"))
    paid = payload.get("fees_paid") or 0
    if not isinstance(paid, int) or paid < 0:
        raise HandOverRefused("'fees_paid' must be the amount paid on the portal, in đồng", status=400)
    if paid:
        dossier.payments.append({"status": "paid", "amount": paid, "provider": "portal", "txn_ref": portal_id,
                                 "paid_at": services.now().isoformat()})
    today = services.now().date()
    problems += [_problem(p.key, p.where, p.message_en) for p in check_dossier(procedure, case, dossier, today)]
    if paid_total(dossier) < dossier_fees(case, dossier, today).due_at("receipt"):
        problems.append(_problem("fees.unpaid", "fees_paid", "the fees due at filing are not paid"))
    if problems:
        raise HandOverRefused("the dossier cannot be filed: " + "; ".join(p["message"] for p in problems), problems)
    if not services.sync_log.claim_incoming(portal_id, dossier.id):  # the same hand-over, sent twice at once
        seen = _seen(services, portal_id)
        if seen is None:
            raise HandOverRefused(BUSY, status=409)
        return seen, False
    try:
        with services.store.unit_of_work() as uow:
            uow.dossiers.add(dossier)
            uow.commit()
        filed = submit_draft(services, dossier.id, owner, lang="vi")
    except SubmissionError as error:
        services.sync_log.release_incoming(portal_id)
        raise HandOverRefused(str(error), [_problem(p.key, p.where, p.message_en) for p in error.problems]) from None
    except BaseException:
        services.sync_log.release_incoming(portal_id)
        raise
    services.sync_log.filed_incoming(portal_id, filed.reference or "")
    return filed, True


def _seen(services: Services, portal_id: str) -> Dossier | None:
    """The dossier filed from this portal id before; raises 409 while another request is filing it."""
    seen = services.sync_log.incoming(portal_id)
    if seen is None:
        return None
    if not seen[1]:
        raise HandOverRefused(BUSY, status=409)
    with services.store.unit_of_work() as uow:
        return uow.dossiers.get(seen[0])
