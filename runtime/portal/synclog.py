"""The sync log: every status change of a dossier and what the portal made of it.

One row per (dossier, sequence), kept with the store (PostgreSQL table
``portal_sync``, or a SQLite file beside the embedded store):

``pending``   queued, not sent yet (or the portal could not be reached; ``reason`` says why)
``sent``      sent, no answer yet (or the answer was lost: it is sent again, the portal drops repeats)
``accepted``  the portal has it
``refused``   the portal refused it; ``reason`` is the portal's
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from ..storage.sidecar import SqlRunner, runner_for

STATES = ("pending", "sent", "accepted", "refused")

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS portal_sync (
    dossier_id TEXT NOT NULL, sequence INTEGER NOT NULL, idem_key TEXT NOT NULL, dossier_code TEXT NOT NULL,
    status_code INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending', reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL,
    PRIMARY KEY (dossier_id, sequence));
CREATE INDEX IF NOT EXISTS portal_sync_state ON portal_sync (state);
CREATE TABLE IF NOT EXISTS portal_incoming (
    portal_id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL, dossier_code TEXT NOT NULL, created_at REAL NOT NULL);
"""
_COLUMNS = ("dossier_id, sequence, idem_key, dossier_code, status_code, state, reason, attempts, body, created_at,"
            " updated_at")


@dataclass(frozen=True)
class SyncEntry:
    dossier_id: str
    sequence: int
    key: str
    dossier_code: str
    status_code: int
    state: str
    reason: str | None
    attempts: int
    update: dict[str, Any]
    created_at: float
    updated_at: float


def _entry(row: tuple[Any, ...]) -> SyncEntry:
    dossier_id, sequence, key, code, status, state, reason, attempts, body, created, updated = row
    return SyncEntry(dossier_id, int(sequence), key, code, int(status), state, reason, int(attempts),
                     orjson.loads(body), float(created), float(updated))


class SyncLog:
    def __init__(self, runner: SqlRunner, clock: Callable[[], float] = time.time):
        self.runner, self.clock = runner, clock

    def record(self, dossier_id: str, update: Mapping[str, Any]) -> bool:
        """Log a change as pending; False (nothing changed) when its sequence is logged already."""
        now = self.clock()
        rows = self.runner.run(
            f"INSERT INTO portal_sync ({_COLUMNS}) VALUES ({{p}}, {{p}}, {{p}}, {{p}}, {{p}}, 'pending', NULL, 0,"  # noqa: S608
            " {p}, {p}, {p}) ON CONFLICT (dossier_id, sequence) DO NOTHING RETURNING sequence",
            (dossier_id, int(update["sequence"]), str(update["idempotency_key"]), str(update["dossier_code"]),
             int(update["status_code"]), orjson.dumps(dict(update)).decode(), now, now))
        return bool(rows)

    def entries(self, dossier_id: str) -> list[SyncEntry]:
        """The dossier's log, oldest change first."""
        return [_entry(r) for r in self.runner.run(
            f"SELECT {_COLUMNS} FROM portal_sync WHERE dossier_id = {{p}} ORDER BY sequence",  # noqa: S608
            (dossier_id,))]

    def last_sequence(self, dossier_id: str) -> int:
        rows = self.runner.run("SELECT max(sequence) FROM portal_sync WHERE dossier_id = {p}", (dossier_id,))
        return int(rows[0][0] or 0) if rows else 0

    def mark(self, dossier_id: str, sequence: int, state: str, reason: str | None = None, *,
             attempt: bool = False, update: Mapping[str, Any] | None = None) -> None:
        """Record what happened to one change (``attempt``: count a sending attempt)."""
        if state not in STATES:
            raise ValueError(f"sync state {state!r} not in {STATES}")
        body = orjson.dumps(dict(update)).decode() if update is not None else None
        self.runner.run("UPDATE portal_sync SET state = {p}, reason = {p}, attempts = attempts + {p},"
                        " body = coalesce({p}, body), updated_at = {p} WHERE dossier_id = {p} AND sequence = {p}",
                        (state, (reason or "")[:1000] or None, int(attempt), body, self.clock(), dossier_id,
                         int(sequence)))

    def counts(self) -> dict[str, int]:
        """Number of logged changes per state."""
        return {state: int(n) for state, n in self.runner.run("SELECT state, count(*) FROM portal_sync GROUP BY state")}

    def open_dossiers(self, limit: int = 10000) -> list[str]:
        """Dossiers with a change the portal has not accepted."""
        rows = self.runner.run("SELECT DISTINCT dossier_id FROM portal_sync WHERE state <> 'accepted'"
                               " ORDER BY dossier_id LIMIT {p}", (limit,))
        return [r[0] for r in rows]

    # -- dossiers the portal handed over ----------------------------------------------------------

    def incoming(self, portal_id: str) -> tuple[str, str] | None:
        """(dossier id, dossier code) made from a portal hand-over, if it was seen already."""
        rows = self.runner.run("SELECT dossier_id, dossier_code FROM portal_incoming WHERE portal_id = {p}",
                               (portal_id,))
        return (rows[0][0], rows[0][1]) if rows else None

    def claim_incoming(self, portal_id: str, dossier_id: str) -> bool:
        """Reserve a portal id for the dossier being made of it; False when another request holds it."""
        rows = self.runner.run("INSERT INTO portal_incoming (portal_id, dossier_id, dossier_code, created_at)"
                               " VALUES ({p}, {p}, '', {p}) ON CONFLICT (portal_id) DO NOTHING RETURNING portal_id",
                               (portal_id, dossier_id, self.clock()))
        return bool(rows)

    def filed_incoming(self, portal_id: str, dossier_code: str) -> None:
        """The dossier made of a claimed hand-over is filed with this code."""
        self.runner.run("UPDATE portal_incoming SET dossier_code = {p} WHERE portal_id = {p}",
                        (dossier_code, portal_id))

    def release_incoming(self, portal_id: str) -> None:
        """The hand-over could not be filed: the portal may send it again."""
        self.runner.run("DELETE FROM portal_incoming WHERE portal_id = {p} AND dossier_code = ''", (portal_id,))


def open_sync_log(store: Any) -> SyncLog:
    return SyncLog(runner_for(store, "portal.sqlite3", SQLITE_SCHEMA))
