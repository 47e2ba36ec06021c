"""Sending and answering feedback: the units of work, the deadline, and what is published.

The deadline is ``MOTCUA_FEEDBACK_WORKING_DAYS`` working days (default 10, the
time Decree 20/2008/NĐ-CP gives an agency to deal with a feedback) on the
working-day calendar, counted from when it arrives (after the cut-off: from the
next working day). Only items whose author agreed are ever published, and only
their redacted text and answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..dossiers.model import Dossier
from ..services import Services
from ..storage import DossierNotFound
from ..storage.feedback import Feedback, StaleFeedbackError
from .redact import redact

DEFAULT_WORKING_DAYS = 10
MIN_TEXT, MAX_TEXT = 20, 4000
MAX_ANSWER = 4000
MAX_NAME, MAX_CONTACT = 120, 120


class FeedbackRefused(ValueError):
    """The feedback or the answer cannot be accepted; ``reason`` names why (the views word it)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def working_days(config: Mapping[str, Any]) -> float:
    value = float(config.get("MOTCUA_FEEDBACK_WORKING_DAYS", DEFAULT_WORKING_DAYS))
    if not 0 < value <= 60:
        raise ValueError("MOTCUA_FEEDBACK_WORKING_DAYS must be between 1 and 60")
    return value


def _clean(text: str | None, limit: int) -> str:
    return (text or "").replace("\r\n", "\n").strip()[: limit + 1]


def send_feedback(services: Services, *, kind: str, text: str, consent: bool, agency_code: str,
                  procedure_code: str, dossier: Dossier | None = None, account_id: str | None = None,
                  author_name: str = "", contact: str = "", days: float = DEFAULT_WORKING_DAYS) -> Feedback:
    """Store a new feedback for ``agency_code`` with its deadline; raise :class:`FeedbackRefused`."""
    text = _clean(text, MAX_TEXT)
    if len(text) < MIN_TEXT:
        raise FeedbackRefused("too-short")
    if len(text) > MAX_TEXT:
        raise FeedbackRefused("too-long")
    if kind not in ("complaint", "suggestion"):
        raise FeedbackRefused("kind")
    agency = services.agencies.get(agency_code)
    if agency is None:
        raise FeedbackRefused("agency")
    if services.catalog.get(procedure_code) is None:
        raise FeedbackRefused("procedure")
    now = services.now()
    item = Feedback(kind=kind, subject="dossier" if dossier else "procedure", procedure_code=procedure_code,
                    agency_code=agency.code, province_code=agency.province_code, text=text, created_at=now,
                    due_at=services.calendar.deadline_for(now, days, "working-days"), consent=bool(consent),
                    dossier_id=dossier.id if dossier else None,
                    dossier_reference=dossier.reference if dossier else None, account_id=account_id,
                    author_name=_clean(author_name, MAX_NAME)[:MAX_NAME],
                    contact=_clean(contact, MAX_CONTACT)[:MAX_CONTACT])
    item.public_text = public_text(item.text, item, dossier)
    with services.store.unit_of_work() as uow:
        uow.feedback.add(item)
        uow.commit()
    return item


def personal_data(item: Feedback, dossier: Dossier | None) -> tuple[list[str], list[str]]:
    """(names, other values) of the people concerned, to take out of what is published."""
    names = [item.author_name]
    values = [item.contact]
    if dossier is not None:
        for person in (dossier.applicant, dossier.representative):
            if person is None:
                continue
            names.append(person.full_name)
            values += [person.personal_id or "", person.phone or "", person.email or "",
                       str((person.address or {}).get("street") or "")]
    return [n for n in names if n], [v for v in values if v]


def public_text(text: str, item: Feedback, dossier: Dossier | None) -> str:
    names, values = personal_data(item, dossier)
    return redact(text, names=names, values=values)


def answer_feedback(services: Services, feedback_id: str, *, official_id: str, official_name: str,
                    agencies: set[str], answer: str, publish: bool, revision: int) -> Feedback:
    """Record an official's answer. ``agencies`` are the official's: another agency's feedback is
    :class:`LookupError` (the views show "not found"); refusals are :class:`FeedbackRefused`."""
    answer = _clean(answer, MAX_ANSWER)
    if not answer:
        raise FeedbackRefused("answer-empty")
    if len(answer) > MAX_ANSWER:
        raise FeedbackRefused("answer-too-long")
    with services.store.unit_of_work() as uow:
        item = uow.feedback.get(feedback_id)
        if item.agency_code not in agencies:
            raise LookupError(feedback_id)
        if item.status == "answered":
            raise FeedbackRefused("answered")
        if item.revision != revision:
            raise FeedbackRefused("changed")
        dossier = None
        if item.dossier_id:
            try:
                dossier = uow.dossiers.get(item.dossier_id)
            except DossierNotFound:
                dossier = None
        item.status = "answered"
        item.answer = answer
        item.answered_at = services.now()
        item.answered_by, item.answered_by_name = official_id, official_name
        names, values = personal_data(item, dossier)
        item.public_text = redact(item.text, names=names, values=values)
        item.public_answer = redact(answer, names=names, values=values)
        item.published = bool(item.consent and publish)
        try:
            uow.feedback.update(item)
        except StaleFeedbackError as exc:  # answered by someone else meanwhile
            raise FeedbackRefused("changed") from exc
        uow.commit()
    return item
