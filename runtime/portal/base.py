"""The portal connector contract."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class PortalSyncError(Exception):
    """The portal could not take the update now; the job is retried later."""


class PortalSync(Protocol):
    name: str

    def push(self, update: Mapping[str, Any]) -> None:
        """Report one dossier status (``reference``, ``national_code``, ``status``, ``at``...).

        Must be idempotent: the same update may be pushed twice after a worker dies.
        """
