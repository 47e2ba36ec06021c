"""PostgreSQL specifics: migrations, schema checks, database-enforced append-only events."""

from __future__ import annotations

import psycopg
import pytest
from storage_factories import build_dossier

from runtime.storage import StorageError, UnsupportedUsageError, open_store
from runtime.storage.postgres import split_url, upgrade


def test_upgrade_applies_each_migration_once_when_run_twice(bare_postgres_url: str) -> None:
    from runtime.storage.postgres.migrate import migrations

    shipped = migrations()
    assert upgrade(bare_postgres_url) == [f"{m.version:04d}_{m.name}" for m in shipped]
    assert upgrade(bare_postgres_url) == []
    with psycopg.connect(split_url(bare_postgres_url)[0]) as conn:
        rows = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(m.version, m.name) for m in shipped] and rows[0] == (1, "initial")


def test_open_is_refused_when_schema_was_never_migrated(bare_postgres_url: str) -> None:
    with pytest.raises(StorageError, match="motcua db upgrade"):
        open_store(bare_postgres_url)


def test_open_is_refused_when_schema_is_newer_than_the_code(postgres_url: str) -> None:
    with psycopg.connect(split_url(postgres_url)[0]) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    with pytest.raises(UnsupportedUsageError, match="newer than this motcua"):
        open_store(postgres_url)
    with pytest.raises(UnsupportedUsageError, match="newer than this motcua"):
        upgrade(postgres_url)


def test_unsafe_schema_name_is_refused_when_given_in_the_url() -> None:
    with pytest.raises(UnsupportedUsageError, match="schema"):
        split_url('postgresql://localhost/test?schema=x";drop')


@pytest.mark.parametrize("statement", ["UPDATE dossier_events SET actor = 'x'", "DELETE FROM dossier_events"])
def test_database_refuses_when_a_stored_event_row_is_changed(postgres_url: str, statement: str) -> None:
    with open_store(postgres_url) as store, store.unit_of_work() as uow:
        uow.dossiers.add(build_dossier())
        uow.commit()
    with psycopg.connect(split_url(postgres_url)[0]) as conn:
        with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
            conn.execute(statement)
        conn.rollback()
        (count,) = conn.execute("SELECT count(*) FROM dossier_events").fetchone()
    assert count == 1


def _prepared_statements(uow) -> int:
    return uow.conn().execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]


def test_reads_keep_the_connections_prepared_statements_when_they_end_without_commit(postgres_url: str) -> None:
    from runtime.storage.postgres.store import PostgresStore

    store = PostgresStore(postgres_url, min_connections=1, max_connections=1)
    try:
        with store.unit_of_work() as uow:
            dossier = build_dossier()
            uow.dossiers.add(dossier)
            uow.commit()
        for _ in range(8):  # psycopg prepares a statement on its 5th run
            with store.unit_of_work() as uow:
                assert uow.dossiers.get(dossier.id).id == dossier.id
        with store.unit_of_work() as uow:
            assert _prepared_statements(uow) >= 1  # no DEALLOCATE ALL after each read
    finally:
        store.close()


def test_changes_left_uncommitted_are_discarded_and_a_failed_transaction_is_cleared(postgres_url: str) -> None:
    from runtime.storage.postgres.store import PostgresStore

    store = PostgresStore(postgres_url, min_connections=1, max_connections=1)
    try:
        with store.unit_of_work() as uow:
            uow.dossiers.add(build_dossier())  # never committed
        with store.unit_of_work() as uow:
            assert uow.conn().execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
            with pytest.raises(psycopg.errors.DivisionByZero):
                uow.conn().execute("SELECT 1 / 0")
        with store.unit_of_work() as uow:  # the same connection, usable again
            assert uow.conn().execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    finally:
        store.close()


def test_reading_unit_of_work_reads_without_a_transaction_and_refuses_to_commit(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        with store.reading() as uow:
            conn = uow.conn()
            assert conn.execute("SELECT count(*) FROM dossiers").fetchone() == (0,)
            assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE, "no BEGIN was sent"
            with pytest.raises(UnsupportedUsageError, match="nothing to commit"):
                uow.commit()
        assert not conn.autocommit, "the connection goes back to the pool as units of work expect it"
        with store.unit_of_work() as uow:
            uow.dossiers.add(build_dossier())
            assert uow.conn().info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
            uow.commit()
