"""``motcua attachments gc`` and ``verify``: remove files no dossier or draft references; check the hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

_instance_option = click.option(
    "--instance", type=click.Path(file_okay=False), default="instance", show_default=True,
    help="Instance folder (store and attachments unless configured otherwise).")


@click.group("attachments")
def attachments() -> None:
    """Maintain the attachment file store."""


@attachments.command("gc")
@click.option("--grace-hours", type=click.FloatRange(min=1), default=48, show_default=True,
              help="Keep unreferenced files at least this long after they were stored.")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
@_instance_option
def gc(grace_hours: float, dry_run: bool, instance: str) -> None:
    """Remove attachment files no dossier or draft references (safe while uploads run).

    Uses MOTCUA_STORE and MOTCUA_ATTACHMENT_STORE (MOTCUA_ATTACHMENTS, MOTCUA_S3_*) like
    the web app; a scheduler can run it daily (or the worker's ``attachments.gc`` job).
    """
    from datetime import timedelta

    from runtime.storage import StorageError, open_store
    from runtime.storage.attachment_gc import collect_garbage

    settings = _settings(instance)
    url = settings.get("MOTCUA_STORE") or f"tinydb://{Path(instance) / 'store'}"
    try:
        files = _files(settings)
        with open_store(url) as store:
            report = collect_garbage(store, files, grace=timedelta(hours=grace_hours),
                                     dry_run=dry_run)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from exc
    verb = "would remove" if dry_run else "removed"
    for sha256 in report.removed:
        click.echo(f"{verb} {sha256}")
    click.echo(f"{report.stored} files stored, {report.referenced} referenced; {verb} "
               f"{len(report.removed)}, kept {report.kept_recent} recent unreferenced, "
               f"{report.incoming_removed} partial uploads removed")


@attachments.command("verify")
@_instance_option
def verify(instance: str) -> None:
    """Check that every stored file still hashes to its name (after a restore); exit 1 if not."""
    from runtime.storage import StorageError

    checked, bad = 0, []
    try:
        files = _files(_settings(instance))
        for sha256, _stored_at in files.blobs():
            checked += 1
            try:
                intact = files.verify(sha256)
            except StorageError as exc:  # removed meanwhile, or unreadable
                click.echo(f"UNREADABLE {sha256}: {exc}", err=True)
                intact = False
            if not intact:
                bad.append(sha256)
                click.echo(f"CORRUPT {sha256}", err=True)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"checked {checked} files: {checked - len(bad)} intact, {len(bad)} corrupt or unreadable")
    if bad:
        raise SystemExit(1)


def _settings(instance: str) -> dict[str, Any]:
    """The web app's settings from the environment, with the instance folder for default paths."""
    from runtime.app import environment_settings

    return {"MOTCUA_INSTANCE_DIR": str(Path(instance)), **environment_settings()}


def _files(settings: dict[str, Any]) -> Any:
    """The configured attachment store (``MOTCUA_ATTACHMENT_STORE``), as the web app builds it."""
    from runtime.plugins import PluginError
    from runtime.storage.plugins import ATTACHMENTS

    try:
        return ATTACHMENTS.build(settings)
    except PluginError as exc:
        raise click.ClickException(str(exc)) from exc


def register(cli: click.Group) -> None:
    """Add the ``attachments`` group to the ``motcua`` command."""
    cli.add_command(attachments)
