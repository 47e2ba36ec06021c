"""Each citizen's choice of progress messages: e-mail and SMS on or off (both on until they choose).

Kept with the store (PostgreSQL table ``notification_preferences``, or a SQLite
file beside the embedded store) so every node and the worker read the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..storage.sidecar import SqlRunner, runner_for

SQLITE_SCHEMA = ("CREATE TABLE IF NOT EXISTS notification_preferences (account_id TEXT PRIMARY KEY,"
                 " email INTEGER NOT NULL DEFAULT 1, sms INTEGER NOT NULL DEFAULT 1, updated_at REAL NOT NULL);")


@dataclass(frozen=True)
class Preferences:
    email: bool = True
    sms: bool = True

    def allows(self, channel: str) -> bool:
        return bool(getattr(self, channel, False))


class PreferenceStore:
    def __init__(self, runner: SqlRunner, clock: Callable[[], float] = time.time):
        self.runner, self.clock = runner, clock

    def get(self, account_id: str | None) -> Preferences:
        if not account_id:
            return Preferences()
        rows = self.runner.run("SELECT email, sms FROM notification_preferences WHERE account_id = {p}",
                               (account_id,))
        return Preferences(bool(rows[0][0]), bool(rows[0][1])) if rows else Preferences()

    def set(self, account_id: str, preferences: Preferences) -> None:
        self.runner.run("INSERT INTO notification_preferences (account_id, email, sms, updated_at)"
                        " VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (account_id) DO UPDATE"
                        " SET email = excluded.email, sms = excluded.sms, updated_at = excluded.updated_at",
                        (account_id, int(preferences.email), int(preferences.sms), self.clock()))


def open_preferences(store: Any) -> PreferenceStore:
    return PreferenceStore(runner_for(store, "preferences.sqlite3", SQLITE_SCHEMA))
