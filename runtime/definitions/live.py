"""Keep a worker's catalogue in step with the versions published in the store.

Every worker of every node serves what is published without a restart: each
request asks :meth:`LiveCatalog.refresh` whether to look, which reads the
store's publication stamp at most every ``interval`` seconds (one tiny read)
and rebuilds the catalogue only when the stamp or the day changed. The files
under ``procedures/`` are the seed: a code with a published version in force
in the store is served from the store, every other code from its file.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from .catalog import Catalog
from .compiler import compile_procedure, content_hash
from .loader import check_definition
from .model import Procedure

log = logging.getLogger(__name__)

#: "store:<code>@<number>", the ``file`` of a procedure compiled from the store.
STORE_FILE = "store:{code}@{number}"


def compile_stored(code: str, number: int, document: dict[str, Any]) -> Procedure | None:
    """Check and compile a stored version; None (logged) if it has errors."""
    file = STORE_FILE.format(code=code, number=number)
    errors = [p for p in check_definition(document, file) if p.is_error]
    if errors:
        log.error("stored definition %s left out: %s", file, errors[0].format())
        return None
    return compile_procedure(document, file, content_hash(document))


class LiveCatalog:
    """Rebuilds ``catalog`` from the seed and the store when the publication stamp moves."""

    def __init__(self, catalog: Catalog, seed: list[Procedure], store: Callable[[], Any],
                 interval: float = 2.0, today: Callable[[], dt.date] | None = None) -> None:
        self.catalog = catalog
        self.seed = list(seed)
        self.store = store
        self.interval = interval
        self.today = today or dt.date.today
        self._seen: tuple[int, dt.date] | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._compiled: dict[tuple[str, int, str], Procedure | None] = {}

    def refresh(self, force: bool = False) -> bool:
        """Look at the store if it is time; return whether the catalogue was rebuilt."""
        now = time.monotonic()
        if not force and now - self._checked < self.interval:
            return False
        if not self._lock.acquire(blocking=False):
            return False  # another thread of this worker is looking
        try:
            self._checked = now
            store = self.store()
            if store is None:
                return False
            with store.unit_of_work() as uow:
                key = (uow.definitions.publication_stamp(), self.today())
                if key == self._seen:
                    return False
                records = uow.definitions.all()
            self._rebuild(records, key[1])
            self._seen = key
            return True
        finally:
            self._lock.release()

    def _rebuild(self, records: list[Any], day: dt.date) -> None:
        from runtime.storage.definitions import in_force

        by_code = {p.code: p for p in self.seed}
        for code, record in in_force(records, day).items():
            digest = content_hash(record.document)
            key = (code, record.number, digest)
            if key not in self._compiled:
                self._compiled[key] = compile_stored(code, record.number, record.document)
            if self._compiled[key] is not None:
                by_code[code] = self._compiled[key]
        self.catalog.replace(by_code.values())
