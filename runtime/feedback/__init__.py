"""Citizens' feedback (phản ánh, kiến nghị): sent about a dossier or a procedure, routed to the responsible
agency with a deadline in working days, answered by an official, published without personal data."""

from .redact import redact
from .service import (
    DEFAULT_WORKING_DAYS,
    MAX_ANSWER,
    MAX_TEXT,
    MIN_TEXT,
    FeedbackRefused,
    answer_feedback,
    send_feedback,
)

__all__ = ["DEFAULT_WORKING_DAYS", "MAX_ANSWER", "MAX_TEXT", "MIN_TEXT", "FeedbackRefused", "answer_feedback",
           "redact", "send_feedback"]
