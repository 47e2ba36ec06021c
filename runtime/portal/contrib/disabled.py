"""No portal synchronisation (``MOTCUA_PORTAL_SYNC = "none"``, the default)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class NoPortalSync:
    name = "none"

    def push(self, update: Mapping[str, Any]) -> None:
        return None


def build(config: Mapping[str, Any]) -> NoPortalSync:
    return NoPortalSync()
