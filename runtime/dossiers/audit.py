"""Tamper-evident event log: a SHA-256 hash chain over a dossier's events.

Each event's hash is ``sha256(canonical_json(fields + prev_hash))`` where the
fields are every event field except ``hash`` itself; the first event chains to
:data:`GENESIS_HASH`. Changing, removing or reordering any stored event breaks
the chain from that point on, which :func:`verify_chain` reports.

This module works on plain dicts (``Event.to_dict()`` output) so that stores can
check chains without building model objects; it imports nothing from the
model at run time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runtime.dossiers.model import Dossier

#: ``prev_hash`` of the first event of every dossier.
GENESIS_HASH = "0" * 64

#: Event fields covered by the hash, in addition to ``prev_hash``.
HASHED_FIELDS = (
    "seq",
    "at",
    "actor",
    "actor_role",
    "action",
    "from_step",
    "to_step",
    "comment",
    "attachments",
    "data",
    "prev_hash",
)


def canonical_json(value: Any) -> bytes:
    """Serialize ``value`` deterministically (sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _normalize_at(value: Any) -> str:
    """Hash timestamps as UTC ISO-8601 so equal instants hash equally."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValueError(f"event time must be a timezone-aware datetime, got {value!r}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(event: Mapping[str, Any]) -> str:
    """Return the chain hash of an event given as a mapping of its fields.

    ``at`` may be a datetime or an ISO-8601 string; ``hash`` is ignored.
    """
    body = {name: event.get(name) for name in HASHED_FIELDS}
    body["at"] = _normalize_at(body["at"])
    body["attachments"] = list(body["attachments"] or [])
    body["data"] = dict(body["data"] or {})
    return hashlib.sha256(canonical_json(body)).hexdigest()


def verify_event_dicts(events: Sequence[Mapping[str, Any]]) -> list[str]:
    """Check a chain given as event dicts; return human-readable problems."""
    problems: list[str] = []
    previous = GENESIS_HASH
    for index, event in enumerate(events):
        label = f"event {index + 1}"
        if event.get("seq") != index + 1:
            problems.append(f"{label}: sequence number is {event.get('seq')!r}, expected {index + 1}")
        if event.get("prev_hash") != previous:
            problems.append(f"{label}: prev_hash does not match the hash of the event before it")
        try:
            expected = event_hash(event)
        except (TypeError, ValueError) as exc:
            problems.append(f"{label}: cannot be hashed ({exc})")
        else:
            if event.get("hash") != expected:
                problems.append(f"{label}: hash mismatch, its content was altered")
        previous = str(event.get("hash"))
    return problems


def verify_chain(dossier: Dossier) -> list[str]:
    """Return the problems found in ``dossier``'s event chain (empty if intact)."""
    return verify_event_dicts([event.to_dict() for event in dossier.events])
