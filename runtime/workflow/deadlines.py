"""Deadline status per step and overall, judged on the working-day calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..calendar import WorkingCalendar
from ..dossiers.model import Dossier


@dataclass(frozen=True, slots=True)
class DeadlineView:
    overall: str | None
    """on_time, due_soon, overdue; None before receipt."""
    step: str | None
    """The current step's status; None when the step has no deadline."""
    paused: bool
    due_at: dt.datetime | None
    step_due_at: dt.datetime | None


def deadline_view(dossier: Dossier, calendar: WorkingCalendar, now: dt.datetime) -> DeadlineView:
    """How the dossier stands against its deadlines at ``now``.

    While the dossier waits for the applicant the clock is paused: its
    remaining time is frozen and it never turns overdue for that wait.
    """
    open_pauses = [(p.start, None) for p in dossier.pauses if p.end is None]
    paused = bool(open_pauses)
    overall = None if dossier.due_at is None else calendar.status(dossier.due_at, now, pauses=open_pauses)
    step_due = dossier.step_deadline
    step = None
    if step_due is not None and not paused:
        step = calendar.status(step_due, now)
    return DeadlineView(overall, step, paused, dossier.due_at, step_due)
