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
