"""``motcua agencies``: list, show and check the agency directory; edit it through its overrides file.

The directory is generated for the whole country from the 2025 units; the file named by
``MOTCUA_AGENCIES`` (default: the demo province's) adds, replaces and removes agencies.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from runtime.agencies import Agency, build_directory, read_overrides
from runtime.agencies.coverage import CoverageCache, describe_unserved, routing_needs
from runtime.agencies.kinds import KINDS
from runtime.agencies.overrides import remove_agency, save_agency
from runtime.definitions import load_definitions
from runtime.paths import agencies_file, procedures_dir

_file_option = click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
                            help="The directory's overrides file (default: MOTCUA_AGENCIES or the demo's).")


def _overrides(file: Path | None) -> tuple[Path, dict]:
    path = file or agencies_file()
    if not path.exists():
        return path, {"agencies": []}
    try:
        return path, read_overrides(path)
    except (ValueError, OSError) as exc:
        raise click.ClickException(f"{path}: {exc}") from None


def _line(a: Agency) -> str:
    return f"{a.code:<18} {a.kind:<38} {a.province_code:>2} {a.commune_code or '':>5}  {a.name_vi}"


@click.group("agencies")
def agencies_group() -> None:
    """The agency directory of the whole country (generated, adjusted by an overrides file)."""


@agencies_group.command("list")
@click.option("--province", help="Only this province code (2 digits).")
@click.option("--commune", help="Only this commune code (5 digits).")
@click.option("--kind", help="Only this agency kind.")
@_file_option
def list_command(province: str | None, commune: str | None, kind: str | None, file: Path | None) -> None:
    """List agencies, with filters."""
    directory = build_directory(_overrides(file)[1])
    shown = 0
    for a in directory:
        if (province and a.province_code != province) or (commune and a.commune_code != commune) \
                or (kind and a.kind != kind):
            continue
        click.echo(_line(a))
        shown += 1
    click.echo(f"\n{shown} of {len(directory)} agencies.")


@agencies_group.command("show")
@click.argument("code")
@_file_option
def show_command(code: str, file: Path | None) -> None:
    """One agency, as JSON (the shape an overrides file takes)."""
    agency = build_directory(_overrides(file)[1]).get(code)
    if agency is None:
        raise click.ClickException(f"no agency with code {code}")
    click.echo(json.dumps(agency.to_dict(), ensure_ascii=False, indent=2))


@agencies_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@_file_option
def check_command(paths: tuple[str, ...], file: Path | None) -> None:
    """Check that every ward is served for every kind and level the catalogue routes by."""
    directory = build_directory(_overrides(file)[1])
    loaded = load_definitions(paths or (procedures_dir(),))
    needs = sorted({need for p in loaded.procedures for need in routing_needs(p.document)})
    cache = CoverageCache(directory)
    failed = 0
    for kind, level in needs:
        item = cache(kind, level)
        status = "ok" if item.complete else f"{len(item.unserved)} ward(s) unserved: {describe_unserved(item)}"
        extra = f" ({len(item.shared)} served by another commune's agency)" if item.shared else ""
        click.echo(f"{kind:<38} {level:<9} {status}{extra}")
        failed += not item.complete
    click.echo(f"\n{len(needs)} kind/level pair(s) used by {len(loaded.procedures)} procedure(s); "
               f"{failed} leave wards unserved.")
    sys.exit(1 if failed else 0)


@agencies_group.command("add")
@click.argument("code")
@click.option("--name-vi", required=True)
@click.option("--name-en", required=True)
@click.option("--kind", required=True, help=f"An agency kind, e.g. {', '.join(list(KINDS)[:3])}.")
@click.option("--province", required=True)
@click.option("--commune", help="The commune it serves (omit for a province-level agency).")
@click.option("--address", default="")
@click.option("--phone", default="")
@_file_option
def add_command(code: str, name_vi: str, name_en: str, kind: str, province: str, commune: str | None,
                address: str, phone: str, file: Path | None) -> None:
    """Add an agency, or replace the one with this code, in the overrides file."""
    path, _data = _overrides(file)
    save_agency(path, Agency(code, name_vi, name_en, kind, "commune" if commune else "province", province, commune,
                             address, phone))
    click.echo(f"{code} saved in {path}.")


@agencies_group.command("remove")
@click.argument("code")
@_file_option
def remove_command(code: str, file: Path | None) -> None:
    """Remove an agency (a generated one is listed under "remove" in the overrides file)."""
    path, _data = _overrides(file)
    remove_agency(path, code)
    click.echo(f"{code} removed in {path}.")


def register(cli: click.Group) -> None:
    cli.add_command(agencies_group)
