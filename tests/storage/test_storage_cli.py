"""``motcua db upgrade`` and ``motcua audit verify``."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from storage_factories import build_dossier

from builder.commands.storage import register
from runtime.storage import Store


@pytest.fixture
def cli() -> click.Group:
    group = click.Group("motcua")
    register(group)
    return group


def test_db_upgrade_reports_up_to_date_when_store_url_comes_from_env(
    cli: click.Group, store_url: str
) -> None:
    result = CliRunner().invoke(cli, ["db", "upgrade"], env={"MOTCUA_STORE": store_url})
    assert (result.exit_code, result.output) == (0, "store is up to date\n")


def test_db_upgrade_fails_clearly_when_url_is_unknown(cli: click.Group) -> None:
    result = CliRunner().invoke(cli, ["db", "upgrade", "--url", "mysql://x"])
    assert result.exit_code == 1
    assert "unknown store URL" in result.output


def test_audit_verify_exits_zero_when_every_chain_is_intact(
    cli: click.Group, store: Store, store_url: str
) -> None:
    with store.unit_of_work() as uow:
        for _ in range(3):
            uow.dossiers.add(build_dossier())
        uow.commit()
    result = CliRunner().invoke(cli, ["audit", "verify", "--url", store_url])
    assert result.exit_code == 0, result.output
    assert "checked 3 dossiers, 3 events: 3 intact, 0 broken" in result.output


def test_audit_verify_names_the_dossier_and_exits_one_when_a_chain_is_broken(
    cli: click.Group, store: Store, store_url: str, tamper
) -> None:
    good, bad = build_dossier(), build_dossier()
    with store.unit_of_work() as uow:
        bad.reference = uow.references.next_reference("000.00.20.H29", bad.created_at.date())
        uow.dossiers.add(good)
        uow.dossiers.add(bad)
        uow.commit()
    tamper(bad.id, "forged")
    result = CliRunner().invoke(cli, ["audit", "verify", "--url", store_url])
    assert result.exit_code == 1
    assert f"BROKEN {bad.reference} [{bad.id}]: event 1: hash mismatch" in result.output
    assert "checked 2 dossiers, 2 events: 1 intact, 1 broken" in result.output


def test_postgres_without_its_driver_is_refused_with_what_to_install(monkeypatch):
    import sys

    from runtime.storage import UnsupportedUsageError, open_store

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the postgres extra were not installed
    monkeypatch.delitem(sys.modules, "runtime.storage.postgres", raising=False)
    for name in [m for m in sys.modules if m.startswith("runtime.storage.postgres.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(UnsupportedUsageError, match=r"postgres\]"):
        open_store("postgresql://127.0.0.1/test")
