"""Dossier storage: one interface (repositories + unit of work), several backends.

Open a store with :func:`open_store` (``tinydb:///dir`` or ``postgresql://...``).
"""

from runtime.storage.base import (
    CorruptStoreError,
    DossierNotFound,
    DossierRepository,
    DuplicateDossierError,
    EventLogError,
    ReferenceSequence,
    StaleDossierError,
    StorageError,
    Store,
    StoreBusyError,
    UnitOfWork,
    UnsupportedUsageError,
)
from runtime.storage.query import DossierQuery, DossierSummary, InboxCounts, InboxCursor, InboxQuery
from runtime.storage.registry import open_store, upgrade

__all__ = [
    "CorruptStoreError",
    "DossierNotFound",
    "DossierQuery",
    "DossierRepository",
    "DossierSummary",
    "DuplicateDossierError",
    "EventLogError",
    "InboxCounts",
    "InboxCursor",
    "InboxQuery",
    "ReferenceSequence",
    "StaleDossierError",
    "StorageError",
    "Store",
    "StoreBusyError",
    "UnitOfWork",
    "UnsupportedUsageError",
    "open_store",
    "upgrade",
]
