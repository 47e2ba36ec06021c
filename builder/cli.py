"""The ``motcua`` command line.

Each group of commands lives in its own module under :mod:`builder.commands`
and exposes a ``register(cli)`` function; this module only assembles them,
so importing it has no side effects beyond building the click group.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from runtime.warnings_policy import quiet_third_party_warnings

from . import commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="motcua")
def cli() -> None:
    """motcua: administrative procedures as data."""


def _register_all() -> None:
    """Every module of :mod:`builder.commands` with a ``register(cli)`` adds its commands."""
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(cli)


_register_all()


def main() -> None:
    quiet_third_party_warnings()
    cli(prog_name="motcua")
