"""``motcua demo seed``: file and process a few demo dossiers."""

from __future__ import annotations

import click


@click.command("seed")
def seed_command() -> None:
    """Create the demo dossiers (once) in the configured store."""
    from runtime import create_app

    from ..seed import seed_demo

    app = create_app()
    created = seed_demo(app.extensions["motcua.services"])
    click.echo(f"{created} demo dossier(s) created" if created else "demo dossiers already present")


def register(cli: click.Group) -> None:
    demo = cli.commands.get("demo")
    if isinstance(demo, click.Group):
        demo.add_command(seed_command)
