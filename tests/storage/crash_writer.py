"""Child process of the crash test: writes dossiers until it is killed.

Usage: ``python crash_writer.py STORE_DIR SEED``. Prints ``READY`` once open,
then ``C <id> <code>`` after each committed submission and ``U <id> <version>``
after each committed update, flushed, so the parent knows what was committed.
"""

from __future__ import annotations

import random
import sys
from datetime import date

from storage_factories import build_dossier

from runtime.storage.tinydb_store import TinyDBStore

AGENCY = "000.00.20.H29"


def main(root: str, seed: int) -> None:
    store = TinyDBStore(root)
    rng = random.Random(seed)
    with store.unit_of_work() as uow:
        known = list(uow.dossiers.iter_ids())
    print("READY", flush=True)
    for n in range(1_000_000):
        if known and rng.random() < 0.4:
            with store.unit_of_work() as uow:
                dossier = uow.dossiers.get(rng.choice(known))
                dossier.status.step = rng.choice(["receive", "review", "approve"])
                dossier.append_event(actor="officer-1", action=f"step-{seed}-{n}")
                uow.dossiers.update(dossier)
                uow.commit()
            print(f"U {dossier.id} {dossier.version}", flush=True)
        else:
            dossier = build_dossier(name=f"Crash {seed}-{n}", step="receive", account_id=f"c{n % 7}")
            with store.unit_of_work() as uow:
                dossier.reference = uow.references.next_reference(AGENCY, date(2024, 5, 6))
                uow.dossiers.add(dossier)
                uow.commit()
            known.append(dossier.id)
            print(f"C {dossier.id} {dossier.reference}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
