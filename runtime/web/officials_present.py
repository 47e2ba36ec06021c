"""What the officials' dossier page shows, shaped for the template (no markup here).

The eForm answers with where each value came from, the attachments with their
verification report, the timeline, the issued documents, the actions the
official may take, and workflow errors turned into sentences for people.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from ..definitions.model import Action, Case, Procedure
from ..dossiers.model import Dossier, StoredFile
from ..exchange.outbox import ExchangeUnavailable
from ..forms.compiler import FormCache
from ..forms.presentation import describe
from ..services.documents import documents_of
from ..signatures.report import AttachmentVerification
from ..workflow import ActionNotAllowedError, Actor, MissingInputError, WorkflowError, allowed_actions
from ..workflow.engine import is_late
from .exchange_present import documents_names
from .exchange_present import event_name as exchange_event_name

log = logging.getLogger(__name__)

LATE_KINDS = frozenset({"forward", "approve", "issue-result", "return-result"})
"""Action kinds that need a new appointment date (apology slip 04) when the dossier is late."""


@dataclass(frozen=True)
class Origin:
    """Where a value (or a part of it) came from."""

    source: str
    attribute: str | None
    part: str | None
    """The part's label for a value inside a group (an address's street…), else None."""
    original: list[str]
    """The identity value the applicant changed, in words."""


@dataclass(frozen=True)
class Answer:
    label: str
    lines: list[str]
    origins: list[Origin] = field(default_factory=list)


def answers(procedure: Procedure, case: Case, dossier: Dossier, forms: FormCache, lang: str) -> list[
        tuple[str, list[Answer]]]:
    """(page title, answers) of every page shown for the dossier's data, in form order."""
    sections = []
    for page in case.form.pages_shown(dossier.data):
        spec = forms.spec(procedure, case, page)
        rows = []
        for field_spec in spec.fields:
            if field_spec.name not in dossier.data:
                continue
            pointer = f"/{field_spec.name}"
            origins = []
            for at, provenance in sorted(dossier.provenance.items()):
                if at != pointer and not at.startswith(pointer + "/"):
                    continue
                path = [int(p) if p.isdigit() else p for p in at[1:].split("/")]
                part_spec = spec.find(path)
                part = part_spec.text_label(lang) if part_spec is not None and at != pointer else None
                original = []
                if provenance.source == "changed" and provenance.original is not None and part_spec is not None:
                    original = describe(part_spec, provenance.original, lang)
                elif provenance.source == "changed" and provenance.original is not None:
                    original = [str(provenance.original)]
                origins.append(Origin(provenance.source, provenance.attribute, part, original))
            rows.append(Answer(field_spec.text_label(lang), describe(field_spec, dossier.data[field_spec.name], lang),
                               [o for o in origins if o.source != "typed"]))
        if rows:
            sections.append((page.title.get(lang), rows))
    return sections


VERDICT_TAGS = {"valid": "green", "valid_with_warnings": "yellow", "unsigned": "grey", "invalid": "red",
                "unreadable": "red"}


SYNC_TAGS = {"pending": "govuk-tag--grey", "sent": "govuk-tag--blue", "accepted": "govuk-tag--green",
             "refused": "govuk-tag--red"}


def sync_names() -> dict[str, str]:
    """The sync log's states, as officials read them."""
    return {"pending": _("Waiting to be sent"), "sent": _("Sent, no answer yet"),
            "accepted": _("Accepted by the portal"), "refused": _("Refused by the portal")}


def verdict_name(verdict: str) -> str:
    return {"valid": _("Valid signature"), "valid_with_warnings": _("Valid signature, with warnings"),
            "unsigned": _("Not signed"), "invalid": _("Signature not valid"),
            "unreadable": _("The file could not be read")}.get(verdict, verdict)


@dataclass(frozen=True)
class FileView:
    file: StoredFile
    report: AttachmentVerification | None
    broken: bool = False
    """A stored report that cannot be read back."""

    @property
    def is_pdf(self) -> bool:
        return self.file.media_type == "application/pdf"


def attachments(case: Case, dossier: Dossier, lang: str) -> list[tuple[str, list[FileView]]]:
    """(component name, files) with each file's verification report."""
    groups = []
    for component_files in dossier.components:
        component = case.component(component_files.component_id)
        name = component.name.get(lang) if component else component_files.component_id
        views = []
        for stored in component_files.files:
            report, broken = None, False
            if stored.verification:
                try:
                    report = AttachmentVerification.from_dict(stored.verification)
                except (KeyError, TypeError, ValueError):
                    log.warning("unreadable verification report on %s/%s", dossier.id, stored.sha256)
                    broken = True
            views.append(FileView(stored, report, broken))
        groups.append((name, views))
    return groups


