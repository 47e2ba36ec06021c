"""TinyDB storages: atomic files on disk, and a staging area for commits."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from runtime.storage.base import CorruptStoreError
from runtime.storage.fsutil import atomic_write

Tables = dict[str, dict[str, Any]]


def decode(raw: bytes, path: Path) -> Tables:
    """Parse a store file; a damaged file is an error, never an empty database."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptStoreError(
            f"{path} is damaged ({exc}); restore it from a backup (the store never "
            "writes a partial file, so something outside motcua changed it)"
        ) from exc
    if not isinstance(data, dict):
        raise CorruptStoreError(f"{path} does not hold a TinyDB database")
    return data


def read_file(path: Path) -> Tables | None:
    """Read a store file, or None if it does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return decode(raw, path)


class AtomicJSONStorage(Storage):
    """TinyDB storage whose every write is atomic and durable.

    Unlike TinyDB's ``JSONStorage`` (which truncates and rewrites the file in
    place), a write goes to a temporary sibling that is fsynced and then
    renamed over the file: a crash leaves either the old or the new content.
    A missing file reads as an empty database; a damaged one raises
    :class:`CorruptStoreError`.
    """

    def __init__(self, path: Path, *, durable: bool = True) -> None:
        self.path = path
        self.durable = durable

    def read(self) -> Tables | None:
        return read_file(self.path)

    def write(self, data: Tables) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, orjson.dumps(data), durable=self.durable)


class Staging:
    """Files changed by a commit in progress, kept in memory until journaled.

    Reads fall through to disk the first time a file is touched; writes stay
    here. ``changes`` maps relative paths to full new file contents.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.changes: dict[str, Tables] = {}
        self._read: dict[str, Tables | None] = {}

    def load(self, relpath: str) -> Tables | None:
        if relpath in self.changes:
            return self.changes[relpath]
        if relpath not in self._read:
            self._read[relpath] = read_file(self.root / relpath)
        return self._read[relpath]

    def put(self, relpath: str, data: Tables) -> None:
        self.changes[relpath] = data

    def db(self, relpath: str) -> TinyDB:
        """A TinyDB database over one staged file."""
        return TinyDB(storage=lambda: StagedStorage(self, relpath))


class StagedStorage(Storage):
    """TinyDB storage reading and writing one file of a :class:`Staging`."""

    def __init__(self, staging: Staging, relpath: str) -> None:
        self.staging = staging
        self.relpath = relpath

    def read(self) -> Tables | None:
        return self.staging.load(self.relpath)

    def write(self, data: Tables) -> None:
        self.staging.put(self.relpath, data)


class TableCache:
    """Per-process cache of whole tables, invalidated by the file's identity.

    Every write replaces the file (new inode, new mtime), so a ``stat`` tells
    whether the cached copy is current; other processes' writes are seen.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Path, tuple[tuple[int, int, int], list[dict[str, Any]]]] = {}

    def rows(self, path: Path, table: str) -> list[dict[str, Any]]:
        """Return the documents of ``table`` in ``path`` (treat them as read-only)."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return []
        signature = (st.st_ino, st.st_mtime_ns, st.st_size)
        with self._lock:
            cached = self._entries.get(path)
        if cached is not None and cached[0] == signature:
            return cached[1]
        data = read_file(path) or {}
        rows = list(data.get(table, {}).values())
        with self._lock:
            self._entries[path] = (signature, rows)
        return rows
