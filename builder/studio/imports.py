"""What the studio remembers about a draft made from a national catalogue record.

Per stored version (code, number): the record it came from, the import report, the definition as
last imported (the *baseline* a re-import is compared with) and, while an administrator decides
how a re-import meets their edits, the definition imported then (*pending*) with its report.

Kept in the table ``studio_imports`` beside the store: PostgreSQL (migration 0009) or a SQLite
file beside the embedded store (:func:`runtime.web.services.sidecar`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from runtime.storage.sidecar import SqlRunner

SQLITE_SCHEMA = ("CREATE TABLE IF NOT EXISTS studio_imports (code TEXT NOT NULL, number INTEGER NOT NULL,"
                 " record_id TEXT NOT NULL, report TEXT NOT NULL, baseline TEXT NOT NULL, previous TEXT,"
                 " pending TEXT, pending_report TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (code, number));")
_COLUMNS = ("code", "number", "record_id", "report", "baseline", "previous", "pending", "pending_report",
            "updated_at")
_JSON = ("report", "baseline", "previous", "pending", "pending_report")
_SELECT = ("SELECT code, number, record_id, report, baseline, previous, pending, pending_report, updated_at"
           " FROM studio_imports WHERE code = {p} AND number = {p}")
_UPSERT = ("INSERT INTO studio_imports (code, number, record_id, report, baseline, previous, pending, pending_report,"
           " updated_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (code, number) DO UPDATE"
           " SET record_id = excluded.record_id, report = excluded.report, baseline = excluded.baseline,"
           " previous = excluded.previous, pending = excluded.pending, pending_report = excluded.pending_report,"
           " updated_at = excluded.updated_at")


@dataclass
class ImportState:
    code: str
    number: int
    record_id: str
    report: dict[str, Any]
    baseline: dict[str, Any]
    """The definition as last imported (what the draft was before any administrator's edit)."""
    previous: dict[str, Any] | None = None
    """The baseline before the last re-import that changed it (to show what that re-import changed)."""
    pending: dict[str, Any] | None = None
    """A re-import waiting for the administrator's choice (their edits meet the record's changes)."""
    pending_report: dict[str, Any] | None = None
    updated_at: str = ""


class ImportStates:
    """The ``studio_imports`` table through a store's shared-tables runner."""

    def __init__(self, runner: SqlRunner):
        self.runner = runner

    def get(self, code: str, number: int) -> ImportState | None:
        rows = self.runner.run(_SELECT, (code, number))
        if not rows:
            return None
        raw = dict(zip(_COLUMNS, rows[0], strict=True))
        for key in _JSON:
            raw[key] = json.loads(raw[key]) if raw[key] is not None else None
        return ImportState(**raw)

    def put(self, state: ImportState) -> None:
        state.updated_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        values = [getattr(state, c) for c in _COLUMNS]
        for n, column in enumerate(_COLUMNS):
            if column in _JSON and values[n] is not None:
                values[n] = json.dumps(values[n], ensure_ascii=False)
        self.runner.run(_UPSERT, tuple(values))


def init_app(app: Flask) -> None:
    from runtime.web.services import sidecar

    app.extensions["motcua.studio.imports"] = sidecar(app, "studio-imports.sqlite3", SQLITE_SCHEMA)


def import_states() -> ImportStates:
    return ImportStates(current_app.extensions["motcua.studio.imports"]())
