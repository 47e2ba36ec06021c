"""Importing the national catalogue of procedures (Cơ sở dữ liệu quốc gia về TTHC).

From the portal's structured detail record or the public crawl's flattened record, the importer
makes a procedure definition (metadata, cases, components, fees, a default workflow, a starter
eForm) and a report per field: parsed, guessed or needs review, with the source text.

Python API (used by ``motcua import`` and the studio)::

    imported = import_record(json.loads(text))          # → Imported(definition, report)
    reports = import_path(Path("catalog-dev"), Path("drafts"))   # every *.json under it
    summarise(reports)                                   # counts per field and status
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from .definition import Imported, import_record
from .drafts import json_diff, read_report, write_draft
from .report import FieldReport, RecordReport, summarise

MAX_RECORD_BYTES = 5 * 1024 * 1024
"""A record larger than this is refused (the largest national record is a few hundred kB)."""


def record_files(source: Path) -> Iterator[Path]:
    """The record files under ``source`` (a file, or a folder searched recursively), README and reports left out."""
    if source.is_file():
        yield source
        return
    for path in sorted(source.rglob("*.json")):
        if path.name not in ("import-report.json", "import-summary.json") and not path.name.startswith("."):
            yield path


def import_file(path: Path) -> Imported:
    """One record file: read (bounded), parsed, and made into a definition."""
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            raise ValueError(f"larger than {MAX_RECORD_BYTES // 1024 // 1024} MB")
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        report = RecordReport(path.stem, str(path), outcome="failed", problems=[f"cannot read {path.name}: {exc}"])
        return Imported(None, report)
    return import_record(raw, str(path))


def import_path(source: Path, out: Path, *, check: bool = True,
                progress: Callable[[int, int], None] | None = None) -> list[RecordReport]:
    """Import every record under ``source`` into drafts under ``out``; each report says what happened."""
    from runtime.definitions.loader import check_definition

    files = list(record_files(source))
    reports = []
    for n, path in enumerate(files, 1):
        imported = import_file(path)
        if check and imported.definition is not None:
            problems = [p for p in check_definition(imported.definition, str(path)) if p.is_error]
            imported.report.problems.extend(p.format() for p in problems)
        write_draft(out, imported)
        reports.append(imported.report)
        if progress:
            progress(n, len(files))
    summary = summarise(reports)
    (out / "import-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
    return reports


__all__ = ["FieldReport", "Imported", "RecordReport", "import_file", "import_path", "import_record", "json_diff",
           "read_report", "record_files", "summarise", "write_draft"]
