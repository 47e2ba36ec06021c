"""The portal connector contract."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class PortalSyncError(Exception):
    """The portal could not take the update now; the job is retried later.

    ``sent``: the request went out but no answer came back (a timeout, a 5xx),
    so the portal may hold it already; False when it never reached the portal.
    """

    def __init__(self, message: str, *, sent: bool = False):
        super().__init__(message)
        self.sent = sent


@dataclass(frozen=True)
class PortalAnswer:
    """What the portal said about one update."""

    accepted: bool
    reason: str = ""
    """Why it was refused (the portal's words), or ``"duplicate"`` when it had it already."""


ACCEPTED = PortalAnswer(True)


class PortalSync(Protocol):
    name: str

    def push(self, update: Mapping[str, Any]) -> PortalAnswer | None:
        """Report one status update (docs/portal.md); None means accepted.

        Must be idempotent: the same update (same ``idempotency_key``) may be
        pushed twice after a worker dies. Raises :class:`PortalSyncError` when
        the portal cannot be reached or answers with a server error.
        """


class QueryablePortal(PortalSync, Protocol):
    def sequences(self, dossier_code: str) -> list[int]:
        """The sequence numbers the portal holds for a dossier (for ``motcua portal reconcile``)."""
