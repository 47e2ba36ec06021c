"""``motcua import``: national catalogue records → procedure drafts and import reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the drafts (one <code>/procedure.json each, with its import-report.json).")
@click.option("--summary", is_flag=True, help="Print the counts of parsed / guessed / review per field.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def import_command(source: Path, out: Path, summary: bool, as_json: bool) -> None:
    """Import national catalogue records (a file or a folder) as procedure drafts to review."""
    from builder.importer import import_path, summarise

    out.mkdir(parents=True, exist_ok=True)
    reports = import_path(source, out, progress=_progress)
    counts = summarise(reports)
    failed = [r for r in reports if r.outcome == "failed" or r.problems]
    for report in reports:
        if report.outcome in ("updated", "kept-edits") and report.diff:
            verb = "updated" if report.outcome == "updated" else "kept the administrator's edits; new import in " \
                "procedure.imported.json"
            click.echo(f"{report.code}: {verb}")
            for line in report.diff[:20]:
                click.echo(f"    {line}")
    for report in failed:
        click.echo(f"{report.code or report.source_file}: " + "; ".join(report.problems[:3]), err=True)
    if as_json:
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
    elif summary:
        _print_summary(counts)
    clean = len(reports) - len(failed)
    click.echo(f"\n{len(reports)} record(s): {clean} draft(s) pass the checks, {len(failed)} with problems; "
               f"drafts and reports in {out}.")
    sys.exit(0 if reports and not failed else 1)


def _progress(done: int, total: int) -> None:
    if total >= 50 and (done == total or done % max(total // 10, 1) == 0):
        click.echo(f"  imported {done}/{total}", err=True)


def _print_summary(counts: dict) -> None:
    click.echo(f"\nOutcomes: {', '.join(f'{k} {v}' for k, v in sorted(counts['outcomes'].items()))}")
    click.echo(f"{'field':<18} {'parsed':>7} {'guessed':>8} {'review':>7}")
    for name, c in counts["fields"].items():
        click.echo(f"{name:<18} {c['parsed']:>7} {c['guessed']:>8} {c['review']:>7}")


def register(cli: click.Group) -> None:
    cli.add_command(import_command)
