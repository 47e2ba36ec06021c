"""Definition versions, publication stamp and change log over one PostgreSQL transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from runtime.dossiers.audit import GENESIS_HASH
from runtime.storage.definitions import (
    ChangeEntry,
    DefinitionNotFound,
    DefinitionRecord,
    DefinitionRepository,
    StaleDefinitionError,
    utcnow,
)
from runtime.storage.postgres.queries import jsonb

if TYPE_CHECKING:
    from runtime.storage.postgres.store import PostgresUnitOfWork

_FIELDS = ("code", "number", "status", "scope", "author", "revision", "created_at", "updated_at",
           "effective_from", "published_at", "published_by", "based_on", "document")
_SELECT = f"SELECT {', '.join(_FIELDS)} FROM definition_versions"  # noqa: S608 - fixed names


def _record(row: tuple[Any, ...]) -> DefinitionRecord:
    values = dict(zip(_FIELDS, row, strict=True))
    values["document"] = orjson.loads(values["document"])
    return DefinitionRecord.from_row(values)


def _params(record: DefinitionRecord) -> dict[str, Any]:
    values = record.to_row()
    values["document"] = orjson.dumps(record.document).decode()
    return values


class PostgresDefinitionRepository(DefinitionRepository):
    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self.uow = uow

    def add(self, record: DefinitionRecord) -> None:
        conn = self.uow.conn()
        # Serialize version numbering per code for the rest of the transaction.
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('motcua-definition:' || %s))", (record.code,))
        row = conn.execute("SELECT coalesce(max(number), 0) FROM definition_versions WHERE code = %s",
                           (record.code,)).fetchone()
        record.number = int(row[0]) + 1 if row else 1
        record.revision = 1
        record.created_at = record.updated_at = utcnow()
        columns = ", ".join(_FIELDS)
        conn.execute(f"INSERT INTO definition_versions ({columns}) VALUES "  # noqa: S608 - fixed names
                     f"({', '.join('%(' + f + ')s' for f in _FIELDS)})", _params(record))
        if record.status == "published":
            self._bump()

    def get(self, code: str, number: int) -> DefinitionRecord:
        row = self.uow.conn().execute(_SELECT + " WHERE code = %s AND number = %s", (code, number)).fetchone()
        if row is None:
            raise DefinitionNotFound(f"procedure {code} has no version {number}")
        return _record(row)

    def versions(self, code: str) -> list[DefinitionRecord]:
        rows = self.uow.conn().execute(_SELECT + " WHERE code = %s ORDER BY number", (code,)).fetchall()
        return [_record(r) for r in rows]

    def all(self) -> list[DefinitionRecord]:
        return [_record(r) for r in self.uow.conn().execute(_SELECT + " ORDER BY code, number").fetchall()]

    def update(self, record: DefinitionRecord) -> None:
        conn = self.uow.conn()
        row = conn.execute(_SELECT + " WHERE code = %s AND number = %s FOR UPDATE",
                           (record.code, record.number)).fetchone()
        if row is None:
            raise DefinitionNotFound(f"procedure {record.code} has no version {record.number}")
        old = _record(row)
        if old.revision != record.revision:
            raise StaleDefinitionError(record.code, record.number, record.revision, old.revision)
        record.revision += 1
        record.updated_at = utcnow()
        sets = ", ".join(f"{f} = %({f})s" for f in _FIELDS if f not in ("code", "number"))
        conn.execute(f"UPDATE definition_versions SET {sets} "  # noqa: S608 - fixed names
                     "WHERE code = %(code)s AND number = %(number)s", _params(record))
        if "published" in (old.status, record.status) and (
                (old.status, old.effective_from, old.document)
                != (record.status, record.effective_from, record.document)):
            self._bump()

    def publication_stamp(self) -> int:
        row = self.uow.conn().execute("SELECT stamp FROM definition_publications WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    def _bump(self) -> None:
        self.uow.conn().execute("UPDATE definition_publications SET stamp = stamp + 1 WHERE id = 1")

    def log_change(self, entry: ChangeEntry) -> ChangeEntry:
        conn = self.uow.conn()
        conn.execute("LOCK TABLE definition_changes IN SHARE ROW EXCLUSIVE MODE")
        last = conn.execute("SELECT seq, hash FROM definition_changes ORDER BY seq DESC LIMIT 1").fetchone()
        stored = entry.chained(last[0] + 1 if last else 1, last[1] if last else GENESIS_HASH)
        conn.execute(
            "INSERT INTO definition_changes (seq, at, actor, action, code, number, detail, prev_hash, hash) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (stored.seq, stored.at, stored.actor, stored.action, stored.code, stored.number,
             jsonb(stored.detail), stored.prev_hash, stored.hash))
        return stored

    def changes(self, code: str | None = None) -> list[ChangeEntry]:
        query = ("SELECT seq, at, actor, action, code, number, detail, prev_hash, hash "
                 "FROM definition_changes")
        rows = self.uow.conn().execute(
            query + (" WHERE code = %s" if code else "") + " ORDER BY seq", (code,) if code else ()).fetchall()
        return [ChangeEntry(*r) for r in rows]
