"""Interpret a definition's processing steps for one dossier.

``plan_transition`` decides (who may do what, where it leads, which agency);
``apply_transition`` changes the dossier (status, agency, deadlines, pauses,
event). The caller runs both inside one unit of work with the dossier's
version checked, so two officials acting at once cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..agencies import AgencyDirectory
from ..calendar import WorkingCalendar
from ..definitions.model import Action, Case, Procedure, Step
from ..dossiers.model import Dossier, Pause, Status
from .routing import resolve_agency

#: Action kinds that need the applicant (the dossier waits for them).
APPLICANT_KINDS = frozenset({"answer-supplement", "pay", "withdraw"})


class WorkflowError(Exception):
    """An action cannot be applied; the message says why, for the person acting."""


class ActionNotAllowedError(WorkflowError):
    pass


class MissingInputError(WorkflowError):
    pass


def exchange_actor(partner_id: str) -> str:
    """The actor id under which a partner system's reports act on our dossiers."""
    return f"exchange:{partner_id}"


@dataclass(frozen=True)
class Actor:
    """Who acts: an official with roles per agency, the applicant, or the system."""

    id: str
    kind: str  # "official" | "applicant" | "system"
    roles: frozenset[tuple[str, str]] = frozenset()
    name: str = ""

    def may_act_at(self, step: Step, agency_code: str | None) -> bool:
        if step.waits_for_applicant:
            return self.kind == "applicant"
        if step.exchange is not None:  # a partner system handles the step: only its reports act here
            return self.kind == "system" and self.id == exchange_actor(step.exchange.to)
        return self.kind == "official" and (agency_code, step.role) in self.roles


@dataclass(frozen=True)
class Transition:
    """What an action will do, decided before anything changes."""

    action: Action
    from_step: Step
    to_step: Step
    agency_code: str
    comment: str | None
    attachments: tuple[str, ...]
    new_due_at: dt.datetime | None = None
    """For a late dossier: the new appointment date given with the apology slip (04)."""

    @property
    def slips(self) -> tuple[str, ...]:
        slips = [self.action.slip] if self.action.slip else []
        if self.new_due_at is not None:
            slips.append("04")
        return tuple(slips)


def current_step(case: Case, dossier: Dossier) -> Step:
    return case.processing.step(dossier.status.step)


def start_processing(case: Case, procedure: Procedure, dossier: Dossier, directory: AgencyDirectory,
                     calendar: WorkingCalendar, now: dt.datetime) -> None:
    """Put a just-submitted dossier at the first step (national status 1), at its agency."""
    first = case.processing.first_step
    dossier.agency_code = resolve_agency(first.agency, dossier, procedure, directory)
    dossier.status = Status(step=first.id, national_code=first.status)
    dossier.is_draft = False
    dossier.submitted_at = now
    if first.duration is not None:
        dossier.step_deadlines[first.id] = calendar.add(
            calendar.start_of_counting(now), first.duration.amount, first.duration.unit)


def allowed_actions(case: Case, dossier: Dossier, actor: Actor) -> list[Action]:
    """The actions ``actor`` may take now (conditions on the data choose the branch)."""
    step = current_step(case, dossier)
    if step.end or not actor.may_act_at(step, dossier.agency_code):
        return []
    return [a for a in step.actions if a.when is None or a.when.holds(dossier.data)]


def is_late(dossier: Dossier, calendar: WorkingCalendar, now: dt.datetime) -> bool:
    if dossier.due_at is None:
        return False
    return calendar.status(dossier.due_at, now, pauses=_open_pauses(dossier)) == "overdue"


def _open_pauses(dossier: Dossier) -> list[tuple[dt.datetime, dt.datetime | None]]:
    return [(p.start, None) for p in dossier.pauses if p.end is None]


