"""Definition versions, publication stamp and change log of the embedded store.

::

    <root>/definitions/versions/<code>.json     every version of one procedure
    <root>/definitions/stamp.json               the publication stamp
    <root>/definitions/changes.json             the hash-chained change log

Writes take the store's write lock (through the unit of work's staging) and
are committed with the dossiers' changes through the same journal.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from runtime.dossiers.audit import GENESIS_HASH
from runtime.storage.definitions import (
    ChangeEntry,
    DefinitionNotFound,
    DefinitionRecord,
    DefinitionRepository,
    StaleDefinitionError,
    utcnow,
)
from runtime.storage.tinydb_store.files import read_file
from runtime.storage.tinydb_store.layout import safe_name

if TYPE_CHECKING:
    from runtime.storage.tinydb_store.unit_of_work import TinyDBUnitOfWork

VERSIONS_DIR = "definitions/versions"
STAMP_FILE = "definitions/stamp.json"
CHANGES_FILE = "definitions/changes.json"
VERSIONS, STAMP, CHANGES = "versions", "stamp", "changes"


def _publishes(old: DefinitionRecord | None, new: DefinitionRecord) -> bool:
    """Whether saving ``new`` over ``old`` changes what is or will be in force."""
    if old is None:
        return new.status == "published"
    if "published" not in (old.status, new.status):
        return False
    return (old.status, old.effective_from, old.document) != (new.status, new.effective_from, new.document)


class TinyDBDefinitionRepository(DefinitionRepository):
    def __init__(self, uow: TinyDBUnitOfWork) -> None:
        self.uow = uow

    def _path(self, code: str) -> str:
        return f"{VERSIONS_DIR}/{safe_name(code)}.json"

    def _rows(self, code: str) -> dict[str, Any]:
        data = self.uow.reader().load(self._path(code)) or {}
        return data.get(VERSIONS, {})

    def _write_rows(self, code: str, rows: dict[str, Any]) -> None:
        staging = self.uow.locked_staging()
        staging.put(self._path(code), {VERSIONS: rows})

    def add(self, record: DefinitionRecord) -> None:
        self.uow.locked_staging()
        rows = copy.deepcopy(self._rows(record.code))
        record.number = max((int(n) for n in rows), default=0) + 1
        record.revision = 1
        record.created_at = record.updated_at = utcnow()
        rows[str(record.number)] = copy.deepcopy(record.to_row())
        self._write_rows(record.code, rows)
        if _publishes(None, record):
            self._bump()

    def get(self, code: str, number: int) -> DefinitionRecord:
        row = self._rows(code).get(str(number))
        if row is None:
            raise DefinitionNotFound(f"procedure {code} has no version {number}")
        return DefinitionRecord.from_row(copy.deepcopy(row))

    def versions(self, code: str) -> list[DefinitionRecord]:
        rows = self._rows(code)
        return [DefinitionRecord.from_row(copy.deepcopy(rows[n])) for n in sorted(rows, key=int)]

    def all(self) -> list[DefinitionRecord]:
        reader = self.uow.reader()
        paths = set()
        folder = self.uow.store.root / VERSIONS_DIR
        if folder.is_dir():
            paths.update(f"{VERSIONS_DIR}/{p.name}" for p in folder.iterdir() if p.name.endswith(".json"))
        if self.uow.staging is not None:
            paths.update(p for p in self.uow.staging.changes if p.startswith(VERSIONS_DIR + "/"))
        found: list[DefinitionRecord] = []
        for path in paths:
            rows = (reader.load(path) or {}).get(VERSIONS, {})
            found.extend(DefinitionRecord.from_row(copy.deepcopy(r)) for r in rows.values())
        return sorted(found, key=lambda r: (r.code, r.number))

    def update(self, record: DefinitionRecord) -> None:
        self.uow.locked_staging()
        rows = copy.deepcopy(self._rows(record.code))
        stored = rows.get(str(record.number))
        if stored is None:
            raise DefinitionNotFound(f"procedure {record.code} has no version {record.number}")
        if stored["revision"] != record.revision:
            raise StaleDefinitionError(record.code, record.number, record.revision, stored["revision"])
        old = DefinitionRecord.from_row(stored)
        record.revision += 1
        record.updated_at = utcnow()
        rows[str(record.number)] = copy.deepcopy(record.to_row())
        self._write_rows(record.code, rows)
        if _publishes(old, record):
            self._bump()

    def publication_stamp(self) -> int:
        if self.uow.staging is not None:
            data = self.uow.staging.load(STAMP_FILE)
        else:
            data = read_file(self.uow.store.root / STAMP_FILE)
        return int(((data or {}).get(STAMP, {}).get("1") or {}).get("value", 0))

    def _bump(self) -> None:
        value = self.publication_stamp() + 1
        self.uow.locked_staging().put(STAMP_FILE, {STAMP: {"1": {"value": value}}})

    def log_change(self, entry: ChangeEntry) -> ChangeEntry:
        staging = self.uow.locked_staging()
        rows = dict((staging.load(CHANGES_FILE) or {}).get(CHANGES, {}))
        last = rows[str(len(rows))] if rows else None
        stored = entry.chained(len(rows) + 1, last["hash"] if last else GENESIS_HASH)
        rows[str(stored.seq)] = stored.__dict__.copy()
        staging.put(CHANGES_FILE, {CHANGES: rows})
        return stored

    def changes(self, code: str | None = None) -> list[ChangeEntry]:
        rows = (self.uow.reader().load(CHANGES_FILE) or {}).get(CHANGES, {})
        entries = [ChangeEntry(**rows[k]) for k in sorted(rows, key=int)]
        return [e for e in entries if code is None or e.code == code]
