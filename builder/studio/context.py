"""What every studio view needs: who is asking, the store, the agencies, today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort

from runtime.storage.definitions import DefinitionNotFound, DefinitionRecord
from runtime.web.access import current_principal
from runtime.web.services import agencies, store

from .roles import StudioUser

#: The largest definition accepted from a form or the JSON view.
MAX_DOCUMENT_BYTES = 4 * 1024 * 1024


def studio_user() -> StudioUser:
    """The administrator making the request (403 for anyone without a studio role)."""
    who = current_principal()
    user = StudioUser(who.id, who.name, who.roles)
    if not who.is_official or not user.is_admin:
        abort(403)
    return user


def province_of(agency_code: str) -> str | None:
    agency = agencies().get(agency_code)
    return agency.province_code if agency is not None else None


def today() -> dt.date:
    return dt.date.today()


def definition_store() -> Any:
    return store()


def visible_record(uow: Any, user: StudioUser, code: str, number: int) -> DefinitionRecord:
    """The version, if this administrator may see it (404 otherwise: others' drafts do not exist)."""
    try:
        record = uow.definitions.get(code, number)
    except DefinitionNotFound:
        abort(404)
    if not user.can_see(record, province_of):
        abort(404)
    return record


def save_from_form(user: StudioUser, record: DefinitionRecord, document: dict[str, Any], part: str) -> None:
    """Save an editor's change over the draft at the revision its form was read at (the form's
    ``revision`` field; StaleDefinitionError when someone saved in between)."""
    from flask import request

    from . import lifecycle

    record.revision = request.form.get("revision", type=int) or 0
    with definition_store().unit_of_work() as uow:
        lifecycle.save_draft(uow, user, record, document, province_of, part)
        uow.commit()


def open_version(code: str, number: int) -> tuple[StudioUser, DefinitionRecord]:
    """The administrator and the version they asked for (403/404 as :func:`visible_record`)."""
    user = studio_user()
    with definition_store().unit_of_work() as uow:
        return user, visible_record(uow, user, code, number)
