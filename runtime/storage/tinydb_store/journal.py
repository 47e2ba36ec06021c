"""Intent journal: makes a commit that spans several files all-or-nothing.

A commit first writes the full new content of every file it changes to
``journal/commit.json`` (atomically, fsynced): from that instant the commit
is decided. It then replaces each file atomically and finally deletes the
journal. After a crash, :meth:`Journal.recover` (run under the write lock
before any other write, and before reads when a journal is seen) replays a
journal that exists (idempotent: it rewrites whole files) and otherwise only
sweeps temporary files, which hold no committed data. A crash before the
journal is complete therefore leaves no trace; a crash after it is finished
on the next open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from runtime.storage.base import CorruptStoreError
from runtime.storage.fsutil import TMP_SUFFIX, atomic_write, ensure_dir, fsync_dir

JOURNAL_FORMAT = 1


def _sweep_tmp(folder: Path) -> None:
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name.endswith(TMP_SUFFIX):
                entry.unlink(missing_ok=True)


class Journal:
    """The single commit journal of a store (commits are serialized by the lock)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dir = root / "journal"
        self.path = self.dir / "commit.json"

    def pending(self) -> bool:
        """Whether a decided commit waits to be applied (a writer is busy or died)."""
        return self.path.exists()

    def commit(self, writes: dict[str, dict[str, Any]]) -> None:
        """Durably apply ``writes`` (relative path -> whole TinyDB content) as one unit."""
        if not writes:
            return
        self.dir.mkdir(exist_ok=True)
        payload = {"format": JOURNAL_FORMAT, "writes": writes}
        atomic_write(self.path, orjson.dumps(payload))
        self._apply(writes)
        self._clear()

    def recover(self) -> bool:
        """Finish an interrupted commit, if any; sweep temp files. Needs the lock."""
        _sweep_tmp(self.dir)
        _sweep_tmp(self.root)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return False
        try:
            payload = orjson.loads(raw)
            writes = payload["writes"]
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise CorruptStoreError(
                f"{self.path} is damaged ({exc}); it is written atomically, so something "
                "outside motcua changed it: inspect it, restore a backup if needed"
            ) from exc
        if payload.get("format") != JOURNAL_FORMAT:
            raise CorruptStoreError(f"{self.path}: unknown journal format {payload.get('format')}")
        root = self.root.resolve()
        for relpath in writes:
            if not (self.root / relpath).resolve().is_relative_to(root):
                raise CorruptStoreError(f"{self.path} names a file outside the store: {relpath}")
            _sweep_tmp((self.root / relpath).parent)
        self._apply(writes)
        self._clear()
        return True

    def _apply(self, writes: dict[str, dict[str, Any]]) -> None:
        to_sync: set[Path] = set()
        for relpath, data in writes.items():
            path = self.root / relpath
            ensure_dir(path.parent, to_sync)
            atomic_write(path, orjson.dumps(data), sync_dir=False)
            to_sync.add(path.parent)
        for folder in to_sync:
            fsync_dir(folder)

    def _clear(self) -> None:
        # No directory fsync: if the unlink is lost in a crash, the replay of
        # this journal rewrites files with the content they already hold. A
        # later commit cannot have changed them in between, since it fsyncs
        # this directory (making the unlink durable) before touching any file.
        self.path.unlink()