def file_hashes(dossier: Dossier) -> dict[str, str]:
    """sha256 → media type of every file belonging to the dossier (attachments, documents, action files)."""
    found = {d["sha256"]: "application/pdf" for d in documents_of(dossier)}
    for event in dossier.events:
        for sha256 in event.attachments:
            found.setdefault(sha256, "application/pdf")
    for component in dossier.components:
        for stored in component.files:
            found[stored.sha256] = stored.media_type
    return found


SLIP_KINDS = ("01", "02", "03", "04", "05", "result")


def document_name(kind: str) -> str:
    return {"01": _("Receipt and appointment slip"), "02": _("Request to supplement the dossier"),
            "03": _("Refusal to receive the dossier"), "04": _("Apology and new appointment date"),
            "05": _("Process control sheet"), "result": _("Result"), **documents_names()}.get(kind, kind)


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    at: dt.datetime
    who: str
    role: str | None
    what: str
    from_step: str | None
    to_step: str | None
    comment: str | None
    slips: list[str]
    attachments: list[str]
    new_due_at: dt.datetime | None


def timeline(case: Case, dossier: Dossier, lang: str, person: Any) -> list[Entry]:
    """The dossier's events, newest first; ``person(actor_id)`` names an actor."""
    processing = case.processing

    def step_name(step_id: str | None) -> str | None:
        if step_id is None:
            return None
        try:
            return processing.step(step_id).name.get(lang)
        except KeyError:
            return step_id

    special = {"submit": _("Dossier filed"), "rate": _("Service rated"),
               "payment.confirmed": _("Payment confirmed"), "payment.failed": _("Payment failed"),
               "payment.amount_mismatch": _("Payment refused: wrong amount"),
               "files.replaced": _("Documents replaced by the applicant")}
    entries = []
    for event in reversed(dossier.events):
        what = exchange_event_name(event) or special.get(event.action, event.action)
        if event.from_step is not None:
            try:
                action = processing.step(event.from_step).action(event.action)
            except KeyError:
                action = None
            if action is not None:
                what = action.name.get(lang)
        new_due = event.data.get("new_due_at")
        role = None if event.actor.startswith("exchange:") else event.actor_role  # its name says it is a partner
        entries.append(Entry(event.at, person(event.actor), role, what, step_name(event.from_step),
                             step_name(event.to_step), event.comment, list(event.data.get("slips") or ()),
                             list(event.attachments), dt.datetime.fromisoformat(new_due) if new_due else None))
    return entries


@dataclass(frozen=True)
class ActionForm:
    action: Action
    needs_comment: bool
    needs_attachment: bool
    needs_new_date: bool


def previews_result(forms: list[ActionForm]) -> bool:
    """One of the official's actions issues the result from the procedure's template (not an upload)."""
    return any(f.action.kind == "issue-result" and "result-document" not in f.action.requires for f in forms)


def apologised(dossier: Dossier) -> bool:
    return any("04" in (e.data.get("slips") or ()) for e in dossier.events)


def action_forms(case: Case, dossier: Dossier, actor: Actor, calendar: Any, now: dt.datetime) -> list[ActionForm]:
    """The actions ``actor`` may take now, with the inputs each needs."""
    late = is_late(dossier, calendar, now) and not apologised(dossier)
    return [ActionForm(a, "comment" in a.requires, bool({"attachment", "result-document"} & set(a.requires)),
                       late and a.kind in LATE_KINDS)
            for a in allowed_actions(case, dossier, actor)]


def workflow_message(error: WorkflowError) -> tuple[int, str, str | None]:
    """(HTTP status, a sentence for the official, the form field at fault) for a refused action."""
    if isinstance(error, ActionNotAllowedError):
        return 403, _("You cannot take this action on this dossier at its current step."), None
    if isinstance(error, ExchangeUnavailable):
        log.error("exchange unavailable: %s", error)
        return 503, _("The next step is handled by a partner system that cannot be reached from here. "
                      "Nothing was changed. Please tell the administrator."), None
    text = str(error)
    if isinstance(error, MissingInputError):
        if "comment" in text:
            return 422, _("Write a comment: this action needs one."), "comment"
        if "document" in text:
            return 422, _("Attach a document (PDF): this action needs one."), "attachment"
        if "late" in text:
            return 422, _("The dossier is late: give a new appointment date for the apology slip (04)."), "new_due"
        if "future" in text:
            return 422, _("The new appointment date must be in the future."), "new_due"
    log.info("workflow refused an action: %s", text)
    return 422, _("This action cannot be taken now. Check the dossier and try again."), None
