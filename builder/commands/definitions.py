"""``motcua load`` and ``motcua export``: definitions between files and the store."""

from __future__ import annotations

from pathlib import Path

import click

from .storage import STORE_ENV

_url_option = click.option("--url", envvar=STORE_ENV, required=True,
                           help=f"Store URL: tinydb:///dir or postgresql://... (default: ${STORE_ENV}).")


@click.command("load")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@_url_option
def load_command(paths: tuple[str, ...], url: str) -> None:
    """Publish definition files into the store (each changed file becomes a new version in force)."""
    from runtime.storage import StorageError, open_store

    from ..studio.files import load_files

    try:
        with open_store(url) as store:
            published, unchanged, problems = load_files(store, list(paths) or ["procedures"])
    except StorageError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{published} version(s) published, {unchanged} unchanged, {len(problems)} error(s)")
    if problems:
        raise SystemExit(1)


@click.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--latest", is_flag=True, help="Export each procedure's latest version (drafts too), "
              "not the version in force.")
@_url_option
def export_command(folder: Path, latest: bool, url: str) -> None:
    """Write the store's definitions as FOLDER/<code>/procedure.json files."""
    from runtime.storage import StorageError, open_store

    from ..studio.files import export_files

    try:
        with open_store(url) as store:
            written = export_files(store, folder, "latest" if latest else "in-force")
    except StorageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(written)} definition(s) written to {folder}")


def register(cli: click.Group) -> None:
    cli.add_command(load_command)
    cli.add_command(export_command)
