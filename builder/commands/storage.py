"""``motcua db`` and ``motcua audit``: store schema and event-log integrity."""

from __future__ import annotations

import click

#: Environment variable naming the store when ``--url`` is not given.
STORE_ENV = "MOTCUA_STORE"

_url_option = click.option(
    "--url",
    envvar=STORE_ENV,
    required=True,
    help=f"Store URL: tinydb:///dir or postgresql://... (default: ${STORE_ENV}).",
)


@click.group("db")
def db() -> None:
    """Create and migrate the dossier store."""


@db.command("upgrade")
@_url_option
def db_upgrade(url: str) -> None:
    """Create the store or apply pending migrations (idempotent)."""
    from runtime.storage import StorageError, upgrade

    try:
        applied = upgrade(url)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from exc
    if applied:
        for name in applied:
            click.echo(f"applied {name}")
    else:
        click.echo("store is up to date")


@click.group("audit")
def audit() -> None:
    """Check the tamper-evident event logs."""


@audit.command("verify")
@_url_option
def audit_verify(url: str) -> None:
    """Verify every dossier's event hash chain; exit 1 if any is broken."""
    from runtime.dossiers.audit import verify_chain
    from runtime.storage import StorageError, open_store

    checked = broken = events = 0
    try:
        with open_store(url) as store, store.unit_of_work() as uow:
            for dossier_id in list(uow.dossiers.iter_ids()):
                try:
                    dossier = uow.dossiers.get(dossier_id)
                except (StorageError, ValueError, KeyError) as exc:
                    problems, label = [f"cannot be read: {exc}"], dossier_id
                else:
                    problems = verify_chain(dossier)
                    label = f"{dossier.reference or '(draft)'} [{dossier.id}]"
                    events += len(dossier.events)
                checked += 1
                if problems:
                    broken += 1
                    click.echo(f"BROKEN {label}: {'; '.join(problems)}", err=True)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from exc
    intact = checked - broken
    click.echo(f"checked {checked} dossiers, {events} events: {intact} intact, {broken} broken")
    if broken:
        raise SystemExit(1)


def register(cli: click.Group) -> None:
    """Add the ``db`` and ``audit`` groups to the ``motcua`` command."""
    cli.add_command(db)
    cli.add_command(audit)


__all__ = ["STORE_ENV", "register"]
