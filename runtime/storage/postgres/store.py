"""The PostgreSQL store: a connection pool, one transaction per unit of work."""

from __future__ import annotations

from collections.abc import Iterable

import orjson
import psycopg
from psycopg.types.json import set_json_loads
from psycopg_pool import ConnectionPool, PoolTimeout

from runtime.dossiers.model import Dossier
from runtime.storage.base import (
    DuplicateDossierError,
    StorageError,
    Store,
    StoreBusyError,
    UnitOfWork,
    UnsupportedUsageError,
)
from runtime.storage.integrity import check_event_log, snapshot
from runtime.storage.postgres import queries as q
from runtime.storage.postgres.definitions import PostgresDefinitionRepository
from runtime.storage.postgres.exchange import PostgresExchangeRepository
from runtime.storage.postgres.feedback import PostgresFeedbackRepository
from runtime.storage.postgres.migrate import check_version
from runtime.storage.postgres.repository import PostgresDossierRepository, PostgresReferences
from runtime.storage.postgres.url import redact, split_url


def _configure(conn: psycopg.Connection) -> None:
    set_json_loads(orjson.loads, conn)


class PostgresUnitOfWork(UnitOfWork):
    """One database transaction, on a connection borrowed from the pool on first use."""

    def __init__(self, store: PostgresStore, *, reads_only: bool = False) -> None:
        self.store = store
        self.reads_only = reads_only
        """:meth:`PostgresStore.reading`: autocommit, each read one round trip (no BEGIN, no ROLLBACK)."""
        self._conn: psycopg.Connection | None = None
        self.dossiers = PostgresDossierRepository(self)
        self.references = PostgresReferences(self)
        self.definitions = PostgresDefinitionRepository(self)
        self.exchange = PostgresExchangeRepository(self)
        self.feedback = PostgresFeedbackRepository(self)

    def conn(self) -> psycopg.Connection:
        if self._conn is None:
            try:
                self._conn = self.store.pool.getconn()
            except PoolTimeout as exc:
                raise StoreBusyError(f"no database connection free: {exc}") from exc
            if self.reads_only:
                self._conn.autocommit = True
        return self._conn

    def commit(self) -> None:
        if self.reads_only:
            raise UnsupportedUsageError("a reading unit of work has nothing to commit: use unit_of_work()")
        if self._conn is None:
            return
        try:
            self._conn.commit()
        except psycopg.Error as exc:
            self._release(rollback=True)
            raise StorageError(f"commit failed, nothing was stored: {exc}") from exc
        self._release(rollback=False)

    def rollback(self) -> None:
        if self._conn is not None:
            self._release(rollback=True)

    def _release(self, *, rollback: bool) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if self.reads_only and not conn.closed:
                conn.autocommit = False  # back to the pool as the units of work expect it
            elif rollback and not conn.closed:
                _rollback(conn)
        finally:
            self.store.pool.putconn(conn)


def _rollback(conn: psycopg.Connection) -> None:
    """End the transaction, keeping the connection's prepared statements.

    psycopg forgets them on every ``rollback()`` and sends ``DEALLOCATE ALL``
    (a statement prepared in a *failed* transaction may not exist). Most units
    of work only read and end with a rollback, so every page would pay one more
    round trip and re-prepare its queries. A healthy transaction (not failed)
    cannot have lost a prepared statement (statements are not transactional in
    PostgreSQL), so it is rolled back directly on the libpq connection; a failed
    one goes through psycopg as before.
    """
    if (conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
            and conn.pgconn.pipeline_status == psycopg.pq.PipelineStatus.OFF):
        with conn.lock:
            result = conn.pgconn.exec_(b"ROLLBACK")
        if result.status == psycopg.pq.ExecStatus.COMMAND_OK:
            return
    conn.rollback()


class PostgresStore(Store):
    """Production store on PostgreSQL (psycopg 3, pooled connections).

    The schema must be created first with :func:`~.migrate.upgrade`
    (``motcua db upgrade``); opening checks its migration version.
    """

    def __init__(
        self,
        url: str,
        *,
        reference_pattern: str | None = None,
        min_connections: int = 1,
        max_connections: int = 10,
    ) -> None:
        if reference_pattern:
            self.reference_pattern = reference_pattern
        self.url = url
        conninfo, self.schema = split_url(url)
        try:
            with psycopg.connect(conninfo) as conn:
                check_version(conn, url)
        except psycopg.OperationalError as exc:
            raise StorageError(f"cannot connect to {redact(url)}: {exc}") from exc
        self.pool = ConnectionPool(
            conninfo,
            min_size=min_connections,
            max_size=max_connections,
            configure=_configure,
            open=True,
            name="motcua-store",
        )

    def __repr__(self) -> str:
        return f"PostgresStore({redact(self.url)!r})"

    def unit_of_work(self) -> PostgresUnitOfWork:
        return PostgresUnitOfWork(self)

    def reading(self) -> PostgresUnitOfWork:
        return PostgresUnitOfWork(self, reads_only=True)

    def close(self) -> None:
        self.pool.close()

    def bulk_add(self, dossiers: Iterable[Dossier]) -> int:
        """Import many new dossiers in one transaction with COPY."""
        items = list(dossiers)
        docs = [snapshot(d) for d in items]
        for doc in docs:
            check_event_log(doc["id"], doc["events"])
            doc["version"] = 1
        columns = ", ".join(q.COLUMNS)
        with self.pool.connection() as conn, conn.cursor() as cur:
            try:
                with cur.copy(f"COPY dossiers ({columns}) FROM STDIN") as copy:
                    for dossier, doc in zip(items, docs, strict=True):
                        params = q.row_params(dossier, doc)
                        copy.write_row([params[c] for c in q.COLUMNS])
                with cur.copy(
                    "COPY dossier_events (dossier_id, seq, at, actor, action, prev_hash, hash, body)"
                    " FROM STDIN"
                ) as copy:
                    for doc in docs:
                        for event in doc["events"]:
                            copy.write_row(
                                [
                                    doc["id"],
                                    event["seq"],
                                    event["at"],
                                    event["actor"],
                                    event["action"],
                                    event["prev_hash"],
                                    event["hash"],
                                    q.jsonb(event),
                                ]
                            )
            except psycopg.errors.UniqueViolation as exc:
                raise DuplicateDossierError(f"bulk import refused, nothing stored: {exc}") from exc
        for item in items:
            item.version = 1
        return len(items)

