"""``motcua docs``: write the generated parts of the documentation."""

from __future__ import annotations

import click

from runtime.paths import PROJECT_ROOT

from ..reference import render_reference


@click.command("docs")
def docs_command() -> None:
    """Write docs/reference.md from the meta-schema."""
    target = PROJECT_ROOT / "docs" / "reference.md"
    target.write_text(render_reference(), encoding="utf-8")
    click.echo(f"wrote {target}")


def register(cli: click.Group) -> None:
    cli.add_command(docs_command)
