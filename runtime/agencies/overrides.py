"""Editing the agency directory's overrides file (``MOTCUA_AGENCIES``): add, replace, remove agencies.

Used by ``motcua agencies add/remove`` and the studio's agency editor. Each change reads, edits and
atomically rewrites the file under an exclusive lock (a ``.lock`` file beside it), so two
administrators saving at once do not lose each other's change. A :class:`LiveDirectory` reading the
same file sees the change without a restart.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..storage.fsutil import atomic_write
from .directory import Agency, agency_from_dict, build_directory, read_overrides


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_file(path: Path) -> dict[str, Any]:
    """The overrides file's content (an empty one when the file does not exist yet)."""
    return read_overrides(path) if path.exists() else {"agencies": []}


def _write(path: Path, data: dict[str, Any]) -> None:
    atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def save_agency(path: Path, agency: Agency) -> None:
    """Add ``agency``, or replace the one with its code."""
    raw = agency.to_dict()
    agency_from_dict(raw)
    with _locked(path):
        data = read_file(path)
        data["agencies"] = [a for a in data.get("agencies", []) if a.get("code") != agency.code] + [raw]
        data["remove"] = [c for c in data.get("remove", []) if c != agency.code]
        if not data["remove"]:
            data.pop("remove")
        _write(path, data)


def remove_agency(path: Path, code: str) -> None:
    """Remove an agency (a generated one is listed under "remove")."""
    with _locked(path):
        data = read_file(path)
        data["agencies"] = [a for a in data.get("agencies", []) if a.get("code") != code]
        if build_directory(data).get(code) is not None:
            data["remove"] = sorted({*data.get("remove", []), code})
        _write(path, data)
