"""Exchange nonces and links of the embedded store: two files written through the unit of work's staging."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from runtime.storage.exchange import ExchangeRepository

if TYPE_CHECKING:
    from runtime.storage.tinydb_store.unit_of_work import TinyDBUnitOfWork

NONCES_FILE, LINKS_FILE = "exchange/nonces.json", "exchange/links.json"
NONCES, LINKS = "nonces", "links"


class TinyDBExchangeRepository(ExchangeRepository):
    def __init__(self, uow: TinyDBUnitOfWork) -> None:
        self.uow = uow

    def remember_nonce(self, partner: str, nonce: str, expires_at: float) -> bool:
        staging = self.uow.locked_staging()
        now = time.time()
        rows = {k: v for k, v in ((staging.load(NONCES_FILE) or {}).get(NONCES, {})).items() if v["expires"] > now}
        key = f"{partner} {nonce}"
        if key in rows:
            return False
        rows[key] = {"expires": expires_at}
        staging.put(NONCES_FILE, {NONCES: rows})
        return True

    def linked_dossier(self, partner: str, remote_id: str) -> str | None:
        row = ((self.uow.reader().load(LINKS_FILE) or {}).get(LINKS, {})).get(f"{partner} {remote_id}")
        return row["dossier_id"] if row else None

    def link(self, partner: str, remote_id: str, dossier_id: str) -> None:
        staging = self.uow.locked_staging()
        rows = dict((staging.load(LINKS_FILE) or {}).get(LINKS, {}))
        rows[f"{partner} {remote_id}"] = {"dossier_id": dossier_id}
        staging.put(LINKS_FILE, {LINKS: rows})
