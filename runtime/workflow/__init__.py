"""The generic workflow: a definition's processing steps drive every dossier.

Pure functions over the dossier model, the compiled definition and the
working-day calendar; the services wrap them in units of work.
"""

from .deadlines import DeadlineView, deadline_view
from .engine import (
    ActionNotAllowedError,
    Actor,
    MissingInputError,
    Transition,
    WorkflowError,
    allowed_actions,
    apply_transition,
    current_step,
    exchange_actor,
    outstanding_fees,
    plan_transition,
    start_processing,
)
from .routing import resolve_agency

__all__ = [
    "ActionNotAllowedError", "Actor", "DeadlineView", "MissingInputError", "Transition", "WorkflowError",
    "allowed_actions", "apply_transition", "current_step", "deadline_view", "exchange_actor", "outstanding_fees",
    "plan_transition",
    "resolve_agency", "start_processing",
]
