"""Embedded storage backend: partitioned TinyDB files, atomic writes, a journal."""

from runtime.storage.tinydb_store.files import AtomicJSONStorage
from runtime.storage.tinydb_store.store import TinyDBStore

__all__ = ["AtomicJSONStorage", "TinyDBStore"]
