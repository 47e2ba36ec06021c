"""``motcua form import``: start a procedure draft from a JSON Schema you already have."""

from __future__ import annotations

import json
from pathlib import Path

import click

from runtime.definitions.loader import check_definition

from ..formimport import wrap

#: The most bytes read from a schema or uiSchema file.
MAX_BYTES = 5 * 1024 * 1024


def _read(path: str) -> dict:
    data = Path(path).read_bytes()
    if len(data) > MAX_BYTES:
        raise click.ClickException(f"{path}: larger than {MAX_BYTES // 1024 // 1024} MB")
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise click.ClickException(f"{path}: not JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise click.ClickException(f"{path}: expected a JSON object")
    return value


@click.group("form")
def form_group() -> None:
    """eForm tools."""


@form_group.command("import")
@click.argument("schema", type=click.Path(exists=True, dir_okay=False))
@click.option("--ui", "ui_path", type=click.Path(exists=True, dir_okay=False),
              help="A react-jsonschema-form uiSchema beside the schema.")
@click.option("--code", default="9.999999", show_default=True, help="The procedure code of the draft.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False),
              help="Write the draft here (default: print it).")
def import_command(schema: str, ui_path: str | None, code: str, out_path: str | None) -> None:
    """Wrap SCHEMA (JSON Schema 2020-12 or draft-07) as a one-page procedure draft."""
    document = wrap(_read(schema), _read(ui_path) if ui_path else None, code)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    problems = check_definition(document, out_path or schema)
    if out_path:
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        Path(out_path).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out_path}", err=True)
    else:
        click.echo(text, nl=False)
    for problem in problems:
        click.echo(problem.format(), err=True)
    click.echo(f"{len(problems)} problem(s): translate the labels (vi/en are copies of the "
               "titles) and complete the components, fees and processing.", err=True)


def register(cli: click.Group) -> None:
    cli.add_command(form_group)
