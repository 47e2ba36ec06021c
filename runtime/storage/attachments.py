"""Attachment files, stored outside the dossier record and addressed by SHA-256.

Dossiers keep only ``StoredFile.sha256``; the bytes live in an
:class:`AttachmentStore`. :class:`FileSystemAttachmentStore` keeps them under
``root/ab/cd/<sha256>``; :mod:`runtime.storage.contrib.s3` keeps them in an
S3-compatible object store. Identical files are stored once.

Clean-up: blobs that no dossier or draft references are removed after a grace
period by :func:`runtime.storage.attachment_gc.collect_garbage`. Storing a file
that already exists refreshes its modification time, which is what makes the
clean-up safe against a concurrent upload of the same content.
"""

from __future__ import annotations

import hashlib
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from runtime.storage.base import StorageError
from runtime.storage.fsutil import ensure_dir, fsync_dir, temp_path_for

CHUNK = 1 << 16
_SHA256 = re.compile(r"[0-9a-f]{64}")


class AttachmentTooLarge(StorageError):
    """The file exceeds the size limit; nothing was stored."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        super().__init__(f"attachment larger than the limit of {max_size} bytes; not stored")


class AttachmentNotFound(StorageError):
    """No attachment has this hash."""


class AttachmentCorrupt(StorageError):
    """The stored bytes no longer hash to their name."""


def check_sha256(sha256: str) -> str:
    """Refuse anything but a lower-case hex SHA-256 (no path tricks)."""
    if not _SHA256.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


class AttachmentStore(ABC):
    """Content-addressed storage of uploaded files."""

    @abstractmethod
    def put(self, data: bytes | BinaryIO, max_size: int | None = None) -> str:
        """Store bytes or a binary stream; return its SHA-256 (hex).

        Raises :class:`AttachmentTooLarge` as soon as more than ``max_size``
        bytes were read (the stream is not read to the end).
        """

    @abstractmethod
    def open(self, sha256: str) -> BinaryIO:
        """Open a stored file for reading; raise :class:`AttachmentNotFound`."""

    @abstractmethod
    def exists(self, sha256: str) -> bool:
        """Whether a file with this hash is stored."""

    @abstractmethod
    def size(self, sha256: str) -> int:
        """Size in bytes of a stored file; raise :class:`AttachmentNotFound`."""

    def verify(self, sha256: str) -> bool:
        """Whether the stored bytes still hash to their name; raise :class:`AttachmentNotFound`."""
        digest = hashlib.sha256()
        try:
            with self.open(sha256) as handle:
                for chunk in chunks(handle):
                    digest.update(chunk)
        except AttachmentCorrupt:  # a backend that checks on every read
            return False
        return digest.hexdigest() == sha256

    def blobs(self) -> Iterator[tuple[str, float]]:
        """Every stored file as ``(sha256, last stored at as a POSIX time)``."""
        return iter(())

    def remove_if_older(self, sha256: str, cutoff: float) -> bool:
        """Remove a file last stored before ``cutoff``, unless it is being stored again now.

        Returns True when it was removed. Backends without clean-up keep everything.
        """
        return False

    def remove_stale_incoming(self, cutoff: float) -> int:
        """Remove partial uploads left before ``cutoff`` (e.g. by a crash); return how many."""
        return 0


class FileSystemAttachmentStore(AttachmentStore):
    """Attachments as files ``root/ab/cd/<sha256>``, each written atomically."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        check_sha256(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes | BinaryIO, max_size: int | None = None) -> str:
        small = isinstance(data, bytes | bytearray | memoryview)
        if small and max_size is not None and len(data) > max_size:  # type: ignore[arg-type]
            raise AttachmentTooLarge(max_size)
        incoming = self.root / "incoming"
        incoming.mkdir(exist_ok=True)
        tmp = temp_path_for(incoming / "upload")
        try:
            with open(tmp, "xb") as out:
                sha256, _written = copy_hashed(data, out, max_size)
                out.flush()
                os.fsync(out.fileno())
            target = self.path(sha256)
            if _refresh(target):  # already stored: mark it as just stored (see remove_if_older)
                tmp.unlink()
                return sha256
            to_sync = {target.parent}
            ensure_dir(target.parent, to_sync)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        for folder in to_sync:
            fsync_dir(folder)
        return sha256

    def open(self, sha256: str) -> BinaryIO:
        try:
            return open(self.path(sha256), "rb")
        except FileNotFoundError as exc:
            raise AttachmentNotFound(f"no attachment {sha256}") from exc

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError as exc:
            raise AttachmentNotFound(f"no attachment {sha256}") from exc


    def blobs(self) -> Iterator[tuple[str, float]]:
        for folder in sorted(self.root.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]")):
            for file in folder.iterdir():
                if _SHA256.fullmatch(file.name):
                    try:
                        yield file.name, file.stat().st_mtime
                    except FileNotFoundError:  # removed meanwhile
                        continue

    def remove_if_older(self, sha256: str, cutoff: float) -> bool:
        """Move the file aside atomically, then look again: a concurrent ``put`` of the same
        content either refreshed it before the move (it is put back) or finds it gone and
        writes it anew; either way the upload keeps its file."""
        target = self.path(sha256)
        aside = target.with_name(f"{sha256}.removing")
        try:
            if target.stat().st_mtime >= cutoff:
                return False
            os.rename(target, aside)
        except FileNotFoundError:
            return False
        if aside.stat().st_mtime >= cutoff:  # refreshed just before the move: put it back
            if target.exists():
                aside.unlink()
            else:
                os.rename(aside, target)
            return False
        aside.unlink()
        return True

    def remove_stale_incoming(self, cutoff: float) -> int:
        removed = 0
        for file in (self.root / "incoming").glob("*"):
            try:
                if file.is_file() and file.stat().st_mtime < cutoff:
                    file.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed


def _refresh(target: Path) -> bool:
    """Touch an existing file (True), or say it is not there (False)."""
    try:
        os.utime(target)
    except FileNotFoundError:
        return False
    return True


def copy_hashed(data: bytes | BinaryIO, out: BinaryIO, max_size: int | None = None) -> tuple[str, int]:
    """Copy ``data`` to ``out`` while hashing it: ``(sha256 hex, size)``. Raises
    :class:`AttachmentTooLarge` as soon as more than ``max_size`` bytes were read."""
    digest, written = hashlib.sha256(), 0
    for chunk in chunks(data):
        written += len(chunk)
        if max_size is not None and written > max_size:
            raise AttachmentTooLarge(max_size)
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest(), written


def chunks(data: bytes | BinaryIO) -> Iterator[bytes]:
    """Bytes or a binary stream in pieces of at most :data:`CHUNK` bytes."""
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data)
        for start in range(0, len(view), CHUNK):
            yield bytes(view[start : start + CHUNK])
        return
    while True:
        chunk = data.read(CHUNK)
        if not chunk:
            return
        yield chunk
