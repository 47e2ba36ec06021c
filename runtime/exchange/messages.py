"""Reading a partner's message: its fields, its files, its nonce, and the dossier it is about.

Every refusal is a :class:`MessageRefused` with the HTTP status and a stable code for the sender.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Callable
from typing import Any

import orjson

from ..dossiers.model import Dossier
from ..storage import DossierNotFound, StaleDossierError
from ..storage.exchange import NONCE_DAYS
from ..workflow import Actor, WorkflowError
from .config import Partner
from .outbox import find_link

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

def text(message: dict[str, Any], key: str, limit: int = 200, *, required: bool = True) -> str | None:
    value = message.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value or len(value) > limit:
        raise MessageRefused(400, "invalid_field", f"'{key}' must be a text of at most {limit} characters")
    return value

def contents(message: dict[str, Any], key: str) -> list[tuple[dict[str, Any], bytes]]:
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

def decoded_files(message: dict[str, Any]) -> list[tuple[str, str, bytes]]:
    return [(text(item, "component_id", 64) or "", text(item, "name", 255) or "", content)
            for item, content in contents(message, "files")]

def checked_files(services: Any, case: Any, applicant_id: str, files: list[tuple[str, str, bytes]]) -> dict:
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

def put_files(dossier: Dossier, case: Any, checked: dict) -> None:
    from ..services.uploads import UploadRefused, attach

    for component_id, stored_files in checked.items():
        dossier.components = [c for c in dossier.components if c.component_id != component_id]
        for stored in stored_files:
            try:
                attach(dossier, case.component(component_id), stored)
            except UploadRefused as refused:
                raise MessageRefused(422, "file_refused", refused.message_en) from None

def remember(uow: Any, partner: Partner, nonce: str) -> None:
    if not uow.exchange.remember_nonce(partner.id, nonce, time.time() + NONCE_DAYS * 86400):
        raise MessageRefused(409, "replayed", "this message was already received (its nonce was used before)")

def own(services: Any, partner: Partner, dossier_id: Any, direction: str) -> Dossier:
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

def act(services: Any, dossier: Dossier, action_id: str, actor: Actor, partner: Partner, nonce: str, *,
         comment: str | None = None, attachments: tuple[str, ...] = (),
         prepare: Callable[[Dossier], None] | None = None) -> Dossier:
    from ..services import act_on_dossier

    try:
        outcome = act_on_dossier(services, dossier.id, action_id, actor, comment=comment, attachments=attachments,
                                 prepare=prepare, record=lambda uow: remember(uow, partner, nonce))
    except WorkflowError as refused:
        raise MessageRefused(409, "not_possible_now", f"the dossier cannot take this now: {refused}") from None
    except StaleDossierError:
        raise MessageRefused(409, "busy", "the dossier changed meanwhile: send the message again") from None
    return outcome.dossier
