"""Checks every backend runs before writing a dossier's event log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from runtime.dossiers.audit import verify_event_dicts
from runtime.dossiers.model import Dossier
from runtime.storage.base import EventLogError


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """A detached JSON copy of a dossier: later edits to the object do not leak in,
    and anything that is not JSON fails here, before any write."""
    return orjson.loads(orjson.dumps(dossier.to_dict()))


def check_event_log(
    dossier_id: str,
    events: Sequence[dict[str, Any]],
    stored_count: int = 0,
    stored_last_hash: str | None = None,
) -> None:
    """Refuse an event log that rewrites history.

    ``events`` is the log about to be stored; ``stored_count`` and
    ``stored_last_hash`` describe the log already stored. The new log must
    keep every stored event (same count at least, same hash at the last stored
    position) and form a valid hash chain, which together prove the stored
    events are unchanged and the new ones are appended.
    """
    if len(events) < stored_count:
        raise EventLogError(
            f"dossier {dossier_id}: the update drops stored events "
            f"({stored_count} stored, {len(events)} given); events are append-only"
        )
    if stored_count and events[stored_count - 1].get("hash") != stored_last_hash:
        raise EventLogError(
            f"dossier {dossier_id}: the update changes stored event {stored_count} "
            "or one before it; events are append-only"
        )
    stored_problems = verify_event_dicts(events[:stored_count])
    if stored_problems:
        raise EventLogError(
            f"dossier {dossier_id}: the update changes stored events "
            f"({'; '.join(stored_problems)}); events are append-only"
        )
    problems = verify_event_dicts(events)
    if problems:
        raise EventLogError(
            f"dossier {dossier_id}: the new events do not form a valid hash chain "
            f"({'; '.join(problems)}); add them with Dossier.append_event()"
        )
