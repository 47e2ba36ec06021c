"""Writing dossiers, lookup indexes and sequences into a commit's staging area.

Everything here runs under the store's write lock, against a
:class:`~.files.Staging` loaded fresh from disk, so checks (version, duplicate
id or code) see the latest committed state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from tinydb import where
from tinydb.table import Document

from runtime.dossiers.model import Dossier
from runtime.storage.base import DossierNotFound, DuplicateDossierError, StaleDossierError
from runtime.storage.query import summary_row
from runtime.storage.tinydb_store.files import Staging, Tables
from runtime.storage.tinydb_store.layout import (
    DOSSIER_TABLE,
    REFERENCE_TABLE,
    SEQUENCE_TABLE,
    SUMMARY_TABLE,
    Layout,
)

Row = dict[str, Any]


def read_dossier(staging: Staging, layout: Layout, dossier_id: str) -> Row | None:
    """The stored document of a dossier (staged changes included), or None."""
    return staging.db(layout.dossier(dossier_id)).table(DOSSIER_TABLE).get(doc_id=1)  # type: ignore[return-value]


def store_dossier(staging: Staging, layout: Layout, doc: Row, base_version: int | None) -> None:
    """Stage a new (``base_version`` None) or updated dossier and its index rows."""
    dossier_id = doc["id"]
    previous = read_dossier(staging, layout, dossier_id)
    if base_version is None and previous is not None:
        raise DuplicateDossierError(f"dossier {dossier_id} is already stored")
    if base_version is not None:
        if previous is None:
            raise DossierNotFound(f"dossier {dossier_id} does not exist")
        if previous["version"] != base_version:
            raise StaleDossierError(dossier_id, base_version, previous["version"])
    table = staging.db(layout.dossier(dossier_id)).table(DOSSIER_TABLE)
    table.upsert(Document(doc, doc_id=1))
    _update_indexes(staging, layout, summary_row(Dossier.from_dict(doc)), previous)


def _upsert(staging: Staging, relpath: str, table: str, row: Row) -> None:
    staging.db(relpath).table(table).upsert(row, where("id") == row["id"])


def _remove(staging: Staging, relpath: str, table: str, dossier_id: str) -> None:
    staging.db(relpath).table(table).remove(where("id") == dossier_id)


def _update_indexes(staging: Staging, layout: Layout, row: Row, previous: Row | None) -> None:
    dossier_id = row["id"]
    old = previous or {}
    new_part = layout.agency_partition(row["agency_code"], dossier_id)
    if previous is not None:
        old_part = layout.agency_partition(old.get("agency_code"), dossier_id)
        if old_part != new_part:
            _remove(staging, old_part, SUMMARY_TABLE, dossier_id)
    _upsert(staging, new_part, SUMMARY_TABLE, row)

    old_account, new_account = old.get("account_id"), row["account_id"]
    if old_account and old_account != new_account:
        old_part = layout.account_partition(old_account, dossier_id)
        _remove(staging, old_part, SUMMARY_TABLE, dossier_id)
    if new_account:
        _upsert(staging, layout.account_partition(new_account, dossier_id), SUMMARY_TABLE, row)

    old_ref, new_ref = old.get("reference"), row["reference"]
    if new_ref and new_ref != old_ref:
        claim_reference(staging, layout, new_ref, dossier_id)
    if old_ref and old_ref != new_ref:
        _remove(staging, layout.reference_partition(old_ref), REFERENCE_TABLE, dossier_id)


def claim_reference(staging: Staging, layout: Layout, reference: str, dossier_id: str) -> None:
    """Map a dossier code to its dossier, refusing a code already in use."""
    table = staging.db(layout.reference_partition(reference)).table(REFERENCE_TABLE)
    holder = table.get(where("reference") == reference)
    if holder is not None and holder["id"] != dossier_id:
        raise DuplicateDossierError(
            f"dossier code {reference} is already used by dossier {holder['id']}"
        )
    table.upsert({"reference": reference, "id": dossier_id}, where("reference") == reference)


def lookup_reference(staging: Staging, layout: Layout, reference: str) -> str | None:
    """The id of the dossier holding ``reference``, or None."""
    table = staging.db(layout.reference_partition(reference)).table(REFERENCE_TABLE)
    holder = table.get(where("reference") == reference)
    return None if holder is None else holder["id"]  # type: ignore[index]


def next_number(staging: Staging, layout: Layout, agency_code: str, on_date: date) -> int:
    """Stage and return the next sequence number of ``agency_code`` on ``on_date``."""
    table = staging.db(layout.sequence(agency_code, on_date.year)).table(SEQUENCE_TABLE)
    day = on_date.isoformat()
    cond = (where("agency") == agency_code) & (where("day") == day)
    current = table.get(cond)
    number = (current["last"] if current else 0) + 1  # type: ignore[index]
    table.upsert({"agency": agency_code, "day": day, "last": number}, cond)
    return number


def index_files(layout: Layout, docs: Iterable[Row]) -> dict[str, Tables]:
    """Build complete index files (agency, account, reference) for ``docs``."""
    tables: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for doc in docs:
        row = summary_row(Dossier.from_dict(doc))
        tables[layout.agency_partition(row["agency_code"], row["id"]), SUMMARY_TABLE].append(row)
        if row["account_id"]:
            part = layout.account_partition(row["account_id"], row["id"])
            tables[part, SUMMARY_TABLE].append(row)
        if row["reference"]:
            entry = {"reference": row["reference"], "id": row["id"]}
            tables[layout.reference_partition(row["reference"]), REFERENCE_TABLE].append(entry)
    return {
        relpath: {table: {str(n): r for n, r in enumerate(rows, start=1)}}
        for (relpath, table), rows in tables.items()
    }
