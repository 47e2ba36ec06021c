"""Draft → review → published (maybe scheduled) → retired, with rollback; every step logged.

Each function works inside a unit of work the caller commits, checks who may
act (:mod:`.roles`) and writes one line of the hash-chained change log.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l

from runtime.definitions import check_definition
from runtime.storage.definitions import ChangeEntry, DefinitionRecord

from .roles import NATIONAL, ProvinceOf, StudioPermissionError, StudioUser


class LifecycleError(Exception):
    """The version is not in a state that allows this (a message for the administrator)."""


def errors_of(document: dict[str, Any], record: DefinitionRecord) -> list[Any]:
    return [p for p in check_definition(document, f"store:{record.code}@{record.number}") if p.is_error]


def create_draft(uow: Any, user: StudioUser, document: dict[str, Any], *,
                 based_on: int | None = None, how: str = "scratch") -> DefinitionRecord:
    record = DefinitionRecord(str(document.get("code", "")), copy.deepcopy(document), user.home_scope,
                              user.username, based_on=based_on)
    if not record.code:
        raise LifecycleError(_l("a procedure needs a code"))
    uow.definitions.add(record)
    uow.definitions.log_change(ChangeEntry.new(user.username, "create", record.code, record.number,
                                               {"how": how, "based_on": based_on}))
    return record


def save_draft(uow: Any, user: StudioUser, record: DefinitionRecord, document: dict[str, Any],
               province_of: ProvinceOf, what: str = "edit") -> DefinitionRecord:
    """Save ``document`` over a draft read at ``record.revision`` (StaleDefinitionError if moved)."""
    if not user.can_edit(record, province_of):
        raise StudioPermissionError(_l("only an author of this draft's province or agency may edit it, "
                                    "and only while it is a draft"))
    if document.get("code") != record.code:
        raise LifecycleError(_l("the code of a procedure cannot change; copy it to a new procedure instead"))
    record.document = document
    uow.definitions.update(record)
    uow.definitions.log_change(ChangeEntry.new(user.username, "edit", record.code, record.number,
                                               {"part": what, "revision": record.revision}))
    return record


def submit_for_review(uow: Any, user: StudioUser, record: DefinitionRecord,
                      province_of: ProvinceOf) -> None:
    if not user.can_edit(record, province_of):
        raise StudioPermissionError(_l("only an author of this draft may send it for review"))
    if errors_of(record.document, record):
        raise LifecycleError(_l("the draft still has errors: fix them before sending it for review"))
    _move(uow, user, record, "review", "submit")


def return_to_draft(uow: Any, user: StudioUser, record: DefinitionRecord, province_of: ProvinceOf,
                    comment: str = "") -> None:
    if not user.can_publish(record, province_of) and not user.can_edit(
            DefinitionRecord(record.code, {}, record.scope, "", "draft"), province_of):
        raise StudioPermissionError(_l("only a publisher or an author of this procedure may take it back"))
    if record.status != "review":
        raise LifecycleError(_l("only a version in review can go back to draft"))
    _move(uow, user, record, "draft", "return", {"comment": comment[:2000]})


def publish(uow: Any, user: StudioUser, record: DefinitionRecord, province_of: ProvinceOf,
            effective_from: dt.date) -> None:
    if not user.can_publish(record, province_of):
        raise StudioPermissionError(_l("only a publisher of this procedure's province or agency may "
                                    "publish it, once it is in review"))
    if errors_of(record.document, record):
        raise LifecycleError(_l("publishing refused: the version still has errors"))
    record.effective_from = effective_from.isoformat()
    record.published_by = user.username
    record.published_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _move(uow, user, record, "published", "publish", {"effective_from": record.effective_from})


def roll_back(uow: Any, user: StudioUser, record: DefinitionRecord, province_of: ProvinceOf,
              today: dt.date) -> DefinitionRecord:
    """Publish again, as a new version in force today, the document of an earlier version."""
    if record.status not in ("published", "retired"):
        raise LifecycleError(_l("only a version that was published can be restored"))
    if not user.can_roll_back(record.scope, province_of):
        raise StudioPermissionError(_l("only a publisher may roll back"))
    scope = record.scope if record.scope != NATIONAL else user.scopes()[0]
    restored = DefinitionRecord(record.code, copy.deepcopy(record.document), scope, user.username,
                                status="published", effective_from=today.isoformat(),
                                published_by=user.username, based_on=record.number,
                                published_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    uow.definitions.add(restored)
    uow.definitions.log_change(ChangeEntry.new(user.username, "rollback", record.code, restored.number,
                                               {"restores": record.number}))
    return restored


def _move(uow: Any, user: StudioUser, record: DefinitionRecord, status: str, action: str,
          detail: dict[str, Any] | None = None) -> None:
    record.status = status
    uow.definitions.update(record)
    uow.definitions.log_change(ChangeEntry.new(user.username, action, record.code, record.number, detail))
