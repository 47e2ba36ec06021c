"""Remember which exact definition contents were checked clean, so an unchanged
catalog is not checked again at start-up.

Entries are keyed by the definition's content hash and by a fingerprint of the
checker (meta-schema and code version), so a new checker re-checks everything.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import orjson

from .metaschema import SCHEMAS_DIR

CHECKER_REVISION = "1"


def checker_fingerprint() -> str:
    digest = hashlib.sha256(CHECKER_REVISION.encode())
    digest.update((SCHEMAS_DIR / "procedure.schema.json").read_bytes())
    return digest.hexdigest()[:16]


class CheckCache:
    """A set of clean content hashes, persisted atomically in one JSON file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.fingerprint = checker_fingerprint()
        self._clean: set[str] = set()
        self._dirty = False
        try:
            data = orjson.loads(self.path.read_bytes())
            if data.get("fingerprint") == self.fingerprint:
                self._clean = set(data.get("clean", ()))
        except (OSError, orjson.JSONDecodeError, AttributeError):
            pass  # a missing or unreadable cache only means checking again

    def is_clean(self, digest: str) -> bool:
        return digest in self._clean

    def mark_clean(self, digest: str) -> None:
        if digest not in self._clean:
            self._clean.add(digest)
            self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = orjson.dumps({"fingerprint": self.fingerprint, "clean": sorted(self._clean)})
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".check-cache-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(tmp, self.path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return
        self._dirty = False
