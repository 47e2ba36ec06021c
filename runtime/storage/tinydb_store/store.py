"""The embedded store: a directory of small TinyDB files (see :mod:`.layout`)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from runtime.dossiers.model import Dossier
from runtime.storage.base import DuplicateDossierError, Store, UnsupportedUsageError
from runtime.storage.fsutil import TMP_SUFFIX, atomic_write, is_network_filesystem
from runtime.storage.integrity import check_event_log, snapshot
from runtime.storage.query import DossierQuery
from runtime.storage.tinydb_store import indexes
from runtime.storage.tinydb_store.files import (
    AtomicJSONStorage,
    Staging,
    TableCache,
    decode,
    read_file,
)
from runtime.storage.tinydb_store.journal import Journal
from runtime.storage.tinydb_store.layout import (
    DOSSIER_TABLE,
    FORMAT_NAME,
    FORMAT_VERSION,
    LOCK,
    MARKER,
    REFERENCE_TABLE,
    SUMMARY_TABLE,
    Layout,
)
from runtime.storage.tinydb_store.lock import StoreLock
from runtime.storage.tinydb_store.unit_of_work import TinyDBUnitOfWork


def _existing_ancestor(path: Path) -> Path:
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path


class TinyDBStore(Store):
    """Embedded dossier store for a demo or a single office (one machine).

    Opening creates the directory (or checks its format marker), refuses
    network filesystems and stores written by a newer format, and finishes
    any commit a crashed process left in the journal.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        reference_pattern: str | None = None,
        lock_timeout: float = 30.0,
    ) -> None:
        self.root = Path(root).absolute()
        fs_type = is_network_filesystem(_existing_ancestor(self.root))
        if fs_type:
            raise UnsupportedUsageError(
                f"{self.root} is on a network filesystem ({fs_type}); the embedded store "
                "needs a local disk (its locks and atomic renames are not reliable there): "
                "use PostgreSQL"
            )
        if reference_pattern:
            self.reference_pattern = reference_pattern
        self.root.mkdir(parents=True, exist_ok=True)
        self.layout = Layout(self.root)
        self.journal = Journal(self.root)
        self.lock = StoreLock(self.layout.lock, lock_timeout)
        self._cache = TableCache()
        self.acquire()
        self.release()

    def __repr__(self) -> str:
        return f"TinyDBStore({str(self.root)!r})"

    # -- locking and recovery -------------------------------------------------

    def acquire(self) -> None:
        """Take the write lock, check the format, finish an interrupted commit."""
        self.lock.acquire()
        try:
            self._check_format()
            self.journal.recover()
        except BaseException:
            self.lock.release()
            raise

    def release(self) -> None:
        self.lock.release()

    def ensure_recovered(self) -> None:
        """Before a read: wait for (or finish) a commit seen in flight."""
        if not self.lock.held_by_current_thread() and self.journal.pending():
            self.acquire()
            self.release()

    def _check_format(self) -> None:
        marker = self.layout.marker
        if not marker.exists():
            others = [
                p.name
                for p in self.root.iterdir()
                if p.name != LOCK and not p.name.endswith(TMP_SUFFIX)
            ]
            if others:
                raise UnsupportedUsageError(
                    f"{self.root} is not empty and has no {MARKER}: not a motcua store, "
                    f"refusing to write into it (found {', '.join(sorted(others)[:5])})"
                )
            info = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
            atomic_write(marker, orjson.dumps(info))
            return
        info = decode(marker.read_bytes(), marker)
        if info.get("format") != FORMAT_NAME:
            raise UnsupportedUsageError(f"{marker}: not a {FORMAT_NAME} directory")
        if int(info.get("version", 0)) > FORMAT_VERSION:
            raise UnsupportedUsageError(
                f"{self.root} was written by a newer motcua (store format "
                f"{info.get('version')}); this version reads format {FORMAT_VERSION} "
                "at most: upgrade motcua, do not open it with this version"
            )

    # -- store API ------------------------------------------------------------

    def unit_of_work(self) -> TinyDBUnitOfWork:
        return TinyDBUnitOfWork(self)

    def index_rows(self, query: DossierQuery) -> list[dict[str, Any]]:
        """Candidate index rows for ``query`` from the fewest partitions possible."""
        self.ensure_recovered()
        if query.agency_code is not None:
            parts = self.layout.agency_partitions(query.agency_code)
        elif query.account_id is not None:
            parts = self.layout.account_partitions(query.account_id)
        else:
            parts = self.layout.all_agency_partitions()
        rows: list[dict[str, Any]] = []
        for relpath in parts:
            rows.extend(self._cache.rows(self.layout.abs(relpath), SUMMARY_TABLE))
        return rows

    def iter_ids(self) -> Iterator[str]:
        folder = self.layout.dossiers_dir
        if folder.is_dir():
            for sub in sorted(folder.iterdir()):
                for entry in sorted(sub.iterdir()):
                    if entry.name.endswith(".json"):
                        yield entry.name.removesuffix(".json")

    def bulk_add(self, dossiers: Iterable[Dossier]) -> int:
        """Import many new dossiers fast (one fsync for all files, one index pass).

        Dossier files are written first, then all index changes in one journaled
        commit. A crash in between leaves dossiers missing from the lists (never
        damaged files): run :meth:`rebuild_indexes` after such a crash.
        """
        items = list(dossiers)
        docs = [snapshot(d) for d in items]
        for doc in docs:
            check_event_log(doc["id"], doc["events"])
            doc["version"] = 1
        self.acquire()
        try:
            reader = Staging(self.root)
            for doc in docs:
                if self.layout.abs(self.layout.dossier(doc["id"])).exists():
                    raise DuplicateDossierError(f"dossier {doc['id']} is already stored")
                if doc["reference"] and indexes.lookup_reference(reader, self.layout, doc["reference"]):
                    raise DuplicateDossierError(f"dossier code {doc['reference']} is already used")
            for doc in docs:
                path = self.layout.abs(self.layout.dossier(doc["id"]))
                AtomicJSONStorage(path, durable=False).write({DOSSIER_TABLE: {"1": doc}})
            os.sync()
            staging = Staging(self.root)
            for relpath, tables in indexes.index_files(self.layout, docs).items():
                for table, rows in tables.items():
                    staging.db(relpath).table(table).insert_multiple(rows.values())
            self.journal.commit(staging.changes)
        finally:
            self.release()
        for item in items:
            item.version = 1
        return len(items)

    def rebuild_indexes(self) -> int:
        """Rewrite every lookup index from the dossier files; return the dossier count."""
        self.acquire()
        try:
            docs = []
            for dossier_id in self.iter_ids():
                data = read_file(self.layout.abs(self.layout.dossier(dossier_id))) or {}
                docs.extend(data.get(DOSSIER_TABLE, {}).values())
            writes: dict[str, Any] = {}
            index_root = self.root / "index"
            if index_root.is_dir():
                for path in index_root.rglob("*.json"):
                    table = SUMMARY_TABLE if "reference" not in path.parts else REFERENCE_TABLE
                    writes[path.relative_to(self.root).as_posix()] = {table: {}}
            writes.update(indexes.index_files(self.layout, docs))
            self.journal.commit(writes)
        finally:
            self.release()
        return len(docs)
