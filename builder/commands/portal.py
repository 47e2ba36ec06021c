"""``motcua portal``: reconcile with the national portal, see the sync log's totals, run the reference portal."""

from __future__ import annotations

import click


@click.group("portal")
def portal() -> None:
    """Synchronisation with the national public service portal (docs/portal.md)."""


@portal.command("reconcile")
@click.argument("codes", nargs=-1)
def reconcile_command(codes: tuple[str, ...]) -> None:
    """Compare every filed dossier (or the dossier CODES given) with the portal and send again what it lacks."""
    from runtime.portal.base import PortalSyncError
    from runtime.services.portal_sync import reconcile

    from .worker import _services

    _app, services = _services()
    try:
        outcome = reconcile(services, list(codes) or None)
    except PortalSyncError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{outcome.checked} dossier(s) compared: {outcome.in_step} in step with the portal, "
               f"{outcome.resent} update(s) sent again, {outcome.logged} missing change(s) logged")
    for problem in outcome.problems:
        click.echo(f"  {problem}", err=True)
    if outcome.problems:
        raise SystemExit(1)


@portal.command("status")
def status_command() -> None:
    """How many status changes are pending, sent, accepted and refused."""
    from .worker import _services

    _app, services = _services()
    counts = services.sync_log.counts()
    click.echo("  ".join(f"{state}: {counts.get(state, 0)}" for state in ("pending", "sent", "accepted", "refused")))


@portal.command("reference")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5055, show_default=True, type=int)
@click.option("--key", envvar="MOTCUA_PORTAL_KEY", required=True, help="The shared key (MOTCUA_PORTAL_KEY).")
def reference_command(host: str, port: int, key: str) -> None:
    """Run the local reference portal (for demos and tests; never the real portal)."""
    from werkzeug.serving import run_simple

    from runtime.portal.message import check_key
    from runtime.portal.reference import ReferencePortal

    try:
        check_key(key)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"reference portal on http://{host}:{port} (set MOTCUA_PORTAL_URL to it)")
    run_simple(host, port, ReferencePortal(key), threaded=True)


def register(cli: click.Group) -> None:
    cli.add_command(portal)
