"""``motcua i18n``: keep the translation catalogues in step with the code."""

from __future__ import annotations

import click

from .. import i18n


@click.group("i18n")
def i18n_group() -> None:
    """Translation catalogues (message ids are English; Vietnamese is the default)."""


@i18n_group.command("update")
def update_command() -> None:
    """Add new messages to every catalogue (the app compiles catalogues when it starts)."""
    for language in i18n.LANGUAGES:
        i18n.update(language)
        missing = i18n.untranslated(language)
        click.echo(f"{language}: {len(missing)} message(s) to translate")
        for message in missing:
            click.echo(f"  - {message}")


def register(cli: click.Group) -> None:
    cli.add_command(i18n_group)
