"""Procedure definitions in the store: numbered versions, their status, a change log.

The runtime serves the version *in force* (:func:`in_force`); the studio
(``builder.studio``) writes drafts, sends them for review and publishes them.
Every publication bumps the store's *publication stamp*, which each worker
reads cheaply to notice that its catalogue must be rebuilt.

Usage::

    with store.unit_of_work() as uow:
        record = uow.definitions.get("1.001193", 3)
        record.document["name"]["vi"] = "..."
        uow.definitions.update(record)           # StaleDefinitionError if someone saved first
        uow.definitions.log_change(ChangeEntry.new("admin.hcm", "edit", record.code, record.number))
        uow.commit()
"""

from __future__ import annotations

import datetime as dt
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from runtime.dossiers.audit import GENESIS_HASH, canonical_json
from runtime.storage.base import StorageError

#: Every status a stored version can have ("scheduled" is published with a future date).
STATUSES = ("draft", "review", "published", "retired")


class DefinitionNotFound(StorageError):
    """No stored version has this code and number."""


class StaleDefinitionError(StorageError):
    """The version was saved by someone else since it was read."""

    def __init__(self, code: str, number: int, expected: int, actual: int) -> None:
        self.code, self.number, self.expected, self.actual = code, number, expected, actual
        super().__init__(f"{code} version {number} was saved by someone else (read at revision "
                         f"{expected}, now {actual}): reload it and apply the change again")


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass
class DefinitionRecord:
    """One numbered version of one procedure's definition."""

    code: str
    document: dict[str, Any]
    scope: str
    """Who owns it: ``province:<code>`` or an agency code (see builder.studio.roles)."""
    author: str
    status: str = "draft"
    number: int = 0
    """1, 2, 3... per code; given by :meth:`DefinitionRepository.add`."""
    revision: int = 0
    """Optimistic-concurrency counter, incremented by every save."""
    created_at: str = field(default_factory=utcnow)
    updated_at: str = field(default_factory=utcnow)
    effective_from: str | None = None
    """ISO date from which a published version is in force."""
    published_at: str | None = None
    published_by: str | None = None
    based_on: int | None = None
    """The version this one was copied from."""

    def to_row(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DefinitionRecord:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__ if k in row})

    def display_status(self, today: dt.date) -> str:
        """The status shown to people: a published version not yet in force is "scheduled"."""
        if self.status == "published" and self.effective_from and \
                dt.date.fromisoformat(self.effective_from) > today:
            return "scheduled"
        return self.status


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the studio's change log, chained to the previous line by its hash."""

    seq: int
    at: str
    actor: str
    action: str
    code: str
    number: int | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    @staticmethod
    def new(actor: str, action: str, code: str, number: int | None,
            detail: dict[str, Any] | None = None) -> ChangeEntry:
        """An entry not yet chained (the repository sets seq, prev_hash and hash)."""
        return ChangeEntry(0, utcnow(), actor, action, code, number, detail or {}, "", "")

    def chained(self, seq: int, prev_hash: str) -> ChangeEntry:
        body = {**asdict(self), "seq": seq, "prev_hash": prev_hash}
        body.pop("hash")
        digest = hashlib.sha256(canonical_json(body)).hexdigest()
        return ChangeEntry(**{**body, "hash": digest})


def verify_changes(entries: Iterable[ChangeEntry]) -> list[str]:
    """Every break in the change log's hash chain (empty when intact)."""
    problems: list[str] = []
    prev = GENESIS_HASH
    for n, entry in enumerate(entries, 1):
        if entry.seq != n:
            problems.append(f"entry {n} has sequence number {entry.seq}")
        if entry.prev_hash != prev or entry.chained(entry.seq, entry.prev_hash).hash != entry.hash:
            problems.append(f"entry {entry.seq} was altered or does not follow entry {n - 1}")
        prev = entry.hash
    return problems


def in_force(records: Iterable[DefinitionRecord], day: dt.date) -> dict[str, DefinitionRecord]:
    """Per code, the published version in force on ``day``.

    That is the published version with the latest effective date not after
    ``day`` (the highest number on a tie); a version published for a later
    date ("scheduled") takes over on that date without anyone acting.
    """
    best: dict[str, DefinitionRecord] = {}
    for record in records:
        if record.status != "published":
            continue
        start = dt.date.fromisoformat(record.effective_from) if record.effective_from else dt.date.min
        if start > day:
            continue
        current = best.get(record.code)
        key = (start, record.number)
        if current is None or key > (_start(current), current.number):
            best[record.code] = record
    return best


def _start(record: DefinitionRecord) -> dt.date:
    return dt.date.fromisoformat(record.effective_from) if record.effective_from else dt.date.min


class DefinitionRepository(ABC):
    """Stored definition versions inside one unit of work."""

    @abstractmethod
    def add(self, record: DefinitionRecord) -> None:
        """Store a new version: sets ``record.number`` (next for its code) and revision 1."""

    @abstractmethod
    def get(self, code: str, number: int) -> DefinitionRecord:
        """Return one version; raise :class:`DefinitionNotFound`."""

    @abstractmethod
    def versions(self, code: str) -> list[DefinitionRecord]:
        """Every version of ``code``, oldest first."""

    @abstractmethod
    def all(self) -> list[DefinitionRecord]:
        """Every stored version of every code, by code then number."""

    @abstractmethod
    def update(self, record: DefinitionRecord) -> None:
        """Save a version read at ``record.revision``; :class:`StaleDefinitionError` if it moved.

        On success ``record.revision`` is incremented. A status change to or from
        "published" also bumps the publication stamp.
        """

    @abstractmethod
    def publication_stamp(self) -> int:
        """A number that grows whenever what is published changes (cheap to read)."""

    @abstractmethod
    def log_change(self, entry: ChangeEntry) -> ChangeEntry:
        """Append to the change log, chained to the last entry; return the stored entry."""

    @abstractmethod
    def changes(self, code: str | None = None) -> list[ChangeEntry]:
        """The change log (of one code, or all), oldest first."""
