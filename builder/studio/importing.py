"""National catalogue records for the studio's import page, and making a definition from one.

:class:`NationalRecords` is a folder of records (``MOTCUA_NATIONAL_RECORDS``) saved from the
national catalogue as ``<record id>.json`` (e.g. ``1.001193.json``) anywhere under it: found by id,
searched by code or name (diacritics optional). An uploaded record goes through the same
:func:`import_raw` (bounded size, any malformed content a message, never a crash).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from builder.importer import MAX_RECORD_BYTES, Imported, import_record, record_files
from runtime.text import fold

RECORD_ID = re.compile(r"^[0-9]\.[0-9]{6}$")
MAX_RESULTS = 50


class RecordRefused(ValueError):
    """The record cannot be imported (the message says why, for the administrator)."""


@dataclass(frozen=True)
class RecordEntry:
    record_id: str
    name: str
    path: Path


class NationalRecords:
    """The records under one folder, indexed once (again when the folder's files change)."""

    def __init__(self, folder: str | Path):
        self.root = Path(folder)
        self._lock = threading.Lock()
        self._index: tuple[tuple[Any, ...], dict[str, RecordEntry]] | None = None

    def _signature(self, files: list[Path]) -> tuple[Any, ...]:
        return tuple((str(p), p.stat().st_mtime_ns) for p in files)

    def entries(self) -> dict[str, RecordEntry]:
        files = [p for p in record_files(self.root) if RECORD_ID.match(p.stem)] if self.root.is_dir() else []
        signature = self._signature(files)
        with self._lock:
            if self._index is None or self._index[0] != signature:
                found = {}
                for path in files:
                    found[path.stem] = RecordEntry(path.stem, _name_of(path), path)
                self._index = (signature, found)
            return self._index[1]

    def find(self, record_id: str) -> RecordEntry | None:
        return self.entries().get(record_id) if RECORD_ID.match(record_id) else None

    def search(self, query: str) -> list[RecordEntry]:
        """Records whose code or name holds every word of ``query``; an exact code first."""
        words = fold(query).split()
        entries = self.entries()
        found = [e for e in entries.values() if all(w in fold(f"{e.record_id} {e.name}") for w in words)]
        found.sort(key=lambda e: (e.record_id != query.strip(), e.record_id))
        return found[:MAX_RESULTS]


def _name_of(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            return ""
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(raw, dict):
        return ""
    data = raw.get("data") if isinstance(raw.get("data"), dict) else raw  # the portal's shape, or the crawl's
    return str(data.get("ten_thu_tuc") or data.get("name") or "")[:500]


def parse_record(data: bytes) -> Any:
    """An uploaded or stored record's JSON (RecordRefused when too large or not JSON)."""
    if len(data) > MAX_RECORD_BYTES:
        raise RecordRefused(_("larger than %(mb)s MB", mb=MAX_RECORD_BYTES // 1024 // 1024))
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RecordRefused(_("not UTF-8 text")) from exc
    except ValueError as exc:
        raise RecordRefused(_("not JSON (%(reason)s)", reason=str(exc))) from exc


def read_entry(entry: RecordEntry) -> Any:
    try:
        with entry.path.open("rb") as handle:
            return parse_record(handle.read(MAX_RECORD_BYTES + 1))
    except OSError as exc:
        raise RecordRefused(_("cannot be read (%(reason)s)", reason=exc.strerror)) from exc


def import_raw(raw: Any, code: str, source_file: str = "") -> Imported:
    """The definition (under ``code``) and report of one record, checked like ``motcua import`` does."""
    from runtime.definitions.loader import check_definition

    if not isinstance(raw, dict):
        raise RecordRefused(_("a national record is a JSON object"))
    try:
        imported = import_record(raw, source_file)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a record shaped unlike any known one
        raise RecordRefused(_("its content is not a national record (%(reason)s)", reason=type(exc).__name__)) from exc
    if imported.definition is None:
        raise RecordRefused("; ".join(imported.report.problems) or _("it gives no definition"))
    imported.definition["code"] = code
    problems = [p for p in check_definition(imported.definition, f"import:{code}") if p.is_error]
    imported.report.problems.extend(p.format() for p in problems)
    return imported