def plan_transition(case: Case, procedure: Procedure, dossier: Dossier, action_id: str, actor: Actor,
                    directory: AgencyDirectory, calendar: WorkingCalendar, now: dt.datetime, *,
                    comment: str | None = None, attachments: tuple[str, ...] = (),
                    new_due_at: dt.datetime | None = None) -> Transition:
    """Check that ``actor`` may take ``action_id`` now and work out where it leads."""
    step = current_step(case, dossier)
    action = step.action(action_id)
    if action is None or action not in allowed_actions(case, dossier, actor):
        raise ActionNotAllowedError(f"'{action_id}' is not possible at step '{step.id}' for you")
    comment = (comment or "").strip() or None
    if "comment" in action.requires and not comment:
        raise MissingInputError("a comment is required for this action")
    if {"attachment", "result-document"} & set(action.requires) and not attachments:
        raise MissingInputError("a document is required for this action")
    target = case.processing.step(action.to)
    if action.kind == "return-result" and outstanding_fees(dossier, ("supplement", "result")) > 0:
        raise MissingInputError("fees due at result are not paid yet")
    late = actor.kind == "official" and action.kind in ("forward", "approve", "issue-result", "return-result") \
        and is_late(dossier, calendar, now) and not _apologised(dossier)
    if late and new_due_at is None:
        raise MissingInputError("the dossier is late: give a new appointment date for the apology slip (04)")
    if new_due_at is not None and new_due_at <= now:
        raise MissingInputError("the new appointment date must be in the future")
    agency = resolve_agency(target.agency, dossier, procedure, directory)
    return Transition(action, step, target, agency, comment, tuple(attachments), new_due_at if late else None)


def outstanding_fees(dossier: Dossier, moments: tuple[str, ...] = ("receipt", "supplement", "result")) -> int:
    """What the applicant still owes of the fees due at ``moments`` (payments count towards the earliest)."""
    lines = (dossier.fees or {}).get("lines", [])
    due = sum(int(line["amount"]) for line in lines if line.get("collect_at", "receipt") in moments)
    earlier = sum(int(line["amount"]) for line in lines
                  if line.get("collect_at", "receipt") not in moments)
    paid = sum(int(p["amount"]) for p in dossier.payments if p.get("status") == "paid")
    return max(0, due - max(0, paid - earlier))


def _apologised(dossier: Dossier) -> bool:
    return any("04" in e.data.get("slips", ()) for e in dossier.events)


def apply_transition(case: Case, dossier: Dossier, transition: Transition, actor: Actor,
                     calendar: WorkingCalendar, now: dt.datetime) -> None:
    """Change ``dossier`` as ``transition`` says and log the event (in place)."""
    source, target, action = transition.from_step, transition.to_step, transition.action
    if source.waits_for_applicant:
        _resume(dossier, calendar, now)
    if action.kind == "accept" and dossier.received_at is None:
        dossier.received_at = now
        dossier.due_at = calendar.deadline_for(now, case.time_limit.amount, case.time_limit.unit)
    if transition.new_due_at is not None:
        dossier.due_at = transition.new_due_at
    if target.waits_for_applicant:
        dossier.pauses.append(Pause(start=now, end=None, reason=action.kind))
    elif target.duration is not None and not target.end:
        dossier.step_deadlines[target.id] = calendar.add(
            calendar.start_of_counting(now), target.duration.amount, target.duration.unit)
    if actor.kind == "official":
        dossier.assignments[source.id] = actor.id
    dossier.status = Status(step=target.id, national_code=target.status)
    dossier.agency_code = transition.agency_code
    if target.end and target.status == 10:
        dossier.returned_at = now
    dossier.updated_at = now
    dossier.append_event(
        actor=actor.id, actor_role=source.role if actor.kind == "official" else actor.kind,
        action=action.id, at=now, from_step=source.id, to_step=target.id, comment=transition.comment,
        attachments=list(transition.attachments),
        data={"kind": action.kind, "national_code": target.status, "agency": transition.agency_code,
              "slips": list(transition.slips),
              **({"new_due_at": transition.new_due_at.isoformat()} if transition.new_due_at else {})})


def _resume(dossier: Dossier, calendar: WorkingCalendar, now: dt.datetime) -> None:
    """Close the open pause and move the overall deadline by the working time paused."""
    for pause in dossier.pauses:
        if pause.end is None:
            pause.end = now
            if dossier.due_at is not None:
                moved = calendar.deadline_after_pauses(dossier.due_at, [(pause.start, pause.end)])
                dossier.due_at = moved or dossier.due_at
