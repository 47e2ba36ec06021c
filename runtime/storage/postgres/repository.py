"""Dossier repository and dossier codes over one PostgreSQL transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql

from runtime.dossiers.model import Dossier, utcnow
from runtime.storage.base import (
    DossierNotFound,
    DossierRepository,
    DuplicateDossierError,
    ReferenceSequence,
    StaleDossierError,
)
from runtime.storage.integrity import check_event_log, snapshot
from runtime.storage.postgres import queries as q
from runtime.storage.query import DossierQuery, DossierSummary, InboxCounts, InboxQuery

if TYPE_CHECKING:
    from runtime.storage.postgres.store import PostgresUnitOfWork


_BY_ID = q.SELECT_DOSSIER + " WHERE d.id = %s"
_BY_REFERENCE = q.SELECT_DOSSIER + " WHERE d.reference = %s"


class PostgresReferences(ReferenceSequence):
    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self.uow = uow

    def next_reference(self, agency_code: str, on_date: date) -> str:
        # The upsert locks the (agency, day) row until commit: concurrent takers
        # wait, and a rollback gives the number back.
        row = self.uow.conn().execute(
            "INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES (%s, %s, 1) "
            "ON CONFLICT (agency_code, day) DO UPDATE "
            "SET last_value = dossier_sequences.last_value + 1 RETURNING last_value",
            (agency_code, on_date),
        ).fetchone()
        assert row is not None
        return self.uow.store.format_reference(agency_code, on_date, row[0])


class PostgresDossierRepository(DossierRepository):
    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self.uow = uow

    def _fetch(self, statement: sql.Composable | str, params: list[Any]) -> list[Dossier]:
        rows = self.uow.conn().execute(statement, params).fetchall()  # type: ignore[arg-type]
        dossiers = []
        for doc, version, events in rows:
            doc["version"], doc["events"] = version, events
            dossiers.append(Dossier.from_dict(doc))
        return dossiers

    def add(self, dossier: Dossier) -> None:
        doc = snapshot(dossier)
        check_event_log(dossier.id, doc["events"])
        doc["version"] = 1
        params = q.row_params(dossier, doc)
        params["events"] = q.jsonb(doc["events"])
        inserted = self.uow.conn().execute(q.INSERT_DOSSIER, params).fetchone()
        if inserted is None:
            raise DuplicateDossierError(
                f"dossier {dossier.id} or dossier code {dossier.reference} is already stored"
            )
        dossier.version = 1

    def get(self, dossier_id: str) -> Dossier:
        found = self._fetch(_BY_ID, [dossier_id])
        if not found:
            raise DossierNotFound(f"dossier {dossier_id} does not exist")
        return found[0]

    def get_by_reference(self, reference: str) -> Dossier:
        found = self._fetch(_BY_REFERENCE, [reference])
        if not found:
            raise DossierNotFound(f"no dossier has the code {reference}")
        return found[0]

    def update(self, dossier: Dossier) -> None:
        conn = self.uow.conn()
        current = conn.execute(
            "SELECT version, event_count, last_event_hash FROM dossiers WHERE id = %s FOR UPDATE",
            (dossier.id,),
        ).fetchone()
        if current is None:
            raise DossierNotFound(f"dossier {dossier.id} does not exist")
        version, event_count, last_hash = current
        if version != dossier.version:
            raise StaleDossierError(dossier.id, dossier.version, version)
        doc = snapshot(dossier)
        check_event_log(dossier.id, doc["events"], event_count, last_hash)
        now = utcnow()
        doc["updated_at"] = now.isoformat()
        doc["version"] = version + 1
        params = q.row_params(dossier, doc)
        params.update(updated_at=now, expected=version)
        try:
            cursor = conn.execute(q.UPDATE_DOSSIER, params)
        except psycopg.errors.UniqueViolation as exc:
            raise DuplicateDossierError(f"dossier code {dossier.reference} is already used") from exc
        if cursor.rowcount != 1:  # cannot happen under FOR UPDATE; kept as a guard
            raise StaleDossierError(dossier.id, dossier.version, None)
        new_events = doc["events"][event_count:]
        if new_events:
            conn.execute(q.INSERT_EVENTS, (dossier.id, q.jsonb(new_events)))
        dossier.version = version + 1
        dossier.updated_at = now

    def list(self, query: DossierQuery) -> list[Dossier]:
        clause, params = q.where(query)
        order, more = q.order_and_page(query)
        return self._fetch(sql.SQL(q.SELECT_DOSSIER) + clause + order, params + more)

    def count(self, query: DossierQuery) -> int:
        clause, params = q.where(query)
        row = self.uow.conn().execute(
            sql.SQL("SELECT count(*) FROM dossiers d") + clause, params
        ).fetchone()
        return 0 if row is None else int(row[0])

    def list_summaries(self, query: DossierQuery) -> list[DossierSummary]:
        clause, params = q.where(query)
        order, more = q.order_and_page(query)
        columns = sql.SQL(", ").join(sql.Identifier("d", c) for c in q.SUMMARY_COLUMNS)
        statement = sql.SQL("SELECT {} FROM dossiers d").format(columns) + clause + order
        return [q.to_summary(r) for r in self.uow.conn().execute(statement, params + more)]

    def inbox(self, query: InboxQuery) -> list[DossierSummary]:
        if not query.slots or query.limit == 0:
            return []
        statement, params = q.inbox_statement(query)
        return [q.to_summary(r) for r in self.uow.conn().execute(statement, params)]  # type: ignore[arg-type]

    def inbox_counts(self, query: InboxQuery, now: datetime, soon_until: datetime) -> InboxCounts:
        if not query.slots:
            return InboxCounts()
        statement, params = q.inbox_counts_statement(query, now, soon_until)
        row = self.uow.conn().execute(statement, params).fetchone()  # type: ignore[arg-type]
        assert row is not None
        return InboxCounts(*row)

    def iter_ids(self) -> Iterator[str]:
        last = ""
        while True:
            rows = self.uow.conn().execute(
                'SELECT id FROM dossiers WHERE id COLLATE "C" > %s ORDER BY id COLLATE "C" LIMIT 1000',
                (last,),
            ).fetchall()
            if not rows:
                return
            for (dossier_id,) in rows:
                yield dossier_id
            last = rows[-1][0]
