"""``motcua attachments gc``: remove files no dossier or draft references."""

from __future__ import annotations

import click


@click.group("attachments")
def attachments() -> None:
    """Maintain the attachment file store."""


@attachments.command("gc")
@click.option("--grace-hours", type=click.FloatRange(min=1), default=48, show_default=True,
              help="Keep unreferenced files at least this long after they were stored.")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
@click.option("--instance", type=click.Path(file_okay=False), default="instance", show_default=True,
              help="Instance folder (store and attachments unless configured otherwise).")
def gc(grace_hours: float, dry_run: bool, instance: str) -> None:
    """Remove attachment files no dossier or draft references (safe while uploads run).

    Uses MOTCUA_STORE and MOTCUA_ATTACHMENTS like the web app; a scheduler can run it
    daily.
    """
    import os
    from datetime import timedelta
    from pathlib import Path

    from runtime.storage import StorageError, open_store
    from runtime.storage.attachment_gc import collect_garbage
    from runtime.storage.attachments import FileSystemAttachmentStore

    base = Path(instance)
    url = os.environ.get("MOTCUA_STORE") or f"tinydb://{base / 'store'}"
    files = FileSystemAttachmentStore(os.environ.get("MOTCUA_ATTACHMENTS") or base / "attachments")
    try:
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


def register(cli: click.Group) -> None:
    """Add the ``attachments`` group to the ``motcua`` command."""
    cli.add_command(attachments)
