"""What a citizen reads about their dossier: progress, deadlines in words, documents, messages.

Pure functions over a dossier (and the clock), so the dossier page stays a thin view and the
wording is tested without a browser. Nothing here shows an internal id: steps, actions and
documents are named in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext

from ..definitions.model import Case
from ..dossiers.model import Dossier
from .exchange_present import actor_name as exchange_actor_name
from .officials_present import document_name, timeline

VN = ZoneInfo("Asia/Ho_Chi_Minh")

REFUSED, WITHDRAWN, STOPPED, PROCESSED, RETURNED = 3, 7, 8, 9, 10
CLOSED = (REFUSED, WITHDRAWN, STOPPED, RETURNED)


@dataclass(frozen=True)
class Task:
    """One stage of the dossier's journey, as GOV.UK's task list shows it."""

    name: str
    state: str
    """``done``, ``current``, ``action`` (the applicant must act), ``stopped`` or ``waiting``."""


def tasks(dossier: Dossier, needs_applicant: bool) -> list[Task]:
    """Filed → received → processed → result returned, each with its state now."""
    code = dossier.status.national_code
    names = [_("Dossier filed"), _("Received by the agency"), _("Examined and decided"), _("Result returned")]
    reached = {1: 1, 2: 2, 4: 2, 5: 2, 6: 2, PROCESSED: 3, RETURNED: 4}.get(code, 1)
    if code in (REFUSED, WITHDRAWN, STOPPED):
        reached = 1 if code == REFUSED else 2
    states = []
    for index, _name in enumerate(names):
        if index < reached:
            states.append("done")
        elif index == reached and code in (REFUSED, WITHDRAWN, STOPPED):
            states.append("stopped")
        elif index == reached:
            states.append("action" if needs_applicant else "current")
        else:
            states.append("waiting")
    return [Task(n, s) for n, s in zip(names, states, strict=True)]


def current_task(items: list[Task]) -> int:
    """1-based number of the stage the dossier is at (the last one when all are done)."""
    for number, task in enumerate(items, start=1):
        if task.state != "done":
            return number
    return len(items)


def days_between(due: dt.datetime, now: dt.datetime) -> int:
    """Calendar days from today to the due day, in Vietnam (negative when past)."""
    return (due.astimezone(VN).date() - now.astimezone(VN).date()).days


def deadline_words(due: dt.datetime | None, now: dt.datetime, *, finished: bool = False,
                   paused: bool = False) -> str:
    """The appointment in words: "today", "in 3 days", "2 days late"."""
    if due is None:
        return ""
    if finished:
        return ""
    if paused:
        return _("paused while the agency waits for you")
    days = days_between(due, now)
    if due < now:
        late = max(-days, 0)
        return _("late: the appointment was today") if late == 0 else ngettext(
            "%(num)d day late", "%(num)d days late", late)
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return ngettext("in %(num)d day", "in %(num)d days", days)


def is_overdue(dossier: Dossier, now: dt.datetime, paused: bool = False) -> bool:
    """Past its appointment and still open (a paused clock never turns a dossier late)."""
    return (dossier.due_at is not None and not paused and dossier.due_at < now
            and dossier.status.national_code not in (*CLOSED, PROCESSED))


def document_title(record: dict[str, Any], case: Case, lang: str) -> str:
    """A slip's or result's name in the reader's language (never the PDF's capitals)."""
    if record["kind"] == "result":
        result = case.result or case.processing.result
        return f"{_('Result')}: {result.name.get(lang)}" if result is not None else _("Result")
    return document_name(record["kind"])


def wallet_label(item: Any, catalog: Any, lang: str) -> str:
    """What a wallet document is, in the reader's language: the procedure's result, or the component
    it was filed for (the file's own name is shown beside it)."""
    procedure = catalog.get(item.procedure_code)
    for case in procedure.cases if procedure is not None else ():
        if item.kind == "result":
            result = case.result or case.processing.result
            if result is not None:
                return f"{_('Result')}: {result.name.get(lang)}"
        else:
            component = case.component(item.component_id or "")
            if component is not None:
                return component.name.get(lang)
    return _("Result") if item.kind == "result" else item.name


def issued_documents(dossier: Dossier, case: Case, lang: str) -> list[dict[str, Any]]:
    """Each issued document once (the same file recorded twice is listed once), oldest first."""
    seen: set[str] = set()
    found = []
    for record in dossier.extra.get("documents", ()):
        if record["sha256"] in seen:
            continue
        seen.add(record["sha256"])
        created = record.get("created_at")
        found.append({**record, "label": document_title(record, case, lang),
                      "at": dt.datetime.fromisoformat(created) if created else None})
    return found


def citizen_timeline(case: Case, dossier: Dossier, lang: str, agency_name: str) -> list[Any]:
    """The dossier's history in words, newest first: the applicant is "you", officials the agency."""
    def person(actor_id: str) -> str:
        if actor_id == dossier.account_id:
            return _("You")
        if actor_id == "gateway":
            return _("Payment gateway")
        return exchange_actor_name(actor_id) or agency_name

    return [e for e in timeline(case, dossier, lang, person) if not e.what.startswith("identity.")]


def notifications(outbox: Any, dossier_id: str, limit: int = 50) -> list[Any]:
    """The e-mails and text messages sent about this dossier, newest first."""
    if outbox is None:
        return []
    return [m for m in outbox.recent(1000) if m.dossier_id == dossier_id][:limit]


def draft_rows(drafts: list[Any], catalog: Any) -> list[dict[str, Any]]:
    """Unfinished applications with what tells them apart: procedure, pages answered, last saved."""
    rows = []
    for draft in drafts:
        procedure = catalog.get(draft.procedure_code)
        case = procedure.case(draft.case_id) if procedure is not None else None
        if case is None:
            continue
        shown = [p.id for p in case.form.pages_shown(draft.data)]
        rows.append({"draft": draft, "procedure": procedure, "case": case, "total": len(shown),
                     "answered": len([p for p in shown if p in draft.done]),
                     "cases": len(procedure.cases)})
    return rows
