"""``motcua result preview CODE [--data sample.json] -o out.pdf``: see a result document while editing it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from runtime.agencies import load_directory
from runtime.demo import DEMO_DIR

from .catalog import _find


@click.group("result")
def result_group() -> None:
    """Result documents laid out by a procedure's template."""


@result_group.command("preview")
@click.argument("code")
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A JSON object of eForm answers (as a citizen would file them); default: the shipped sample "
                   "answers of the procedure, if it has some.")
@click.option("--case", "case_id", default=None, help="The case (default: the first).")
@click.option("--agency", "agency_code", default=None, help="An agency code of the demo directory to issue as.")
@click.option("--date", "on", default=None, help="The issuing date, YYYY-MM-DD (default: today).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def preview_command(code: str, data_file: Path | None, case_id: str | None, agency_code: str | None, on: str | None,
                    output: Path) -> None:
    """Write the result PDF procedure CODE would issue for the answers in --data (not signed, not stored)."""
    from runtime.documents import preview_result
    from runtime.documents.samples import sample_answers

    procedure = _find(code)
    try:
        data = json.loads(data_file.read_text(encoding="utf-8")) if data_file else sample_answers(code)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{data_file} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise click.ClickException(f"{data_file} must hold a JSON object of answers")
    if case_id and procedure.case(case_id) is None:
        raise click.ClickException(f"{code} has no case '{case_id}'; cases: "
                                   + ", ".join(c.id for c in procedure.cases))
    agency = None
    if agency_code:
        agency = load_directory(DEMO_DIR / "agencies.json").get(agency_code)
        if agency is None:
            raise click.ClickException(f"no agency {agency_code} in the demo directory")
    try:
        now = dt.datetime.combine(dt.date.fromisoformat(on), dt.time(9), dt.UTC) if on else None
    except ValueError:
        raise click.ClickException(f"--date {on} is not a date written YYYY-MM-DD") from None
    pdf = preview_result(procedure, data, case_id=case_id, agency=agency, now=now)
    output.write_bytes(pdf)
    click.echo(f"wrote {output} ({len(pdf):,} bytes)")


def register(cli: click.Group) -> None:
    cli.add_command(result_group)
