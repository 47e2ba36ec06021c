"""Moving definitions between the store and ``procedures/`` files (``motcua load`` / ``export``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from runtime.definitions import check_definition, content_hash, find_definitions
from runtime.definitions.loader import DEFINITION_FILE, read_definition
from runtime.storage.definitions import ChangeEntry, DefinitionRecord, in_force

from .roles import NATIONAL


def definition_text(document: dict[str, Any]) -> str:
    """How a definition file is written: two-space indents, UTF-8 text, key order kept."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load_files(store: Any, paths: list[str], actor: str = "motcua-load") -> tuple[int, int, list[str]]:
    """Publish each checked file whose content differs from the version in force.

    Returns (published, unchanged, problems). A file with errors is skipped and reported.
    """
    published = unchanged = 0
    problems: list[str] = []
    today = dt.date.today()
    with store.unit_of_work() as uow:
        current = in_force(uow.definitions.all(), today)
        for path in find_definitions(paths):
            document, _raw, read_problems = read_definition(path)
            found = read_problems or check_definition(document, str(path))
            errors = [p for p in found if p.is_error]
            if errors:
                problems.extend(p.format() for p in errors)
                continue
            code = document["code"]
            if code in current and content_hash(current[code].document) == content_hash(document):
                unchanged += 1
                continue
            record = DefinitionRecord(code, document, NATIONAL, actor, status="published",
                                      effective_from=today.isoformat(), published_by=actor,
                                      published_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
            uow.definitions.add(record)
            uow.definitions.log_change(ChangeEntry.new(actor, "load", code, record.number, {"file": str(path)}))
            published += 1
        uow.commit()
    return published, unchanged, problems


def export_files(store: Any, folder: Path, status: str = "in-force") -> list[Path]:
    """Write each procedure's version in force (or its latest version) as ``<code>/procedure.json``."""
    with store.unit_of_work() as uow:
        records = uow.definitions.all()
    if status == "in-force":
        chosen = list(in_force(records, dt.date.today()).values())
    else:
        latest: dict[str, DefinitionRecord] = {}
        for record in records:
            latest[record.code] = record
        chosen = list(latest.values())
    written = []
    for record in chosen:
        path = folder / record.code / DEFINITION_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(definition_text(record.document), encoding="utf-8")
        written.append(path)
    return written
