"""Where each piece of the embedded store lives on disk.

::

    <root>/motcua-store.json                    format marker (name + version)
    <root>/.lock                                inter-process write lock
    <root>/journal/commit.json                  intent journal of the commit in flight
    <root>/dossiers/<h2>/<id>.json              one TinyDB file per dossier
    <root>/index/agency/<agency>/<b>.json       inbox rows, per agency, 32 buckets by id
    <root>/index/account/<h2>/<b>.json          inbox rows by account: 256 x 8 buckets
    <root>/index/reference/<h2>.json            dossier code -> id, 256 buckets
    <root>/sequences/<agency>/<yyyy>.json       last dossier code number per day

``<h2>`` is the first two hex digits of the SHA-256 of the key and ``<b>`` a
bucket from the hash of the dossier id, so files stay small and evenly filled
whatever the ids look like, and an account or agency with very many dossiers
is still spread over several files. Every file is a TinyDB
database written atomically by :class:`~.files.AtomicJSONStorage`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

FORMAT_NAME = "motcua-tinydb-store"
#: Highest on-disk format this code reads and writes.
FORMAT_VERSION = 1

MARKER = "motcua-store.json"
LOCK = ".lock"
DOSSIER_TABLE = "dossier"
SUMMARY_TABLE = "summaries"
REFERENCE_TABLE = "references"
SEQUENCE_TABLE = "sequences"
AGENCY_BUCKETS = 32
ACCOUNT_BUCKETS = 8

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def safe_name(value: str | None) -> str:
    """A file-name-safe, collision-free component for an agency code."""
    if value is None:
        return "~none"
    if _SAFE_NAME.fullmatch(value) and not value.endswith("."):
        return value
    return "~" + _digest(value)[:32]


def check_id(dossier_id: str) -> str:
    """Refuse ids that cannot be file names (uuid4 hex ids always pass)."""
    if not _SAFE_ID.fullmatch(dossier_id):
        raise ValueError(f"dossier id {dossier_id!r} must match {_SAFE_ID.pattern}")
    return dossier_id


class Layout:
    """Relative paths (POSIX strings, as journaled) of every store file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def abs(self, relpath: str) -> Path:
        return self.root / relpath

    @property
    def marker(self) -> Path:
        return self.root / MARKER

    @property
    def lock(self) -> Path:
        return self.root / LOCK

    @property
    def journal_dir(self) -> Path:
        return self.root / "journal"

    @property
    def dossiers_dir(self) -> Path:
        return self.root / "dossiers"

    @property
    def agency_index_dir(self) -> Path:
        return self.root / "index" / "agency"

    def dossier(self, dossier_id: str) -> str:
        return f"dossiers/{_digest(check_id(dossier_id))[:2]}/{dossier_id}.json"

    def agency_partition(self, agency_code: str | None, dossier_id: str) -> str:
        bucket = int(_digest(dossier_id)[:4], 16) % AGENCY_BUCKETS
        return f"index/agency/{safe_name(agency_code)}/{bucket:02d}.json"

    def agency_partitions(self, agency_code: str | None) -> list[str]:
        """Existing partition files of one agency."""
        folder = self.agency_index_dir / safe_name(agency_code)
        return sorted(f"{folder.relative_to(self.root).as_posix()}/{p.name}" for p in _json_in(folder))

    def all_agency_partitions(self) -> list[str]:
        """Existing partition files of every agency."""
        out: list[str] = []
        if self.agency_index_dir.is_dir():
            for folder in sorted(self.agency_index_dir.iterdir()):
                rel = folder.relative_to(self.root).as_posix()
                out.extend(f"{rel}/{p.name}" for p in sorted(_json_in(folder)))
        return out

    def account_partition(self, account_id: str, dossier_id: str) -> str:
        bucket = int(_digest(dossier_id)[:4], 16) % ACCOUNT_BUCKETS
        return f"index/account/{_digest(account_id)[:2]}/{bucket}.json"

    def account_partitions(self, account_id: str) -> list[str]:
        """Existing partition files that may hold rows of this account."""
        folder = self.root / "index" / "account" / _digest(account_id)[:2]
        return sorted(f"index/account/{folder.name}/{p.name}" for p in _json_in(folder))

    def reference_partition(self, reference: str) -> str:
        return f"index/reference/{_digest(reference)[:2]}.json"

    def sequence(self, agency_code: str, year: int) -> str:
        return f"sequences/{safe_name(agency_code)}/{year:04d}.json"


def _json_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.name.endswith(".json")]
