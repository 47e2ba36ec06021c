"""``motcua check``, ``motcua show`` and ``motcua catalog``: the catalog from the command line."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from runtime.agencies import AgencyDirectory, load_directory
from runtime.agencies.coverage import CoverageCache, routing_problems
from runtime.definitions import CatalogLoad, Procedure, load_definitions
from runtime.paths import agencies_file, procedures_dir

from ..summary import describe_procedure


class _Progress:
    """Progress on stderr for long runs: a bar on a terminal, a line every 10% otherwise."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        if self.quiet or total < 50:
            return
        if self.tty:
            width = 30
            filled = width * done // total
            click.echo(f"\r  checking [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
                       err=True, nl=done == total)
            return
        tenth = done * 10 // total
        if tenth != self.last:
            self.last = tenth
            click.echo(f"  checked {done}/{total} definitions", err=True)


def _load(paths: tuple[str, ...], quiet: bool = True) -> CatalogLoad:
    return load_definitions(paths or (procedures_dir(),), progress=_Progress(quiet))


def add_routing_problems(result: CatalogLoad, directory: AgencyDirectory) -> None:
    """Report, per compiled definition, the wards its routing leaves without an agency."""
    cache = CoverageCache(directory)
    for procedure in result.procedures:
        problems = routing_problems(procedure.document, procedure.file, cache)
        if problems:
            result.problems.setdefault(procedure.file, []).extend(problems)


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and the summary.")
def check_command(paths: tuple[str, ...], strict: bool, quiet: bool) -> None:
    """Check procedure definitions (default: the catalog folder); exit 0 only when clean."""
    started = time.perf_counter()
    result = _load(paths, quiet)
    add_routing_problems(result, load_directory(agencies_file()))
    elapsed = time.perf_counter() - started
    for file, problems in sorted(result.problems.items()):
        click.secho(f"\n{file}", bold=True)
        for problem in problems:
            colour = "red" if problem.is_error else "yellow"
            click.secho(f"  {problem.severity.value}: ", fg=colour, nl=False)
            click.echo(problem.format())
    clean = result.errors == 0 and (not strict or result.warnings == 0)
    click.echo(
        f"\nChecked {result.files} procedure definition(s) in {elapsed:.2f} s: "
        f"{len(result.procedures)} compiled, {result.errors} error(s), {result.warnings} warning(s).")
    if result.files == 0:
        click.echo("No definitions found (looked for procedure.json files).")
        sys.exit(1)
    sys.exit(0 if clean else 1)


def _find(code: str) -> Procedure:
    path = procedures_dir() / code
    result = load_definitions([path] if path.is_dir() else [procedures_dir()])
    procedure = next((p for p in result.procedures if p.code == code), None)
    if procedure is None:
        problems = result.problems.get(str(Path(path) / "procedure.json"))
        if problems:
            raise click.ClickException(f"{code} has problems; run `motcua check {path}`")
        raise click.ClickException(f"no procedure with code {code} in {procedures_dir()}")
    return procedure


@click.command("show")
@click.argument("code")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def show_command(code: str, lang: str) -> None:
    """A readable summary of one procedure."""
    click.echo(describe_procedure(_find(code), lang))


@click.command("catalog")
@click.option("--search", "-s", default="", help="Words to find (diacritics optional).")
@click.option("--sector", help="Only this sector code.")
@click.option("--level", type=click.Choice(["commune", "province", "ministry"]))
@click.option("--on", "on_date", type=click.DateTime(["%Y-%m-%d"]), help="Offered on this date.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def catalog_command(search: str, sector: str | None, level: str | None,
                    on_date: dt.datetime | None, lang: str) -> None:
    """List the procedures on offer, with filters."""
    from runtime.definitions import Catalog

    day = on_date.date() if on_date else dt.date.today()
    catalog = Catalog(_load(()).procedures)
    found = catalog.search(search, day, sector=sector, level=level)
    for p in found:
        click.echo(f"{p.code:<14} {p.sector.get(lang):<28.28} {p.display_name.get(lang)}")
    click.echo(f"\n{len(found)} of {len(catalog)} procedure(s) offered on {day:%d/%m/%Y}.")


def register(cli: click.Group) -> None:
    cli.add_command(check_command)
    cli.add_command(show_command)
    cli.add_command(catalog_command)
