"""Rate limits and failed-login limits shared by every worker and node.

Counts live in the store (PostgreSQL table ``rate_counters``; for the embedded
store a SQLite file beside it), so the same client meets the same limit
whichever worker or node answers; ``MOTCUA_RATE_LIMITS = "memory"`` keeps them
per process (tests, previews). Windows are fixed (``time // window``).
"""

from .base import Counter, WindowLimiter
from .wiring import counter, init_app, limiter

__all__ = ["Counter", "WindowLimiter", "counter", "init_app", "limiter"]
