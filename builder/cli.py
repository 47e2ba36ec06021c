"""The ``motcua`` command line.

Each group of commands lives in its own module under :mod:`builder.commands`
and exposes a ``register(cli)`` function; this module only assembles them,
so importing it has no side effects beyond building the click group.
"""

from __future__ import annotations

import importlib

import click

from runtime.warnings_policy import quiet_third_party_warnings

#: Modules under builder.commands that contribute commands, in help order.
COMMAND_MODULES = ("catalog", "serve", "storage", "demo", "seed", "docs", "preview", "i18n", "form")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="motcua")
def cli() -> None:
    """motcua: administrative procedures as data."""


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"builder.commands.{name}")
        except ModuleNotFoundError as exc:  # a command module not written yet
            if exc.name == f"builder.commands.{name}":
                continue
            raise
        module.register(cli)


_register_all()


def main() -> None:
    quiet_third_party_warnings()
    cli(prog_name="motcua")
