"""Application services: each user action is one unit of work over the store.

Views stay thin: they call these functions with the services bundle, the
acting person and what they typed; domain errors are mapped to clear pages at
the web edge.
"""

from .context import Services
from .processing import ActionOutcome, act_on_dossier
from .submission import SubmissionError, submit_draft

__all__ = ["ActionOutcome", "Services", "SubmissionError", "act_on_dossier", "submit_draft"]
