"""Dossiers (hồ sơ): the record model and its tamper-evident event log."""

from runtime.dossiers.audit import GENESIS_HASH, verify_chain
from runtime.dossiers.model import (
    ComponentFiles,
    Dossier,
    Event,
    Pause,
    Person,
    Provenance,
    Status,
    StoredFile,
)

__all__ = [
    "GENESIS_HASH",
    "ComponentFiles",
    "Dossier",
    "Event",
    "Pause",
    "Person",
    "Provenance",
    "Status",
    "StoredFile",
    "verify_chain",
]
