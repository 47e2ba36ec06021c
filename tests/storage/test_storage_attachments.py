"""Content-addressed attachment files: one contract, every backend (filesystem; S3 against a local server)."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime.storage.attachments import (
    AttachmentNotFound,
    AttachmentStore,
    AttachmentTooLarge,
    FileSystemAttachmentStore,
)
from runtime.storage.plugins import ATTACHMENTS


@pytest.fixture(params=["filesystem", "s3"])
def store(request, tmp_path: Path) -> Iterator[AttachmentStore]:
    if request.param == "filesystem":
        yield ATTACHMENTS.build({"MOTCUA_ATTACHMENTS": str(tmp_path / "attachments")})
        return
    built = ATTACHMENTS.build(request.getfixturevalue("s3_settings"))
    yield built
    built.close()


def _corrupt(store: AttachmentStore, sha256: str, data: bytes) -> None:
    """Change the stored bytes behind the store's back (a disk or a bucket going bad)."""
    if isinstance(store, FileSystemAttachmentStore):
        store.path(sha256).write_bytes(data)
    else:
        store.client.put_object(Bucket=store.bucket, Key=store.key(sha256), Body=data)


def test_file_is_stored_under_its_sha256_when_put(store: AttachmentStore) -> None:
    content = b"%PDF-1.7 scanned form" * 1000
    sha = store.put(io.BytesIO(content), max_size=1 << 20)
    assert sha == hashlib.sha256(content).hexdigest()
    with store.open(sha) as handle:
        assert handle.read() == content
    assert (store.exists(sha), store.size(sha)) == (True, len(content))
    assert [name for name, _ in store.blobs()] == [sha]


def test_filesystem_store_keeps_a_file_at_ab_cd_sha256_when_put(tmp_path: Path) -> None:
    store = FileSystemAttachmentStore(tmp_path)
    sha = store.put(b"%PDF-1.7 scanned form")
    assert (tmp_path / sha[:2] / sha[2:4] / sha).read_bytes() == b"%PDF-1.7 scanned form"


def test_identical_files_are_stored_once_when_put_twice(store: AttachmentStore) -> None:
    assert store.put(b"same") == store.put(io.BytesIO(b"same"))
    assert len(list(store.blobs())) == 1


class EndlessStream(io.RawIOBase):
    """A stream that never ends: proves the limit stops reading early."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.served += size
        return b"x" * size


def test_upload_is_refused_while_streaming_when_larger_than_limit(store: AttachmentStore, tmp_path: Path) -> None:
    stream = EndlessStream()
    with pytest.raises(AttachmentTooLarge, match="limit of 100000 bytes"):
        store.put(stream, max_size=100_000)  # type: ignore[arg-type]
    assert stream.served < 300_000
    with pytest.raises(AttachmentTooLarge):
        store.put(b"y" * 11, max_size=10)
    assert list(store.blobs()) == []
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_missing_file_is_reported_when_opened_or_sized(store: AttachmentStore) -> None:
    missing = "0" * 64
    assert store.exists(missing) is False
    with pytest.raises(AttachmentNotFound):
        store.open(missing)
    with pytest.raises(AttachmentNotFound):
        store.size(missing)


def test_path_tricks_are_refused_when_hash_is_not_hex(store: AttachmentStore) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        store.open("../../etc/passwd")


def test_verify_reports_a_file_whose_bytes_changed_after_it_was_stored(store: AttachmentStore) -> None:
    kept, damaged = store.put(b"%PDF-1.7 intact"), store.put(b"%PDF-1.7 will rot")
    _corrupt(store, damaged, b"%PDF-1.7 rotted")
    assert (store.verify(kept), store.verify(damaged)) == (True, False)


def test_file_last_stored_before_the_cutoff_is_removed_and_a_newer_one_kept(store: AttachmentStore) -> None:
    sha = store.put(b"%PDF-1.7 orphan")
    assert store.remove_if_older(sha, cutoff=time.time() - 3600) is False and store.exists(sha)
    assert store.remove_if_older(sha, cutoff=time.time() + 3600) is True
    assert not store.exists(sha) and list(store.blobs()) == []
    assert store.remove_if_older(sha, cutoff=time.time() + 3600) is False  # already gone


def test_file_is_stored_again_when_uploaded_after_it_was_removed(store: AttachmentStore) -> None:
    sha = store.put(b"%PDF-1.7 removed, then uploaded again")
    assert store.remove_if_older(sha, cutoff=time.time() + 3600)
    assert store.put(b"%PDF-1.7 removed, then uploaded again") == sha
    with store.open(sha) as handle:
        assert handle.read() == b"%PDF-1.7 removed, then uploaded again"

