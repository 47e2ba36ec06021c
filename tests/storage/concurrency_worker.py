"""Work done at once by threads and processes in the concurrency test.

As a script: ``python concurrency_worker.py STORE_DIR COUNTER_ID GO_FILE N``
opens the store, prints ``READY``, waits for GO_FILE to exist, then runs
:func:`work` and prints ``DONE``.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from storage_factories import build_dossier

from runtime.storage import StaleDossierError, Store
from runtime.storage.tinydb_store import TinyDBStore

AGENCY = "000.00.20.H29"
DAY = date(2024, 5, 6)


def increment(store: Store, counter_id: str) -> int:
    """Add 1 to the counter dossier, retrying on a stale read; return the retries."""
    retries = 0
    while True:
        try:
            with store.unit_of_work() as uow:
                dossier = uow.dossiers.get(counter_id)
                dossier.data["counter"] += 1
                uow.dossiers.update(dossier)
                uow.commit()
            return retries
        except StaleDossierError:
            retries += 1


def work(store: Store, counter_id: str, rounds: int) -> None:
    """Each round: one submission with a dossier code and one counter increment."""
    for n in range(rounds):
        dossier = build_dossier(name=f"Worker {n}", step="receive")
        with store.unit_of_work() as uow:
            dossier.reference = uow.references.next_reference(AGENCY, DAY)
            uow.dossiers.add(dossier)
            uow.commit()
        increment(store, counter_id)


def main(root: str, counter_id: str, go_file: str, rounds: int) -> None:
    store = TinyDBStore(root)
    print("READY", flush=True)
    while not Path(go_file).exists():
        time.sleep(0.005)
    work(store, counter_id, rounds)
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
