"""Exchange nonces and links in PostgreSQL (migration 0006), in the unit of work's transaction."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from runtime.storage.exchange import ExchangeRepository

if TYPE_CHECKING:
    from runtime.storage.postgres.store import PostgresUnitOfWork


class PostgresExchangeRepository(ExchangeRepository):
    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self.uow = uow

    def remember_nonce(self, partner: str, nonce: str, expires_at: float) -> bool:
        conn = self.uow.conn()
        conn.execute("DELETE FROM exchange_nonces WHERE expires_at < %s", (time.time(),))
        row = conn.execute("INSERT INTO exchange_nonces (partner, nonce, expires_at) VALUES (%s, %s, %s)"
                           " ON CONFLICT DO NOTHING RETURNING nonce", (partner, nonce, expires_at)).fetchone()
        return row is not None

    def linked_dossier(self, partner: str, remote_id: str) -> str | None:
        row = self.uow.conn().execute("SELECT dossier_id FROM exchange_links WHERE partner = %s AND remote_id = %s",
                                      (partner, remote_id)).fetchone()
        return row[0] if row else None

    def link(self, partner: str, remote_id: str, dossier_id: str) -> None:
        self.uow.conn().execute("INSERT INTO exchange_links (partner, remote_id, dossier_id) VALUES (%s, %s, %s)"
                                " ON CONFLICT (partner, remote_id) DO UPDATE SET dossier_id = EXCLUDED.dossier_id",
                                (partner, remote_id, dossier_id))
