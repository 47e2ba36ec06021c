"""Remove attachment files that no dossier or draft references, after a grace period.

:func:`collect_garbage` is a plain function a scheduler (cron, the worker) can
call; ``motcua attachments gc`` runs it from the command line. It is safe to run
while citizens upload:

1. it lists the stored files last stored before ``now - grace`` (candidates);
2. *then* it reads every dossier and draft and collects every SHA-256 they
   mention (files, result documents, officials' attachments, anywhere in the
   record: over-inclusive on purpose);
3. it removes a candidate only through
   :meth:`~runtime.storage.attachments.AttachmentStore.remove_if_older`, which
   keeps a file that an upload of the same content refreshed meanwhile.

A file uploaded and attached within the grace period is never a candidate, so a
draft saved a moment after step 2 keeps its file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from runtime.storage.attachments import AttachmentStore

#: Default grace period: a file stays at least this long after it was last stored.
DEFAULT_GRACE = timedelta(days=2)

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class GarbageReport:
    """What one clean-up run found and did."""

    stored: int
    """Files in the attachment store."""
    referenced: int
    """Distinct SHA-256 values mentioned by dossiers and drafts."""
    removed: tuple[str, ...]
    """Files removed (or, in a dry run, that would be)."""
    kept_recent: int
    """Unreferenced files kept because they were stored within the grace period."""
    incoming_removed: int = 0
    """Partial uploads removed."""


def _hashes(value: Any) -> Iterator[str]:
    """Every SHA-256-looking string anywhere in a JSON-like value."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if len(item) == 64 and _SHA256.fullmatch(item):
                yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def referenced_hashes(store: Any) -> set[str]:
    """SHA-256 of every file that some dossier or draft in ``store`` refers to."""
    found: set[str] = set()
    with store.unit_of_work() as uow:
        for dossier_id in list(uow.dossiers.iter_ids()):
            found.update(_hashes(uow.dossiers.get(dossier_id).to_dict()))
    return found


def collect_garbage(store: Any, attachments: AttachmentStore, *,
                    grace: timedelta = DEFAULT_GRACE, now: datetime | None = None,
                    dry_run: bool = False) -> GarbageReport:
    """Remove files no dossier or draft references and last stored before ``now - grace``."""
    cutoff = ((now or datetime.now(UTC)) - grace).timestamp()
    stored = list(attachments.blobs())
    candidates = [sha for sha, stored_at in stored if stored_at < cutoff]
    referenced = referenced_hashes(store)
    unreferenced = {sha for sha, _ in stored} - referenced
    removed = []
    for sha256 in candidates:
        if sha256 in referenced:
            continue
        if dry_run or attachments.remove_if_older(sha256, cutoff):
            removed.append(sha256)
    incoming = 0 if dry_run else attachments.remove_stale_incoming(cutoff)
    return GarbageReport(stored=len(stored), referenced=len(referenced),
                         removed=tuple(removed),
                         kept_recent=len(unreferenced) - len(set(candidates) & unreferenced),
                         incoming_removed=incoming)
