"""The log of every read of a citizen's identity data: who, when, for which dossier, which attributes.

Append-only: :class:`IdentityLookupLog` has no way to change or remove an entry.
The default writes JSON lines to ``instance/logs/identity-lookups.jsonl``, one
``write`` per line on a file opened for appending, under a thread lock and a
file lock (several worker processes may share the file).
"""

from __future__ import annotations

import json
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class IdentityLookup:
    actor: str
    """Who read the data: the citizen's account id (or an official's user name)."""
    subject: str
    """Whose data: the personal ID number."""
    attributes: tuple[str, ...]
    dossier_id: str | None = None
    draft_id: str | None = None
    provider: str | None = None
    purpose: str = "autofill"
    at: datetime = field(default_factory=_now)

    def __post_init__(self) -> None:
        if not (self.dossier_id or self.draft_id):
            raise ValueError("an identity lookup is for a dossier or a draft")
        if self.at.tzinfo is None:
            raise ValueError("lookup times carry a timezone")

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "actor": self.actor, "subject": self.subject,
                "dossier_id": self.dossier_id, "draft_id": self.draft_id, "attributes": list(self.attributes),
                "provider": self.provider, "purpose": self.purpose}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> IdentityLookup:
        return cls(raw["actor"], raw["subject"], tuple(raw.get("attributes") or ()), raw.get("dossier_id"),
                   raw.get("draft_id"), raw.get("provider"), raw.get("purpose", "autofill"),
                   datetime.fromisoformat(raw["at"]))


class IdentityLookupLog(ABC):
    @abstractmethod
    def record(self, lookup: IdentityLookup) -> None:
        """Append one lookup; raise if it could not be written (the read must then not happen)."""

    @abstractmethod
    def __iter__(self) -> Iterator[IdentityLookup]:
        """Every lookup, oldest first."""

    def for_subject(self, personal_id: str) -> list[IdentityLookup]:
        return [entry for entry in self if entry.subject == personal_id]


class JsonLinesLookupLog(IdentityLookupLog):
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._file_lock = FileLock(str(self.path) + ".lock")

    def record(self, lookup: IdentityLookup) -> None:
        line = (json.dumps(lookup.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self._file_lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                written = os.write(fd, line)
                if written != len(line):
                    raise OSError(f"identity lookup log: short write ({written} of {len(line)} bytes)")
                os.fsync(fd)
            finally:
                os.close(fd)

    def __iter__(self) -> Iterator[IdentityLookup]:
        if not self.path.exists():
            return iter(())
        with self.path.open(encoding="utf-8") as lines:
            entries = [IdentityLookup.from_dict(json.loads(line)) for line in lines if line.strip()]
        return iter(entries)


class MemoryLookupLog(IdentityLookupLog):
    """For tests and tools."""

    def __init__(self, entries: Iterable[IdentityLookup] = ()):
        self.entries = list(entries)

    def record(self, lookup: IdentityLookup) -> None:
        self.entries.append(lookup)

    def __iter__(self) -> Iterator[IdentityLookup]:
        return iter(list(self.entries))


def prefill_logged(case: Any, identity: Any, log: IdentityLookupLog, *, actor: str,
                   dossier_id: str | None = None, draft_id: str | None = None,
                   answers: Any = None, page: Any = None) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """:func:`~runtime.identity.autofill.prefill`, logged first (nothing is returned unless logged)."""
    from .autofill import autofill_fields, prefill

    looked_up = tuple(sorted({f.source for f in autofill_fields(case, page).values() if f.applies(answers)}))
    log.record(IdentityLookup(actor, identity.personal_id, looked_up, dossier_id, draft_id,
                              getattr(identity, "provider", None)))
    return prefill(case, identity, answers, page)
