"""Attachments in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, a cloud's S3 API).

Select with ``MOTCUA_ATTACHMENT_STORE=s3`` (install the ``s3`` extra: boto3). Settings:

- ``MOTCUA_S3_BUCKET`` (required) and ``MOTCUA_S3_PREFIX`` (folder inside it, default none);
- ``MOTCUA_S3_ENDPOINT``: the service URL for anything but AWS (``https://minio.internal:9000``);
- ``MOTCUA_S3_REGION`` (default ``us-east-1``; most S3-compatible servers ignore it);
- ``MOTCUA_S3_ACCESS_KEY`` and ``MOTCUA_S3_SECRET_KEY``: secrets, from the environment; without
  them boto3's own chain is used (an instance role, ``AWS_*`` variables);
- ``MOTCUA_S3_ADDRESSING``: ``path`` (the default with an endpoint: MinIO) or ``virtual``;
- ``MOTCUA_S3_TIMEOUT``: seconds to connect and to read (default 10).

Objects are ``<prefix>/ab/cd/<sha256>`` like the filesystem backend's files. Integrity: the
SHA-256 is computed while the upload is read (the size limit stops it early), sent with the
object so the server refuses bytes that do not match it, and checked again on every read
(:class:`AttachmentCorrupt`). Clean-up needs **bucket versioning** on: a file is removed by
deleting the exact version the clean-up judged old, so an upload of the same content at that
moment (which stores a new version) keeps its file. Add a lifecycle rule that expires
non-current versions after a few days.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, BinaryIO

from ...plugins import PluginError
from ..attachments import (
    AttachmentCorrupt,
    AttachmentNotFound,
    AttachmentStore,
    AttachmentTooLarge,
    check_sha256,
    copy_hashed,
)
from ..base import StorageError

#: Uploads and downloads up to this size stay in memory; larger ones go through a temporary file.
SPOOL = 8 << 20
_MISSING = {"404", "NoSuchKey", "NotFound"}
_SHA256 = re.compile(r"[0-9a-f]{64}")


class S3AttachmentStore(AttachmentStore):
    """Content-addressed attachments as objects ``<prefix>/ab/cd/<sha256>`` of one bucket."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def key(self, sha256: str) -> str:
        check_sha256(sha256)
        return f"{self.prefix}{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def put(self, data: bytes | BinaryIO, max_size: int | None = None) -> str:
        if isinstance(data, bytes | bytearray | memoryview) and max_size is not None and len(data) > max_size:
            raise AttachmentTooLarge(max_size)
        with tempfile.SpooledTemporaryFile(max_size=SPOOL) as spool:
            sha256, written = copy_hashed(data, spool, max_size)  # type: ignore[arg-type]
            if self._refresh(sha256):  # already stored: mark it as just stored (see remove_if_older)
                return sha256
            spool.seek(0)
            self._call("store", sha256, self.client.put_object, Bucket=self.bucket, Key=self.key(sha256),
                       Body=spool, ContentLength=written, ContentType="application/octet-stream",
                       ChecksumSHA256=base64.b64encode(bytes.fromhex(sha256)).decode())
        return sha256

    def _refresh(self, sha256: str) -> bool:
        """Copy an existing object onto itself (a new version, last modified now): True; or False
        when it is not there (never stored, or removed by a clean-up a moment ago)."""
        key = self.key(sha256)
        try:
            self.client.copy_object(Bucket=self.bucket, Key=key, CopySource={"Bucket": self.bucket, "Key": key},
                                    MetadataDirective="REPLACE", ContentType="application/octet-stream",
                                    Metadata={"stored-at": datetime.now(UTC).isoformat()})
        except Exception as exc:
            if _missing(exc):
                return False
            raise _storage_error("refresh", sha256, exc) from exc
        return True

    def open(self, sha256: str) -> BinaryIO:
        """The object's bytes, read to the end and checked against the hash before they are handed out."""
        answer = self._call("read", sha256, self.client.get_object, Bucket=self.bucket, Key=self.key(sha256))
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 - returned to the caller
        try:
            digest = hashlib.sha256()
            with answer["Body"] as body:
                for chunk in iter(lambda: body.read(1 << 16), b""):
                    digest.update(chunk)
                    spool.write(chunk)
            if digest.hexdigest() != sha256:
                raise AttachmentCorrupt(f"attachment {sha256} in s3://{self.bucket}/{self.key(sha256)} does not "
                                        f"match its hash (it hashes to {digest.hexdigest()})")
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        return spool  # type: ignore[return-value]

    def exists(self, sha256: str) -> bool:
        try:
            self._head(sha256)
        except AttachmentNotFound:
            return False
        return True

    def size(self, sha256: str) -> int:
        return int(self._head(sha256)["ContentLength"])

    def _head(self, sha256: str) -> dict[str, Any]:
        return self._call("look up", sha256, self.client.head_object, Bucket=self.bucket, Key=self.key(sha256))

    def blobs(self) -> Iterator[tuple[str, float]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        try:
            for page in pages:
                for item in page.get("Contents", ()):
                    name = item["Key"].rsplit("/", 1)[-1]
                    if _SHA256.fullmatch(name) and item["Key"] == self.key(name):
                        yield name, item["LastModified"].timestamp()
        except Exception as exc:
            raise _storage_error("list", "", exc) from exc

    def remove_if_older(self, sha256: str, cutoff: float) -> bool:
        """Delete the version last stored before ``cutoff`` (never a newer one stored meanwhile)."""
        try:
            head = self._head(sha256)
        except AttachmentNotFound:
            return False
        if head["LastModified"].timestamp() >= cutoff:
            return False
        version = head.get("VersionId")
        if version in (None, "null"):
            raise StorageError(f"s3://{self.bucket}: turn on bucket versioning before running the attachment "
                               "clean-up (it deletes the exact version it judged old, so that a concurrent upload "
                               "of the same content keeps its file)")
        self._call("remove", sha256, self.client.delete_object, Bucket=self.bucket, Key=self.key(sha256),
                   VersionId=version)
        return not self.exists(sha256)

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()

    def _call(self, doing: str, sha256: str, method: Any, **kwargs: Any) -> Any:
        try:
            return method(**kwargs)
        except Exception as exc:
            if _missing(exc):
                raise AttachmentNotFound(f"no attachment {sha256}") from exc
            raise _storage_error(doing, sha256, exc) from exc


def _missing(exc: Exception) -> bool:
    response = getattr(exc, "response", None)
    return isinstance(response, dict) and str(response.get("Error", {}).get("Code")) in _MISSING


def _storage_error(doing: str, sha256: str, exc: Exception) -> StorageError:
    return StorageError(f"S3 attachment store: cannot {doing} {sha256 or 'the bucket'} ({type(exc).__name__}: {exc})")


def build(config: Mapping[str, Any]) -> S3AttachmentStore:
    bucket = config.get("MOTCUA_S3_BUCKET")
    if not bucket:
        raise PluginError("MOTCUA_ATTACHMENT_STORE is 's3' but MOTCUA_S3_BUCKET is not set")
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:
        raise PluginError("MOTCUA_ATTACHMENT_STORE is 's3' but boto3 is not installed "
                          "(pip install 'motcua[s3]')") from exc
    endpoint = config.get("MOTCUA_S3_ENDPOINT") or None
    addressing = config.get("MOTCUA_S3_ADDRESSING") or ("path" if endpoint else "auto")
    if addressing not in ("path", "virtual", "auto"):
        raise PluginError(f"MOTCUA_S3_ADDRESSING must be 'path' or 'virtual', not {addressing!r}")
    timeout = float(config.get("MOTCUA_S3_TIMEOUT") or 10)
    keys = {}
    if config.get("MOTCUA_S3_ACCESS_KEY") or config.get("MOTCUA_S3_SECRET_KEY"):
        if not (config.get("MOTCUA_S3_ACCESS_KEY") and config.get("MOTCUA_S3_SECRET_KEY")):
            raise PluginError("set both MOTCUA_S3_ACCESS_KEY and MOTCUA_S3_SECRET_KEY, or neither")
        keys = {"aws_access_key_id": str(config["MOTCUA_S3_ACCESS_KEY"]),
                "aws_secret_access_key": str(config["MOTCUA_S3_SECRET_KEY"])}
    client = boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name=config.get("MOTCUA_S3_REGION") or "us-east-1",
        config=Config(s3={"addressing_style": addressing}, connect_timeout=timeout, read_timeout=timeout,
                      retries={"max_attempts": 3, "mode": "standard"}),
        **keys)
    return S3AttachmentStore(client, str(bucket), str(config.get("MOTCUA_S3_PREFIX") or ""))
