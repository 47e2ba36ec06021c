"""An official (or the applicant) acts on a dossier: one unit of work, version-checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..dossiers.model import Dossier
from ..exchange.outbox import after_transition
from ..storage import StaleDossierError
from ..workflow import Actor, Transition, apply_transition, plan_transition
from .context import Services
from .documents import documents_of, issue_document
from .notify import notify_after_commit
from .portal_sync import record_changes
from .wallet import collect_after_commit, queue_collection

_NOTIFY = {"request-supplement": "supplement", "issue-result": "result", "refuse": "supplement"}


@dataclass(frozen=True)
class ActionOutcome:
    dossier: Dossier
    transition: Transition
    documents: tuple[dict, ...]


def act_on_dossier(services: Services, dossier_id: str, action_id: str, actor: Actor, *,
                   expected_version: int | None = None, comment: str | None = None,
                   attachments: tuple[str, ...] = (), new_due_at: dt.datetime | None = None,
                   prepare: Callable[[Dossier], None] | None = None,
                   record: Callable[[Any], None] | None = None) -> ActionOutcome:
    """Apply one action. ``expected_version`` is the version the person saw: if the dossier
    changed since, :class:`StaleDossierError` is raised and nothing is applied.

    ``prepare`` changes the dossier inside the same unit of work before the
    action (e.g. the files an answer brings), so both land together or not at all;
    ``record`` writes something else in that unit of work (e.g. a partner message's nonce).
    A step handled by a partner system is handed over here (:mod:`runtime.exchange`).
    """
    now = services.now()
    with services.store.unit_of_work() as uow:
        dossier = uow.dossiers.get(dossier_id)
        if expected_version is not None and dossier.version != expected_version:
            raise StaleDossierError(dossier.id, expected_version, dossier.version)
        procedure, case = services.definition_of(dossier)
        transition = plan_transition(case, procedure, dossier, action_id, actor, services.agencies,
                                     services.calendar, now, comment=comment, attachments=attachments,
                                     new_due_at=new_due_at)
        if prepare is not None:
            prepare(dossier)
        apply_transition(case, dossier, transition, actor, services.calendar, now)
        documents = []
        for slip in transition.slips:
            if slip == "01" and documents_of(dossier, "01"):
                continue  # an online dossier got its receipt when it was filed: never a second one
            documents.append(issue_document(services, slip, dossier, procedure, case, now, comment=transition.comment,
                                            new_due_at=transition.new_due_at))
        if transition.action.kind == "issue-result":
            signed = bool(case.result and case.result.signed)
            uploaded = None
            if "result-document" in transition.action.requires:
                with services.attachments.open(transition.attachments[0]) as fh:
                    uploaded = fh.read()  # the official's own result document replaces the template
            documents.append(issue_document(services, "result", dossier, procedure, case, now, sign=signed,
                                            pdf=uploaded))
        after_transition(services, uow, dossier, transition, documents, actor)
        if record is not None:
            record(uow)
        files_changed = prepare is not None or transition.action.kind == "issue-result"
        if files_changed:
            queue_collection(services, dossier, uow)
        uow.dossiers.update(dossier)
        uow.commit()
    if files_changed:
        collect_after_commit(services, dossier)
    kind = _NOTIFY.get(transition.action.kind)
    if transition.new_due_at is not None:
        kind = "apology"
    if kind:
        notify_after_commit(services, dossier, procedure, kind, comment=transition.comment)
    record_changes(services, dossier)
    return ActionOutcome(dossier, transition, tuple(documents))
