"""Unit of work, dossier repository and dossier codes of the embedded store.

Changes are recorded in memory (as JSON snapshots) and only written at
``commit()``, under the store's write lock, through the intent journal. The
lock is taken early only by ``next_reference`` (so that dossier codes are
gap-free and unique) and is then held until the unit of work ends: keep
such units of work short.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import orjson

from runtime.dossiers.model import Dossier, utcnow
from runtime.storage.base import (
    DossierNotFound,
    DossierRepository,
    DuplicateDossierError,
    ReferenceSequence,
    StaleDossierError,
    UnitOfWork,
)
from runtime.storage.integrity import check_event_log, snapshot
from runtime.storage.query import (
    DossierQuery,
    DossierSummary,
    InboxCounts,
    InboxQuery,
    count_inbox,
    row_matches,
    row_to_summary,
    select_inbox,
    select_rows,
    summary_row,
)
from runtime.storage.tinydb_store import indexes
from runtime.storage.tinydb_store.definitions import TinyDBDefinitionRepository
from runtime.storage.tinydb_store.exchange import TinyDBExchangeRepository
from runtime.storage.tinydb_store.feedback import TinyDBFeedbackRepository
from runtime.storage.tinydb_store.files import Staging

if TYPE_CHECKING:
    from runtime.storage.tinydb_store.store import TinyDBStore

Row = dict[str, Any]


@dataclass
class _Pending:
    doc: Row
    base_version: int | None  # None: added in this unit of work


class TinyDBUnitOfWork(UnitOfWork):
    """All-or-nothing changes to an embedded store."""

    def __init__(self, store: TinyDBStore) -> None:
        self.store = store
        self.pending: dict[str, _Pending] = {}
        self.staging: Staging | None = None
        self.dossiers = TinyDBDossierRepository(self)
        self.references = TinyDBReferences(self)
        self.definitions = TinyDBDefinitionRepository(self)
        self.exchange = TinyDBExchangeRepository(self)
        self.feedback = TinyDBFeedbackRepository(self)

    def locked_staging(self) -> Staging:
        """Take the write lock (once) and return this unit of work's staging area."""
        if self.staging is None:
            self.store.acquire()
            self.staging = Staging(self.store.root)
        return self.staging

    def commit(self) -> None:
        if not self.pending and self.staging is None:
            return  # nothing to write: do not take the lock
        staging = self.locked_staging()
        try:
            for pending in self.pending.values():
                indexes.store_dossier(staging, self.store.layout, pending.doc, pending.base_version)
            self.store.journal.commit(staging.changes)
        finally:
            self._reset()

    def rollback(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.pending.clear()
        if self.staging is not None:
            self.staging = None
            self.store.release()

    def reader(self) -> Staging:
        """Staging to read through: this unit of work's if it holds the lock."""
        if self.staging is not None:
            return self.staging
        self.store.ensure_recovered()
        return Staging(self.store.root)


class TinyDBReferences(ReferenceSequence):
    def __init__(self, uow: TinyDBUnitOfWork) -> None:
        self.uow = uow

    def next_reference(self, agency_code: str, on_date: date) -> str:
        staging = self.uow.locked_staging()
        number = indexes.next_number(staging, self.uow.store.layout, agency_code, on_date)
        return self.uow.store.format_reference(agency_code, on_date, number)


class TinyDBDossierRepository(DossierRepository):
    def __init__(self, uow: TinyDBUnitOfWork) -> None:
        self.uow = uow

    def _doc(self, dossier_id: str) -> Row | None:
        pending = self.uow.pending.get(dossier_id)
        if pending is not None:
            return pending.doc
        try:
            return indexes.read_dossier(self.uow.reader(), self.uow.store.layout, dossier_id)
        except ValueError:  # not a valid id, so not stored
            return None

    def add(self, dossier: Dossier) -> None:
        if self._doc(dossier.id) is not None:
            raise DuplicateDossierError(f"dossier {dossier.id} is already stored")
        if dossier.reference and self._holder(dossier.reference) not in (None, dossier.id):
            raise DuplicateDossierError(f"dossier code {dossier.reference} is already used")
        doc = snapshot(dossier)
        check_event_log(dossier.id, doc["events"])
        doc["version"] = 1
        self.uow.pending[dossier.id] = _Pending(doc, None)
        dossier.version = 1

    def get(self, dossier_id: str) -> Dossier:
        doc = self._doc(dossier_id)
        if doc is None:
            raise DossierNotFound(f"dossier {dossier_id} does not exist")
        return Dossier.from_dict(orjson.loads(orjson.dumps(doc)))

    def _holder(self, reference: str) -> str | None:
        for dossier_id, pending in self.uow.pending.items():
            if pending.doc["reference"] == reference:
                return dossier_id
        return indexes.lookup_reference(self.uow.reader(), self.uow.store.layout, reference)

    def get_by_reference(self, reference: str) -> Dossier:
        dossier_id = self._holder(reference)
        if dossier_id is None:
            raise DossierNotFound(f"no dossier has the code {reference}")
        return self.get(dossier_id)

    def update(self, dossier: Dossier) -> None:
        current = self._doc(dossier.id)
        if current is None:
            raise DossierNotFound(f"dossier {dossier.id} does not exist")
        if current["version"] != dossier.version:
            raise StaleDossierError(dossier.id, dossier.version, current["version"])
        doc = snapshot(dossier)
        stored = current["events"]
        check_event_log(dossier.id, doc["events"], len(stored), stored[-1]["hash"] if stored else None)
        now = utcnow()
        doc["updated_at"] = now.isoformat()
        doc["version"] = dossier.version + 1
        previous = self.uow.pending.get(dossier.id)
        base = previous.base_version if previous is not None else dossier.version
        self.uow.pending[dossier.id] = _Pending(doc, base)
        dossier.version += 1
        dossier.updated_at = now

    def _candidates(self, query: DossierQuery) -> list[Row]:
        """Index rows that may match, with this unit of work's changes overlaid."""
        rows = self.uow.store.index_rows(query)
        if self.uow.pending:
            rows = [r for r in rows if r["id"] not in self.uow.pending]
            rows += [summary_row(Dossier.from_dict(p.doc)) for p in self.uow.pending.values()]
        return rows

    def _rows(self, query: DossierQuery) -> list[Row]:
        return select_rows(self._candidates(query), query)

    def list(self, query: DossierQuery) -> list[Dossier]:
        return [self.get(row["id"]) for row in self._rows(query)]

    def count(self, query: DossierQuery) -> int:
        return sum(1 for row in self._candidates(query) if row_matches(row, query))

    def list_summaries(self, query: DossierQuery) -> list[DossierSummary]:
        return [row_to_summary(row) for row in self._rows(query)]

    def _slot_rows(self, query: InboxQuery) -> list[Row]:
        rows: list[Row] = []
        for agency in query.agencies:
            rows += self._candidates(DossierQuery(agency_code=agency))
        return rows

    def inbox(self, query: InboxQuery) -> list[DossierSummary]:
        return [row_to_summary(row) for row in select_inbox(self._slot_rows(query), query)]

    def inbox_counts(self, query: InboxQuery, now: datetime, soon_until: datetime) -> InboxCounts:
        return count_inbox(self._slot_rows(query), query, now, soon_until)

    def iter_ids(self) -> Iterator[str]:
        yield from self.uow.store.iter_ids()
