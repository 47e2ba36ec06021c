"""Content-addressed attachment files."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from runtime.storage.attachments import (
    AttachmentNotFound,
    AttachmentTooLarge,
    FileSystemAttachmentStore,
)


def test_file_is_stored_under_its_sha256_when_put(tmp_path: Path) -> None:
    store = FileSystemAttachmentStore(tmp_path)
    content = b"%PDF-1.7 scanned form" * 1000
    sha = store.put(io.BytesIO(content), max_size=1 << 20)
    assert sha == hashlib.sha256(content).hexdigest()
    assert (tmp_path / sha[:2] / sha[2:4] / sha).read_bytes() == content
    with store.open(sha) as handle:
        assert handle.read() == content
    assert (store.exists(sha), store.size(sha)) == (True, len(content))


def test_identical_files_are_stored_once_when_put_twice(tmp_path: Path) -> None:
    store = FileSystemAttachmentStore(tmp_path)
    assert store.put(b"same") == store.put(io.BytesIO(b"same"))
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


class EndlessStream(io.RawIOBase):
    """A stream that never ends: proves the limit stops reading early."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.served += size
        return b"x" * size


def test_upload_is_refused_while_streaming_when_larger_than_limit(tmp_path: Path) -> None:
    store = FileSystemAttachmentStore(tmp_path)
    stream = EndlessStream()
    with pytest.raises(AttachmentTooLarge, match="limit of 100000 bytes"):
        store.put(stream, max_size=100_000)  # type: ignore[arg-type]
    assert stream.served < 300_000
    with pytest.raises(AttachmentTooLarge):
        store.put(b"y" * 11, max_size=10)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_missing_file_is_reported_when_opened_or_sized(tmp_path: Path) -> None:
    store = FileSystemAttachmentStore(tmp_path)
    missing = "0" * 64
    assert store.exists(missing) is False
    with pytest.raises(AttachmentNotFound):
        store.open(missing)
    with pytest.raises(AttachmentNotFound):
        store.size(missing)


def test_path_tricks_are_refused_when_hash_is_not_hex(tmp_path: Path) -> None:
    store = FileSystemAttachmentStore(tmp_path)
    with pytest.raises(ValueError, match="SHA-256"):
        store.open("../../etc/passwd")
